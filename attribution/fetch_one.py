"""Fetch a single page for `attribution extract URL`, through the crawler's HTTP layer."""

from __future__ import annotations

from attribution.errors import FetchError, InputError


def fetch_page(
    url: str, *, limit: int, timeout: float = 20.0, allow_private: bool = False
) -> tuple[bytes, str | None]:
    """GET ``url`` with the crawler's guards and caps; (body, Content-Type) or InputError."""
    from attribution.http import fetch_bytes  # noqa: PLC0415 - httpx loads only for URLs

    try:
        return fetch_bytes(url, limit=limit, timeout=timeout, allow_private=allow_private)
    except FetchError as exc:
        # The source (the URL) is named with the message already.
        raise InputError(exc.message, source=url) from exc
