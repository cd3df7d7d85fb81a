"""Data types shared by every stage: frozen, slotted dataclasses with one ``to_dict()``.

Every JSON output of the tool goes through :func:`to_dict`, so the field names here are the
output schema (documented in ``docs/extraction.md``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

SignalKind = Literal[
    "byline",
    "notice",
    "read_more",
    "original_link",
    "canonical",
    "meta",
    "jsonld",
    "pixel",
    "dateline",
    "copyright",
    "license",
]
SIGNAL_KINDS: tuple[SignalKind, ...] = (
    "byline",
    "notice",
    "read_more",
    "original_link",
    "canonical",
    "meta",
    "jsonld",
    "pixel",
    "dateline",
    "copyright",
    "license",
)

CreditElement = Literal["author", "publisher", "link", "license", "pixel"]
CREDIT_ELEMENTS: tuple[CreditElement, ...] = ("author", "publisher", "link", "license", "pixel")


def to_dict(value: Any) -> Any:
    """Turn a dataclass (or a tuple/list/dict of them) into JSON-ready builtins."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            out[f.name] = to_dict(getattr(value, f.name))
        return out
    if isinstance(value, tuple | list):
        return [to_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: to_dict(v) for k, v in value.items()}
    return value


def _internal(default: Any) -> Any:
    """A field kept for the pipeline but left out of JSON output."""
    return field(default=default, metadata={"internal": True})


@dataclass(frozen=True, slots=True)
class Publisher:
    """One entry of the publisher registry: who a publisher is and what its terms require."""

    id: str
    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    kind: Literal["publisher", "wire", "network", "tool"] = "publisher"
    license: str | None = None
    requires: tuple[CreditElement, ...] = ()
    terms_url: str | None = None
    article_id_pattern: str | None = None
    pixel_patterns: tuple[str, ...] = ()
    credit_patterns: tuple[str, ...] = ()
    wire_codes: tuple[str, ...] = ()
    copyright_patterns: tuple[str, ...] = ()
    # A wire's unsigned byline ("By The Associated Press") is its author credit.
    org_byline_is_author: bool = False
    # Generic entries (the Republication Tracker Tool) stand for whichever site uses them: the
    # original's domain comes from the page, not from this entry.
    generic: bool = False
    verified: bool = True
    # False when the terms forbid republishing without a signed agreement (wire services):
    # `attribution check` reports such copies unless the policy file lists an agreement.
    allowed_without_agreement: bool = True
    # The credit and pixel snippets the publisher asks republishers to paste, as templates
    # ({url}, {id}, {publisher}, {home}, {authors}, {title}, {license}); quoted by the check.
    credit_snippet: str | None = None
    pixel_snippet: str | None = None
    # What the "link" element asks for: a link to the publisher (its front page will do, as The
    # Conversation's guidelines say) or to the original article itself (Global Voices).
    link_to: Literal["publisher", "article"] = "publisher"

    @property
    def domain(self) -> str | None:
        """The main registrable domain (the first listed), or None for a generic entry."""
        return self.domains[0] if self.domains else None

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class Credit:
    """One credit signal found on a page, with the evidence as it appears."""

    signal: SignalKind
    text: str
    publisher: str | None = None
    domain: str | None = None
    url: str | None = None
    author: str | None = None
    # Registry id of the publisher this signal names, when known.
    publisher_id: str | None = _internal(None)
    # The publisher's article id (Conversation id, RTT post id) carried by the signal.
    article_id: str | None = None
    # True when ``url`` is a real hyperlink (``<a href>``), not text that looks like a URL.
    hyperlink: bool = False
    # True when the signal names people as the original's authors.
    names_authors: tuple[str, ...] = _internal(())
    # The normalised value a signal states (a licence: "CC BY-ND 4.0").
    value: str | None = _internal(None)

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class Original:
    """The article a republished page copies, as far as the page tells."""

    publisher: str | None
    domain: str | None
    url: str | None = None
    authors: tuple[str, ...] = ()
    id: str | None = None
    registry_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything `attribution extract` reports for one page."""

    source: str
    url: str | None
    title: str | None = None
    site_name: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    republished: bool = False
    original: Original | None = None
    credits: tuple[Credit, ...] = ()
    license: str | None = None
    missing: tuple[CreditElement, ...] = ()
    tracker_ids: tuple[str, ...] = ()
    canonical: str | None = None
    language: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


# --- crawl side -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect followed while fetching: ``url`` answered ``status``, sent to ``location``."""

    url: str
    status: int
    location: str
    headers: tuple[tuple[str, str], ...] = _internal(())

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The final response of one fetch, after redirects and retries, with the body decoded."""

    url: str
    final_url: str
    status: int
    # Lower-case header names, in the order received.
    headers: tuple[tuple[str, str], ...] = ()
    redirects: tuple[Hop, ...] = ()
    # Why the body is incomplete: "size" (raw bytes over the cap), "decoded-size" (a compressed
    # body that inflates past the cap), or None.
    truncated: str | None = None
    attempts: int = 1
    elapsed: float = 0.0
    # The address the response came from ("127.0.0.1:8080").
    address: str | None = None
    http_version: str = "HTTP/1.1"
    body: bytes = _internal(b"")

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


#: Error kinds of pages whose page step stopped its worker (too slow, or a crash). Their body
#: is kept, but nothing parses it again unasked: not the matching pass, not ``check --db``,
#: not a re-crawl answered 304; it could stall or crash that process as it did the worker.
STEP_FAILURES: tuple[str, str] = ("PageTimeout", "WorkerCrash")


@dataclass(frozen=True, slots=True)
class PageDigest:
    """What the crawl's page step makes of one fetched HTML page, in a worker process or not.

    Small on purpose: it crosses the pipe back from the worker, so the body only goes one way.
    """

    #: None when the body is not a text document (see ``error``).
    extraction: Extraction | None
    #: The page's links, normalised (``attribution.frontier.normalize_url``), de-duplicated,
    #: in page order; links that are not http(s) URLs are dropped.
    links: tuple[str, ...]
    error: str | None
    #: The decoded body, zlib-compressed for the store, and its SHA-256 (hex).
    compressed_body: bytes
    content_hash: str
    #: What went wrong, as the store files it: "DecodeError" (not a text document),
    #: "PageTimeout" (the step ran past ``page_timeout``), "WorkerCrash"; None when nothing.
    error_kind: str | None = None


@dataclass(frozen=True, slots=True)
class PageRecord:
    """One fetched URL as the store keeps it (see ``docs/crawling.md`` for the schema)."""

    id: int
    url: str
    final_url: str | None
    host: str
    domain: str | None
    kind: str
    status: int | None
    fetched_at: str
    crawl_id: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_length: int | None = None
    content_hash: str | None = None
    truncated: str | None = None
    redirects: tuple[Hop, ...] = ()
    error: str | None = None
    error_kind: str | None = None
    attempts: int = 1
    elapsed_ms: int | None = None
    warc_file: str | None = None
    warc_offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class CopyLink:
    """A republished page (the copy) and the original it credits, fetched or not."""

    copy_url: str
    original_url: str
    original_domain: str | None = None
    original_fetched_url: str | None = None
    copy_page_id: int = _internal(0)
    original_page_id: int | None = _internal(None)

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    """What one `attribution crawl` run did; printed at the end and kept in the store."""

    crawl_id: int
    pages: int = 0
    new: int = 0
    updated: int = 0
    not_modified: int = 0
    failed: int = 0
    skipped: int = 0
    refused: int = 0
    credits: int = 0
    republished: int = 0
    originals_queued: int = 0
    queued_left: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    errors: tuple[tuple[str, int], ...] = ()

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


# --- check side -----------------------------------------------------------------------------

Severity = Literal["error", "warning", "note"]
# Ascending order: a finding fails the run when its severity is at or above --fail-on.
SEVERITIES: tuple[Severity, ...] = ("note", "warning", "error")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem `attribution check` reports on a page, located in the page's markup."""

    rule: str
    name: str
    severity: Severity
    message: str
    source: str
    url: str | None = None
    line: int = 1
    column: int = 1
    # The markup to add (the publisher's snippet), when the rule knows it.
    fix: str | None = None
    publisher: str | None = None
    original_url: str | None = None
    # Stable across line shifts: rule, page and what the finding is about (see check/baseline.py).
    fingerprint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


