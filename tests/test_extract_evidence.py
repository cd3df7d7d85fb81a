"""The evidence a credit quotes, and credits that only real pages showed us.

- A credit's text reads as on the page: trimmed, whitespace runs as one space, never empty.
- A licence statement in site chrome is not the page's, and neither is the element around it.
- A TV station's copy of CNN's wire ("By: CNN Wire", "(CNN) --") credits CNN.
- "Source: X" under a table, in a chart's caption or in a sidebar widget, or naming a public
  body (a government's statistics office), is the data's source.
- The wires beyond the big four are read by their datelines, sign-offs and meta tags.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from attribution.extract import extract
from attribution.registry import load_registry

REGISTRY = load_registry()


def _page(head: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        f"{body}</body></html>"
    )


STATION = "https://www.fox99.example/2026/01/02/new-laws-take-effect"

AFFILIATE_COPY = _page(
    "<title>New laws take effect | FOX 99</title><meta property='og:site_name' content='FOX 99'>",
    "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
    "<article><h1>New laws take effect across the country</h1>"
    "<div class='ArticlePage-byline' itemprop='author'>\n  \n"
    "  <div class='ArticlePage-authorName' itemprop='name'><span class='accent'>By:</span>\n"
    "      CNN Wire\n      \n  </div>\n  \n</div>"
    "<p>(CNN) — Hundreds of new state laws take effect on Monday, from minimum wage rises to "
    "rules on drones and data privacy.</p><p>Here is what changes where you live.</p>"
    "</article><footer><p>© 2026 FOX 99</p></footer>",
)


def test_a_station_copy_of_the_cnn_wire_credits_cnn() -> None:
    result = extract(AFFILIATE_COPY, url=STATION, registry=REGISTRY)
    assert result.republished
    assert result.original is not None
    assert result.original.domain == "cnn.com"
    assert result.authors == ()  # "CNN Wire" is the wire, not a person
    signals = {(c.signal, c.publisher) for c in result.credits}
    assert ("byline", "CNN") in signals
    assert ("dateline", "CNN") in signals


def test_cnn_own_page_is_not_a_copy() -> None:
    page = AFFILIATE_COPY.replace("FOX 99", "CNN")
    result = extract(page, url="https://edition.cnn.com/2026/01/02/us/new-laws", registry=REGISTRY)
    assert not result.republished


def test_credit_text_is_trimmed_and_single_spaced() -> None:
    # The byline element holds whitespace-only text nodes around its name element; its text
    # as the parser joins it starts and ends with separators.
    result = extract(AFFILIATE_COPY, url=STATION, registry=REGISTRY)
    [byline] = [c for c in result.credits if c.signal == "byline"]
    assert byline.text == "By: CNN Wire"
    for credit in result.credits:
        assert credit.text
        assert credit.text == " ".join(credit.text.split()), credit


def test_credit_text_sets_no_space_between_a_link_and_the_stop_after_it() -> None:
    page = _page(
        "<title>Reef</title>",
        "<article><h1>Reef</h1><p>Corals bleach.</p><p><em>By <a href='/a/ana'>Ana Ruiz</a>, "
        "<a href='https://grist.org'>Grist</a></em></p><p>This story was originally published "
        "by <a href='https://grist.org/x/reef'>Grist</a>. Source : <b>Grist</b> ; 2026</p>"
        "</article>",
    )
    result = extract(page, url="https://www.dailyplanet.example/reef", registry=REGISTRY)
    texts = {c.signal: c.text for c in result.credits}
    assert texts["byline"] == "By Ana Ruiz, Grist"
    # The French space before a colon or semicolon is the page's own.
    assert texts["notice"].startswith("This story was originally published by Grist. Source : ")
    assert " ; 2026" in texts["notice"]


def test_a_link_credit_without_text_quotes_its_url() -> None:
    # phys.org's "Provided by": the partner page, then an icon link to the original site.
    page = _page(
        "<title>Hibernating astronauts</title>",
        "<article><h1>Hibernating astronauts would need smaller spacecraft</h1>"
        "<p>Putting astronauts into hibernation could shrink the craft that carries them.</p>"
        "<div class='d-inline-block'>Provided by\n <a href='/partners/european-space-agency/'>"
        "European Space Agency</a>\n <a class='icon_open' href='http://www.esa.int/esaCP/'>"
        "\n  <svg><use href='/sprite.svg#icon_open'></use></svg>\n </a></div></article>",
    )
    result = extract(page, url="https://phys.org/news/2019-11-hibernating.html", registry=REGISTRY)
    [link] = [c for c in result.credits if c.signal == "original_link"]
    assert link.url == "http://www.esa.int/esaCP/"
    assert link.text == link.url


def _front_page(footer: str, main: str = "") -> str:
    return _page(
        "<title>Valley Post</title>",
        "<div class='wrapper'><header><nav><a href='/'>Valley Post</a> <a href='/news'>News</a>"
        "</nav></header><main><h2><a href='/2026/story'>Teenagers record their grandparents"
        "</a></h2>" + main + "</main>" + footer + "</div>",
    )


def test_a_licence_in_the_site_footer_is_not_the_pages() -> None:
    # The page is short enough that the wrapper around everything passes the length limit;
    # the statement it holds is the footer's.
    footer = "<footer><p>© 2026 Valley Post. Content licensed under CC BY 3.0.</p></footer>"
    result = extract(_front_page(footer), url="https://valleypost.example/", registry=REGISTRY)
    assert result.license is None
    assert not [c for c in result.credits if c.signal == "license"]


def test_a_licence_stated_in_the_main_content_is_read_beside_a_footer_one() -> None:
    footer = "<footer><p>Content licensed under CC BY 3.0.</p></footer>"
    main = "<p>This story is licensed under CC BY-ND 4.0.</p>"
    result = extract(
        _front_page(footer, main), url="https://valleypost.example/", registry=REGISTRY
    )
    assert result.license == "CC BY-ND 4.0"
    [credit] = [c for c in result.credits if c.signal == "license"]
    assert credit.text == "This story is licensed under CC BY-ND 4.0."


CONVERSATION_NOTICE = (
    "<p>This article is republished from <a href='https://theconversation.com/us'>The "
    "Conversation</a>. Read the <a href='https://theconversation.com/ferry-fares-123456'>"
    "original article</a>.</p>"
)


@pytest.mark.parametrize(
    "picture",
    [
        "<figure><img src='ferry.jpg'><figcaption>The ferry. Photo: Jane Doe/Flickr (CC BY 2.0)"
        "</figcaption></figure>",
        "<figure><img src='ferry.jpg'><figcaption>Photo: <a href='https://creativecommons.org/"
        "licenses/by-sa/4.0/'>CC BY-SA 4.0</a></figcaption></figure>",
        "<p class='wp-caption-text'>Jane Doe/Flickr, <a rel='license' href='https://"
        "creativecommons.org/licenses/by/2.0/'>CC BY 2.0</a></p>",
        "<p>Photo by Jane Doe, <a href='https://creativecommons.org/licenses/by/2.0/'>CC BY 2.0"
        "</a></p>",
    ],
)
def test_a_photo_s_licence_is_not_the_article_s(picture: str) -> None:
    # A copy of a Conversation article illustrated with a CC-licensed photo still lacks the
    # article's licence notice.
    result = extract(_sourced(STORY + picture + CONVERSATION_NOTICE), url=HARBOR, registry=REGISTRY)
    assert result.original is not None and result.original.domain == "theconversation.com"
    assert result.license is None
    assert "license" in result.missing


def test_the_article_s_licence_beside_a_photo_s_is_read() -> None:
    picture = (
        "<figure><img src='f.jpg'><figcaption>Photo: Jane Doe (CC BY 2.0)</figcaption></figure>"
    )
    licence = (
        "<p>This work is licensed under a <a href='https://creativecommons.org/licenses/by-nd/4.0/'>"
        "Creative Commons Attribution-NoDerivatives 4.0 International License</a>.</p>"
    )
    result = extract(
        _sourced(STORY + picture + CONVERSATION_NOTICE + licence), url=HARBOR, registry=REGISTRY
    )
    assert result.license == "CC BY-ND 4.0"
    assert "license" not in result.missing


def test_a_users_wire_entry_is_read_in_datelines(tmp_path: Path) -> None:
    # A wire the bundled registry does not know, in the user's own folder.
    (tmp_path / "tanjug.toml").write_text(
        'id = "tanjug"\nname = "Tanjug"\naliases = ["Tanjug"]\ndomains = ["tanjug.rs"]\n'
        'kind = "wire"\nrequires = ["author", "publisher"]\n'
        'terms_url = "https://www.tanjug.rs/"\nwire_codes = ["Tanjug"]\n',
        encoding="utf-8",
    )
    page = _page(
        "<title>Quake</title>",
        "<article><h1>Strong quake hits Serbia</h1><p>BELGRADE (Tanjug) — A strong earthquake "
        "struck central Serbia on Tuesday, the seismological office said.</p>"
        "</article>",
    )
    url = "https://www.daily.example/quake"
    assert extract(page, url=url, registry=REGISTRY).credits == ()
    result = extract(page, url=url, registry=load_registry(tmp_path))
    assert [(c.signal, c.publisher) for c in result.credits] == [("dateline", "Tanjug")]
    assert result.original is not None and result.original.domain == "tanjug.rs"


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        ("© Provided by Business Insider Inc Nintendo/Apple.", "Business Insider Inc"),
        ("© UC Global UC Global photo of the journalist's phone.", "UC Global"),
        ("Copyright 2026 Guardian News & Media Limited or its affiliates.", None),
    ],
)
def test_a_copyright_holder_is_read_without_the_caption_joined_to_it(
    line: str, holder: str | None
) -> None:
    # The holder's site is linked on the page, so the line is a credit to it.
    page = _page(
        "<title>Game launch</title>",
        "<article><h1>The game launches next week</h1><p>The launch is set for Thursday.</p>"
        f"<p><small>{line}</small></p></article>"
        "<p><a href='https://www.businessinsider.com/'>Business Insider Inc</a> "
        "<a href='https://www.uc-global.com/'>UC Global</a></p>",
    )
    result = extract(page, url="https://www.portal.example/game", registry=REGISTRY)
    found = [c.publisher for c in result.credits if c.signal == "copyright"]
    assert found == ([holder] if holder else [])


# "Source: X" names where a table's or a chart's figures come from, not the article's origin.
STORY = (
    "<p>Ferry fares rise again this summer, the operator said on Monday, the third rise in as "
    "many years. Commuters on the island routes will pay most.</p>"
)
GRIST_SOURCE = "Source: <a href='https://grist.org/climate/ferry-fares/'>Grist</a>"


def _sourced(article: str, aside: str = "") -> str:
    return _page(
        "<title>Ferry fares rise | Harbor News</title>"
        "<meta property='og:site_name' content='Harbor News'>",
        f"<article><h1>Ferry fares rise</h1>{article}</article>"
        f"<div id='sidebar'>{aside}</div><footer><p>© 2026 Harbor News</p></footer>",
    )


HARBOR = "https://www.harbornews.example/2026/ferry-fares-rise"


@pytest.mark.parametrize(
    "page",
    [
        # A sidebar's chart widget (deadline.com's "Top ten", "SOURCE: RENTRAK.COM").
        _sourced(
            STORY,
            "<table><tr><td>1</td><td>Blue Bloods</td></tr><tr><td><div>SOURCE: "
            "<a href='http://www.rentrak.com'>RENTRAK.COM</a></div></td></tr></table>",
        ),
        # A data table in the article, its source in a cell of its own.
        _sourced(
            STORY + "<table><tr><td>Route</td><td>Fare</td></tr><tr><td>North</td><td>$4</td>"
            f"</tr><tr><td colspan='2'>{GRIST_SOURCE}</td></tr></table>"
        ),
        # A chart's caption.
        _sourced(STORY + f"<figure><img src='chart.png'><figcaption>{GRIST_SOURCE}</figcaption>"),
        # A public body's figures or statement, closing the article like a credit would.
        _sourced(
            STORY + "<p>Source: <a href='https://www.census.gov/library/stories/2026/01/"
            "commuting-by-ferry.html'>U.S. Census Bureau</a></p>"
        ),
        _sourced(
            STORY + "<p>Source: <a href='https://www.ons.gov.uk/economy/inflation/articles/"
            "ferryfares/2026-01-02'>Office for National Statistics</a></p>"
        ),
    ],
)
def test_a_source_line_for_a_table_or_chart_is_not_a_credit(page: str) -> None:
    result = extract(page, url=HARBOR, registry=REGISTRY)
    assert not result.republished
    assert [c for c in result.credits if c.signal == "notice"] == []


@pytest.mark.parametrize(
    "page",
    [
        _sourced(STORY + f"<p>{GRIST_SOURCE}</p>"),
        # A credit box aside the article that links the original article.
        _sourced(STORY + f"<aside class='credit'>{GRIST_SOURCE}</aside>"),
        # An old layout table holds the whole article, its source line included.
        _sourced(f"<table><tr><td>{STORY}<p>{GRIST_SOURCE}</p></td></tr></table>"),
    ],
)
def test_a_source_line_closing_the_article_is_a_credit(page: str) -> None:
    result = extract(page, url=HARBOR, registry=REGISTRY)
    assert result.republished
    assert result.original is not None and result.original.domain == "grist.org"


WIRE_STORY = "Ferry fares rise again this summer on the island routes, officials said on Monday."


@pytest.mark.parametrize(
    ("opening", "domain"),
    [
        (f"BEIJING, Jan. 8 (Xinhua) -- {WIRE_STORY}", "xinhuanet.com"),
        (f"TOKYO (Kyodo) -- {WIRE_STORY}", "kyodonews.net"),
        (f"SEOUL, Jan. 8 (Yonhap) -- {WIRE_STORY}", "yna.co.kr"),
        # Spanish copy closes the dateline with ".-".
        ("Madrid, 8 ene (EFE).- El Gobierno aprobó hoy la subida de las tarifas.", "efe.com"),
        # Indian copy runs on after the code.
        (f"New Delhi, Jan 8 (PTI) {WIRE_STORY}", "ptinews.com"),
        (f"New Delhi [India], Jan 8 (ANI): {WIRE_STORY}", "aninews.in"),
        ("(ANSA) - ROMA, 8 GEN - Il governo ha approvato oggi l'aumento delle tariffe.", "ansa.it"),
    ],
)
def test_a_wire_dateline_credits_the_wire(opening: str, domain: str) -> None:
    page = _sourced(f"<p>{opening}</p>" + STORY)
    result = extract(page, url=HARBOR, registry=REGISTRY)
    assert result.republished
    assert result.original is not None and result.original.domain == domain


def test_the_canadian_press_sign_off_credits_it() -> None:
    sign_off = "<p>This report by The Canadian Press was first published Jan. 8, 2026.</p>"
    result = extract(_sourced(STORY + sign_off), url=HARBOR, registry=REGISTRY)
    assert result.original is not None and result.original.domain == "thecanadianpress.com"


@pytest.mark.parametrize(
    ("sign_off", "domain"),
    [
        ("<p>—Reuters</p>", "reuters.com"),
        ("<p><em>— Associated Press</em></p>", "apnews.com"),
        ("<p>-- AFP.</p>", "afp.com"),
    ],
)
def test_a_story_signed_off_with_its_wire_s_name_credits_the_wire(
    sign_off: str, domain: str
) -> None:
    result = extract(_sourced(STORY + sign_off), url=HARBOR, registry=REGISTRY)
    assert result.republished
    assert result.original is not None and result.original.domain == domain
    # The evidence is the line as it appears.
    evidence = re.sub(r"<[^>]+>", "", sign_off)
    assert [c.text for c in result.credits if c.signal == "dateline"] == [evidence]


@pytest.mark.parametrize(
    "line",
    [
        # A quotation's source, a tweet's author, a picture's agency: none signs the story.
        "<blockquote><p>We will rebuild the terminal.</p><p>— Reuters</p></blockquote>",
        "<blockquote class='twitter-tweet'><p>Ferry fares rise.</p>&mdash; Reuters (@Reuters) "
        "<a href='https://twitter.com/Reuters/status/1'>January 2, 2026</a></blockquote>",
        "<figure><img src='/a.jpg'><figcaption>The terminal. <span>— AP</span></figcaption>"
        "</figure>",
        "<p>Fares rose — AP reported on Monday.</p>",
    ],
)
def test_a_wire_s_name_after_a_dash_that_signs_nothing(line: str) -> None:
    result = extract(_sourced(STORY + line), url=HARBOR, registry=REGISTRY)
    assert not result.republished


@pytest.mark.parametrize(
    "mention",
    [
        "He told the Press Trust of India (PTI) that fares would rise on Monday.",
        # A capital after the code, as after a dateline that runs on: the name before it
        # says the code only abbreviates it.
        "Officials told The Associated Press (AP) Tuesday that fares would rise on Monday.",
        "A spokesperson for Agence France-Presse (AFP) said the agency had no comment.",
    ],
)
def test_a_wire_named_in_passing_is_no_credit(mention: str) -> None:
    result = extract(_sourced(f"<p>{mention}</p>" + STORY), url=HARBOR, registry=REGISTRY)
    assert not result.republished


def test_a_polish_wire_as_meta_author_beside_the_publisher_s_group() -> None:
    # money.pl: <meta name="author" content="PAP"> and the site's owner, "Grupa Wirtualna Polska".
    head = (
        "<title>Ceny biletów rosną</title><meta name='author' content='PAP'>"
        "<meta name='author' content='Grupa Wirtualna Polska'>"
    )
    page = _page(head, f"<article><h1>Ceny biletów rosną</h1>{STORY}</article>")
    result = extract(page, url="https://www.money.pl/gospodarka/ceny.html", registry=REGISTRY)
    assert result.original is not None and result.original.domain == "pap.pl"
    assert result.authors == ()


@pytest.mark.parametrize(
    ("line", "domain"),
    [
        # A wire's or a syndicate's copyright line is what a licensed copy prints.
        ("Copyright 2026 The Associated Press. All rights reserved.", "apnews.com"),
        ("© 2026 Thomson Reuters", "reuters.com"),
        ("Copyright © 2026 Reuters", "reuters.com"),
        # The piece itself as the subject, or a line of its own, in other languages too.
        (
            "<strong>Publicado originalmente por <a href='https://www.agenciaocote.com/blog/2026/"
            "02/27/ferris/'>Agencia Ocote</a></strong>",
            "agenciaocote.com",
        ),
        (
            "Artículo publicado originalmente en <a href='https://www.bbc.com/mundo/noticias-"
            "12345678'>BBC Mundo</a>.",
            "bbc.com",
        ),
        (
            "Ce texte a été initialement publié sur <a href='https://www.mediapart.fr/journal/"
            "france/020126/les-ferries'>Mediapart</a>.",
            "mediapart.fr",
        ),
        (
            "(Zuerst erschienen bei <a href='https://www.zeit.de/mobilitaet/2026-01/faehre'>Zeit "
            "Online</a>.)",
            "zeit.de",
        ),
        (
            "A version of this story first appeared in <a href='https://www.latimes.com/california/"
            "story/2026-01-02/fares'>the Los Angeles Times</a>.",
            "latimes.com",
        ),
        (
            "Originally published on Jan. 2, 2026 by <a href='https://www.citylimits.org/2026/01/02/"
            "fares/'>City Limits</a>.",
            "citylimits.org",
        ),
        (
            "This story is reprinted from <a href='https://www.propublica.org/article/fares'>"
            "ProPublica</a>.",
            "propublica.org",
        ),
        ("Copyright (c) 2026 Reuters.", "reuters.com"),
        ("Copyright © 2026 The Associated Press. All rights reserved.", "apnews.com"),
        ("COPYRIGHT 2026 CREATORS.COM", "creators.com"),
        ("©2026 Tribune Content Agency, LLC", "tribunecontentagency.com"),
        # A syndicate's distribution line, alone or after the original paper's copyright.
        ("Distributed by Tribune Content Agency, LLC.", "tribunecontentagency.com"),
        (
            "©2026 Los Angeles Times. Visit at latimes.com. Distributed by Tribune Content "
            "Agency, LLC.",
            "tribunecontentagency.com",
        ),
        # A blog's cross-post, and the publisher named before "republished with permission".
        (
            "Cross-posted from <a href='https://www.dailykos.com/stories/2026/1/2/123456/-Fares'>"
            "Daily Kos</a>.",
            "dailykos.com",
        ),
        (
            "Crossposted with permission from <a href='https://www.motherjones.com/politics/2026/"
            "01/fares/'>Mother Jones</a>.",
            "motherjones.com",
        ),
        (
            "Story by <a href='https://www.nytimes.com/2026/01/02/us/fares.html'>The New York "
            "Times</a>, republished with permission.",
            "nytimes.com",
        ),
        # Reprints "with permission", in English and other languages.
        (
            "Reproduced with permission of <a href='https://www.theguardian.com/uk-news/2026/"
            "jan/02/fares'>The Guardian</a>.",
            "theguardian.com",
        ),
        (
            "Used with permission from <a href='https://www.theguardian.com/uk-news/2026/jan/02/"
            "fares'>The Guardian</a>.",
            "theguardian.com",
        ),
        (
            "Nachdruck mit freundlicher Genehmigung von <a href='https://www.zeit.de/mobilitaet/"
            "2026-01/faehre'>Zeit Online</a>.",
            "zeit.de",
        ),
        (
            "Avec l’aimable autorisation de <a href='https://www.liberation.fr/societe/les-"
            "ferries-20260102_ABCDEF/'>Libération</a>.",
            "liberation.fr",
        ),
        (
            "Reproducido con autorización de <a href='https://elpais.com/sociedad/2026-01-02/"
            "los-ferris.html'>El País</a>.",
            "elpais.com",
        ),
        (
            "Republicado com autorização de <a href='https://apublica.org/2026/01/balsas/'>"
            "Agência Pública</a>.",
            "apublica.org",
        ),
        (
            "Pubblicato su gentile concessione di <a href='https://www.ilpost.it/2026/01/02/"
            "traghetti/'>Il Post</a>.",
            "ilpost.it",
        ),
        (
            "Overgenomen met toestemming van <a href='https://www.nrc.nl/nieuws/2026/01/02/"
            "veer-a123456'>NRC</a>.",
            "nrc.nl",
        ),
        # ProPublica's taglines, as its republish snippets carry them.
        (
            "<a href='https://www.propublica.org/article/fares'>ProPublica</a> is a Pulitzer "
            "Prize-winning investigative newsroom. Sign up for The Big Story newsletter.",
            "propublica.org",
        ),
        (
            "<a href='https://www.propublica.org/'>ProPublica</a> is a nonprofit newsroom that "
            "investigates abuses of power.",
            "propublica.org",
        ),
        # Italian and Dutch notices.
        (
            "Questo articolo è stato pubblicato originariamente su "
            "<a href='https://www.valigiablu.it/traghetti/'>Valigia Blu</a>.",
            "valigiablu.it",
        ),
        (
            "Dit artikel verscheen eerder op <a href='https://www.ftm.nl/artikelen/veer'>Follow "
            "the Money</a>.",
            "ftm.nl",
        ),
    ],
)
def test_licensed_and_syndicated_copies(line: str, domain: str) -> None:
    result = extract(_sourced(STORY + f"<p>{line}</p>"), url=HARBOR, registry=REGISTRY)
    assert result.republished
    assert result.original is not None and result.original.domain == domain


@pytest.mark.parametrize(
    "line",
    [
        # The site shares the copyright: a co-production or a graphic's credit.
        "© dpa/Harbor News",
        "© 2026 AP / harbornews",
        # A parent company's copyright is no licence.
        "© 2026 Bloomberg L.P. All rights reserved.",
        # "distributed by" in a story's own sentences.
        "Food was distributed by the Red Cross.",
        # Cross-posted to somewhere else; a person's story used with permission.
        "This story was cross-posted to our <a href='https://www.facebook.com/harbor'>Facebook "
        "page</a>.",
        "Story by Jane Porter, republished with permission.",
        # A picture's or a chart's permission, and permissions that name no publisher.
        "Photo used with permission from <a href='https://www.theguardian.com/uk-news/2026/jan/"
        "02/fares'>The Guardian</a>.",
        "<figure><img src='a.jpg'><figcaption>The pier. Reproduced with permission of <a href="
        "'https://www.theguardian.com/uk-news/2026/jan/02/fares'>The Guardian</a>.</figcaption>"
        "</figure>",
        "Chart used with permission from <a href='https://www.statista.com/chart/12345/fares/'>"
        "Statista</a>.",
        "The quote is reproduced with permission from the author.",
        # A part of the article reprinted with permission, named mid-sentence.
        "The chart below is used with permission from <a href='https://www.nytimes.com/2026/01/"
        "02/upshot/fares.html'>The New York Times</a>.",
        "Excerpts from the letter are reproduced with permission of <a href='https://www.nytimes"
        ".com/2026/01/02/us/fares.html'>The New York Times</a>, which first obtained it.",
        "The excerpt was reprinted with permission from <a href='https://www.nytimes.com/2026/01/"
        "02/us/fares.html'>The New York Times</a>.",
        "Die Grafik wird mit freundlicher Genehmigung von <a href='https://www.zeit.de/grafik/"
        "faehre'>Zeit Online</a> gezeigt.",
        # Where something the story reports on first appeared: not the story itself.
        "The video first appeared on <a href='https://www.tiktok.com/@user/video/731234567890'>"
        "TikTok</a> last week and spread quickly.",
        "The photo was first published by <a href='https://www.reuters.com/world/fares-2026-01-02/'"
        ">Reuters</a> on Monday.",
        "The letter, which was originally published in <a href='https://www.nytimes.com/2026/01/02"
        "/opinion/fares.html'>The New York Times</a>, drew criticism.",
        "His essay originally ran in <a href='https://www.theatlantic.com/ideas/archive/2026/01/"
        "fares/123456/'>The Atlantic</a> in 2019.",
        "The film is adapted from a story that first appeared in <a href='https://www.newyorker"
        ".com/magazine/1997/10/13/fares'>The New Yorker</a> in 1997.",
        "Video originally published on <a href='https://www.tiktok.com/@user/video/7312345678'>"
        "TikTok</a>.",
        # A source the story cites, a thank-you, a picture's credit.
        "The report is from the <a href='https://www.pewresearch.org/short-reads/2026/01/05/"
        "fares/'>Pew Research Center</a>.",
        "Courtesy of <a href='https://www.harborferries.example/about/history'>Harbor Ferries"
        "</a>, the old timetables were shown at the meeting.",
        "<figure><img src='/ferry.jpg' alt='The ferry'><figcaption>Photo courtesy of <a href="
        "'https://www.reuters.com/world/fares-2026-01-02/'>Reuters</a></figcaption></figure>",
        "<img src='/ferry.jpg' alt='The ferry'></p><p>Courtesy of <a href='https://www.reuters"
        ".com/world/fares-2026-01-02/'>Reuters</a>",
        # ... in other languages: a study, a letter, research the story cites.
        "Según un estudio publicado originalmente en <a href='https://www.nature.com/articles/"
        "s41586-026-01234-5'>Nature</a>, los ferris contaminan menos.",
        "Selon une étude publiée initialement dans <a href='https://www.thelancet.com/journals/"
        "lancet/article/x'>The Lancet</a>, les ferries polluent moins.",
        "Die Studie ist zuerst in <a href='https://www.nature.com/articles/s41586-026-01234-5'>"
        "Nature</a> erschienen.",
        "Uno studio pubblicato originariamente su <a href='https://www.nature.com/articles/"
        "s41586-026-01234-5'>Nature</a> lo mostra.",
        "Um estudo publicado originalmente na <a href='https://www.nature.com/articles/"
        "s41586-026-01234-5'>Nature</a> mostra isso.",
        "Het onderzoek verscheen eerder in <a href='https://www.nature.com/articles/"
        "s41586-026-01234-5'>Nature</a>.",
        # "Continues on" in a story's own sentence, a republishing that names no publisher.
        "The show returns in May, and the story continues on <a href='https://www.netflix.com/"
        "title/81234567'>Netflix</a>.",
        "She said she would continue reading at <a href='https://www.nypl.org/locations/"
        "schwarzman'>the library</a>. Then she left.",
        "We are republishing this article from 2019 because the issue is back.",
        # A social network's post is no licensed article.
        "The post, written by the mayor, appeared first on <a href='https://www.facebook.com/"
        "mayor/posts/123'>Facebook</a> and was shared widely.",
        "The post by the mayor appeared first on <a href='https://www.facebook.com/mayor/posts/"
        "123'>Facebook</a>.",
        "The post office appeared first on the list of closures.",
        # An article describing ProPublica in its own words.
        "<a href='https://www.propublica.org/article/fares'>ProPublica</a> is a nonprofit "
        "investigative newsroom based in New York; it first reported the rise.",
    ],
)
def test_lines_that_credit_no_licensed_copy(line: str) -> None:
    result = extract(_sourced(STORY + f"<p>{line}</p>"), url=HARBOR, registry=REGISTRY)
    assert not result.republished


def test_a_partnership_notice_names_the_partner_not_partnership() -> None:
    line = (
        "This story was originally published in partnership with "
        "<a href='https://www.chalkbeat.org/2026/01/02/fares/'>Chalkbeat</a>."
    )
    result = extract(_sourced(STORY + f"<p>{line}</p>"), url=HARBOR, registry=REGISTRY)
    assert result.original is not None
    assert (result.original.publisher, result.original.domain) == ("Chalkbeat", "chalkbeat.org")
    assert {c.publisher for c in result.credits if c.signal == "notice"} == {"Chalkbeat"}


CIVIL_EATS = "<a href='https://www.civileats.com/2026/01/02/farm-bill/'>Civil Eats</a>"
EL_FARO = "<a href='https://www.elfaro.net/es/202601/tarifas/'>El Faro</a>"
CIVIL = ("Civil Eats", "civileats.com")
FARO = ("El Faro", "elfaro.net")


@pytest.mark.parametrize(
    ("line", "original"),
    [
        # A date between the verb and the publisher.
        (f"Originally published on Jan. 5, 2026 by {CIVIL_EATS}.", CIVIL),
        (f"First published 5 January 2026 in {CIVIL_EATS}.", CIVIL),
        # The publisher's blog or site, in the possessive.
        (f"This post first appeared on {CIVIL_EATS}'s blog.", CIVIL),
        (f"The original version of this story was published by {CIVIL_EATS}.", CIVIL),
        # The piece as a bare noun opening the line, the adverb after the verb, the piece
        # pointed at, and an adaptation of an article.
        (f"Article originally published on {CIVIL_EATS}.", CIVIL),
        (f"Story originally published by {CIVIL_EATS}.", CIVIL),
        (f"This article appeared originally in {CIVIL_EATS}.", CIVIL),
        (f"The article above was originally published by {CIVIL_EATS}.", CIVIL),
        (f"Adapted from an article published by {CIVIL_EATS}.", CIVIL),
        # Other verbs and lines for the same credit.
        (f"This article was first posted on {CIVIL_EATS}.", CIVIL),
        (f"Reposted with permission from {CIVIL_EATS}.", CIVIL),
        (f"This article is reproduced from {CIVIL_EATS} under a Creative Commons license.", CIVIL),
        (f"<em>This article is from {CIVIL_EATS}.</em>", CIVIL),
        (f"This story comes from {EL_FARO}.", FARO),
        (f"Article courtesy of {CIVIL_EATS}.", CIVIL),
        (f"Courtesy of {EL_FARO}.", FARO),
        (f"This essay is adapted from an article that first appeared in {CIVIL_EATS}.", CIVIL),
        # Other languages' word orders and genders.
        (f"Esta nota fue publicada originalmente en {EL_FARO}.", FARO),
        (f"Este texto fue publicado originalmente el 5 de enero de 2026 en {EL_FARO}.", FARO),
        (f"Este reportaje se publicó originalmente en {EL_FARO}.", FARO),
        (f"Cet article a d'abord été publié sur {EL_FARO}.", FARO),
        (f"Publié initialement sur {EL_FARO}.", FARO),
        (f"Dieser Beitrag ist zuerst bei {EL_FARO} erschienen.", FARO),
        (f"Zuerst erschienen bei {EL_FARO}.", FARO),
        (f"Esta reportagem foi publicada originalmente pela {EL_FARO}.", FARO),
        (f"Publicado originalmente em {EL_FARO}.", FARO),
        # Markdown's emphasis pasted as text around the notice.
        (f"_This article first appeared on {CIVIL_EATS}._", CIVIL),
        (f"**Editor's note:** This story was originally published by {CIVIL_EATS}.", CIVIL),
        # The republisher speaking.
        (f"Harbor News is republishing this story from {CIVIL_EATS}.", CIVIL),
        (
            f"We are republishing this article from {EL_FARO} under a Creative Commons license.",
            FARO,
        ),
        # An excerpt that sends its reader on to the rest.
        (f"Continue reading at {CIVIL_EATS}.", CIVIL),
        (f"Story continues on {CIVIL_EATS}.", CIVIL),
        (f"Read the rest of this story at {CIVIL_EATS}.", CIVIL),
        # Yoast SEO's feed footer, kept by a site that copies the feed; labelled sources; an
        # autoblogging plugin's "Source link".
        (
            "The post <a href='https://www.civileats.com/2026/01/02/farm-bill/'>Farm bill: what "
            "changes</a> appeared first on <a href='https://www.civileats.com/'>Civil Eats</a>.",
            CIVIL,
        ),
        (f"Original source: {CIVIL_EATS}", CIVIL),
        (f"Article source: {EL_FARO}", FARO),
        ("<a href='https://grist.org/cities/buses/'>Source link</a>", ("Grist", "grist.org")),
    ],
)
def test_notices_read_the_publisher_in_their_word_orders(
    line: str, original: tuple[str, str]
) -> None:
    result = extract(_sourced(STORY + f"<p>{line}</p>"), url=HARBOR, registry=REGISTRY)
    assert result.original is not None
    assert (result.original.publisher, result.original.domain) == original


def test_a_plain_mention_of_where_an_article_appeared_is_no_notice() -> None:
    # "se publicó en" without "originally" tells of another article, as a story may.
    line = f"El estudio se publicó en {EL_FARO} el año pasado."
    result = extract(_sourced(STORY + f"<p>{line}</p>"), url=HARBOR, registry=REGISTRY)
    assert not result.republished


@pytest.mark.parametrize(
    ("notice", "link_missing"),
    [
        # The Conversation's guidelines accept a link to its front page or to the article.
        (
            "<p class='byline'>Jane Porter, University of Somewhere</p>" + STORY + "<p>This "
            "article is republished from <a href='https://theconversation.com/us'>The "
            "Conversation</a> under a Creative Commons license.</p>",
            False,
        ),
        # Global Voices asks for "a link to the original Global Voices story".
        (
            "<p>This story by Jane Porter originally appeared on <a href='https://globalvoices."
            "org/'>Global Voices</a> on January 2, 2026.</p>" + STORY,
            True,
        ),
        (
            "<p>This story by Jane Porter originally appeared on <a href='https://globalvoices."
            "org/2026/01/02/ferry-fares-rise/'>Global Voices</a> on January 2, 2026.</p>" + STORY,
            False,
        ),
    ],
)
def test_a_front_page_link_serves_the_publishers_that_accept_it(
    notice: str, link_missing: bool
) -> None:
    result = extract(_sourced(notice), url=HARBOR, registry=REGISTRY)
    assert result.republished
    assert ("link" in result.missing) is link_missing


@pytest.mark.parametrize(
    "line",
    [
        "Read more: <a href='https://theconversation.com/fares-rise-123456'>Read&nbsp;the&nbsp;"
        "original article</a>",
        "This article is republished from&nbsp;<a href='https://theconversation.com/fares-rise-"
        "123456'>The&nbsp;Conversation</a> under a Creative Commons license.",
        "<a href='https://theconversation.com/fares-rise-123456'>Read&#160;more</a>",
    ],
)
def test_no_break_spaces_are_spaces(line: str) -> None:
    result = extract(_sourced(STORY + f"<p>{line}</p>"), url=HARBOR, registry=REGISTRY)
    assert result.original is not None
    assert result.original.url == "https://theconversation.com/fares-rise-123456"


def test_a_teaser_card_in_a_sidebar_is_no_credit_even_without_the_pages_url() -> None:
    # Without the page's address a card's headline link cannot be told from the article's
    # own; in site chrome a linked headline is enough to make the excerpt a teaser's.
    card = (
        "<div class='card'><h3><a href='/2026/ferry-strike-ends'>Ferry strike ends after two "
        "weeks of talks</a></h3><p>This story was originally published by <a href='https://"
        "calmatters.org/politics/2026/01/ferries/'>CalMatters</a>.</p></div>"
    )
    for url in (None, HARBOR):
        result = extract(_sourced(STORY, aside=card), url=url, registry=REGISTRY)
        assert not result.republished, url


def test_the_sites_own_copyright_spelled_as_a_name_is_no_credit() -> None:
    # A newsletter on its platform: the footer's holder is the site itself, written out; another
    # holder on the page (an unnamed "All rights reserved") makes the footer read closely.
    page = _page(
        "<title>Agency</title>",
        f"<article><h1>Agency</h1><p class='byline'>By Simon Sarris</p>{STORY}</article>"
        "<div class='footer-wrap'><div class='footer-copyright-blurb'>© 2024 Simon Sarris</div>"
        "<a href='https://simonsarris.com'>simonsarris.com</a></div>"
        "<p>© 2026 All rights reserved.</p>",
    )
    result = extract(page, url="https://simonsarris.substack.com/p/agency", registry=REGISTRY)
    assert [c for c in result.credits if c.signal == "copyright"] == []
    assert result.authors == ("Simon Sarris",)


@pytest.mark.parametrize(
    "aside",
    [
        # A wire's headlines beside the article, its copyright line under them.
        "<div class='widget'><h3>More from AP</h3><ul><li><a href='https://apnews.com/article/"
        "stocks-1'>Stocks rise on jobs data</a></li><li><a href='https://apnews.com/article/"
        "storm-2'>Storm hits the coast</a></li></ul><p>Copyright 2026 The Associated Press."
        "</p></div>",
        # A reader's comment quoting a notice.
        "<div id='comments' class='comments-area'><ol><li class='comment'><p>This story was "
        "originally published by <a href='https://www.propublica.org/article/fares'>ProPublica"
        "</a>, you copied it!</p></li></ol></div>",
    ],
)
def test_a_sidebar_feed_or_a_comment_makes_no_copy(aside: str) -> None:
    page = _page(
        "<title>Ferry fares rise | Harbor News</title>",
        f"<article><h1>Ferry fares rise</h1><p class='byline'>By Jane Porter</p>{STORY}"
        f"</article>{aside}<footer><p>© 2026 Harbor News</p></footer>",
    )
    result = extract(page, url=HARBOR, registry=REGISTRY)
    assert not result.republished
    assert [c.signal for c in result.credits] == ["byline"]


@pytest.mark.parametrize(
    "page",
    [
        # A legal footer that no <footer> tag announces, below a marked-up article.
        _page(
            "<title>Ferry fares rise | Harbor News</title>",
            f"<article><h1>Ferry fares rise</h1><p class='byline'>By Jane Porter</p>{STORY}"
            "</article><div class='legal'><p>© 2026 Harbor Media. All rights reserved.</p>"
            "<p>Copyright 2026 The Associated Press.</p></div>",
        ),
        # On a page with no article markup, a line about all the site's pages.
        _page(
            "<title>Ferry fares rise | Harbor News</title>",
            f"<div><h1>Ferry fares rise</h1><p class='byline'>By Jane Porter</p>{STORY}</div>"
            "<div class='legal'><p>© 2026 Harbor Media. Some content © The Associated Press "
            "and Reuters.</p></div>",
        ),
    ],
)
def test_a_site_wide_copyright_line_makes_no_copy(page: str) -> None:
    result = extract(page, url=HARBOR, registry=REGISTRY)
    assert not result.republished
    assert [c for c in result.credits if c.signal == "copyright"] == []


def test_without_the_pages_url_wire_teasers_are_cards_and_its_own_dateline_is_not() -> None:
    cards = "".join(
        f"<li><h4><a href='/2026/story-{i}'>Senate passes a bill on story number {i}</a></h4>"
        "<p>WASHINGTON (AP) — The Senate voted on Tuesday.</p></li>"
        for i in range(4)
    )
    original = _page(
        "<title>Ferry fares rise</title>",
        f"<article><h1>Ferry fares rise</h1>{STORY}</article><div class='list-box'><ul>{cards}"
        "</ul></div>",
    )
    assert not extract(original, registry=REGISTRY).republished
    # The page's own headline links to itself (older blog themes): its dateline is its own.
    copy = _page(
        "<title>Ferry fares rise</title>",
        f"<article><h1><a href='/2026/ferry-fares-rise'>Ferry fares rise this summer</a></h1>"
        f"<p>WASHINGTON (AP) — {WIRE_STORY}</p>{STORY}</article>",
    )
    result = extract(copy, registry=REGISTRY)
    assert result.original is not None and result.original.domain == "apnews.com"


@pytest.mark.parametrize(
    "picture",
    [
        # A photo agency's copyright under a picture, with no figure or caption to say so.
        "<img src='/ferry.jpg'><span>© AFP</span>",
        "<img src='/ferry.jpg'><p>© Reuters</p>",
        "<div><img src='/ferry.jpg'><div>Copyright: The Associated Press.</div></div>",
        "<p><img src='/ferry.jpg'><br>© AFP 2026</p>",
        "<div class='img'><img src='/ferry.jpg'></div><p>© AFP</p>",
    ],
)
def test_a_photo_agency_s_copyright_under_a_picture_is_the_picture_s(picture: str) -> None:
    result = extract(_sourced(STORY + picture + STORY), url=HARBOR, registry=REGISTRY)
    assert not result.republished
    # The same line standing alone in the article, under no picture, credits the wire.
    alone = picture.replace("<img src='/ferry.jpg'>", "")
    again = extract(_sourced(STORY + alone + STORY), url=HARBOR, registry=REGISTRY)
    assert again.republished


@pytest.mark.parametrize("line", ["Image credit: © 2026 AFP", "Crédit photo : © AFP"])
def test_a_copyright_line_that_credits_a_picture_is_the_picture_s(line: str) -> None:
    result = extract(_sourced(f"{STORY}<p>{line}</p>{STORY}"), url=HARBOR, registry=REGISTRY)
    assert not result.republished


def test_a_wire_s_full_copyright_notice_after_a_picture_is_still_the_story_s() -> None:
    notice = (
        "<p>Copyright 2026 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed.</p>"
    )
    result = extract(
        _sourced(STORY + "<img src='/ferry.jpg'>" + notice), url=HARBOR, registry=REGISTRY
    )
    assert result.original is not None and result.original.domain == "apnews.com"


@pytest.mark.parametrize(
    ("line", "domain"),
    [
        (
            "Lee el artículo original en <a href='https://theconversation.com/es/x-227001'>"
            "The Conversation</a>.",
            "theconversation.com",
        ),
        (
            "Lea la nota completa en <a href='https://www.infobae.com/2026/01/08/x/'>Infobae</a>.",
            "infobae.com",
        ),
        (
            "Leia a matéria original em <a href='https://www.publico.pt/2026/01/08/x'>Público</a>.",
            "publico.pt",
        ),
        (
            "Leggi l'articolo originale su <a href='https://www.repubblica.it/2026/01/08/x/'>"
            "la Repubblica</a>.",
            "repubblica.it",
        ),
        (
            "Den Originalartikel lesen Sie bei <a href='https://www.spiegel.de/x-a-123.html'>"
            "Spiegel</a>.",
            "spiegel.de",
        ),
        # A label of its own line, with a link, as "Source: X" is.
        (
            "Full story: <a href='https://calmatters.org/education/2026/01/ferries/'>CalMatters"
            "</a>",
            "calmatters.org",
        ),
        (
            "Source article: <a href='https://grist.org/cities/ferry-fares/'>Why ferry fares "
            "rose</a>",
            "grist.org",
        ),
        # "Via X" as the line's whole text, linked or naming a registry publisher.
        ("Via <a href='https://grist.org/cities/ferry-fares/'>Grist</a>", "grist.org"),
        ("<em>Via: ProPublica.</em>", "propublica.org"),
        ("(via Reuters)", "reuters.com"),
        ("Vía: <a href='https://www.elfaro.net/es/202601/tarifas/'>El Faro</a>", "elfaro.net"),
        (
            "[via <a href='https://www.acmeherald.example/2026/01/ferry-fares'>Acme Herald</a>]",
            "acmeherald.example",
        ),
    ],
)
def test_a_line_sending_the_reader_to_the_original_credits_it(line: str, domain: str) -> None:
    result = extract(_sourced(f"{STORY}<p>{line}</p>"), url=HARBOR, registry=REGISTRY)
    assert result.original is not None and result.original.domain == domain


@pytest.mark.parametrize(
    "line",
    [
        # "Read also": a link to another story, not a credit.
        "Leia também: <a href='https://www.publico.pt/2026/01/08/y'>Outra notícia</a>",
        "Lee también: <a href='https://elpais.com/2026/01/08/y.html'>Otra noticia</a>",
        "Lea el informe completo en la página del ministerio.",
        # A label with no link names no one.
        "Full story: the council meets again on Friday.",
        # "Via" opening a sentence, or in one, is no credit line; nor is a source the line
        # cannot resolve (a social network, a public body's figures, an unlinked name).
        "Via Reuters, the ministry said on Monday that it would review the fares.",
        "The figures were sent via ProPublica's data desk to every council member.",
        "Via <a href='https://twitter.com/harborferries'>@harborferries</a>",
        "Via U.S. Census Bureau",
        "Via the Harbor Ferry Company",
    ],
)
def test_read_also_lines_and_bare_labels_credit_no_one(line: str) -> None:
    result = extract(_sourced(f"{STORY}<p>{line}</p>"), url=HARBOR, registry=REGISTRY)
    assert not result.republished


@pytest.mark.parametrize(
    "picture",
    [
        "<p><img src='/ferry.jpg' alt='The ferry'></p><p>(via Reuters)</p>",
        "<figure><img src='/ferry.jpg' alt='The ferry'><figcaption>Photo: Jane Doe via "
        "Reuters</figcaption></figure>",
        "<figure><img src='/ferry.jpg' alt='The ferry'><figcaption>(via Reuters)</figcaption>"
        "</figure>",
    ],
)
def test_via_under_a_picture_credits_the_picture(picture: str) -> None:
    result = extract(_sourced(picture + STORY), url=HARBOR, registry=REGISTRY)
    assert not result.republished
    assert all(c.publisher != "Reuters" for c in result.credits)
