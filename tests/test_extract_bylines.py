"""Whose byline is the page's: teasers for other stories, partly marked-up bylines, roles,
listing pages and the site's own name.

Each case is paired with a near-identical page where the rule must not fire, so a rule that
drops every byline (or keeps every one) fails one side of the pair.
"""

from __future__ import annotations

import json
import re

import pytest

from attribution.extract import extract, parse_document
from attribution.extract.jsonld import main_article
from attribution.extract.names import clean_byline
from attribution.models import Extraction
from attribution.registry import load_registry

REGISTRY = load_registry()
URL = "https://www.harbortimes.example/2026/05/city-council-budget"


def _page(body: str, head: str = "") -> str:
    return (
        "<!doctype html><html><head><title>City council passes budget</title>"
        f"{head}</head><body><nav><a href='/'>Home</a></nav>{body}"
        "<footer><p>© Harbor Times</p></footer></body></html>"
    )


def _authors(html: str, url: str = URL) -> list[str]:
    return list(extract(html, url=url, registry=REGISTRY).authors)


STORY = "<p>The council voted seven to two on Tuesday night to pass the budget.</p>" * 3


def test_a_byline_inside_a_story_card_link_is_that_story_s() -> None:
    card = (
        "<a href='/2026/05/harbor-dredging-plan'><h3>Harbor dredging plan wins state money"
        "</h3><span class='byline'>Jane Doe</span></a>"
    )
    plain = "<h3>Harbor dredging plan wins state money</h3><span class='byline'>Jane Doe</span>"
    assert _authors(_page(f"<main>{card}{STORY}</main>")) == []
    assert _authors(_page(f"<main>{plain}{STORY}</main>")) == ["Jane Doe"]


def test_an_author_link_with_a_role_inside_is_still_the_byline() -> None:
    link = (
        "<a href='/author/jane-doe'><span class='author-name'>Jane Doe</span>"
        " Senior reporter covering city hall and budgets</a>"
    )
    assert _authors(_page(f"<article><h1>Budget</h1>{link}{STORY}</article>")) == ["Jane Doe"]


def test_most_read_bylines_beside_the_article_byline_are_left_out() -> None:
    def rail(headline: str) -> str:
        return (
            "<div class='widget'><ul><li><a href='/2026/05/other'>"
            f"{headline}</a><span class='byline'>Mark Smith</span></li></ul></div>"
        )

    def layout(side: str) -> str:
        return (
            "<div class='main'><div class='col'><div class='inner'><h1>Budget</h1>"
            f"<span class='byline'>Jane Doe</span>{STORY}</div></div>{side}</div>"
        )

    # The rail's byline sits beside a headline link: another story's.
    assert _authors(_page(layout(rail("Ferry fares rise again this summer")))) == ["Jane Doe"]
    # A second author marked up on their own, beside a short profile link, is kept.
    second = "<span class='byline'>Mark Smith</span> <a href='/author/mark-smith'>Profile</a>"
    assert _authors(_page(layout(second))) == ["Jane Doe", "Mark Smith"]


def _ld(url: str, author: str) -> str:
    obj = {"@type": "NewsArticle", "url": url, "headline": "h", "author": {"name": author}}
    return f"<script type='application/ld+json'>{json.dumps(obj)}</script>"


def test_a_listing_page_s_article_objects_are_not_its_own() -> None:
    home = "https://www.harbortimes.example/"
    listing = _page(
        "<p>Top stories</p>",
        _ld(home + "2026/05/a", "Jane Doe") + _ld(home + "2026/05/b", "Mark Smith"),
    )
    assert main_article(parse_document(listing, url=home)) is None
    assert _authors(listing, home) == []
    # One of them naming the page itself is the page's article, wherever it comes.
    article = parse_document(listing, url=home + "2026/05/b/")
    found = main_article(article)
    assert found is not None and found["author"]["name"] == "Mark Smith"
    # A single object is the page's even when it names another URL (a copy keeps the
    # original's markup).
    single = _page("<p>Top stories</p>", _ld("https://elsewhere.example/x", "Jane Doe"))
    assert _authors(single) == ["Jane Doe"]


def test_declared_authors_beat_a_byline_outside_the_article() -> None:
    head = _ld(URL, "Jane Doe")
    outside = _page(
        f"<div class='rail-x'><p>By Mark Smith</p></div><article>{STORY}</article>", head
    )
    inside = _page(f"<article><p>By Mark Smith</p>{STORY}</article>", head)
    assert _authors(outside) == ["Jane Doe"]
    # In the article's own container the visible byline stands.
    assert _authors(inside) == ["Mark Smith"]
    # The declared author named in the outside byline too: the byline stands.
    agree = _page(f"<div><p>By Jane Doe and Mark Smith</p></div><article>{STORY}</article>", head)
    assert _authors(agree) == ["Jane Doe", "Mark Smith"]


