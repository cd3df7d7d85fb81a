"""URL normalisation, what is never requested, trap guards and per-host politeness."""

from __future__ import annotations

import asyncio
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attribution.frontier import (
    Frontier,
    FrontierItem,
    TrapGuard,
    normalize_url,
    refusal,
    shape_run,
    url_shape,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG/a", "https://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://user:pw@example.org/a", "https://example.org/a"),
        ("https://example.org/a?utm_source=x&utm_medium=y", "https://example.org/a"),
        ("https://example.org/a?id=2&fbclid=abc&gclid=1", "https://example.org/a?id=2"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://example.org./a", "https://example.org/a"),
        ("ftp://example.org/a", None),
        ("mailto:someone@example.org", None),
        ("/relative/path", None),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ],
)
def test_normalize_url(url: str, expected: str | None) -> None:
    assert normalize_url(url) == expected


@given(
    st.sampled_from(["http", "https", "HTTP"]),
    st.sampled_from(["example.org", "News.Example", "a.b.example"]),
    st.text(alphabet="abc/-_.~%20é ", max_size=20),
    st.dictionaries(
        st.sampled_from(["id", "page", "utm_source", "q"]), st.text("xyz1", max_size=3)
    ),
)
def test_normalize_url_is_idempotent(
    scheme: str, host: str, path: str, query: dict[str, str]
) -> None:
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    url = f"{scheme}://{host}/{path}" + (f"?{qs}" if qs else "")
    once = normalize_url(url)
    assert once is not None
    assert normalize_url(once) == once


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://counter.theconversation.com/content/123/count.gif?distributor=x", "beacon"),
        ("https://pixel.propublica.org/pixel.gif?id=1", "beacon"),
        ("https://example.org/story?republication-pixel=true&post=9", "beacon"),
        ("https://republish.groundup.org.za/counter/?id=5", "beacon"),
        ("https://www.google-analytics.com/collect?v=1", "beacon"),
        ("https://stats.example.org/pixel", "beacon"),
        ("https://example.org/wp-content/themes/x/app.js", "asset"),
        ("https://example.org/style.CSS", "asset"),
        ("https://example.org/logo.png", "asset"),
        ("https://example.org/photo.jpeg?w=300", "asset"),
        ("https://example.org/report.pdf", "asset"),
        ("https://example.org/news/counter-terrorism-story", None),
        ("https://example.org/2026/03/pixel-art-exhibition", None),
        ("https://example.org/sitemap.xml", None),
        ("https://example.org/story.html", None),
        ("https://theconversation.com/coral-123456", None),
    ],
)
def test_refusal_of_beacons_and_assets(url: str, reason: str | None) -> None:
    assert refusal(url) == reason


def test_refusal_takes_registry_pixel_patterns() -> None:
    import re

    pattern = re.compile(r"tracker\.example\.net/hit", re.I)
    assert refusal("https://tracker.example.net/hit?x=1", extra_patterns=[pattern]) == "beacon"


def test_trap_guard_ends_runs_of_one_shape_found_on_each_other() -> None:
    guard = TrapGuard(max_length=200, max_run=3)
    parent = FrontierItem(url="https://e.org/calendar?month=0")
    runs = []
    for month in range(1, 6):
        url = f"https://e.org/calendar?month={month}"
        run = guard.check(url, parent)
        runs.append(run)
        if run is None:
            break
        parent = FrontierItem(url=url, shape_run=run)
    assert runs == [1, 2, 3, None]


def test_trap_guard_lets_numeric_article_ids_through_from_section_pages() -> None:
    guard = TrapGuard(max_length=200, max_run=3)
    section = FrontierItem(url="https://e.org/news")
    assert all(guard.check(f"https://e.org/news/{n}", section) == 0 for n in range(500))


def test_shape_run_is_recounted_from_the_stored_parents() -> None:
    guard = TrapGuard(max_length=2048, max_run=5)
    items: list[FrontierItem] = [_item("https://a.example/calendar?month=0")]
    for month in range(1, 5):
        url = f"https://a.example/calendar?month={month}"
        run = guard.check(url, items[-1])
        assert run is not None
        items.append(FrontierItem(url=url, parent=items[-1].url, shape_run=run))
    article = FrontierItem(url="https://a.example/news/7", parent=items[-1].url)
    parents = {i.url: i.parent for i in [*items, article]}
    # What the guard counted while crawling, a resume recounts from the frontier alone.
    assert [shape_run(i.url, parents, limit=5) for i in items] == [i.shape_run for i in items]
    assert shape_run(article.url, parents, limit=5) == 0  # another shape starts afresh
    assert shape_run(items[-1].url, parents, limit=2) == 3  # counting stops past the limit
    looped = {
        "https://a.example/p/1": "https://a.example/p/2",
        "https://a.example/p/2": "https://a.example/p/1",
    }
    assert shape_run("https://a.example/p/1", looped, limit=50) == 1


