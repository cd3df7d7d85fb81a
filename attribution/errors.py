"""One exception tree for the whole tool. Every exception carries what it is about.

AttributionError                 root: catch this to catch everything of ours
├── InputError                   an input (file, URL, manifest row) could not be read
│   └── DecodeError              bytes that are not a text document (binary, empty)
├── RegistryError                a publisher registry file is missing or malformed
├── ConfigError                  bad options or policy file (exit code 2)
├── FetchError                   a request failed (carries ``url``)
│   ├── FetchTimeout             connect or read timeout
│   ├── BlockedAddress           private/loopback target refused by the address guard
│   ├── TooManyRedirects         redirect limit reached or a loop detected
│   ├── RobotsDisallowed         robots.txt forbids the URL
│   ├── RefusedURL               never requested: a beacon, an asset or a crawler trap
│   └── NetworkError             DNS failure, connection refused, reset or cut short
└── StoreError                   the SQLite store is unusable (wrong schema, corrupt)
"""

from __future__ import annotations

from typing import Any


class AttributionError(Exception):
    """Root of every error the tool raises on purpose."""


def _rebuild(
    cls: type[AttributionError],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    state: dict[str, Any],
) -> AttributionError:
    exc = cls(*args, **kwargs)
    exc.__dict__.update(state)
    return exc


class InputError(AttributionError):
    """An input could not be read; ``source`` names it."""

    def __init__(self, message: str, *, source: str) -> None:
        super().__init__(message)
        self.source = source

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling an exception calls its class with ``args`` alone: the keyword is lost and
        # loading fails (a worker process's error would not come back).
        return _rebuild, (type(self), self.args, {"source": self.source}, self.__dict__)


class DecodeError(InputError):
    """The input is not a text document (binary data, empty file)."""


class RegistryError(AttributionError):
    """A publisher registry file is missing or malformed; ``path`` names it."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), (self.message,), {"path": self.path}, self.__dict__)


class ConfigError(AttributionError):
    """Bad options or configuration; the CLI exits with code 2."""


class FetchError(AttributionError):
    """A request failed; ``url`` is the URL it was for."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(f"{message} ({url})")
        self.url = url
        #: The message without the URL, for a caller that names the URL already.
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), (self.message,), {"url": self.url}, self.__dict__)


class FetchTimeout(FetchError):
    """The connect or read timeout expired."""


class BlockedAddress(FetchError):
    """The host resolves to a private, loopback, link-local or multicast address."""


class TooManyRedirects(FetchError):
    """The redirect limit was reached or a redirect loop was detected."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching the URL."""


class SiteUnavailable(FetchError):
    """The site's robots.txt could not be read (the server is unreachable or answered 5xx):
    RFC 9309 has a crawler keep off the whole site, and its pages count as failed."""


class RefusedURL(FetchError):
    """The crawler never requests this URL (a counting pixel, a script or image, a trap)."""


class NetworkError(FetchError):
    """Name resolution failed, or the connection was refused, reset or closed mid-response."""


class StoreError(AttributionError):
    """The SQLite store cannot be used (wrong schema version, corrupt file)."""