# --- match side -----------------------------------------------------------------------------

Verdict = Literal["verified", "edited", "mismatch", "unrelated"]
VERDICTS: tuple[Verdict, ...] = ("verified", "edited", "mismatch", "unrelated")
#: How a stored match was found: the copy credits the original, credits nobody (found by its
#: text), credits another article than the one its text copies, or two pages were compared.
MatchRelation = Literal["credited", "uncredited", "other_original", "compared"]


@dataclass(frozen=True, slots=True)
class MainText:
    """An article's main text: title, paragraphs (in order), and the links and quotations in
    them, without navigation, teasers, ads, comments or credit boilerplate."""

    title: str | None
    paragraphs: tuple[str, ...]
    #: (absolute or relative URL, anchor text) of the links inside the paragraphs.
    links: tuple[tuple[str, str], ...] = ()
    #: The credit boilerplate paragraphs left out ("This article is republished from ...").
    boilerplate: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        """A cheap word count (whitespace-separated)."""
        return sum(len(p.split()) for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """One paragraph of the original changed in the copy, with a word-level diff."""

    original: str
    copy: str
    #: Changed sentences that are not allowed edits (dates, relative days, spelling style).
    sentences_changed: int
    #: True when every difference is an allowed edit.
    allowed: bool
    diff: str

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class Comparison:
    """The text of an original (A) against a candidate copy (B): similarity, verdict, diff."""

    verdict: Verdict
    #: Shingle Jaccard similarity of the two main texts.
    jaccard: float
    #: Share of A's text (5-word shingles) found in B.
    containment: float
    #: Share of B's text found in A (high for a truncated copy).
    containment_reverse: float
    paragraphs_removed: int
    paragraphs_added: int
    paragraphs_changed: int
    sentences_changed: int
    title_changed: bool
    links_dropped: int
    quotes_dropped: int
    truncated: bool
    #: Differences that the licence's allowed edits cover (not counted as edits).
    allowed_edits: int = 0
    #: True when B credits A (a different text is then a mismatch, not unrelated).
    credited: bool = False
    license: str | None = None
    #: True when the edits break the licence (a no-derivatives licence, or none stated).
    violation: bool = False
    title_original: str | None = None
    title_copy: str | None = None
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    changed: tuple[ParagraphChange, ...] = ()
    dropped_links: tuple[str, ...] = ()
    dropped_quotes: tuple[str, ...] = ()
    #: A readable paragraph diff ("- removed", "+ added", "~ changed" with [-old-]{+new+}).
    diff: str = ""

    @property
    def score(self) -> float:
        """How much of the original the copy carries: the larger containment."""
        return max(self.containment, self.containment_reverse)

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class MatchResult:
    """One stored match: a copy page, the original it copies, how sure, and the comparison."""

    copy_url: str
    original_url: str | None
    relation: MatchRelation
    verdict: Verdict
    score: float
    jaccard: float
    containment: float
    #: How sure the direction (who copied whom) is, 0..1; 1.0 when the copy credits it.
    confidence: float
    violation: bool = False
    #: Why the direction was chosen ("original published 2 days earlier", ...).
    reasons: tuple[str, ...] = ()
    comparison: Comparison | None = None
    copy_page_id: int = _internal(0)
    original_page_id: int | None = _internal(None)

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class MatchSummary:
    """What one `attribution match` pass did."""

    articles: int = 0
    indexed: int = 0
    texts_extracted: int = 0
    credited: int = 0
    verified: int = 0
    edited: int = 0
    mismatch: int = 0
    violations: int = 0
    uncredited: int = 0
    originals_missing: int = 0
    seconds: float = 0.0

    @property
    def findings(self) -> int:
        """Results worth a non-zero exit: mismatches, uncredited copies, licence violations."""
        return self.mismatch + self.uncredited + self.violations

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


# --- graph side -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One copy -> original relation read from the store: a credited copy (``copies``), a text
    match (``matches``), or both at once (one record, not two)."""

    copy_page_id: int
    copy_url: str
    #: Registrable domain of the copy's page.
    copy_domain: str
    title: str | None
    original_url: str | None
    original_domain: str | None
    original_page_id: int | None
    #: Registry id and display name of the original's publisher, when known.
    publisher_id: str | None
    publisher: str | None
    #: True when the copy credits the original (False: found by its text only).
    credited: bool
    #: verified, edited or mismatch; None when the original's text was not compared.
    verdict: str | None
    containment: float | None
    #: Credit elements the copy lacks (author, publisher, link, license, pixel).
    missing: tuple[str, ...]
    #: Credit texts found on the copy, in page order.
    evidence: tuple[str, ...]
    #: One-line summary of the text differences ("2 paragraphs removed, title changed").
    diff: str | None
    #: When the copy was fetched (ISO 8601 UTC).
    seen: str
    #: The URL the original itself copies, when the original is a copy too (a chain).
    chain_parent: str | None = None

    @property
    def compliant(self) -> bool:
        """Credited with nothing missing."""
        return self.credited and not self.missing

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class OperatorCluster:
    """Outlets that look like one operator: they share analytics or ad account ids, or a page
    template."""

    #: "op1", "op2", ... numbered in the order of the clusters' first domains.
    id: str
    domains: tuple[str, ...]
    shared_ids: tuple[str, ...]
    #: "tracker ids" or "template".
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))


@dataclass(frozen=True, slots=True)
class OutletContext:
    """What the outlet graph reads from a store beside the article records."""

    #: (domain, HTML pages, article pages) of every domain crawled, by domain.
    stats: tuple[tuple[str, int, int], ...]
    #: Registrable domain -> its most frequent site name.
    site_names: dict[str, str]
    #: Registrable domain -> its own normalised tracker ids.
    tracker_ids: dict[str, set[str]]
    clusters: tuple[OperatorCluster, ...]


@dataclass(frozen=True, slots=True)
class GraphAnalysis:
    """What `analyse` finds in an outlet graph (see ``docs/graph.md`` for each figure)."""

    #: [{domain, name, copies, republishers}] by copies received, most first.
    top_publishers: tuple[dict[str, Any], ...] = ()
    #: [{domain, name, articles, publishers, compliance}] by articles republished.
    top_republishers: tuple[dict[str, Any], ...] = ()
    #: Republishing outlet -> share of its republished articles credited with nothing missing.
    compliance_by_outlet: dict[str, float] = field(default_factory=dict)
    #: Original publisher -> share of the copies of its articles that are compliant.
    compliance_by_publisher: dict[str, float] = field(default_factory=dict)
    #: Groups of outlets (Louvain on the undirected republishing graph, fixed seed).
    communities: tuple[tuple[str, ...], ...] = ()
    #: Outlet -> {pagerank, in_degree, out_degree} on the republishing edges.
    centrality: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Outlets that republish and never publish an article of their own.
    content_farms: tuple[str, ...] = ()
    #: Same-operator groups: [{id, domains, shared_ids, reason}].
    clusters: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dict(to_dict(self))