def test_a_byline_that_marks_up_only_some_names_is_read_whole() -> None:
    partial = (
        "<div class='byline'>By <span>Marc Santora</span>, <span>Al Baker</span> and "
        "<span itemprop='name' class='last-byline'>Adam Goldman</span></div>"
    )
    assert _authors(_page(f"<article>{partial}{STORY}</article>")) == [
        "Marc Santora",
        "Al Baker",
        "Adam Goldman",
    ]
    # Names marked up one by one beside roles and institutions: the marked names only.
    roles = (
        "<div class='byline'><span class='author-name'>Jane Doe</span>, Professor of History, "
        "Harbor State University</div>"
    )
    assert _authors(_page(f"<article>{roles}{STORY}</article>")) == ["Jane Doe"]


@pytest.mark.parametrize(
    ("byline", "persons"),
    [
        ("By Max Rivlin-Nadler / Speak City Heights Reporter", ["Max Rivlin-Nadler"]),
        ("Jane Doe | Metro Desk Reporter", ["Jane Doe"]),
        ("By Jane Doe / John Roe", ["Jane Doe", "John Roe"]),
        ("Howard Blume Staff Writer", ["Howard Blume"]),
        ("Jane Doe, Howard Blume Staff Writer", ["Jane Doe", "Howard Blume"]),
    ],
)
def test_a_role_after_a_slash_describes_the_name_before(byline: str, persons: list[str]) -> None:
    assert clean_byline(byline)[0] == persons


def test_the_site_s_name_spaced_otherwise_is_not_an_author() -> None:
    head = "<meta property='og:site_name' content='Wirtschafts Nachrichten Heute'>"
    body = f"<article><div class='author'>Wirtschaftsnachrichten Heute</div>{STORY}</article>"
    assert _authors(_page(body, head)) == []
    other = "<meta property='og:site_name' content='Harbor Times'>"
    assert _authors(_page(body, other)) == ["Wirtschaftsnachrichten Heute"]


def test_the_site_s_own_name_in_a_byline_is_no_credit_where_it_links_a_sister_site() -> None:
    # usatoday.com: "Doug Stanglin, USA TODAY" and a footer link to USA TODAY Classifieds.
    body = (
        f"<article><p class='byline'>Doug Stanglin , USA TODAY</p>{STORY}</article>"
        "<div class='links'><a href='https://www.usatodayclassifieds.com/'>Classifieds</a></div>"
    )
    result = extract(_page(body), url="https://www.usatoday.com/story/news/1", registry=REGISTRY)
    assert result.authors == ("Doug Stanglin",)
    assert not result.republished
    assert [c.domain for c in result.credits if c.domain] == []
    # On another site the same byline credits USA TODAY.
    elsewhere = extract(_page(body), url=URL, registry=REGISTRY)
    assert elsewhere.republished
    assert elsewhere.original is not None and elsewhere.original.publisher == "USA TODAY"


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # The hCard microformat marks bylines up ("vcard" is no story card).
        (
            "<p class='author vcard'>Andrea Stone Senior Washington Correspondent</p>",
            ["Andrea Stone"],
        ),
        ("<div class='byline h-card'>By Jane Doe</div>", ["Jane Doe"]),
        ("<cite class='byline'>By JANE DOE and JOHN ROE</cite>", ["Jane Doe", "John Roe"]),
        # Class names in other languages.
        (
            "<p class='autor pull-left'><strong>Ana de la Cruz</strong> | Madrid | 08/01/2014</p>",
            ["Ana de la Cruz"],
        ),
        ("<div class='article-auteur'>Marie Dupont</div>", ["Marie Dupont"]),
        # A <cite> holding a text byline; its line breaks read as spaces.
        (
            "<cite class='source'>By Jemele Hill<br>ESPN.com<br><a href='/jemele-hill/'>Archive"
            "</a> | <a href='/contact'>Contact</a></cite>",
            ["Jemele Hill"],
        ),
    ],
)
def test_microformat_and_cite_bylines(byline: str, authors: list[str]) -> None:
    head = "<meta property='og:site_name' content='ESPN.com'>"
    assert _authors(_page(f"<div class='story'>{byline}{STORY}</div>", head)) == authors


def test_an_author_card_is_still_no_byline() -> None:
    card = "<div class='author-card'>By Jane Doe</div>"
    byline = "<p class='author vcard'>By John Roe</p>"
    assert _authors(_page(f"<article>{byline}{STORY}{card}</article>")) == ["John Roe"]


@pytest.mark.parametrize(
    ("byline", "authors", "original"),
    [
        ("By Ap Dhillon", ["Ap Dhillon"], None),
        ("By AP", [], "apnews.com"),
        ("Tom Krisher, Ap Auto Writer", ["Tom Krisher"], "apnews.com"),
        # A photo credit in the byline is not the article's.
        ("Photos by AP", [], None),
    ],
)
def test_a_wire_s_initialism_in_a_byline(
    byline: str, authors: list[str], original: str | None
) -> None:
    body = f"<article><p class='byline'>{byline}</p>{STORY}</article>"
    result = extract(_page(body), url=URL, registry=REGISTRY)
    assert list(result.authors) == authors
    assert (result.original.domain if result.original else None) == original


