"""`attribution check`: a CI gate that fails when republished articles lack required credits.

Modules, in the order data flows through them:

- :mod:`.policy` finds and reads the policy file (``attribution.toml`` or
  ``[tool.attribution]`` in ``pyproject.toml``);
- :mod:`.targets` expands files, folders, URLs, sitemaps and crawl stores into pages;
- :mod:`.rules` holds the rule table (ATR001...) and turns an extraction into findings,
  located in the page by :mod:`.locate`;
- :mod:`.suppress` reads ``<!-- attribution: ignore RULE -->`` comments;
- :mod:`.baseline` records findings and drops recorded ones;
- :mod:`.formats` writes text, JSON, SARIF, JUnit or GitHub Actions output;
- :mod:`.runner` ties them together and decides the exit code.
"""

from __future__ import annotations

from attribution.check.rules import RULES, Rule, evaluate
from attribution.check.runner import CheckOptions, run_check

__all__ = ["RULES", "CheckOptions", "Rule", "evaluate", "run_check"]
