"""The HTML report: one self-contained file, checked as text and in a real headless Chromium.

The pure-Python tests read the file itself (no external resources, hostile data stays data). The
browser tests open it from file:// in Debian's Chromium driven by playwright and use the page as
a person would: they click a node with the mouse, drag, zoom, sort a column, filter a table,
open an outlet's detail, and take a screenshot. They skip with the reason where no browser is
installed (``.ci/run`` installs one).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from attribution.domains import domain_of
from attribution.report.html import _headline, embed_json, render_html
from tests.browser import CHROMIUM_ARGS, find_chromium, open_page, pixel_stats, skip_reason
from tests.report_fixtures import make_report

HOSTILE = '</script><img src=x onerror="window.pwned=1"><!-- & </style>'
READY = "body[data-ready='1']"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> block."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


def data_block(tags: Tags) -> dict[str, Any]:
    index = next(
        i
        for i, (tag, attrs) in enumerate(t for t in tags.tags if t[0] == "script")
        if attrs.get("type") == "application/json"
    )
    loaded: dict[str, Any] = json.loads(tags.scripts[index])
    return loaded


# ---------------------------------------------------------------- the file itself


def test_one_file_with_no_external_resources() -> None:
    report = make_report(30)
    page = render_html(report)
    tags = parse(page)
    for tag, attrs in tags.tags:
        assert "src" not in attrs, f"<{tag}> loads {attrs['src']}"
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#") or href == "data:,", f"<{tag} href={href}>"
        if tag == "link":
            assert attrs.get("rel") == "icon", attrs
    # The only http(s) URLs in the file are the article links inside the data block.
    outside = page.replace(embed_json(report), "")
    assert not re.search(r"https?://", outside), re.search(r".{40}https?://.{40}", outside)
    assert data_block(tags) == report
    assert [a for t, a in tags.tags if t == "script" and "type" not in a] == [{}]
    # The policy forbids any fetch and allows exactly the inlined script and style.
    csp = next(
        a["content"] for t, a in tags.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_hostile_strings_stay_data() -> None:
    report = make_report(30, hostile=HOSTILE)
    report["articles"][0]["copy_url"] = "javascript:window.pwned=1"
    page = render_html(report)
    tags = parse(page)
    assert [t for t, _ in tags.tags].count("script") == 2
    assert "img" not in [t for t, _ in tags.tags]
    assert page.count("</script>") == 2
    assert "<img" not in page and "<!-- &" not in page
    assert data_block(tags) == report  # the escapes decode back to the very same strings


def test_the_same_report_renders_the_same_file() -> None:
    assert render_html(make_report(25)) == render_html(make_report(25))
    assert render_html(make_report(25)) != render_html(make_report(25, seed=8))


def test_bad_report_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="schema"):
        render_html({"schema": "something-else/9"})
    report = make_report(10)
    report["headline"]["compliance"] = math.nan
    with pytest.raises(ValueError, match="JSON"):
        render_html(report)


def test_headline_and_text_alternative_need_no_script() -> None:
    report = make_report(40)
    page = render_html(report)
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))
    assert figures["Copies found"] == f"{report['headline']['copies']:,}"
    assert figures["Uncredited"] == f"{report['headline']['uncredited']:,}"
    largest = min(report["network"]["nodes"], key=lambda n: (-n["articles"] - n["copies"], n["id"]))
    alt = page[page.index('id="network-alt-heading"') :]
    assert f"({largest['id']})" in alt[: alt.index("</li>")]


# ---------------------------------------------------------------- in the browser

SKIP = skip_reason()
browser_only = pytest.mark.skipif(SKIP is not None, reason=SKIP or "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if SKIP is not None:
        pytest.skip(SKIP)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def write(tmp: Path, report: dict[str, Any], name: str = "report.html") -> str:
    path = tmp / name
    path.write_text(render_html(report), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    report = make_report(60, hostile=HOSTILE)
    report["articles"][0]["copy_url"] = "javascript:window.pwned=1"
    return report, write(tmp_path_factory.mktemp("html"), report)


@pytest.fixture
def page(browser: Any, small: tuple[dict[str, Any], str]) -> Iterator[tuple[Any, Any]]:
    _, url = small
    opened, log = open_page(browser, url)
    opened.wait_for_selector(READY, timeout=60_000)
    yield opened, log
    opened.close()


def node_centre(page: Any, node_id: str) -> tuple[float, float]:
    page.locator("#network").scroll_into_view_if_needed()
    pos = page.evaluate("id => window.attributionReport.nodeAt(id)", node_id)
    assert pos is not None
    return pos["x"], pos["y"]


def clear_node(page: Any, report: dict[str, Any], *, exclude: str) -> str:
    """A node no other node covers on screen, so the mouse over its centre hits it alone."""
    ids = [n["id"] for n in report["network"]["nodes"]]
    spots = page.evaluate("ids => ids.map(id => window.attributionReport.nodeAt(id))", ids)
    for node_id, spot in zip(ids, spots, strict=True):
        if node_id == exclude:
            continue
        if all(
            math.dist((spot["x"], spot["y"]), (o["x"], o["y"])) > o["r"] + spot["r"] + 4
            for other_id, o in zip(ids, spots, strict=True)
            if other_id != node_id
        ):
            return node_id
    raise AssertionError("every node overlaps another")


def biggest(report: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = max(
        report["network"]["nodes"], key=lambda n: (n["articles"] + n["copies"], n["id"])
    )
    return node


@browser_only
def test_loads_clean_offline_with_every_node(
    page: tuple[Any, Any], small: tuple[dict[str, Any], str]
) -> None:
    report, url = small
    opened, log = page
    assert log.errors == []
    assert log.console_errors() == []
    assert log.requests == [url], "the page asked for something besides itself"
    canvas = opened.locator("#network")
    assert canvas.get_attribute("data-nodes") == str(len(report["network"]["nodes"]))
    assert canvas.get_attribute("data-edges") == str(len(report["network"]["edges"]))
    assert opened.evaluate("window.pwned") is None
    # The hostile label is shown as text, verbatim.
    hostile_node = next(n for n in report["network"]["nodes"] if HOSTILE in n["label"])
    opened.evaluate("id => window.attributionReport.selectNode(id)", hostile_node["id"])
    assert HOSTILE in opened.locator("#node-panel").inner_text()
    # A javascript: URL in the data never becomes a link.
    assert opened.locator("a[href^='javascript:']").count() == 0
    for link in opened.locator("#articles-table a").all()[:20]:
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert link.get_attribute("target") == "_blank"


@browser_only
def test_click_on_a_node_shows_its_figures(
    page: tuple[Any, Any], small: tuple[dict[str, Any], str]
) -> None:
    report, _ = small
    opened, _ = page
    node = biggest(report)
    x, y = node_centre(opened, node["id"])
    opened.mouse.click(x, y)
    panel = opened.locator("#node-panel")
    assert panel.get_attribute("data-node") == node["id"]
    text = panel.inner_text()
    assert node["label"] in text
    assert f"Copies of its articles\n{node['copies']:,}" in text
    assert f"Articles republished\n{node['articles']:,}" in text
    # Hovering another node previews it; leaving the picture goes back to the clicked one.
    opened.evaluate("() => window.attributionReport.fit()")
    other = clear_node(opened, report, exclude=node["id"])
    ox, oy = node_centre(opened, other)
    opened.mouse.move(ox, oy)
    assert panel.get_attribute("data-node") == other
    opened.mouse.move(5, 5)  # the page's corner, outside the picture
    assert panel.get_attribute("data-node") == node["id"]
    # A click on empty canvas clears the selection.
    box = opened.locator("#network").bounding_box()
    opened.mouse.move(box["x"] + 2, box["y"] + 2)
    opened.mouse.click(box["x"] + 2, box["y"] + 2)
    assert "No outlet selected" in panel.inner_text()


@browser_only
def test_drag_pans_and_wheel_zooms(
    page: tuple[Any, Any], small: tuple[dict[str, Any], str]
) -> None:
    report, _ = small
    opened, _ = page
    node_id = biggest(report)["id"]
    opened.locator("#network").scroll_into_view_if_needed()
    before = opened.evaluate("id => window.attributionReport.nodeAt(id)", node_id)
    box = opened.locator("#network").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    opened.mouse.move(cx + 3, cy + 5)
    opened.mouse.down()
    opened.mouse.move(cx + 60, cy + 45, steps=5)
    opened.mouse.up()
    after = opened.evaluate("id => window.attributionReport.nodeAt(id)", node_id)
    assert after["x"] - before["x"] == pytest.approx(57, abs=1)
    assert after["y"] - before["y"] == pytest.approx(40, abs=1)
    opened.mouse.move(after["x"], after["y"])
    opened.mouse.wheel(0, -400)
    opened.wait_for_function(
        "([id, r]) => window.attributionReport.nodeAt(id).r > r * 1.5", arg=[node_id, after["r"]]
    )
    zoomed = opened.evaluate("id => window.attributionReport.nodeAt(id)", node_id)
    # Zooming at the cursor keeps the point under it in place.
    assert zoomed["x"] == pytest.approx(after["x"], abs=2)
    # The keyboard works too: with the picture focused, - zooms out and 0 fits it again.
    opened.locator("#network").focus()
    opened.keyboard.press("-")
    opened.wait_for_function(
        "([id, r]) => window.attributionReport.nodeAt(id).r < r", arg=[node_id, zoomed["r"]]
    )
    opened.keyboard.press("0")
    opened.wait_for_function(
        "([id, r]) => Math.abs(window.attributionReport.nodeAt(id).r - r) < 0.01",
        arg=[node_id, before["r"]],
    )


@browser_only
def test_sorting_a_column_reorders_rows_and_filter_narrows(
    page: tuple[Any, Any], small: tuple[dict[str, Any], str]
) -> None:
    report, _ = small
    opened, _ = page
    table = opened.locator("#republishers-table table")
    header = table.locator("th", has_text="Uncredited")
    col = [h.strip() for h in table.locator("thead th").all_inner_texts()].index("Uncredited")

    def column() -> list[int]:
        cells = table.locator(f"tbody tr td:nth-child({col + 1})").all_inner_texts()
        return [int(c.replace(",", "")) for c in cells]

    original = column()
    assert original == [r["uncredited"] for r in report["republishers"]]
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    expected = sorted((r["uncredited"] for r in report["republishers"]), reverse=True)
    assert column() == expected
    assert column() != original
    # Keyboard: the header is a button, so Enter on it sorts the other way.
    header.locator("button").focus()
    opened.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    assert column() == sorted(expected)

    target = report["republishers"][3]["domain"]
    opened.fill("#republishers-table-filter", target)
    rows = table.locator("tbody tr")
    assert rows.count() == 1
    assert target in rows.first.inner_text()


@browser_only
def test_outlet_detail_shows_each_article_with_evidence(
    page: tuple[Any, Any], small: tuple[dict[str, Any], str]
) -> None:
    report, _ = small
    opened, _ = page
    outlet = report["republishers"][0]["domain"]
    mine = [a for a in report["articles"] if a["copy_domain"] == outlet]
    opened.evaluate("id => window.attributionReport.selectNode(id)", outlet)
    opened.locator("#node-panel button", has_text="Show its articles").click()
    detail = opened.locator("#detail")
    cards = detail.locator("article")
    copies = [a for a in report["articles"] if a["original_domain"] == outlet]
    assert cards.count() == len(mine) + len(copies)
    first = cards.first.inner_text()
    article = mine[0]
    for evidence in article["evidence"]:
        assert evidence in first
    assert (", ".join(article["missing"]) or "nothing") in first
    assert (article["verdict"] or "not compared") in first
    if article["diff"]:
        assert article["diff"] in first
    original = cards.first.locator(f"a[href='{article['original_url']}']")
    assert original.get_attribute("rel") == "noopener noreferrer"
    # Typed as a URL with www., the outlet is still found.
    other = report["republishers"][1]["domain"]
    opened.fill("#detail-outlet", f"https://www.{other}/some/story?x=1")
    opened.press("#detail-outlet", "Enter")
    assert f"({other})" in detail.locator("h3").inner_text()
    assert detail.locator("article").count() == sum(
        1 for a in report["articles"] if other in (a["copy_domain"], a["original_domain"])
    )


@browser_only
def test_a_report_narrowed_to_one_outlet_opens_on_it(browser: Any, tmp_path: Path) -> None:
    report = make_report(20)
    outlet = report["republishers"][0]["domain"]
    report["scope"] = {"outlet": outlet, "publisher": None}
    opened, log = open_page(browser, write(tmp_path, report))
    opened.wait_for_selector(READY, timeout=60_000)
    assert outlet in opened.title()
    assert opened.locator("#node-panel").get_attribute("data-node") == outlet
    mine = [a for a in report["articles"] if outlet in (a["copy_domain"], a["original_domain"])]
    assert opened.locator("#detail article").count() == len(mine)
    assert log.errors == [] and log.console_errors() == []
    opened.close()


def test_scope_in_the_title_is_escaped() -> None:
    report = make_report(5)
    report["scope"] = {"outlet": HOSTILE, "publisher": None}
    page = render_html(report)
    assert "<img" not in page
    assert "<title>Attribution report: &lt;/script&gt;&lt;img" in page


@browser_only
def test_an_empty_store_gives_an_empty_but_working_page(browser: Any, tmp_path: Path) -> None:
    empty = {
        "schema": "attribution-report/1",
        "generated_at": "2026-01-02T03:04:05Z",
        "db": "empty.db",
        "headline": dict.fromkeys(
            ("outlets", "pages", "articles", "copies", "credited", "uncredited"), 0
        )
        | {"edited": 0, "verified": 0, "compliant": 0, "compliance": None},
        "publishers": [],
        "republishers": [],
        "clusters": [],
        "network": {"nodes": [], "edges": []},
        "articles": [],
        "worst": [],
    }
    opened, log = open_page(browser, write(tmp_path, empty))
    opened.wait_for_selector(READY, timeout=60_000)
    assert opened.locator("#network").get_attribute("data-nodes") == "0"
    assert opened.locator("#articles-table").inner_text().count("0 rows") == 1
    assert log.errors == [] and log.console_errors() == []
    opened.close()


@browser_only
def test_screenshot_is_not_blank(page: tuple[Any, Any], tmp_path: Path) -> None:
    opened, _ = page
    shot = opened.locator("#network").screenshot(path=str(tmp_path / "network.png"))
    colours, drawn = pixel_stats(shot)
    assert colours > 20, "the picture has almost no colours"
    assert drawn > 0.02, f"only {drawn:.1%} of the picture differs from the background"
    full = opened.screenshot(full_page=False)
    assert pixel_stats(full)[0] > 20


@browser_only
def test_the_same_report_lays_out_the_same(browser: Any, small: tuple[dict[str, Any], str]) -> None:
    report, url = small
    ids = [n["id"] for n in report["network"]["nodes"][:10]]
    positions = []
    for _ in range(2):
        opened, _ = open_page(browser, url)
        opened.wait_for_selector(READY, timeout=60_000)
        positions.append(
            opened.evaluate("ids => ids.map(id => window.attributionReport.nodeAt(id))", ids)
        )
        opened.close()
    assert positions[0] == positions[1]
    assert len({(p["x"], p["y"]) for p in positions[0]}) == len(ids)


@browser_only
@pytest.mark.slow
def test_three_thousand_nodes_render_and_respond(browser: Any, tmp_path: Path) -> None:
    report = make_report(3000, max_articles_per_edge=2)
    url = write(tmp_path, report)
    opened, log = open_page(browser, url)
    # A functional bound, not a timing assertion: the page must finish, not finish fast.
    opened.wait_for_selector(READY, timeout=120_000)
    assert opened.locator("#network").get_attribute("data-nodes") == "3000"
    node = biggest(report)
    x, y = node_centre(opened, node["id"])
    opened.mouse.click(x, y)
    assert opened.locator("#node-panel").get_attribute("data-node") == node["id"]
    assert log.errors == [] and log.console_errors() == []
    assert log.requests == [url]
    opened.close()


# ---------------------------------------------------------------- end to end


@browser_only
@pytest.mark.slow
def test_demo_report_in_the_browser(browser: Any, tmp_path: Path) -> None:
    """The real demo (loopback crawl of the sample web, store, match, report), then its file."""

    # A subprocess: playwright's sync API keeps an event loop running in this one, and the
    # crawl starts its own.
    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "attribution", *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    cli("demo", "--out", str(tmp_path))
    db = tmp_path / "attribution.db"
    report = json.loads(cli("report", "--db", str(db), "--format", "json"))
    with sqlite3.connect(db) as conn:
        # The store's outlets: the sites crawled, and the sites their copies copy without
        # being crawled: the original article's site when its URL is known (a member of the
        # network the registry names, such as a States Newsroom outlet), else the publisher
        # credited (a wire service named by a dateline only).
        sites = {d for (d,) in conn.execute("SELECT domain FROM pages WHERE domain IS NOT NULL")}
        originals = conn.execute(
            "SELECT original_url, original_domain FROM extractions WHERE republished"
        ).fetchall()
    sites |= {domain_of(u) if u else d for u, d in originals if u or d}
    crawled = len(sites)
    url = (tmp_path / "report.html").as_uri()
    opened, log = open_page(browser, url)
    opened.wait_for_selector(READY, timeout=60_000)
    assert log.errors == [] and log.console_errors() == []
    assert log.requests == [url]
    # As many nodes as the store has outlets.
    assert int(opened.locator("#network").get_attribute("data-nodes")) == crawled
    assert crawled == len(report["network"]["nodes"]) == report["headline"]["outlets"]
    # A click on the biggest outlet shows its figures.
    node = biggest(report)
    x, y = node_centre(opened, node["id"])
    opened.mouse.click(x, y)
    panel = opened.locator("#node-panel")
    assert panel.get_attribute("data-node") == node["id"]
    assert f"Copies of its articles\n{node['copies']:,}" in panel.inner_text()
    # The sister sites of the News Daily family share one operator outline.
    family = next(c for c in report["clusters"] if "newsdaily.example" in c["domains"])
    opened.evaluate("id => window.attributionReport.selectNode(id)", "newsdaily.example")
    sisters = opened.locator("#node-panel").inner_text()
    for domain in family["domains"]:
        assert domain in sisters
    # News Daily's copy of The Conversation's article, with the credit text found on it.
    opened.evaluate("id => window.attributionReport.showDetail(id)", "newsdaily.example")
    detail = opened.locator("#detail").inner_text()
    assert "Written by The Conversation" in detail
    assert "theconversation.com" in detail
    colours, drawn = pixel_stats(opened.locator("#network").screenshot())
    assert colours > 20 and drawn > 0.01
    opened.close()


def test_the_headline_shows_pages_not_read_only_when_there_are_some() -> None:
    figures = {"outlets": 3, "pages": 9, "compliance": None}
    assert "Pages not read" not in _headline(
        {**figures, "unread": {"not_fetched": 0, "not_text": 0, "stopped": 0}}
    )
    shown = _headline({**figures, "unread": {"not_fetched": 2, "not_text": 1, "stopped": 1}})
    assert "<dt>Pages not read</dt><dd>4</dd>" in shown