@pytest.mark.parametrize(
    ("byline", "authors", "original"),
    [
        # The papers that license their articles to others, as the copies keep their names.
        ("By Jane Porter, The New York Times", ["Jane Porter"], "nytimes.com"),
        ("New York Times News Service", [], "nytimes.com"),
        ("By Jane Porter, The Washington Post", ["Jane Porter"], "washingtonpost.com"),
        ("Jane Porter | Bloomberg News", ["Jane Porter"], "bloomberg.com"),
        ("By Jane Porter, Bloomberg", ["Jane Porter"], "bloomberg.com"),
        # A one-word newsroom name right after a given name is that person's surname.
        ("By Jane Grist", ["Jane Grist"], None),
        ("By Mary K. Grist", ["Mary K. Grist"], None),
        ("By Jane Porter, Grist", ["Jane Porter"], "grist.org"),
    ],
)
def test_news_services_in_a_byline(byline: str, authors: list[str], original: str | None) -> None:
    body = f"<article><p class='byline'>{byline}</p>{STORY}</article>"
    result = extract(_page(body), url=URL, registry=REGISTRY)
    assert list(result.authors) == authors
    assert (result.original.domain if result.original else None) == original


@pytest.mark.parametrize(
    ("opening", "original"),
    [
        ("(Bloomberg) -- The council voted on Tuesday.", "bloomberg.com"),
        ("NEW YORK (Bloomberg) — The council voted on Tuesday.", "bloomberg.com"),
        ("Michael Bloomberg said on Tuesday that the council should vote.", None),
    ],
)
def test_a_news_service_s_dateline(opening: str, original: str | None) -> None:
    body = f"<article><p class='byline'>By Jane Porter</p><p>{opening}</p>{STORY}</article>"
    result = extract(_page(body), url=URL, registry=REGISTRY)
    assert (result.original.domain if result.original else None) == original


@pytest.mark.parametrize(
    ("byline", "authors", "original"),
    [
        # The kind of piece before its writer.
        ("<p class='byline'>Opinion by Jane Porter</p>", ["Jane Porter"], None),
        ("<p class='byline'>Analysis by Jane Porter, CNN</p>", ["Jane Porter"], "cnn.com"),
        # ... also where no class says "byline".
        ("<div><p>Analysis by Jane Porter, CNN</p></div>", ["Jane Porter"], "cnn.com"),
        ("<span>Commentary by Jane Porter</span>", ["Jane Porter"], None),
    ],
)
def test_a_byline_opening_with_the_kind_of_piece(
    byline: str, authors: list[str], original: str | None
) -> None:
    result = extract(_page(f"<article>{byline}{STORY}</article>"), url=URL, registry=REGISTRY)
    assert list(result.authors) == authors
    assert (result.original.domain if result.original else None) == original


def test_a_paper_s_own_byline_on_its_own_site_is_no_copy() -> None:
    body = f"<article><p class='byline'>By Jane Porter, The New York Times</p>{STORY}</article>"
    result = extract(_page(body), url="https://www.nytimes.com/2026/01/02/us/fares.html")
    assert not result.republished
    assert list(result.authors) == ["Jane Porter"]


def test_an_author_link_in_the_site_footer_is_not_the_byline() -> None:
    def page(container: str) -> str:
        return _page(
            f"<div class='post'>{STORY}</div><div {container}><ul><li>"
            "<a href='https://profiles.example/115' rel='author'>Zoe Delay</a></li></ul></div>"
        )

    assert _authors(page("id='footer'")) == []
    assert _authors(page("id='post-meta'")) == ["Zoe Delay"]


def test_nitf_byline_elements_and_capitalised_byline_classes_are_read() -> None:
    nitf = (
        "<div class='article'><p>Quelle: dpa-AFX</p><byline>Von David Hutzler, dpa</byline>"
        f"{STORY}</div>"
    )
    assert _authors(_page(nitf)) == ["David Hutzler"]
    capital = (
        "<article><div class='ShareByline'><span>By</span><span>by JOSH HASKELL, DAVID CAPLAN"
        f" and PATRICK REEVELL</span></div>{STORY}</article>"
    )
    assert _authors(_page(capital)) == ["Josh Haskell", "David Caplan", "Patrick Reevell"]


@pytest.mark.parametrize(
    ("byline", "persons"),
    [
        ("By Brenda Goodman, MA WebMD Health News", ["Brenda Goodman"]),
        ("Jane Doe, M.P.H. Harbor Health Desk", ["Jane Doe"]),
        ("Li Wei, Ma Jian", ["Li Wei", "Ma Jian"]),
        ("LI WEI, MA JIAN", ["Li Wei", "Ma Jian"]),
    ],
)
def test_a_degree_after_a_name_opens_a_description(byline: str, persons: list[str]) -> None:
    assert clean_byline(byline)[0] == persons


