"""Credit extraction: parse a page once, run every signal detector over the tree, resolve.

Public entry points:

- :func:`parse_document` decodes bytes (browser charset order) and parses once.
- :func:`extract_document` runs the detectors and the resolver over a parsed document.
- :func:`document_links` lists the page's outgoing http(s) links (for the crawler).
- :func:`extract` does both steps for one page.
"""

from __future__ import annotations

from attribution.extract.document import Document, document_links, parse_document
from attribution.extract.pipeline import extract, extract_document

__all__ = ["Document", "document_links", "extract", "extract_document", "parse_document"]
