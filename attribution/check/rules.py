"""The check's rules: stable ids, default severities, and how each is found on a page.

Rules read one page's :class:`~attribution.models.Extraction` and the publisher registry;
they never parse the page again. Which credit elements a publisher requires comes from its
registry entry (``requires``), so ATR001-ATR005 fire only for what that publisher asks for.
Every message says how to fix the page, quoting the snippet the publisher hands out
(``credit_snippet`` / ``pixel_snippet`` in the registry) or one built from its name and licence.

ATR007-ATR009 compare the page's text with the original's (the matching module's stored
results with ``--db``, or ``--originals`` / ``--fetch-originals``); they are found in
:mod:`attribution.check.matching` and listed here so that ids, names and severities stay in
one table.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from attribution.check.locate import Locator
from attribution.models import CreditElement, Extraction, Finding, Original, Publisher, Severity
from attribution.registry import Registry

__all__ = ["RULES", "Rule", "evaluate", "fingerprint", "rule_for"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: ``id`` never changes once released; ``name`` is its readable alias."""

    id: str
    name: str
    severity: Severity
    summary: str
    description: str
    needs_matching: bool = False


RULES: tuple[Rule, ...] = (
    Rule(
        "ATR001",
        "missing-author",
        "error",
        "Republished article does not name its author",
        "The original publisher's terms require the author's byline on every republished copy.",
    ),
    Rule(
        "ATR002",
        "missing-publisher",
        "error",
        "Republished article does not credit the original publisher",
        "No visible credit (notice, byline, 'Read the original', dateline, copyright line) "
        "names the publisher whose article this is.",
    ),
    Rule(
        "ATR003",
        "missing-link",
        "error",
        "Republished article does not link to the original",
        "No visible credit is a hyperlink to the original article; a URL printed as text, a "
        "canonical tag or a meta tag does not count.",
    ),
    Rule(
        "ATR004",
        "missing-license",
        "error",
        "Republished article does not state the licence",
        "The publisher's licence (e.g. CC BY-ND 4.0) must be stated on the page.",
    ),
    Rule(
        "ATR005",
        "missing-pixel",
        "warning",
        "Republished article lacks the publisher's counting pixel",
        "The publisher asks for its counting pixel so it can measure readership; content "
        "management systems often strip it, so this is a warning by default.",
    ),
    Rule(
        "ATR006",
        "pixel-mismatch",
        "error",
        "Counting pixel counts a different article than the one credited",
        "The pixel's article id differs from the id of the credited original's URL: the "
        "snippet was copied from another article.",
    ),
    Rule(
        "ATR007",
        "wrong-article-credit",
        "error",
        "Credit points to a different article than the one copied",
        "The text matches an original other than the credited one (needs --db with match "
        "results, --originals or --fetch-originals).",
        needs_matching=True,
    ),
    Rule(
        "ATR008",
        "uncredited-copy",
        "error",
        "Page copies another publisher's article without credit",
        "The text matches a known original but the page credits nobody (needs --db with match "
        "results, or --originals).",
        needs_matching=True,
    ),
    Rule(
        "ATR009",
        "edited-no-derivatives",
        "warning",
        "Text of a no-derivatives article was edited",
        "The original is licensed ND (no derivatives) but the copy's text differs beyond "
        "trimming (needs --db with match results, --originals or --fetch-originals). A warning "
        "by default: style and time references may be adapted under most publishers' terms.",
        needs_matching=True,
    ),
    Rule(
        "ATR010",
        "republication-not-permitted",
        "error",
        "Publisher's terms do not allow republication without an agreement",
        "Wire services and other publishers marked allowed_without_agreement = false in the "
        "registry license their copy by contract; list the agreement in the policy file "
        "(agreements = [...]) when the site has one.",
    ),
)

_BY_KEY: dict[str, Rule] = {r.id.casefold(): r for r in RULES} | {
    r.name.casefold(): r for r in RULES
}

# Which missing element each rule reports (the extraction's ``missing`` list).
_MISSING_RULES: dict[CreditElement, str] = {
    "author": "ATR001",
    "publisher": "ATR002",
    "link": "ATR003",
    "license": "ATR004",
    "pixel": "ATR005",
}
# Credits whose position is where a missing notice, link, licence or pixel belongs.
_NOTICE_SIGNALS = ("notice", "read_more", "original_link", "byline", "copyright", "dateline")
_CC = re.compile(r"CC\s+(BY(?:-(?:NC|ND|SA))*)\s+(\d\.\d)", re.IGNORECASE)