def test_a_name_read_with_the_newsroom_s_name_after_it_gives_way_to_its_link() -> None:
    byline = (
        "<div class='author_fmt'>By <a rel='author' href='/kelli-miller'>Kelli Miller</a><br>"
        "WebMD Health News</div>"
    )
    assert _authors(_page(f"<article>{byline}{STORY}</article>")) == ["Kelli Miller"]
    # Two people who share a first name stay two people.
    two = "<div class='byline'>By Kelli Miller and Kelli Roe</div>"
    assert _authors(_page(f"<article>{two}{STORY}</article>")) == ["Kelli Miller", "Kelli Roe"]


def test_an_author_republishing_from_their_own_site_stays_the_author() -> None:
    # "Originally published at www.courtneykirchoff.com": her own site is the original, and
    # her name spelling its domain does not make her an organisation.
    body = (
        "<article><div class='author'>Courtney Kirchoff</div>"
        f"{STORY}<p>Originally published at <a href='http://www.courtneykirchoff.example/'>"
        "www.courtneykirchoff.example</a> on November 3.</p></article>"
    )
    result = extract(_page(body), url="https://medium.example/@ck/on-behalf", registry=REGISTRY)
    assert result.authors == ("Courtney Kirchoff",)
    assert result.original is not None and result.original.domain == "courtneykirchoff.example"


def _card(path: str, headline: str, byline: str) -> str:
    return (
        f"<article class='post'><h2 class='entry-title'><a href='{path}' rel='bookmark'>"
        f"{headline}</a></h2><p class='excerpt'>The first lines of the story.</p>"
        f"<div class='entry-meta'><span class='byline'>{byline}</span></div></article>"
    )


CARDS = [
    ("/2026/05/rural-ers-closing", "Rural ERs are closing", "By Tomás Reyes, KFF Health News"),
    ("/2026/05/mill-street-bridge", "Mill Street bridge to close", "By Rachel Okafor"),
    ("/2026/05/rail-fares", "Rail fares to rise 4.1%", "Reuters"),
]


def test_a_front_page_of_story_cards_has_no_byline_and_copies_nothing() -> None:
    # A WordPress front page: one <article> card per story. The first card's byline credits
    # KFF Health News; read as the page's own, the front page was a copy missing its credits.
    # Its <meta name="author"> names the publisher, not a person who wrote the page.
    head = "<meta name='author' content='Condé Nast'>"
    page = _page("<main>" + "".join(_card(*c) for c in CARDS) + "</main>", head)
    result = extract(page, url="https://www.harbortimes.example/", registry=REGISTRY)
    assert result.authors == ()
    assert not result.republished
    assert not [c for c in result.credits if c.signal == "byline"]


HOME = "https://www.harbortimes.example/"


def _copies_nothing(cards: str) -> Extraction:
    """The front page listing ``cards``, checked to be no copy."""
    result = extract(_page(f"<main>{cards}</main>"), url=HOME)
    assert not result.republished
    return result


def _is_the_wires(story: str) -> Extraction:
    """The story page, checked to be a copy of the AP's."""
    copy = extract(_page(story), url=URL, registry=REGISTRY)
    assert copy.republished and copy.original is not None
    assert copy.original.domain == "apnews.com"
    return copy


@pytest.mark.parametrize(
    "excerpt",
    [
        "WASHINGTON (AP) — {}, officials said.",
        "{}, officials said. Copyright 2026 The Associated Press. All rights reserved.",
    ],
)
@pytest.mark.parametrize("with_bylines", [True, False])
def test_a_front_page_of_wire_story_summaries_copies_nothing(
    excerpt: str, with_bylines: bool
) -> None:
    # Each card's excerpt opens with the wire's dateline or closes with its copyright line,
    # as the stories themselves do: the front page lists them, it is no copy of the first.
    # With bylines, the cards' bylines show the page lists stories; without, each card is a
    # small element whose headline links to its story.
    cards = "".join(
        _card(path, headline, f"By {person}").replace(
            "The first lines of the story.", excerpt.format(headline)
        )
        for (path, headline, _), person in zip(
            CARDS, ("Ann Lee", "Bo Park", "Cy Diaz"), strict=True
        )
    )
    if not with_bylines:
        cards = re.sub(r"<div class='entry-meta'>.*?</div>", "", cards)
    result = _copies_nothing(cards)
    assert not [c for c in result.credits if c.signal in ("dateline", "copyright")]


