"""Reports people read: the figures of a crawl's store as text, Markdown, JSON or HTML.

``build_report`` computes every figure once (``data.py``); the formats are views of its dict:
``text.py`` (rich on a terminal, plain when piped), ``markdown.py``, JSON as is, and ``html.py``
(one self-contained file with an explorable network picture).
"""

from attribution.report.data import REPORT_SCHEMA, ReportOptions, build_report

__all__ = ["REPORT_SCHEMA", "ReportOptions", "build_report"]
