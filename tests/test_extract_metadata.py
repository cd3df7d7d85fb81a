"""Page metadata read beside the credits: the site's name and the publication date."""

from __future__ import annotations

import pytest

from attribution.extract import extract
from attribution.registry import load_registry

REGISTRY = load_registry()


def _page(head: str) -> str:
    return f"<!doctype html><html><head>{head}</head><body><p>Text.</p></body></html>"


@pytest.mark.parametrize(
    ("head", "site"),
    [
        ("<meta property='og:site_name' content='Harbor News'><title>A - B</title>", "Harbor News"),
        ("<title>Ferry fares rise | Harbor News</title>", "Harbor News"),
        # A title that closes with its author names no site.
        ("<title>The Most Precious Resource is Agency - by Simon Sarris</title>", None),
        ("<title>Les loyers montent - par Marie Dupont</title>", None),
        # A site's name may open with the letters of "by".
        ("<title>Ferry fares rise - Byron Shire Echo</title>", "Byron Shire Echo"),
        ("<title>Ferry fares rise</title>", None),
    ],
)
def test_site_name(head: str, site: str | None) -> None:
    assert extract(_page(head), registry=REGISTRY).site_name == site


_SITE = "<meta property='og:site_name' content='Yahoo News - Latest News'>"


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        # A CMS's default og:title, the site's name, on an article whose <title> says what it is.
        (
            _SITE + "<meta property='og:title' content='Yahoo News - Latest News'>"
            "<title>Cargo ship breaks up over Siberia</title>",
            "<h1>Cargo ship breaks up over Siberia</h1>",
            "Cargo ship breaks up over Siberia",
        ),
        (
            _SITE + "<meta property='og:title' content='Yahoo News - Latest News'>"
            "<title>Cargo ship breaks up | Yahoo News - Latest News</title>",
            "",
            "Cargo ship breaks up",
        ),
        # On the homepage the site's name is the page's title, whatever story heads it.
        (
            _SITE + "<meta property='og:title' content='Yahoo News - Latest News'>"
            "<title>Yahoo News - Latest News | Yahoo</title>",
            "<h1>Cargo ship breaks up over Siberia</h1>",
            "Yahoo News - Latest News",
        ),
        (
            _SITE + "<meta property='og:title' content='Cargo ship breaks up'>"
            "<title>Yahoo News</title>",
            "<h1>Weather</h1>",
            "Cargo ship breaks up",
        ),
    ],
)
def test_a_site_name_as_og_title_names_no_article(head: str, body: str, title: str) -> None:
    page = f"<!doctype html><html><head>{head}</head><body>{body}<p>Text.</p></body></html>"
    assert extract(page, registry=REGISTRY).title == title


@pytest.mark.parametrize(
    ("head", "published"),
    [
        ("<meta property='article:published_time' content='2026-03-02T09:15:00Z'>", "2026-03-02"),
        ("<meta name='date' content='20260302'>", "2026-03-02"),
        ("<meta name='date' content='not a date'>", None),
        # E-mail and ctime styles (Engadget, the Herald Sun). A zone's abbreviation is
        # ambiguous ("EST" is Australian Eastern time on the Herald Sun) or unknown ("AEDT"):
        # the local time stays, without a zone. An offset and GMT are kept.
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "Mon, Jan 7 2019 15:37:00 EST"}</script>',
            "2019-01-07T15:37:00",
        ),
        (
            "<meta name='article:publicationdate' content='Fri Mar 13 21:30:09 EST 2015'>",
            "2015-03-13T21:30:09",
        ),
        ("<meta name='date' content='Fri Mar 13 21:30:09 AEDT 2015'>", "2015-03-13T21:30:09"),
        ("<meta name='date' content='Tue, 3 Nov 2020 10:00:00 GMT'>", "2020-11-03T10:00:00+00:00"),
        (
            "<meta name='date' content='Tue, 3 Nov 2020 10:00:00 -0500'>",
            "2020-11-03T10:00:00-05:00",
        ),
        ("<meta name='publish_date' content='Jan 7, 2019 3:37 PM'>", "2019-01-07T15:37:00"),
        ("<meta name='date' content='7 Jan 2019'>", "2019-01-07"),
        ("<meta name='date' content='Feb 30 2019 10:00:00 EST'>", None),
        # Written out, in the page's language, with a weekday or a time.
        (
            "<meta name='article_date_original' content='Saturday, December 27, 2014, 12:06 PM'>",
            "2014-12-27T12:06:00",
        ),
        ("<time datetime='jueves, 09 enero 2014 10:21'></time>", "2014-01-09T10:21:00"),
        ("<meta name='date' content='3 mars 2021 à 15h30'>", "2021-03-03T15:30:00"),
        ("<meta name='date' content='4 juil. 2020'>", "2020-07-04"),
        ("<meta name='date' content='12. März 2024, 08:15 Uhr'>", "2024-03-12T08:15:00"),
        ("<meta name='date' content='5 de junho de 2023'>", "2023-06-05"),
        ("<meta name='date' content='Jan 1, 2020 12:30 AM'>", "2020-01-01T00:30:00"),
        (
            '<meta name=\'parsely-page\' content=\'{"title": "Ferries", '
            '"pub_date": "2014-12-27T17:10:17Z"}\'>',
            "2014-12-27T17:10:17+00:00",
        ),
        ("<meta name='parsely-page' content='{not json'>", None),
        # A word that only starts like a month, a 13 o'clock PM, a date without its year.
        ("<meta name='date' content='Mark 3 2019'>", None),
        ("<meta name='date' content='Jan 1, 2020 13:00 PM'>", None),
        ("<meta name='date' content='12 May'>", None),
    ],
)
def test_published_date(head: str, published: str | None) -> None:
    value = extract(_page(head), registry=REGISTRY).published
    if published is not None and "T" in published:
        assert value == published
    else:
        assert (value or "")[:10] == (published or "")


