"""Property tests: whatever bytes or text `extract` is given, no exception escapes.

The only error allowed is :class:`DecodeError`, for input that is empty or binary. Every result
keeps the output contract (signal kinds, credit elements, a copy names its original) and is
JSON-serialisable through ``to_dict()``.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.domains import domain_of, unwrap_url, without_tracking
from attribution.errors import DecodeError
from attribution.extract import extract
from attribution.extract.dates import to_iso8601
from attribution.models import CREDIT_ELEMENTS, SIGNAL_KINDS, Extraction
from attribution.registry import load_registry

REGISTRY = load_registry()
SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "web"
# A spread of real sample pages: copies of several publishers, an original, non-English pages.
PAGES = [
    (SAMPLES / path).read_bytes()
    for path in (
        "www.coastalcourier.example/2026/02/24/why-teenagers-cant-fall-asleep-before-midnight.html",
        "www.lakeshorecourier.example/news/2026/03/05/nursing-home-inspections-years-behind.html",
        "www.propublica.org/article/nursing-home-inspections-years-behind-state-surveyors.html",
        "www.newsdaily.example/how-china-is-betting-cheap-ai-will-get-the-world-hooked-on-its-tech.html",
        "www.midstatesun.example/nation/flood-insurance-premiums-rising.html",
        "www.mesaaltatimes.example/community/acequia-san-rafael-limpia.html",
        "www.lecourrierdulac.example/environnement/pourquoi-les-abeilles-sauvages-desertent-nos-villes.html",
        "www.globalcitizenpost.example/2024/03/15/sulawesi-teens-language-app.html",
    )
]
URLS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "https://www.riverside.example/news/story",
            "https://theconversation.com/some-article-123456",
            "https://www.propublica.org/article/x",
            "https://www.riverside.example/",
        ]
    ),
)
# Fragments a mutation inserts: markup that opens, closes or breaks things, and credit lines.
FRAGMENTS = st.sampled_from(
    [
        b"<", b">", b"</div>", b"<div>", b"<p>", b"<!--", b"-->", b"<script>", b"</script>",
        b"<textarea>", b'"', b"'", b"&amp;", b"&#x0;", b"<a href=", b"https://",
        b'<link rel="canonical" href="https://theconversation.com/x-1">',
        b'<script type="application/ld+json">{"@type": "NewsArticle", "author": ',
        b"This article is republished from The Conversation",
        b"By JANE DOE and", b"(AP) \xe2\x80\x94", b"\xc3", b"\xe9", b"\xef\xbb\xbf", b"\xff\xfe",
        b"<h1>", b"</h1>", b"by ", b'<a href="/author/jane-doe">', b"\xe2\x80\x94 Reuters",
        b"<img src=x>", b"\xc2\xa9 AFP", b"Leia a mat\xc3\xa9ria original em ", b"Full story: ",
        b"(via ", b"Via ",
    ]
)  # fmt: skip
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check_result(result: Extraction) -> None:
    data = result.to_dict()
    json.dumps(data, allow_nan=False)
    assert all(c["signal"] in SIGNAL_KINDS for c in data["credits"])
    assert set(data["missing"]) <= set(CREDIT_ELEMENTS)
    assert all(isinstance(a, str) and a.strip() == a and a for a in data["authors"])
    if data["republished"]:
        assert data["original"] is not None
    else:
        assert data["original"] is None
        assert data["missing"] == []


@SETTINGS
@given(text=st.text(max_size=2000), url=URLS)
def test_random_text_gives_a_result_or_a_decode_error(text: str, url: str | None) -> None:
    try:
        result = extract(text, url=url, registry=REGISTRY)
    except DecodeError:
        assert not text.strip() or "\x00" in text
        return
    check_result(result)


@SETTINGS
@given(data=st.binary(max_size=4000), content_type=st.sampled_from([None, "text/html"]))
def test_random_bytes_give_a_result_or_a_decode_error(
    data: bytes, content_type: str | None
) -> None:
    try:
        result = extract(data, content_type=content_type, registry=REGISTRY)
    except DecodeError:
        return
    check_result(result)


@st.composite
def mutated_pages(draw: st.DrawFn) -> bytes:
    page = bytearray(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate"]))
        at = draw(st.integers(min_value=0, max_value=max(len(page) - 1, 0)))
        if op == "delete":
            del page[at : at + draw(st.integers(min_value=1, max_value=2000))]
        elif op == "insert":
            page[at:at] = draw(FRAGMENTS)
        elif op == "duplicate":
            span = draw(st.integers(min_value=1, max_value=3000))
            page[at:at] = page[at : at + span]
        else:
            del page[at:]
    return bytes(page)


@SETTINGS
@given(page=mutated_pages(), url=URLS)
def test_mutated_sample_pages_give_a_result(page: bytes, url: str | None) -> None:
    try:
        result = extract(page, url=url, registry=REGISTRY)
    except DecodeError:
        # Only when the mutations left nothing to read: a byte-order mark, blanks, or NUL bytes.
        rest = page
        for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
            rest = rest.removeprefix(bom)
        assert len(rest.strip()) <= 1 or b"\x00" in page[:1024]
        return
    check_result(result)


def test_every_property_page_is_a_page_extract_reads() -> None:
    for page in PAGES:
        check_result(extract(page, registry=REGISTRY))


# Dates as pages write them: words, numbers and separators in every order.
DATE_PARTS = st.sampled_from(
    ["Mon,", "jueves,", "7", "09", "2019", "Jan", "January", "enero", "mars", "März", "juil.",
     "15:37:00", "3:37", "PM", "a.m.", "EST", "GMT", "+0100", "-05:00", "Z", "T", "de", "à",
     "15h30", "1er", "5th", ",", ".", "-", "/", " ", "2019-01-07", "20190107", "Mark", "32"]
)  # fmt: skip


@SETTINGS
@given(text=st.one_of(st.text(max_size=60), st.lists(DATE_PARTS, max_size=10).map(" ".join)))
def test_any_date_text_reads_as_iso_8601_or_none(text: str) -> None:
    value = to_iso8601(text)
    if value is not None:
        # A date, or a date-time with or without its offset, that Python reads back.
        read = datetime.fromisoformat(value)
        assert 1990 <= read.year <= 2100
        assert to_iso8601(value) == value


URL_PARTS = st.sampled_from(
    ["https://", "http://", "HTTPS://", "l.facebook.com/l.php", "www.google.com/url",
     "urldefense.com/v3/__", "web.archive.org/web/2026/", "Example.COM", "xn--bcher-kva.example",
     "/", "?", "&", "#", "!", "=", "u=", "q=", "url=", "utm_source=x", "FBCLID=1", "%3A%2F%2F",
     "__;", "[", "]", "@", ":8080", "..", " ", "\u00e9"]
)  # fmt: skip


@SETTINGS
@given(parts=st.lists(URL_PARTS, max_size=12))
def test_any_link_unwraps_and_cleans_to_a_stable_address(parts: list[str]) -> None:
    url = "".join(parts)
    cleaned = without_tracking(unwrap_url(url))
    assert without_tracking(cleaned) == cleaned
    try:
        query = urlsplit(cleaned).query
    except ValueError:
        return
    keys = [key.lower() for key, _ in parse_qsl(query, keep_blank_values=True)]
    assert not any(key.startswith("utm_") or key == "fbclid" for key in keys)
    domain_of(cleaned)