@pytest.mark.parametrize(
    "notice",
    [
        "This article was originally published by The Conversation.",
        "This story originally appeared on ProPublica.",
    ],
)
def test_a_notice_in_a_cards_excerpt_is_the_teased_storys(notice: str) -> None:
    # A section page quotes the first lines of each story, one of them its republication
    # notice: the page lists the copy, it is none.
    cards = "".join(
        f"<article class='card'><h2><a href='{path}'>{headline}</a></h2>"
        f"<p class='excerpt'>{notice if i == 1 else 'The first lines.'} More to read.</p>"
        "</article>"
        for i, (path, headline, _) in enumerate(CARDS)
    )
    result = _copies_nothing(cards)
    assert not [c for c in result.credits if c.signal == "notice"]
    # The story itself, with the notice under its text, is the copy.
    story = extract(
        _page(f"<article><h1>Rural ERs are closing</h1>{STORY}<p>{notice}</p></article>"),
        url=URL,
        registry=REGISTRY,
    )
    assert story.republished
    assert [c.signal for c in story.credits if c.signal == "notice"] == ["notice"]


def test_a_front_page_of_cards_bylined_by_the_wire_copies_nothing() -> None:
    cards = "".join(_card(path, headline, "By The Associated Press") for path, headline, _ in CARDS)
    result = _copies_nothing(cards)
    assert not [c for c in result.credits if c.signal == "byline"]
    # The wire's story itself, with a rail of the same cards, is the wire's.
    _is_the_wires(
        "<article><h1>Budget passes</h1><p class='byline'>By The Associated Press</p>"
        f"{STORY}</article><aside>{cards}</aside>"
    )


def test_a_front_page_of_unlinked_headlines_with_read_more_links_copies_nothing() -> None:
    cards = "".join(
        f"<div class='post'><h2>{headline}</h2><p>WASHINGTON (AP) — {headline}, officials "
        f"said.</p><a href='{path}'>Read more</a></div>"
        for path, headline, _ in CARDS
    )
    _copies_nothing(cards)
    # A short wire story that links more of its coverage on the site, beside a rail of
    # teasers of another shape, is the wire's.
    _is_the_wires(
        "<main><div class='story'><h1>Budget passes</h1><p>WASHINGTON (AP) — The budget passed "
        "on Tuesday after a long night of votes.</p><a href='/topics/budget'>Read more</a>"
        f"</div><aside><h3>More</h3></aside><section><h3>Latest</h3>{cards}</section></main>"
    )


def test_a_wire_story_with_a_linked_subheading_is_still_the_wires() -> None:
    # The article's own subheading links to another story, and its headline stands outside
    # the <article>: a story of several paragraphs is no card.
    story = (
        "<h1>Budget passes</h1><article><p>WASHINGTON (AP) — The budget passed on Tuesday "
        "after a long night of votes in both chambers.</p><h3><a href='/2026/05/other-vote'>"
        f"Read about the earlier vote</a></h3>{STORY * 3}"
        "<p>Copyright 2026 The Associated Press. All rights reserved.</p></article>"
    )
    result = _is_the_wires(story)
    assert {c.signal for c in result.credits} >= {"dateline", "copyright"}
    # Without the subheading, and with its headline inside, the story is the wire's too.
    plain = story.replace("<h1>Budget passes</h1><article>", "<article><h1>Budget passes</h1>")
    plain = re.sub(r"<h3>.*?</h3>", "", plain)
    assert extract(_page(plain), url=URL, registry=REGISTRY).republished


def test_the_story_itself_keeps_its_byline_beside_cards_of_other_stories() -> None:
    # The same cards as a related rail, below the story: its heading is not a link.
    story = (
        "<article><h1>Rural ERs are closing</h1><p class='byline'>By Tomás Reyes, KFF Health "
        f"News</p>{STORY}</article><aside>" + "".join(_card(*c) for c in CARDS[1:]) + "</aside>"
    )
    result = extract(_page(story), url=URL, registry=REGISTRY)
    assert result.authors == ("Tomás Reyes",)
    assert result.republished


def test_a_linked_heading_near_the_byline_with_the_authors_bios_is_still_the_story() -> None:
    # An embedded video card's linked heading sits next to the byline; the other byline
    # elements are the same authors' bios, not other stories' cards.
    story = (
        "<article><div class='header'><h1>Budget passes</h1><div class='video'><h2>"
        "<a href='https://video.example/watch/budget'>Watch: the vote</a></h2></div>"
        "<div class='byline'>By Jane Doe and John Roe</div>"
        "<div class='author-bio'>Jane Doe is a reporter for the Harbor Times.</div>"
        "<div class='author-bio'>John Roe is an editor for the Harbor Times.</div></div>"
        f"{STORY}</article>"
    )
    assert _authors(_page(story)) == ["Jane Doe", "John Roe"]


def test_a_story_whose_heading_links_to_itself_by_another_address_keeps_its_byline() -> None:
    # The headline links to the story's own address, written with http:// and without www.,
    # and the story has a rail of cards below it.
    story = (
        "<article><h1><a href='http://harbortimes.example/2026/05/city-council-budget/'>"
        "City council passes budget</a></h1><p class='byline'>By Jane Doe</p>"
        f"{STORY}</article><aside>" + "".join(_card(*c) for c in CARDS) + "</aside>"
    )
    assert _authors(_page(story)) == ["Jane Doe"]


