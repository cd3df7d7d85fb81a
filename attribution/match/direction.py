"""Who copied whom: the direction of a text match between two pages, and how sure it is.

Evidence, each with a weight (positive: ``a`` is the original):

| evidence | weight |
| --- | --- |
| ``a``'s site is a registry publisher's and ``b``'s is not | 3 |
| ``a`` was published earlier (dates on both pages, at least an hour apart) | 3 |
| ``b`` names ``a``'s publisher in a credit that fell short of the republished threshold | 2 |
| ``b`` presents itself as a republished copy (of someone) and ``a`` does not | 1 |

The sum ``s`` gives the direction; the confidence is ``1 - 0.5 ** (s / 2)`` (3 -> 0.65,
6 -> 0.88, 9 -> 0.96). No evidence at all gives confidence 0: the texts match, the direction is
unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from attribution.registry import Registry

__all__ = ["PageFacts", "direction", "published_time"]

#: Publication dates closer than this say nothing about who was first.
MIN_GAP_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What direction needs to know of a page."""

    url: str
    domain: str | None
    published: str | None
    extraction: dict[str, Any]


def published_time(value: str | None) -> datetime | None:
    """A stated publication date as an aware datetime (a bare date: noon UTC); None if absent
    or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        # A bare date: noon UTC, so that a day's difference still counts.
        parsed = parsed.replace(hour=12, tzinfo=UTC)
    return parsed


def _gap(seconds: float) -> str:
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.0f} days"
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.0f} hours"
    return f"{seconds / 60:.0f} minutes"


def _names(facts: PageFacts, domain: str | None) -> bool:
    if not domain:
        return False
    return any(c.get("domain") == domain for c in facts.extraction.get("credits") or ())


def _score(a: PageFacts, b: PageFacts, registry: Registry) -> tuple[float, list[str]]:
    score = 0.0
    reasons: list[str] = []
    a_pub = registry.by_domain(a.domain) if a.domain else None
    b_pub = registry.by_domain(b.domain) if b.domain else None
    if a_pub is not None and b_pub is None:
        score += 3
        reasons.append(f"{a.domain} is a known publisher ({a_pub.name})")
    elif b_pub is not None and a_pub is None:
        score -= 3
        reasons.append(f"{b.domain} is a known publisher ({b_pub.name})")
    when_a, when_b = published_time(a.published), published_time(b.published)
    if when_a is not None and when_b is not None:
        gap = (when_b - when_a).total_seconds()
        if gap >= MIN_GAP_SECONDS:
            score += 3
            reasons.append(f"{a.domain} published it {_gap(gap)} earlier")
        elif gap <= -MIN_GAP_SECONDS:
            score -= 3
            reasons.append(f"{b.domain} published it {_gap(-gap)} earlier")
    if _names(b, a.domain):
        score += 2
        reasons.append(f"{b.domain} names {a.domain} in a credit")
    elif _names(a, b.domain):
        score -= 2
        reasons.append(f"{a.domain} names {b.domain} in a credit")
    a_copy = bool(a.extraction.get("republished"))
    b_copy = bool(b.extraction.get("republished"))
    if b_copy and not a_copy:
        score += 1
        reasons.append(f"{b.domain} presents itself as a republished copy")
    elif a_copy and not b_copy:
        score -= 1
        reasons.append(f"{a.domain} presents itself as a republished copy")
    return score, reasons


def direction(
    a: PageFacts, b: PageFacts, registry: Registry
) -> tuple[PageFacts, PageFacts, float, tuple[str, ...]]:
    """(original, copy, confidence, reasons) for two pages whose texts match.

    With no evidence either way, ``a`` is returned as the original with confidence 0.
    """
    score, reasons = _score(a, b, registry)
    if score < 0:
        a, b, score = b, a, -score
    if score == 0:
        reasons = [*reasons, "no evidence of who was first"]
        return a, b, 0.0, tuple(reasons)
    return a, b, round(1.0 - 0.5 ** (score / 2), 3), tuple(reasons)