def test_trap_guard_refuses_long_and_self_repeating_urls() -> None:
    guard = TrapGuard(max_length=60, max_run=100)
    assert guard.check("https://e.org/" + "a" * 80) is None
    assert guard.check("https://e.org/x/y/x/y/x/y") is None


def test_url_shape_masks_digits_and_query_values() -> None:
    assert url_shape("https://e.org/2026/03/p?month=4&y=1") == "e.org/#/#/p?month&y"


def _item(url: str) -> FrontierItem:
    return FrontierItem(url=url)


def test_frontier_keeps_per_host_limit() -> None:
    async def main() -> None:
        frontier = Frontier(per_host=1, delay=0)
        for n in range(3):
            frontier.add(_item(f"https://a.example/{n}"))
        first = await frontier.get()
        assert first is not None and first.url == "https://a.example/0"
        # Host a has its one slot taken: nothing more is handed out until it is released.
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(frontier.get(), 0.05)
        frontier.release(first)
        second = await frontier.get()
        assert second is not None and second.url == "https://a.example/1"

    asyncio.run(main())


def test_frontier_serves_other_hosts_while_one_waits_for_its_delay() -> None:
    async def main() -> list[str]:
        frontier = Frontier(per_host=1, delay=30)
        frontier.add(_item("https://a.example/1"))
        frontier.add(_item("https://a.example/2"))
        frontier.add(_item("https://b.example/1"))
        got = []
        for _ in range(2):
            item = await frontier.get()
            assert item is not None
            frontier.release(item)
            got.append(item.url)
        return got

    assert asyncio.run(main()) == ["https://a.example/1", "https://b.example/1"]


def test_frontier_waits_the_delay_between_requests_to_one_host() -> None:
    async def main() -> float:
        frontier = Frontier(per_host=2, delay=0.2, jitter=0.0)
        frontier.add(_item("https://a.example/1"))
        frontier.add(_item("https://a.example/2"))
        first = await frontier.get()
        started = time.monotonic()
        second = await frontier.get()
        assert first is not None and second is not None
        return time.monotonic() - started

    assert asyncio.run(main()) >= 0.15


def test_frontier_crawl_delay_raises_the_host_delay() -> None:
    frontier = Frontier(per_host=1, delay=0.5)
    frontier.set_delay("a.example", 5)
    frontier.set_delay("a.example", 1)  # never lowered below what robots.txt asked
    assert frontier._hosts["a.example"].delay == 5


def test_frontier_ends_when_empty_and_nothing_in_flight() -> None:
    async def main() -> None:
        frontier = Frontier(per_host=1, delay=0)
        frontier.add(_item("https://a.example/1"))
        item = await frontier.get()
        assert item is not None
        waiter = asyncio.create_task(frontier.get())
        await asyncio.sleep(0)
        # The page in flight may still add links: the waiter gets them.
        frontier.add(_item("https://a.example/2"))
        frontier.release(item)
        follow = await waiter
        assert follow is not None and follow.url == "https://a.example/2"
        frontier.release(follow)
        assert await frontier.get() is None

    asyncio.run(main())


def test_frontier_waits_for_held_pages_before_ending() -> None:
    async def main() -> None:
        frontier = Frontier(per_host=1, delay=0)
        frontier.add(_item("https://a.example/1"))
        item = await frontier.get()
        assert item is not None
        # Released, but its writes (and its links) wait for a commit: the crawl is not over.
        frontier.hold()
        frontier.release(item)
        waiter = asyncio.create_task(frontier.get())
        await asyncio.sleep(0.01)
        assert not waiter.done()
        frontier.add(_item("https://a.example/2"))  # the commit queues the page's link...
        frontier.settle()
        follow = await waiter  # ...which the waiting worker gets
        assert follow is not None and follow.url == "https://a.example/2"
        frontier.release(follow)
        frontier.hold()
        ender = asyncio.create_task(frontier.get())
        await asyncio.sleep(0.01)
        assert not ender.done()
        frontier.settle()  # committed, no new links: now it is over
        assert await ender is None

    asyncio.run(main())


def test_closed_frontier_hands_out_nothing() -> None:
    async def main() -> None:
        frontier = Frontier(per_host=1, delay=0)
        frontier.add(_item("https://a.example/1"))
        frontier.close()
        assert await frontier.get() is None
        assert frontier.queued == 1

    asyncio.run(main())