def test_a_saved_front_page_without_its_url_is_read_by_its_declared_address() -> None:
    head = "<link rel='canonical' href='https://www.harbortimes.example/'>"
    page = _page("<main>" + "".join(_card(*c) for c in CARDS) + "</main>", head)
    result = extract(page, registry=REGISTRY)
    assert result.authors == ()
    assert not result.republished


def test_an_author_box_heading_beside_the_byline_is_not_a_story_card() -> None:
    # The columnist's box: a linked heading with the author's name, above the byline, and
    # a rail of other columnists' cards; the page's URL comes from its canonical.
    story = (
        "<article><h1>Angry media won't buckle over new laws</h1><div class='author-box'>"
        "<h2 class='heading'><a href='/news/opinion/jane-doe'>Jane Doe</a></h2>"
        f"<p class='byline'>By: Jane Doe</p></div>{STORY}</article><aside>"
        + "".join(_card(*c) for c in CARDS)
        + "</aside>"
    )
    head = f"<link rel='canonical' href='{URL}'>"
    assert list(extract(_page(story, head), registry=REGISTRY).authors) == ["Jane Doe"]


@pytest.mark.parametrize("widget", ["comments_datetime", "comment-count", "comments-link"])
def test_a_byline_beside_the_comment_count_is_the_story_s(widget: str) -> None:
    # HuffPost (2011) set the byline, the date and the comment count in one
    # "comments_datetime" line under the headline; a class about the comments is not the
    # comments section.
    line = f"<div class='{widget}'><p><span class='bold'>By PHILLIP RAWLS</span> 10/5/11</p></div>"
    page = _page(f"<div class='entry'><h1>Budget</h1>{line}{STORY}</div>")
    assert _authors(page) == ["Phillip Rawls"]


@pytest.mark.parametrize(
    "section", ["comments", "comment-list", "article-comments", "comments_area"]
)
def test_bylines_in_the_comments_section_are_not_the_story_s(section: str) -> None:
    comment = "<div class='comment'><p>By PHILLIP RAWLS</p><p>Great piece, thank you.</p></div>"
    page = _page(
        f"<div class='entry'><h1>Budget</h1>{STORY}</div><div class='{section}'>{comment}</div>"
    )
    assert _authors(page) == []


def _credited(html: str, url: str = URL) -> Extraction:
    return extract(html, url=url, registry=REGISTRY)


@pytest.mark.parametrize("alt", ["AP", "Associated Press", "Reuters"])
def test_a_wire_logo_in_the_byline_line_credits_the_wire(alt: str) -> None:
    logo_img = f"<img src='/wire.png' alt='{alt}'>"
    line = f"<p class='dateline'><span>By JANE DOE</span> 10/5/11 {logo_img}</p>"
    found = _credited(_page(f"<article><h1>Budget</h1>{line}{STORY}</article>"))
    logo = [c for c in found.credits if c.text == f'<img alt="{alt}">']
    assert len(logo) == 1 and logo[0].signal == "byline"
    assert logo[0].publisher_id in ("ap", "reuters")
    assert found.republished and found.original is not None
    assert found.original.domain == logo[0].domain
    assert list(found.authors) == ["Jane Doe"]


def test_a_wire_logo_away_from_the_byline_is_no_credit() -> None:
    line = "<p class='dateline'><span>By JANE DOE</span> 10/5/11</p>"
    photo = "<figure><img src='/wire.png' alt='AP'><figcaption>The council</figcaption></figure>"
    footer = "<div class='site-footer'><p>By our partners <img src='/ap.png' alt='AP'></p></div>"
    found = _credited(_page(f"<article><h1>Budget</h1>{line}{photo}{STORY}</article>{footer}"))
    assert not found.republished
    assert not [c for c in found.credits if c.text.startswith("<img")]


@pytest.mark.parametrize(
    "node",
    [
        # Drupal 7: the article is a <div>, "promoted to the front page" one of its classes.
        '<div id="node-12" class="node node-article node-promoted clearfix">',
        '<div class="node node--type-article node--promoted" role="article">',
    ],
)
def test_a_drupal_article_promoted_to_the_front_page_is_no_promotion(node: str) -> None:
    body = (
        f"{node}<h1>City council passes budget</h1>"
        "<div class='field-name-field-byline'>By <a href='/author/jane-porter'>Jane Porter</a>"
        f"</div><div class='field-name-body'>{STORY}</div></div>"
    )
    assert _authors(_page(body)) == ["Jane Porter"]


