"""The tool's exceptions survive pickling: errors raised in a worker process come back whole."""

from __future__ import annotations

import pickle

import pytest

from attribution import errors


def _instances() -> list[errors.AttributionError]:
    return [
        errors.AttributionError("root"),
        errors.InputError("no such file", source="pages/a.html"),
        errors.DecodeError("empty input", source="-"),
        errors.RegistryError("bad pattern", path="registry/x.toml"),
        errors.ConfigError("unknown scope"),
        errors.FetchTimeout("read timeout", url="http://a.example/"),
        errors.BlockedAddress("private address", url="http://10.0.0.1/"),
        errors.NetworkError("connection reset", url="http://b.example/"),
        errors.StoreError("wrong schema"),
    ]


@pytest.mark.parametrize("exc", _instances(), ids=lambda e: type(e).__name__)
def test_every_error_round_trips_through_pickle(exc: errors.AttributionError) -> None:
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc)
    assert str(back) == str(exc)
    assert back.__dict__ == exc.__dict__  # source, path, url, message


def test_every_error_class_with_keywords_is_covered() -> None:
    covered = {type(e) for e in _instances()}
    keyword_roots = (errors.InputError, errors.RegistryError, errors.FetchError)
    # A new subclass of a class that takes keywords must round-trip too: the test covers a
    # member of each family, and the families' __reduce__ is inherited.
    for root in keyword_roots:
        assert any(issubclass(c, root) for c in covered)
        assert "__reduce__" in vars(root)
