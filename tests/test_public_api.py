"""The top-level API: ``attribution.__all__`` is exactly what the package exports (httpx style)."""

from __future__ import annotations

import importlib
import inspect
import types

import pytest

import attribution
from attribution import errors

PUBLIC_DUNDERS = {"__version__"}


def _public_members() -> set[str]:
    """Names a user sees on the package: not private, not a submodule imported along the way."""
    return {
        name
        for name, value in vars(attribution).items()
        if (not name.startswith("_") or name in PUBLIC_DUNDERS)
        and not isinstance(value, types.ModuleType)
    }


def test_all_lists_every_public_member_and_nothing_else() -> None:
    assert set(attribution.__all__) == _public_members()


def test_all_has_no_duplicates() -> None:
    assert len(attribution.__all__) == len(set(attribution.__all__))


@pytest.mark.parametrize("name", attribution.__all__)
def test_every_name_in_all_is_importable(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from attribution import {name}", namespace)
    assert namespace[name] is getattr(attribution, name)


def test_extract_is_the_function_not_the_subpackage() -> None:
    # attribution.extract is also a subpackage; the package attribute must stay the function.
    assert inspect.isfunction(attribution.extract)
    importlib.import_module("attribution.extract.names")  # a submodule must not rebind it

    assert inspect.isfunction(attribution.extract)
    assert "html" in inspect.signature(attribution.extract).parameters


def test_version_is_a_release_string() -> None:
    parts = attribution.__version__.split(".")
    assert len(parts) == 3
    assert all(part.isdigit() for part in parts)


def test_the_exception_tree_is_exported() -> None:
    exported = set(attribution.__all__)
    tree = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.AttributionError)
    }
    assert tree <= exported