@pytest.mark.parametrize(
    ("line", "persons"),
    [
        # A byline that no class names, read by its opening word, in each language.
        ("By Jane Porter", ["Jane Porter"]),
        ("Por Ana Ruiz", ["Ana Ruiz"]),
        ("Oleh <b>Dewi Kartika</b>, Universitas Nusa Raya", ["Dewi Kartika"]),
        ("Di Giulia Romano", ["Giulia Romano"]),  # Italian
        ("Av Lars Nilsson", ["Lars Nilsson"]),  # Swedish, Norwegian
        ("Af Mette Jensen", ["Mette Jensen"]),  # Danish
        # A surname with "Di" is no byline's opening word when no name follows it.
        ("Di Maio e Salvini", []),
    ],
)
def test_a_byline_without_a_class_is_read_by_its_words(line: str, persons: list[str]) -> None:
    body = f"<article><h1>City council passes budget</h1><div>{line}</div>{STORY}</article>"
    assert _authors(_page(body)) == persons


@pytest.mark.parametrize(
    "body",
    [
        # No <article> or <main>: the article's own <header> holds its headline and byline.
        "<div class='content'><header><h1>City council passes budget</h1>"
        f"<p class='byline'>By Jane Porter</p></header>{STORY}</div>",
        "<div role='main'><header><h2>City council passes budget</h2>"
        f"<p class='byline'>By Jane Porter</p></header>{STORY}</div>",
        # NITF's <byline> in capitals, as old systems write tags.
        f"<DIV><H1>City council passes budget</H1><BYLINE>Jane Porter</BYLINE>{STORY}</DIV>",
    ],
)
def test_bylines_in_older_markup(body: str) -> None:
    # As bytes, the way pages arrive: the markup is then searched for the selectors' words.
    page = _page(body).encode()
    assert list(extract(page, url=URL, registry=REGISTRY).authors) == ["Jane Porter"]


def test_a_site_header_with_its_logo_in_a_linked_h1_stays_chrome() -> None:
    body = (
        "<header><h1><a href='/'>Harbor Times</a></h1><p class='byline'>By Tom Hale</p></header>"
        f"<div><h2>City council passes budget</h2><p class='byline'>By Jane Porter</p>{STORY}"
        "</div>"
    )
    assert _authors(_page(body)) == ["Jane Porter"]


def test_an_unmarked_byline_with_by_on_a_line_of_its_own_is_the_articles() -> None:
    # Mashable: the article's byline has no class and its "By" ends a line of the template;
    # a recommended story's byline further down has the same markup.
    body = (
        "<div><h1>City council passes budget</h1><div>\n        By\n        "
        "<a href='/author/jane-porter'>Jane Porter</a> &nbsp;on&nbsp;<time>October 21, 2021</time>"
        f"</div></div><article>{STORY}</article><div><a href='/story/ferries'>Ferry fares rise "
        "again this summer in the harbor</a><div>By <a href='/author/tom-hale'>Tom Hale</a></div>"
        "</div>"
    )
    assert list(extract(_page(body).encode(), url=URL, registry=REGISTRY).authors) == [
        "Jane Porter"
    ]


# -- bylines under the headline, without a class a selector could find ----------------------

HEADLINE = "<h1>City council passes budget after a long night</h1>"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<p>by Jane Doe</p>", ["Jane Doe"]),
        ("<p>by Jane Doe | March 3, 2026</p>", ["Jane Doe"]),
        ("<span>Posted by Jane Doe on March 3, 2026</span>", ["Jane Doe"]),
        ("<p>Reporter: Jane Doe</p>", ["Jane Doe"]),
        ("<div>by <a href='/author/jane-doe'>Jane Doe</a></div>", ["Jane Doe"]),
        # Only a link to the author's page tells it; each link is one author.
        ("<p><a href='/author/jane-doe'>Jane Doe</a></p>", ["Jane Doe"]),
        (
            "<p><a href='/staff/jane-doe'>Jane Doe</a> and <a href='/staff/john-roe'>John Roe</a>"
            "</p>",
            ["Jane Doe", "John Roe"],
        ),
        # The place beside the linked name is no author: the line is read from "by".
        (
            "<div><span>SAN FRANCISCO</span> | <span>by <a href='/journalists/jane-doe'>Jane Doe"
            "</a></span></div>",
            ["Jane Doe"],
        ),
    ],
)
def test_a_byline_under_the_headline_needs_no_class(line: str, expected: list[str]) -> None:
    assert _authors(_page(f"<main>{HEADLINE}{line}{STORY}</main>")) == expected
    # The same line after the article's text is not its byline.
    assert _authors(_page(f"<main>{HEADLINE}{STORY * 2}{line}</main>")) == []


@pytest.mark.parametrize(
    "line",
    [
        "<p>by the end of the year, the council will decide on the harbor.</p>",
        "<p>By clicking subscribe you agree to our terms.</p>",
        "<p><a href='/author/jane-doe'>More from Jane Doe</a></p>",
        "<figure><img src='/a.jpg'><figcaption>Photo by <a href='/staff/jim-roe'>Jim Roe</a>"
        "</figcaption></figure>",
        "<p><a href='/people/jane-doe'>Jane Doe</a> and the mayor met on Monday.</p>",
        # A licence link (".../licenses/by-sa/2.0/") is no author's page.
        "<p>Image: <a href='https://creativecommons.org/licenses/by-sa/2.0/'>Flickr CC</a></p>",
    ],
)
def test_lines_under_the_headline_that_credit_no_author(line: str) -> None:
    assert _authors(_page(f"<main>{HEADLINE}{line}{STORY}</main>")) == []


