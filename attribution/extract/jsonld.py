"""JSON-LD: the article object, its authors, and the credits it declares.

``isBasedOn``, ``sourceOrganization``, ``creditText``, ``copyrightHolder``, an organisation as
``author``, or another publisher as ``publisher`` all say where the article came from.
"""

from __future__ import annotations

import html
from typing import Any

from attribution.domains import page_key
from attribution.extract.document import Document, credit_url
from attribution.extract.identify import identify, names_own_site
from attribution.extract.names import clean_byline
from attribution.extract.patterns import ARTICLE_TYPES
from attribution.models import Credit
from attribution.registry import Registry


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).lower().rsplit("/", 1)[-1] for v in values if v}


def main_article(doc: Document) -> dict[str, Any] | None:
    """The page's article object (NewsArticle, Article, BlogPosting...), or None.

    With several, the one that names the page's URL; else the first, unless they name two or
    more other pages: a home or section page that describes each story it lists."""
    articles = [obj for obj in doc.jsonld if _types(obj) & ARTICLE_TYPES]
    if len(articles) <= 1:
        return articles[0] if articles else None
    page = page_key(doc.url)
    keys: set[str] = set()
    for obj in articles:
        key = page_key(_object_url(obj, doc.url))
        if key is None:
            continue
        if key == page:
            return obj
        keys.add(key)
    return None if len(keys) >= 2 else articles[0]


def _object_url(obj: dict[str, Any], base: str | None) -> str | None:
    for field in (obj.get("url"), obj.get("mainEntityOfPage"), obj.get("@id")):
        value = field.get("@id") or field.get("url") if isinstance(field, dict) else field
        if isinstance(value, str) and value.strip():
            return credit_url(value.strip(), base)
    return None


def is_article_page(doc: Document) -> bool:
    """True when the page declares itself an article (JSON-LD type or ``og:type``)."""
    if main_article(doc) is not None:
        return True
    og_type = (doc.meta("og:type") or "").lower()
    return og_type in ("article", "news", "newsarticle")


def _entities(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)] + [
            {"name": v} for v in value if isinstance(v, str)
        ]
    if isinstance(value, str) and value.strip():
        return [{"name": value}]
    return []


def _name(entity: dict[str, Any]) -> str | None:
    names = _names(entity)
    return names[0] if names else None


def _names(entity: dict[str, Any]) -> list[str]:
    """The names an entity gives: ``name`` (a string or a list of them), else a person's
    ``givenName`` and ``familyName``. CMSs often HTML-escape them ("Jane Porter &amp; Tom
    Hale"): JSON-LD sits in a script, where the parser decodes no entity."""
    value = entity.get("name")
    if not value and isinstance(entity.get("familyName"), str):
        given = entity.get("givenName")
        value = f"{given if isinstance(given, str) else ''} {entity['familyName']}"
    values = value if isinstance(value, list) else [value]
    return [
        html.unescape(v).strip() if "&" in v else v.strip()
        for v in values
        if isinstance(v, str) and v.strip()
    ]


def _url(entity: dict[str, Any]) -> str | None:
    for key in ("url", "@id", "sameAs"):
        value = entity.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return None


