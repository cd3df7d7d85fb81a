"""From signals to a verdict: is the page a copy, of whose article, and what credit is missing.

Signals are grouped by the publisher they name; each kind carries a weight (a beacon or a
notice is strong, an ``og:url`` alone is weak). The heaviest group above the threshold is the
original publisher.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from attribution.domains import SHORTENERS, is_article_url, is_homepage, same_site
from attribution.extract.document import domain_of
from attribution.extract.identify import name_matches_domain
from attribution.extract.names import distinct_persons
from attribution.models import Credit, CreditElement, Original, Publisher
from attribution.registry import Registry

#: Evidence needed before a page is called a copy (one strong signal, or two weak ones).
REPUBLISHED_THRESHOLD = 4

_WEIGHTS = {
    "pixel": 6,
    "notice": 6,
    "byline": 5,
    "dateline": 5,
    "read_more": 4,
    "canonical": 4,
    "copyright": 3,
    "jsonld": 3,
    "meta": 3,
    "original_link": 1,
}
# Signals a reader sees: what "credits the publisher" means in a licence.
VISIBLE = frozenset({"byline", "notice", "read_more", "original_link", "dateline", "copyright"})
_URL_PRIORITY = ("notice", "read_more", "original_link", "byline", "canonical", "meta", "jsonld")


_AUTHOR_META = tuple(
    f'<meta name="{key}"' for key in ("author", "article:author", "parsely-author")
)


def _weight(credit: Credit, article_page: bool, licensed: frozenset[str]) -> int:
    weight = _WEIGHTS.get(credit.signal, 0)
    if credit.signal == "copyright" and credit.publisher_id in licensed:
        # "Copyright 2026 The Associated Press" under a story elsewhere: a wire or a syndicate
        # licenses its stories, so its copyright line is what a licensed copy prints. Another
        # holder's is often the site's own parent ("© Bloomberg L.P." on BusinessWeek).
        weight = 4
    if credit.signal == "meta" and "og:url" in credit.text:
        # A copy that kept a registered publisher's article URL is a scrape; elsewhere og:url
        # is often just stale.
        registered = credit.publisher_id is not None and credit.url and not is_homepage(credit.url)
        weight = 4 if registered else 2
    elif (
        credit.signal == "meta"
        and credit.url
        and any(k in credit.text for k in ("syndication-source", "original-source", "source"))
    ):
        weight = 4
    elif credit.signal == "meta" and credit.text.startswith(_AUTHOR_META):
        # <meta name=author content="AP">: the page names the publisher as its author, as a
        # byline would.
        weight = 4
    if credit.signal == "jsonld" and (
        "isBasedOn" in credit.text
        # The article object names a registry publisher as its author or its credit line, as
        # <meta name=author content="AP"> does; or a licensing publisher as copyright holder,
        # as its copyright line under the story does.
        or credit.text.startswith(('"author": ', '"creditText": '))
        or (credit.text.startswith('"copyrightHolder": ') and credit.publisher_id in licensed)
    ):
        weight = 4
    if credit.signal == "jsonld" and "mainEntityOfPage" in credit.text:
        weight = 2
    if credit.signal == "canonical" and not article_page:
        weight = 2
    return weight


@dataclass(slots=True)
class _Group:
    key: str
    publisher_id: str | None
    domain: str | None
    name: str | None
    score: int
    credits: list[Credit]


def _group_key(credit: Credit) -> str | None:
    if credit.publisher_id and credit.publisher_id != "rtt":
        return f"id:{credit.publisher_id}"
    if credit.domain:
        return f"dom:{credit.domain}"
    return None


def group_credits(
    credits: list[Credit], article_page: bool, licensed: frozenset[str]
) -> list[_Group]:
    """Credits grouped by the publisher they name, heaviest first."""
    groups: dict[str, _Group] = {}
    loose: list[Credit] = []
    for credit in credits:
        if credit.signal == "license":
            continue
        key = _group_key(credit)
        if key is None:
            loose.append(credit)
            continue
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(
                key, credit.publisher_id, credit.domain, credit.publisher, 0, []
            )
        group.credits.append(credit)
        group.name = group.name or credit.publisher
        group.domain = group.domain or credit.domain
    # Same publisher seen by name (registry) and by domain (link): fold domain groups into it.
    # The registry's groups are few; a page may link a thousand domains.
    named = [g for g in groups.values() if g.key.startswith("id:") and g.domain]
    for key in [k for k in groups if k.startswith("dom:")] if named else ():
        dom_group = groups[key]
        for other in named:
            if same_site(other.domain, dom_group.domain):
                other.credits.extend(dom_group.credits)
                del groups[key]
                break
    for credit in loose:
        if not credit.publisher:
            continue  # a person's byline: it names no publisher to match a group's domain
        for group in groups.values():
            if name_matches_domain(credit.publisher, group.domain):
                group.credits.append(credit)
                break
    for group in groups.values():
        best: dict[str, int] = defaultdict(int)
        for credit in group.credits:
            best[credit.signal] = max(best[credit.signal], _weight(credit, article_page, licensed))
        group.score = sum(best.values())
    return sorted(groups.values(), key=lambda g: -g.score)


def _pick_url(group: _Group, domains: tuple[str, ...]) -> str | None:
    by_signal: dict[str, list[Credit]] = defaultdict(list)
    for credit in group.credits:
        if credit.url and (credit.signal != "meta" or "og:url" not in credit.text):
            by_signal[credit.signal].append(credit)
    candidates = [c for sig in _URL_PRIORITY for c in by_signal.get(sig, [])]
    candidates += [c for c in group.credits if c.url and "og:url" in c.text]
    for credit in candidates:
        url = credit.url
        if (
            url
            and is_article_url(url)
            # A shortened link's target is unknown until followed.
            and domain_of(url) not in SHORTENERS
            and (
                not domains
                or any(same_site(domain_of(url), d) for d in domains)
                or credit.signal in ("canonical", "meta", "jsonld")
            )
        ):
            return url
    return None


def resolve(
    reg: Registry,
    credits: list[Credit],
    authors: list[str],
    licence: str | None,
    *,
    article_page: bool,
    site_domain: str | None = None,
) -> tuple[bool, Original | None, tuple[CreditElement, ...]]:
    """Decide ``republished``, the ``original`` and the ``missing`` credit elements."""
    licensed = reg.derived(
        "resolve.licensed",
        lambda r: frozenset(p.id for p in r if not p.allowed_without_agreement),
    )
    groups = group_credits(credits, article_page, licensed)
    if site_domain:
        # A network's outlet naming its own network ("X is part of States Newsroom") is no copy.
        groups = [
            g
            for g in groups
            if not (g.publisher_id and (p := reg.get(g.publisher_id)) and site_domain in p.domains)
        ]
    if not groups or groups[0].score < REPUBLISHED_THRESHOLD:
        return False, None, ()
    group = groups[0]
    pub = reg.get(group.publisher_id) if group.publisher_id else None
    domains = (
        pub.domains
        if pub is not None and pub.domains
        else ((group.domain,) if group.domain else ())
    )
    url = _pick_url(group, domains)
    domain = group.domain
    if pub is not None and not pub.generic and pub.domain:
        domain = pub.domain
    elif url and not domain:
        domain = domain_of(url)
    article_id = next((c.article_id for c in group.credits if c.article_id), None)
    if article_id is None and pub is not None:
        article_id = reg.article_id(pub, url)
    named = distinct_persons(p for credit in group.credits for p in credit.names_authors)
    original_authors = tuple(named or authors)
    name = pub.name if pub is not None and not pub.generic else group.name
    original = Original(
        publisher=name,
        domain=domain,
        url=url,
        authors=original_authors,
        id=article_id,
        registry_id=pub.id if pub is not None else None,
    )
    if pub is None and any(c.publisher_id == "rtt" for c in group.credits):
        # The Republication Tracker Tool's terms apply to any site that uses its pixel or line.
        pub = reg.get("rtt")
    missing = _missing(pub, group, original_authors, licence) if pub is not None else ()
    return True, original, missing


def _missing(
    pub: Publisher, group: _Group, authors: tuple[str, ...], licence: str | None
) -> tuple[CreditElement, ...]:
    signals = {c.signal for c in group.credits}
    have: set[CreditElement] = set()
    if authors or (pub.org_byline_is_author and signals & {"byline", "dateline"}):
        have.add("author")
    if signals & VISIBLE:
        have.add("publisher")
    # A publisher whose terms ask for a link to the original article itself (Global Voices)
    # is not served by a link to its front page.
    to_article = pub.link_to == "article"
    if any(
        c.hyperlink and c.url and c.signal in VISIBLE and not (to_article and is_homepage(c.url))
        for c in group.credits
    ):
        have.add("link")
    if licence:
        have.add("license")
    if "pixel" in signals:
        have.add("pixel")
    return tuple(e for e in pub.requires if e not in have)
