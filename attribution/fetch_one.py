"""Fetch a single page for `attribution extract URL` (the crawler has its own HTTP layer)."""

from __future__ import annotations

from attribution import __version__
from attribution.errors import FetchError, InputError

USER_AGENT = (
    f"attribution/{__version__} (+https://github.com/attribution-tool/attribution)"
)


def fetch_page(url: str, *, limit: int, timeout: float = 20.0) -> tuple[bytes, str | None]:
    """GET ``url`` (following redirects) and return up to ``limit`` bytes and the Content-Type."""
    try:
        from attribution import http  # noqa: PLC0415 - optional until the crawler lands

        get = getattr(http, "fetch_bytes", None)
    except ImportError:
        get = None
    if get is not None:
        try:
            body, ctype = get(url, limit=limit, timeout=timeout, user_agent=USER_AGENT)
        except FetchError as exc:
            raise InputError(str(exc), source=url) from exc
        return body, ctype
    import httpx  # noqa: PLC0415

    try:
        with httpx.Client(
            follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
        ) as client, client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise InputError(f"HTTP {resp.status_code}", source=url)
            chunks = []
            size = 0
            for chunk in resp.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
            return b"".join(chunks), resp.headers.get("content-type")
    except httpx.HTTPError as exc:
        raise InputError(f"fetch failed: {exc}", source=url) from exc