def author_entries(article: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """(person names, organisation names) listed as the article's ``author``/``creator``."""
    persons: list[str] = []
    orgs: list[str] = []
    if not article:
        return persons, orgs
    for key in ("author", "creator"):
        for entity in _entities(article.get(key)):
            names = _names(entity)
            if _types(entity) & _ORGANISATION_TYPES:
                orgs.extend(names[:1])
            else:
                persons.extend(names)
        if persons or orgs:
            break
    return persons, orgs


_ORGANISATION_TYPES = frozenset(
    {"organization", "newsmediaorganization", "corporation", "educationalorganization"}
)


def organisation_names(article: dict[str, Any] | None) -> list[str]:
    """Names the article object declares as organisations: its publisher, source organisation,
    copyright holder, or an author or creator typed as one."""
    if not article:
        return []
    names = author_entries(article)[1]
    for key in ("publisher", "sourceOrganization", "copyrightHolder"):
        names += [
            name
            for entity in _entities(article.get(key))
            if _types(entity) & _ORGANISATION_TYPES and (name := _name(entity))
        ]
    return names


def jsonld_credits(
    doc: Document, reg: Registry, article: dict[str, Any] | None, site: str | None
) -> list[Credit]:
    """Credits the article object declares."""
    if not article:
        return []
    credits: list[Credit] = []

    def add_url(key: str, url: str | None) -> None:
        url = credit_url(url, doc.base_url) if url else None
        if not url or doc.is_self_reference(url):
            return
        who = identify(reg, url=url)
        credits.append(
            Credit(
                signal="jsonld",
                text=f'"{key}": "{url}"',
                publisher=who.name,
                domain=who.domain,
                url=url,
                publisher_id=who.publisher_id,
            )
        )

    def add_org(key: str, entity: dict[str, Any]) -> None:
        name = _name(entity)
        url = _url(entity)
        if url and doc.is_own(url):
            return
        if name and site and name.casefold() == site.casefold():
            return
        who = identify(reg, name=name, url=url)
        if who.publisher_id is None and not who.domain:
            return
        if who.domain and doc.site_domain and who.domain == doc.site_domain:
            return
        credits.append(
            Credit(
                signal="jsonld",
                text=f'"{key}": "{name or url}"',
                publisher=who.name,
                domain=who.domain,
                url=url if url and not doc.is_self_reference(url) else None,
                publisher_id=who.publisher_id,
            )
        )

    for key in ("isBasedOn", "isBasedOnUrl"):
        for entity in _entities(article.get(key)):
            add_url(key, _url(entity) or _name(entity))
    for key in ("sourceOrganization", "copyrightHolder"):
        for entity in _entities(article.get(key)):
            add_org(key, entity)
    credit_text = article.get("creditText")
    if isinstance(credit_text, str) and credit_text.strip():
        who = identify(reg, name=credit_text)
        if who.publisher_id and not (who.domain and who.domain == doc.site_domain):
            credits.append(
                Credit(
                    signal="jsonld",
                    text=f'"creditText": "{credit_text.strip()}"',
                    publisher=who.name,
                    domain=who.domain,
                    publisher_id=who.publisher_id,
                )
            )
    persons, orgs = author_entries(article)
    named: list[tuple[str, str]] = [(org, org) for org in orgs]
    for person in persons:
        # A person's entry that names the newsroom too, as a byline does: "By TOM KRISHER,
        # AP Auto Writer" on a paper's copy of an AP story.
        named += [(org, person) for org in clean_byline(person, strip_names=reg.spellings())[1]]
    seen: set[str] = set()
    for org, text in named:
        pub = reg.by_name(org)
        if pub is not None and doc.site_domain not in pub.domains and pub.id not in seen:
            seen.add(pub.id)
            credits.append(
                Credit(
                    signal="jsonld",
                    text=f'"author": "{text}"',
                    publisher=pub.name,
                    domain=pub.domain,
                    publisher_id=pub.id,
                )
            )
    for entity in _entities(article.get("publisher")):
        name = _name(entity)
        pub = reg.by_name(name)
        if pub is not None and not pub.generic and doc.site_domain not in pub.domains:
            credits.append(
                Credit(
                    signal="jsonld",
                    text=f'"publisher": "{name}"',
                    publisher=pub.name,
                    domain=pub.domain,
                    publisher_id=pub.id,
                )
            )
    main = article.get("mainEntityOfPage")
    for entity in _entities(main):
        url = _url(entity)
        if url and not doc.is_self_reference(url) and not names_own_site(site, url):
            add_url("mainEntityOfPage", url)
    return credits


def jsonld_license(article: dict[str, Any] | None) -> str | None:
    """The article's ``license`` URL or text, if declared."""
    if not article:
        return None
    value = article.get("license")
    if isinstance(value, dict):
        value = _url(value) or _name(value)
    return value.strip() if isinstance(value, str) and value.strip() else None
