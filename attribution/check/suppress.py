"""Inline suppression: an HTML comment in the page that silences rules for that page.

Syntax (case-insensitive, anywhere in the page, one or more rules separated by commas or
spaces, an optional reason after ``--``)::

    <!-- attribution: ignore ATR005 -->
    <!-- attribution: ignore ATR005, missing-link -- the CMS strips pixels; agreed with KFF -->
    <!-- attribution: ignore all -- syndicated under a signed contract -->

A finding belongs to the whole page (the credit it is about is missing from the page, not from
one line), so a comment silences its rules for the whole page wherever it sits.
"""

from __future__ import annotations

import logging
import re

from attribution.check.rules import RULES, rule_for

__all__ = ["suppressed_rules"]

log = logging.getLogger(__name__)

_COMMENT = re.compile(r"<!--\s*attribution\s*:\s*ignore\b(.*?)-->", re.IGNORECASE | re.DOTALL)


def suppressed_rules(html: str, *, source: str = "<page>") -> frozenset[str]:
    """The ids of the rules an ``attribution: ignore`` comment in ``html`` silences."""
    if "attribution" not in html:  # the common case: no comment, no regex scan
        return frozenset()
    out: set[str] = set()
    for m in _COMMENT.finditer(html):
        names = m.group(1).split("--", 1)[0]
        for token in re.split(r"[\s,]+", names.strip()):
            if not token:
                continue
            if token.casefold() == "all":
                out.update(r.id for r in RULES)
                continue
            rule = rule_for(token)
            if rule is None:
                log.warning(
                    "%s: unknown rule %r in an 'attribution: ignore' comment", source, token
                )
            else:
                out.add(rule.id)
    return frozenset(out)