def _article(meta_author: str, jsonld: str = "", footer: str = "") -> str:
    script = f"<script type='application/ld+json'>{jsonld}</script>" if jsonld else ""
    return (
        "<!doctype html><html><head><title>Ferry fares rise</title>"
        "<meta property='og:site_name' content='WIRED'>"
        f"<meta name='author' content='{meta_author}'>"
        f"{script}</head><body><article><h1>Ferry fares rise</h1><p>Ferry fares rise again this "
        f"summer, the operator said.</p></article><footer>{footer}</footer></body></html>"
    )


@pytest.mark.parametrize(
    "jsonld",
    [
        '{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Condé Nast"}}',
        '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Condé Nast"}}',
        '{"@type": "NewsArticle", "sourceOrganization": {"@type": "Corporation", '
        '"name": "Condé Nast"}}',
    ],
)
def test_a_meta_author_the_json_ld_declares_an_organisation_is_no_person(jsonld: str) -> None:
    page = _article("Condé Nast", jsonld)
    assert extract(page, url="https://www.wired.com/story/ferry/", registry=REGISTRY).authors == ()


@pytest.mark.parametrize(
    ("jsonld", "footer"),
    [
        # Nothing says the name is an organisation's.
        ("", ""),
        # A blog's owner holds its copyright and may be its JSON-LD publisher, as a person.
        ('{"@type": "BlogPosting", "publisher": {"@type": "Person", "name": "Jane Doe"}}', ""),
        ("", "<p>© 2026 Jane Doe. All rights reserved.</p>"),
        # An organisation of another name leaves the person.
        ('{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Wired"}}', ""),
    ],
)
def test_a_meta_author_stays_a_person_otherwise(jsonld: str, footer: str) -> None:
    page = _article("Jane Doe", jsonld, footer)
    result = extract(page, url="https://janedoe.example/ferry/", registry=REGISTRY)
    assert result.authors == ("Jane Doe",)


def test_a_wire_named_as_the_meta_author_makes_the_page_its_copy() -> None:
    # huffingtonpost.com, 2011: <meta name="author" content="AP">, the byline in page chrome.
    page = _article("AP")
    result = extract(page, url="https://www.huffingtonpost.com/2011/10/06/ferry", registry=REGISTRY)
    assert result.republished
    assert result.original is not None and result.original.domain == "apnews.com"
    assert result.authors == ()
    # The wire's own page names itself.
    own = extract(page, url="https://apnews.com/article/ferry-fares", registry=REGISTRY)
    assert not own.republished


@pytest.mark.parametrize(
    ("meta_author", "domain"),
    [("Jane Doe (Reuters)", "reuters.com"), ("By JANE DOE Associated Press", "apnews.com")],
)
def test_a_meta_author_naming_a_wire_beside_the_writer_credits_the_wire(
    meta_author: str, domain: str
) -> None:
    page = _article(meta_author)
    result = extract(page, url="https://www.huffingtonpost.com/2011/10/06/ferry", registry=REGISTRY)
    assert result.authors == ("Jane Doe",)
    assert result.original is not None and result.original.domain == domain
    # A newsroom outside the registry, or the site's own, credits no one.
    for other in ("Jane Doe (Harbor Weekly)", "Jane Doe, WIRED"):
        plain = extract(_article(other), url="https://www.wired.com/2026/ferry", registry=REGISTRY)
        assert not plain.republished


