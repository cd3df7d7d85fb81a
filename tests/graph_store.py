"""A small synthetic store for the graph tests, written through the Store API only."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest.mock import patch

from attribution.domains import domain_of
from attribution.frontier import normalize_url
from attribution.models import Comparison, Credit, MainText, MatchResult
from attribution.store import Store
from tests.store_pages import html_page_write

#: A page chrome of 200 tags: large enough to count as a template.
TEMPLATE = "".join(f'<div class="nav-{i} menu"><span>x</span></div>' for i in range(100))


def html(body: str = "", *, chrome: str = "") -> bytes:
    """A page with ``chrome`` around an <article> holding ``body``."""
    return (
        f"<!doctype html><html><body><header>{chrome}</header>"
        f"<article><p>{body}</p></article><footer>{chrome}</footer></body></html>"
    ).encode()


class StoreBuilder:
    """Pages, copies and matches added one call at a time."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.crawl_id = self.store.start_crawl([], {})
        self.ids: dict[str, int] = {}

    def page(
        self,
        url: str,
        *,
        title: str | None = None,
        original: str | None = None,
        publisher: str | None = None,
        registry_id: str | None = None,
        missing: Sequence[str] = (),
        credits: Sequence[str] = (),
        trackers: Sequence[str] = (),
        authors: Sequence[str] = (),
        original_authors: Sequence[str] = (),
        body: bytes | None = None,
        site_name: str | None = None,
        at: str = "2026-03-01T10:00:00Z",
    ) -> int:
        """Store one HTML page (a copy of ``original`` when given); returns its id."""
        extraction: dict[str, Any] = {
            "title": title,
            "republished": original is not None,
            "authors": list(authors),
            "original": None,
            "missing": list(missing),
            "tracker_ids": list(trackers),
            "site_name": site_name,
        }
        orig_tuple = None
        if original is not None:
            extraction["original"] = {
                "publisher": publisher,
                "domain": domain_of(original),
                "url": original,
                "authors": list(original_authors),
                "id": None,
                "registry_id": registry_id,
            }
            orig_tuple = (original, normalize_url(original) or original, domain_of(original))
        write = html_page_write(
            url,
            body if body is not None else html(title or ""),
            extraction=extraction,
            credits=tuple(Credit(signal="notice", text=t) for t in credits),
            original=orig_tuple,
        )
        with patch("attribution.store.utc_now", return_value=at):
            page_id, _new = self.store.save_page(self.crawl_id, write)
        self.ids[url] = page_id
        return page_id

    def text(self, url: str, words: int) -> None:
        """Store a main text of ``words`` words for a page."""
        text = MainText(title=None, paragraphs=(" ".join(["word"] * words),))
        self.store.save_texts([(self.ids[url], "h", text, None, (1, True, b"m", b"s", 1))])

    def match(
        self,
        copy: str,
        original: str,
        *,
        relation: str = "credited",
        verdict: str = "verified",
        containment: float = 1.0,
        paragraphs_removed: int = 0,
        title_changed: bool = False,
    ) -> None:
        """Store one match result between two stored pages."""
        comparison = Comparison(
            verdict=verdict,  # type: ignore[arg-type]
            jaccard=containment,
            containment=containment,
            containment_reverse=containment,
            paragraphs_removed=paragraphs_removed,
            paragraphs_added=0,
            paragraphs_changed=0,
            sentences_changed=0,
            title_changed=title_changed,
            links_dropped=0,
            quotes_dropped=0,
            truncated=False,
            diff="- a removed paragraph" if paragraphs_removed else "",
        )
        result = MatchResult(
            copy_url=copy,
            original_url=original,
            relation=relation,  # type: ignore[arg-type]
            verdict=verdict,  # type: ignore[arg-type]
            score=containment,
            jaccard=containment,
            containment=containment,
            confidence=1.0,
            comparison=comparison,
            copy_page_id=self.ids[copy],
            original_page_id=self.ids[original],
        )
        self.store.save_matches([(result, None, None)])

    def close(self) -> None:
        self.store.close()


O1 = "https://theconversation.com/a-story-111"
O2 = "https://www.propublica.org/article/a-story"
C1 = "https://www.copier.example/a"
C2 = "https://www.copier.example/b"
C3 = "https://news.sister-a.example/c"
C4 = "https://www.sister-b.example/d"
U1 = "https://www.farm.example/e"
C5 = "https://www.chain.example/f"
L1 = "https://www.loopa.example/1"
L2 = "https://www.loopb.example/2"
#: The Conversation's own analytics id: on its pages, and on copies that paste its snippet.
CONV_GA = "G-CONV11110A"
PROPUBLICA_GA = "G-PROPUB0001"


def build_small_web(path: Path) -> Path:
    """A store of two originals and their copies: credited, compared, edited, uncredited, a
    copy of a copy, a two-site loop, and two sister sites sharing account ids."""
    b = StoreBuilder(path)
    b.page("https://theconversation.com/", trackers=[CONV_GA])
    b.page(O1, title="A story", authors=["Ann Author"], trackers=[CONV_GA], site_name="TC")
    b.page(O2, title="Another story", authors=["Bo Writer"], trackers=[PROPUBLICA_GA])
    b.page(
        C1,
        title="A story",
        original=O1,
        registry_id="theconversation",
        publisher="The Conversation",
        credits=["This article is republished from The Conversation", "By Ann Author"],
        trackers=[CONV_GA, "G-COPIER0001"],
        site_name="The Copier",
    )
    b.page(
        C2,
        title="Another story",
        original=O2,
        missing=["pixel"],
        site_name="The Copier",
        at="2026-04-01T09:00:00Z",
    )
    b.page(C3, title="A story", original=O1, missing=["author", "link"],
           trackers=["G-SHARED0001", "ca-pub-1234567890123"])  # fmt: skip
    b.page(
        C4, title="A story", original=O1, trackers=["G-SHARED0001", "pub-1234567890123", CONV_GA]
    )
    # An uncredited copy of the whole page, the publisher's analytics tag included.
    b.page(U1, title="Another story, uncredited", trackers=[PROPUBLICA_GA, "G-FARM000001"])
    b.page(C5, title="A story, third hand", original=C1)
    b.page(L1, title="Loop one", original=L2)
    b.page(L2, title="Loop two", original=L1)
    b.match(C1, O1, verdict="verified")
    b.match(C2, O2, verdict="edited", containment=0.8, paragraphs_removed=2, title_changed=True)
    b.match(U1, O2, relation="uncredited", verdict="verified")
    for url, words in ((O1, 400), (O2, 400), (C1, 400), (C2, 300), (U1, 300)):
        b.text(url, words)
    b.close()
    return path
