"""Page sets shared by the benchmarks: the bundled samples, the real corpus, synthetic pages.

The real corpus (``../shared/corpus/real`` beside the repository, or a folder given with
``--corpus``) is third-party content: it is read at run time and never copied into the project.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_WEB = REPO_ROOT / "samples" / "web"
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "real"


def trafilatura_missing() -> str | None:
    """None when trafilatura can be imported, else why not (not installed, or one of its own
    imports fails: lxml 6.1 no longer pulls in lxml_html_clean), with how to install it."""
    try:
        import trafilatura  # noqa: F401
    except ImportError as error:
        return f"trafilatura cannot be imported ({error}); pip install -e '.[bench]'"
    return None


@dataclass(frozen=True, slots=True)
class Page:
    """One saved page: a short name for reports, its URL (or None) and its raw bytes."""

    name: str
    url: str | None
    html: bytes


def sample_url(path: Path) -> str:
    """The URL of a sample page, as samples/README.md lays them out."""
    rel = path.relative_to(SAMPLES_WEB)
    host, *parts = rel.parts
    if parts == ["index.html"]:
        return f"https://{host}/"
    return f"https://{host}/" + "/".join(parts).removesuffix(".html")


def sample_pages() -> list[Page]:
    """Every ``samples/web/**/*.html`` page with the URL it is served at."""
    return [
        Page(name=str(p.relative_to(SAMPLES_WEB)), url=sample_url(p), html=p.read_bytes())
        for p in sorted(SAMPLES_WEB.rglob("*.html"))
    ]


def find_corpus(given: str | None) -> Path | None:
    """The real corpus folder (one holding labels.jsonl), or None when it is not there."""
    folder = Path(given) if given else DEFAULT_CORPUS
    return folder if (folder / "labels.jsonl").is_file() else None


def load_labels(corpus: Path) -> list[dict[str, Any]]:
    """The corpus labels, one dict per page, in file order."""
    with (corpus / "labels.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def corpus_pages(corpus: Path) -> list[Page]:
    """Every labelled page of the real corpus (ambiguous ones included: speed does not care)."""
    return [
        Page(name=row["file"], url=row.get("url"), html=(corpus / row["file"]).read_bytes())
        for row in load_labels(corpus)
    ]


# --- synthetic large pages ------------------------------------------------------------------

_VOCABULARY = (
    "council budget water district report hearing residents federal agency data county "
    "investigation records school board analysis officials the of and to in a for that on "
    "with said was were has have by from at this would could million percent year state"
)
_WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."


def synthetic_page(index: int, *, target_kb: int, seed: int = 1) -> Page:
    """A news article page of about ``target_kb`` KB, built like a heavy real one.

    Most of the weight is where real pages carry it: inline scripts and JSON state, mega-menu
    navigation, teaser lists and footers; the article itself is a few KB with a byline and a
    republishing credit, so the extractor has real work to do.
    """
    rng = random.Random(seed * 10_000 + index)
    host = f"www.synthetic{index:02d}.example"
    url = f"https://{host}/news/2026/03/article-{index}"
    head = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Synthetic article {index}</title>",
        f"<link rel='canonical' href='{url}'>",
        f"<meta property='og:url' content='{url}'>",
        "<meta property='og:site_name' content='Synthetic Daily'>",
        "<meta name='author' content='Jane Example'>",
        "<script async src='https://www.googletagmanager.com/gtag/js?id=G-ABC123XYZ'></script>",
        "<script type='application/ld+json'>"
        + json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": f"Synthetic article {index}",
                "author": [{"@type": "Person", "name": "Jane Example"}],
                "publisher": {"@type": "Organization", "name": "Synthetic Daily"},
            }
        )
        + "</script>",
    ]
    nav = ["<header><nav class='mega-menu'><ul>"]
    for section in range(40):
        nav.append(f"<li><a href='/section-{section}'>Section {section}</a><ul>")
        nav.extend(
            f"<li><a href='/section-{section}/topic-{t}'>{_sentence(rng, 3)}</a></li>"
            for t in range(25)
        )
        nav.append("</ul></li>")
    nav.append("</ul></nav></header>")
    body = [
        "<main><article>",
        f"<h1>Synthetic article {index}</h1>",
        "<p class='byline'>By <a href='/authors/jane-example'>Jane Example</a></p>",
    ]
    body.extend(f"<p>{_sentence(rng, rng.randint(15, 40))}</p>" for _ in range(30))
    body.append(
        "<p><em>This article was originally published on "
        "<a href='https://theconversation.com/synthetic-article-123456'>The Conversation</a>. "
        "Read the <a href='https://theconversation.com/synthetic-article-123456'>original "
        "article</a>.</em></p></article>"
    )
    teasers = ["<aside class='related'>"]
    teasers.extend(
        f"<div class='teaser'><a href='/news/teaser-{t}'><img src='/img/{t}.jpg' alt=''>"
        f"<span>{_sentence(rng, 8)}</span></a></div>"
        for t in range(60)
    )
    teasers.append("</aside></main>")
    parts = [*head, "</head><body>", *nav, *body, *teasers]
    size = sum(len(p) for p in parts)
    # Fill the rest with what bloats real pages: inline app state and tracking scripts.
    chunk = 0
    while size < target_kb * 1024:
        blob = json.dumps(
            {f"k{chunk}_{i}": _sentence(rng, 12) for i in range(200)}, separators=(",", ":")
        )
        script = f"<script>window.__STATE_{chunk}__={blob};</script>"
        parts.append(script)
        size += len(script)
        chunk += 1
    parts.append("<footer>" + "".join(f"<a href='/f/{i}'>Link {i}</a>" for i in range(300)))
    parts.append("</footer></body></html>")
    return Page(name=f"synthetic/{host}.html", url=url, html="".join(parts).encode("utf-8"))


def synthetic_pages(count: int = 20, *, seed: int = 1) -> list[Page]:
    """``count`` synthetic pages of 300 to 800 KB, the same for the same seed."""
    rng = random.Random(seed)
    return [synthetic_page(i, target_kb=rng.randint(300, 800), seed=seed) for i in range(count)]