def rule_for(key: str) -> Rule | None:
    """The rule with this id or name (case-insensitive), or None."""
    return _BY_KEY.get(key.strip().casefold())


def fingerprint(rule: str, page: str, subject: str) -> str:
    """A baseline key for a finding: its rule, its page and what it is about, never its line,
    so that edits elsewhere in the page do not turn a recorded finding into a new one."""
    digest = hashlib.sha256(f"{rule}\x00{page}\x00{subject}".encode()).hexdigest()
    return digest[:20]


def licence_url(licence: str | None) -> str | None:
    """The Creative Commons deed of a licence name ("CC BY-ND 4.0"), or None."""
    m = _CC.search(licence or "")
    if not m:
        return None
    return f"https://creativecommons.org/licenses/{m.group(1).lower()}/{m.group(2)}/"


class _Values(dict[str, str]):
    # Unknown placeholders stay visible ("{title}") rather than raising KeyError.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True, slots=True)
class _Context:
    """What every rule of one page needs: the original, its publisher, and fill-in values."""

    extraction: Extraction
    original: Original
    publisher: Publisher | None
    name: str
    values: _Values
    # The Republication Tracker Tool entry: its pixel is the one publishers without a beacon
    # of their own (KFF Health News, CalMatters, The 19th...) hand out.
    tool: Publisher | None = None

    def snippet(self, which: str, **overrides: str) -> str:
        """The publisher's credit or pixel snippet filled in for this page ("" if none)."""
        pub = self.publisher
        template = getattr(pub, which) if pub is not None else None
        own_pixel = pub is not None and not pub.generic and bool(pub.pixel_patterns)
        if template is None and which == "pixel_snippet" and self.tool and not own_pixel:
            template = self.tool.pixel_snippet
        if template is None:
            if which == "pixel_snippet":
                return ""
            template = '<p>This article was originally published by <a href="{url}">{publisher}</a>'
            template += (
                ' under a <a href="{license_url}">{license}</a> licence.</p>'
                if self.values.get("license_url")
                else ".</p>"
            )
        return template.format_map(_Values(self.values, **overrides))


def _context(extraction: Extraction, registry: Registry) -> _Context | None:
    original = extraction.original
    if not extraction.republished or original is None:
        return None
    pub = registry.get(original.registry_id) if original.registry_id else None
    name = original.publisher or (pub.name if pub and not pub.generic else None)
    name = name or original.domain or "the original publisher"
    domain = original.domain or (pub.domain if pub else None)
    licence = pub.license if pub and pub.license else extraction.license
    tool = next((p for p in registry if p.generic and p.pixel_snippet), None)
    values = _Values(
        url=original.url or "ORIGINAL-ARTICLE-URL",
        id=original.id or "ARTICLE-ID",
        publisher=name,
        home=f"https://{domain}" if domain else "https://ORIGINAL-SITE",
        authors=", ".join(original.authors) or "AUTHOR NAME",
        title=extraction.title or "",
        license=licence or "",
        license_url=licence_url(licence) or "",
    )
    return _Context(extraction, original, pub, name, values, tool)


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _original(ctx: _Context) -> str:
    return f" ({ctx.original.url})" if ctx.original.url else ""


def _terms(ctx: _Context) -> str:
    pub = ctx.publisher
    return f" ({pub.terms_url})" if pub is not None and pub.terms_url else ""


def _evidence_offset(loc: Locator, ctx: _Context, signals: Iterable[str]) -> int | None:
    wanted = tuple(signals)
    for credit in ctx.extraction.credits:
        if credit.signal not in wanted:
            continue
        pos = loc.find_text(credit.text)
        if pos is not None:
            return pos
    return None