def test_a_byline_below_a_share_bar_inside_the_article_body() -> None:
    # The Washington Post's layout: the headline in a topper, then a share bar, then the
    # article's body container opening with its byline.
    body = (
        f"<div id='topper'><div><a href='/world'>World</a></div>{HEADLINE}</div>"
        "<div><a href='https://www.facebook.com/sharer'>Share on Facebook</a></div>"
        "<div id='article-body'><div><span>by <a href='/people/jane-doe'>Jane Doe</a></span>"
        f"<span>March 18 at 3:57 PM</span></div>{STORY}</div>"
    )
    assert _authors(_page(f"<main>{body}</main>")) == ["Jane Doe"]


def test_a_front_page_card_byline_under_the_headline_is_no_author() -> None:
    card = (
        "<article><h3><a href='/2026/05/harbor-dredging'>Harbor dredging plan wins state money"
        "</a></h3><p>The state will pay for most of the work.</p><p>by Jane Doe · May 3</p>"
        "</article>"
    )
    page = _page(f"<main><h1>Harbor Times</h1><section><h2>Latest</h2>{card}</section></main>")
    assert _authors(page, url="https://www.harbortimes.example/") == []


def test_a_front_page_s_lines_under_its_headline_are_not_read_for_a_byline() -> None:
    # A site's front page opens with its latest story: the line under it is that story's.
    body = f"<main><h1>Harbor Times</h1><p>by Jane Doe</p>{STORY}</main>"
    assert _authors(_page(body), url="https://www.harbortimes.example/") == []
    assert _authors(_page(body), url=URL) == ["Jane Doe"]


def test_a_story_headline_linking_to_a_people_section_heads_a_card() -> None:
    # "/people/" is where some sites keep their authors' pages and others a section: a link
    # of a headline's length is a story's.
    def cards(path: str, text: str) -> str:
        return "".join(
            f"<div class='card'><h2><a href='{path}-{i}'>{text} {i}</a></h2>"
            f"<p class='byline'>By {('Ann Lee', 'Bo Kim', 'Cy Young')[i]}</p></div>"
            for i in range(3)
        )

    stories = cards("/people/bakery-marks-fifty-years", "Bakery marks fifty years on Main Street")
    authors = cards("/people/jane-doe", "Jane Doe")
    front = "https://www.harbortimes.example/"
    assert _authors(_page(f"<main><h1>People</h1>{stories}</main>"), url=front) == []
    # A name under an author's linked name is that author's box, not a card.
    assert _authors(_page(f"<main><h1>People</h1>{authors}</main>"), url=front)[:1] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("by Devin Okoro Thu, 03/05/2026 - 16:20", ["Devin Okoro"]),  # Drupal's date
        ("By Erin Cunningham March 18 at 3:57 PM", ["Erin Cunningham"]),
        ("By Aja Romano @ajaromano Dec 10, 2016, 10:20am EST", ["Aja Romano"]),
        ("By Jane May", ["Jane May"]),
        ("By Lena H. Sun, 03/05/2026", ["Lena H. Sun"]),
    ],
)
def test_byline_dates_and_handles_are_not_names(byline: str, names: list[str]) -> None:
    assert clean_byline(byline)[0] == names


@pytest.mark.parametrize("tie", ["special to", "correspondent for", "via", "in partnership with"])
def test_a_writer_tied_to_another_newsroom_in_the_byline_credits_it(tie: str) -> None:
    page = _page(
        "<article><h1>City council passes budget</h1><p class='byline'>By Jane Doe, "
        f"{tie} <a href='https://www.acmeherald.example/'>the Acme Herald</a></p>{STORY}"
        "</article>"
    )
    copy = extract(page, url=URL, registry=REGISTRY)
    assert copy.authors == ("Jane Doe",)
    assert copy.original is not None and copy.original.domain == "acmeherald.example"
    # The same byline on the newsroom's own site credits no one else.
    own = extract(page, url="https://www.acmeherald.example/2026/05/budget", registry=REGISTRY)
    assert own.authors == ("Jane Doe",)
    assert not own.republished


@pytest.mark.parametrize(
    ("byline", "domain"),
    [
        ("Jane Doe (Reuters)", "reuters.com"),
        ("By Jane Doe [The Conversation]", "theconversation.com"),
    ],
)
def test_a_newsroom_in_brackets_after_the_byline_is_credited(byline: str, domain: str) -> None:
    page = _page(
        f"<article><h1>City council passes budget</h1><p class='byline'>{byline}</p>{STORY}"
        "</article>"
    )
    result = extract(page, url=URL, registry=REGISTRY)
    assert result.authors == ("Jane Doe",)
    assert result.original is not None and result.original.domain == domain
