"""A fetched HTML page as the crawler hands it to the store, for tests that build stores."""

from __future__ import annotations

from typing import Any

from attribution.domains import domain_of, host_of
from attribution.frontier import normalize_url
from attribution.models import FetchResult
from attribution.store import PageWrite


def html_page_write(url: str, body: bytes, **fields: Any) -> PageWrite:
    """A 200 ``text/html`` page fetched from ``url``, its body kept; ``fields`` are the other
    ``PageWrite`` fields (extraction, credits, original)."""
    key = normalize_url(url) or url
    return PageWrite(
        url=key,
        host=host_of(url) or "",
        domain=domain_of(url),
        kind="html",
        result=FetchResult(
            url=key,
            final_url=url,
            status=200,
            headers=(("content-type", "text/html; charset=utf-8"),),
            body=body,
        ),
        final_key=key,
        keep_body=True,
        **fields,
    )