def _missing_finding(element: CreditElement, ctx: _Context, loc: Locator) -> tuple[str, int, str]:
    """(message, offset, fix) for one missing credit element."""
    name, terms = ctx.name, _terms(ctx)
    if element == "author":
        fix = "<p>By {authors}</p>".format_map(ctx.values)
        pos = _evidence_offset(loc, ctx, ("byline",))
        message = (
            f"Republished from {name} without naming the author: {_possessive(name)} "
            f"terms{terms} require the author's byline. Add it where the byline belongs: {fix}"
        )
        return message, loc.byline() if pos is None else pos, fix
    pos = _evidence_offset(loc, ctx, _NOTICE_SIGNALS)
    where = loc.article_end() if pos is None else pos
    if element == "pixel":
        fix = ctx.snippet("pixel_snippet")
        how = f"add at the end of the article: {fix}" if fix else "add the publisher's pixel"
        message = (
            f"{_possessive(name)} counting pixel is missing (content management systems "
            f"often strip it); {how}"
        )
        return message, where, fix
    fix = ctx.snippet("credit_snippet")
    if element == "publisher":
        message = (
            f"No visible credit to {name}: its terms{terms} require crediting the original "
            f"publisher. Add at the end of the article: {fix}"
        )
    elif element == "link":
        message = (
            f"No link to the original article{_original(ctx)}: a URL printed as text or "
            f"a canonical tag is not a link. Add at the end of the article: {fix}"
        )
    else:
        licence = ctx.values["license"] or "its licence"
        message = (
            f"No licence notice: {name} publishes under {licence}{terms} and the copy must say "
            f"so. Add at the end of the article: {fix}"
        )
    return message, where, fix


def _pixel_mismatches(ctx: _Context, registry: Registry) -> list[tuple[str, str, str]]:
    """(pixel id, credited id, pixel URL) for every pixel counting another article."""
    pub = ctx.publisher
    if pub is None:
        return []
    credited = {
        article_id
        for c in ctx.extraction.credits
        if c.signal != "pixel" and c.url
        for article_id in (registry.article_id(pub, c.url),)
        if article_id
    }
    if not credited:
        return []
    out = []
    for credit in ctx.extraction.credits:
        if credit.signal != "pixel" or not credit.article_id:
            continue
        if credit.publisher_id not in (None, pub.id) or credit.article_id in credited:
            continue
        out.append((credit.article_id, sorted(credited)[0], credit.text))
    return out


def evaluate(
    extraction: Extraction,
    loc: Locator,
    registry: Registry,
    *,
    page_key: str,
    agreements: Iterable[str] = (),
    severities: Mapping[str, Severity] | None = None,
) -> list[Finding]:
    """Every finding of the page-level rules (ATR001-ATR006, ATR010), located in ``loc``.

    ``severities`` maps the rules to report to their severity (the policy's choice); rules
    not in it are skipped. ``page_key`` identifies the page in fingerprints.
    """
    sev = severities if severities is not None else {r.id: r.severity for r in RULES}
    ctx = _context(extraction, registry)
    if ctx is None:
        return []
    rules = {r.id: r for r in RULES}
    subject = ctx.original.url or ctx.original.registry_id or ctx.original.domain or ""
    findings: list[Finding] = []

    def add(rule_id: str, message: str, offset: int, fix: str | None, detail: str = "") -> None:
        if rule_id not in sev:
            return
        line, column = loc.position(offset)
        findings.append(
            Finding(
                rule=rule_id,
                name=rules[rule_id].name,
                severity=sev[rule_id],
                message=message,
                source=extraction.source,
                url=extraction.url,
                line=line,
                column=column,
                fix=fix or None,
                publisher=ctx.name,
                original_url=ctx.original.url,
                fingerprint=fingerprint(rule_id, page_key, subject + detail),
            )
        )

    pub = ctx.publisher
    if pub is not None and not pub.allowed_without_agreement and pub.id not in set(agreements):
        pos = _evidence_offset(loc, ctx, ("dateline", "byline", "copyright", "notice", "meta"))
        add(
            "ATR010",
            f"{ctx.name} copy: {_possessive(ctx.name)} terms{_terms(ctx)} do not allow "
            f'republication without a licence agreement. If this site has one, add "{pub.id}" to '
            "`agreements` in the policy file (attribution.toml); otherwise take the copy down.",
            loc.byline() if pos is None else pos,
            None,
        )
    for element in extraction.missing:
        message, offset, fix = _missing_finding(element, ctx, loc)
        add(_MISSING_RULES[element], message, offset, fix)
    for pixel_id, credited_id, pixel_url in _pixel_mismatches(ctx, registry):
        right = ctx.snippet("pixel_snippet", id=credited_id)
        pos = loc.find_url(pixel_url)
        add(
            "ATR006",
            f"{_possessive(ctx.name)} pixel counts article {pixel_id} but the credit links to "
            f"article "
            f"{credited_id}{_original(ctx)}: the snippet was copied from another article. "
            f"Replace it with: {right}"
            if right
            else "Use the pixel of the credited article.",
            loc.article_end() if pos is None else pos,
            right,
            detail=f"#{pixel_id}",
        )
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return findings