def _declared(jsonld: str) -> str:
    story = "<p>" + "Ferry fares rise again this summer, the operator said on Monday. " * 8 + "</p>"
    return (
        "<!doctype html><html><head><title>Ferry fares rise</title>"
        "<meta property='og:site_name' content='Harbor News'>"
        f"<script type='application/ld+json'>{jsonld}</script></head><body><article>"
        f"<h1>Ferry fares rise</h1><p class='byline'>By Jane Porter</p>{story}</article>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("declares", "original"),
    [
        # The article object names a registry publisher as its author or credit line, as
        # <meta name="author" content="AP"> does: alone, that is a copy.
        ('"author": {"@type": "Organization", "name": "Reuters"}', "reuters.com"),
        ('"creditText": "Associated Press"', "apnews.com"),
        # A person's entry that names the newsroom as a byline does.
        ('"author": {"@type": "Person", "name": "By TOM KRISHER, AP Auto Writer"}', "apnews.com"),
        ('"author": {"@type": "Person", "name": "Jane Porter, Harbor News"}', None),
        # A licensing publisher as copyright holder, as its copyright line would be.
        (
            '"copyrightHolder": {"@type": "Organization", "name": "The Associated Press"}',
            "apnews.com",
        ),
        # The organisation the author works for is not enough alone.
        ('"sourceOrganization": {"@type": "Organization", "name": "KFF Health News"}', None),
        # Nor a copyright holder that licenses nothing, nor the site's own name.
        ('"copyrightHolder": {"@type": "Organization", "name": "Grist"}', None),
        ('"author": {"@type": "Organization", "name": "Harbor News"}', None),
    ],
)
def test_json_ld_credits_alone(declares: str, original: str | None) -> None:
    page = _declared('{"@type": "NewsArticle", "headline": "Ferry fares rise", ' + declares + "}")
    result = extract(page, url="https://www.harbornews.example/ferry", registry=REGISTRY)
    assert (result.original.domain if result.original else None) == original
    assert result.authors == ("Jane Porter",)


@pytest.mark.parametrize(
    ("meta", "authors"),
    [
        # Dublin Core and Google Scholar write the creator "Last, First".
        ("<meta name='dc.creator' content='Porter, Jane'>", ("Jane Porter",)),
        ("<meta name='DC.creator' content='Jane Porter'>", ("Jane Porter",)),
        ("<meta name='citation_author' content='van der Berg, Mary'>", ("Mary van der Berg",)),
        ("<meta name='dcterms.creator' content='Porter, Jane R.'>", ("Jane R. Porter",)),
        # Two people, each named in full, stay two.
        ("<meta name='dc.creator' content='Jane Porter, Tom Hale'>", ("Jane Porter", "Tom Hale")),
    ],
)
def test_meta_creators(meta: str, authors: tuple[str, ...]) -> None:
    page = _page(f"<title>Ferry fares rise</title>{meta}")
    assert extract(page, url="https://www.harbornews.example/ferry").authors == authors


@pytest.mark.parametrize(
    ("author", "authors"),
    [
        # A person's names as a list, as given and family names, HTML-escaped by the CMS.
        ('{"@type": "Person", "name": ["Jane Porter", "Tom Hale"]}', ("Jane Porter", "Tom Hale")),
        ('{"@type": "Person", "givenName": "Jane", "familyName": "Porter"}', ("Jane Porter",)),
        ('{"@type": "Person", "name": "Jane Porter &amp; Tom Hale"}', ("Jane Porter", "Tom Hale")),
        ('{"@type": "Person", "name": "Se&#xE1;n O&#039;Neil"}', ("Seán O'Neil",)),
    ],
)
def test_json_ld_person_names(author: str, authors: tuple[str, ...]) -> None:
    jsonld = '{"@type": "NewsArticle", "headline": "Ferry fares rise", "author": ' + author + "}"
    page = _declared(jsonld).replace("<p class='byline'>By Jane Porter</p>", "")
    assert extract(page, url="https://www.harbornews.example/ferry").authors == authors


def test_json_ld_authors_given_by_reference_to_graph_nodes() -> None:
    # Yoast SEO's @graph: the article names its author and publisher by @id only.
    graph = (
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "NewsArticle", "headline": "Ferry fares rise",'
        ' "author": [{"@id": "https://www.harbornews.example/#/person/1"},'
        ' {"@id": "https://www.harbornews.example/#/person/2"}],'
        ' "publisher": {"@id": "https://www.harbornews.example/#organization"}},'
        '{"@type": "Person", "@id": "https://www.harbornews.example/#/person/1",'
        ' "name": "Jane Porter"},'
        '{"@type": "Person", "@id": "https://www.harbornews.example/#/person/2",'
        ' "name": "Tom Hale"},'
        '{"@type": "NewsMediaOrganization", "@id": "https://www.harbornews.example/#organization",'
        ' "name": "Harbor News"}]}'
    )
    page = _page(
        f"<title>Ferry fares rise</title><script type='application/ld+json'>{graph}</script>"
    )
    result = extract(page, url="https://www.harbornews.example/ferry", registry=REGISTRY)
    assert result.authors == ("Jane Porter", "Tom Hale")
    assert result.site_name == "Harbor News"
