"""The publisher registry: who publishes articles for republication, and on what terms.

One TOML file per publisher (``attribution/registry/publishers/*.toml``); a user's folder given
with ``--registry DIR`` adds publishers or replaces bundled ones with the same ``id``. The format
is documented in ``docs/extraction.md``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

from attribution.domains import registrable_domain
from attribution.errors import RegistryError
from attribution.models import CREDIT_ELEMENTS, Publisher

T = TypeVar("T")

__all__ = ["PixelRule", "Registry", "load_registry", "normalise_name"]

_KINDS = ("publisher", "wire", "network", "tool")
_STR_LISTS = (
    "aliases",
    "domains",
    "requires",
    "pixel_patterns",
    "credit_patterns",
    "wire_codes",
    "copyright_patterns",
)


def normalise_name(name: str) -> str:
    """A comparison key for organisation names: case, accents, "The" and punctuation folded."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
    return folded.removeprefix("the ").strip()


@dataclass(frozen=True, slots=True)
class PixelRule:
    """A compiled beacon pattern, the publisher it belongs to, and a literal every match
    contains (tested with ``in`` before the regex runs over a multi-megabyte page)."""

    publisher: Publisher
    pattern: re.Pattern[str]
    hint: str = ""


def literal_hint(pattern: str) -> str:
    """The longest run of plain characters a regular expression's matches must contain."""
    unescaped = re.sub(r"\\([./=&-])", lambda m: "\x00" + m.group(1), pattern)
    runs = re.findall(r"(?:\x00[./=&-]|[A-Za-z0-9_/=&-])+", unescaped)
    # A run followed by ?, * or {0 is optional; drop its last character to stay safe.
    best = ""
    for run in runs:
        end = unescaped.find(run) + len(run)
        text = run.replace("\x00", "")
        if end < len(unescaped) and unescaped[end] in "?*{":
            text = text[:-1]
        if len(text) > len(best):
            best = text
    return best


@dataclass(slots=True)
class Registry:
    """Publishers indexed by id, domain and name."""

    publishers: dict[str, Publisher] = field(default_factory=dict)
    _by_domain: dict[str, Publisher] = field(default_factory=dict)
    _by_name: dict[str, Publisher] = field(default_factory=dict)
    _by_wire_code: dict[str, Publisher] = field(default_factory=dict)
    pixel_rules: list[PixelRule] = field(default_factory=list)
    copyright_rules: list[tuple[Publisher, re.Pattern[str]]] = field(default_factory=list)
    credit_rules: list[tuple[Publisher, re.Pattern[str]]] = field(default_factory=list)
    article_id_rules: dict[str, re.Pattern[str]] = field(default_factory=dict)
    _derived: dict[str, object] = field(default_factory=dict)

    @classmethod
    def from_publishers(cls, publishers: Iterable[Publisher]) -> Registry:
        """Build the indexes; later publishers replace earlier ones with the same id."""
        reg = cls()
        for pub in publishers:
            reg.publishers[pub.id] = pub
        for pub in reg.publishers.values():
            for dom in pub.domains:
                reg._by_domain[dom] = pub
            for alias in (pub.name, *pub.aliases):
                key = normalise_name(alias)
                if key and not pub.generic:
                    reg._by_name.setdefault(key, pub)
            for code in pub.wire_codes:
                reg._by_wire_code[code.casefold()] = pub
            # Case-sensitive on purpose: beacon URLs are lower-case, and a pattern that starts
            # with a literal lets the regex engine scan a multi-megabyte page quickly.
            reg.pixel_rules.extend(
                PixelRule(pub, re.compile(p), literal_hint(p)) for p in pub.pixel_patterns
            )
            reg.copyright_rules.extend(
                (pub, re.compile(p, re.IGNORECASE)) for p in pub.copyright_patterns
            )
            reg.credit_rules.extend(
                (pub, re.compile(p, re.IGNORECASE)) for p in pub.credit_patterns
            )
            if pub.article_id_pattern:
                reg.article_id_rules[pub.id] = re.compile(pub.article_id_pattern)
        return reg

    def __iter__(self) -> Iterator[Publisher]:
        return iter(self.publishers.values())

    def __len__(self) -> int:
        return len(self.publishers)

    def get(self, publisher_id: str) -> Publisher | None:
        """The publisher with this id, or None."""
        return self.publishers.get(publisher_id)

    def by_domain(self, domain: str | None) -> Publisher | None:
        """The publisher owning a registrable domain (or host), or None."""
        if not domain:
            return None
        pub = self._by_domain.get(domain)
        if pub is None:
            reg = registrable_domain(domain)
            pub = self._by_domain.get(reg) if reg else None
        return pub

    def by_name(self, name: str | None) -> Publisher | None:
        """The publisher one of whose names or aliases is ``name`` (case and "The" folded)."""
        if not name:
            return None
        return self._by_name.get(normalise_name(name))

    def by_wire_code(self, code: str) -> Publisher | None:
        """The wire service whose dateline code is ``code`` ("AP", "Reuters", "AFP"...)."""
        return self._by_wire_code.get(code.casefold())

    def spellings(self) -> tuple[str, ...]:
        """The names to find in running text, longest first: every name as written and
        normalised, but an initialism ("AP", "AFP", "dpa") only as the publisher writes it, so
        that a person named Ap or Ani keeps their name (see :func:`is_short_name`)."""
        return self.derived("spellings", _spellings)

    def names(self) -> list[tuple[str, Publisher]]:
        """Every (normalised name, publisher) pair, longest names first."""
        return self.derived(
            "names", lambda r: sorted(r._by_name.items(), key=lambda kv: -len(kv[0]))
        )

    def derived(self, key: str, build: Callable[[Registry], T]) -> T:
        """A view of the rules that a detector builds once per registry (its compiled or
        gated form of them), kept here under ``key`` for as long as the registry lives."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return cast(T, self._derived[key])

    def article_id(self, publisher: Publisher, url: str | None) -> str | None:
        """The publisher's article id found in ``url`` by its ``article_id_pattern``."""
        rule = self.article_id_rules.get(publisher.id)
        if rule is None or not url:
            return None
        m = rule.search(url)
        return m.group(1) if m else None


def is_short_name(name: str) -> bool:
    """A short one-word name ("AP", "AFP", "dpa", "PTI"): found in text only as written (not
    to be confused with names._INITIALISM, a word in capitals without a vowel)."""
    return len(name) <= 4 and " " not in name.strip()


def _spellings(reg: Registry) -> tuple[str, ...]:
    # Names as written too: "Agence France-Presse" is "agence france presse" once normalised.
    written = {n for pub in reg for n in (pub.name, *pub.aliases)}
    names = {n for n, _ in reg.names() if not is_short_name(n)} | written
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def _publisher_from_toml(data: dict[str, Any], path: str) -> Publisher:
    for key in ("id", "name"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise RegistryError(f"'{key}' must be a non-empty string", path=path)
    for key in _STR_LISTS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegistryError(f"'{key}' must be a list of strings", path=path)
    bad = [r for r in data.get("requires", []) if r not in CREDIT_ELEMENTS]
    if bad:
        raise RegistryError(
            f"unknown credit element(s) {bad} in 'requires' (use {', '.join(CREDIT_ELEMENTS)})",
            path=path,
        )
    kind = data.get("kind", "publisher")
    if kind not in _KINDS:
        raise RegistryError(f"'kind' must be one of {', '.join(_KINDS)}", path=path)
    for key in ("pixel_patterns", "copyright_patterns", "credit_patterns"):
        for pattern in data.get(key, []):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise RegistryError(f"bad regular expression in '{key}': {exc}", path=path) from exc
    pattern = data.get("article_id_pattern") or None
    if pattern:
        try:
            if re.compile(pattern).groups < 1:
                raise RegistryError("'article_id_pattern' needs one capturing group", path=path)
        except re.error as exc:
            raise RegistryError(f"bad 'article_id_pattern': {exc}", path=path) from exc
    known = {
        "id",
        "name",
        "kind",
        "license",
        "terms_url",
        "article_id_pattern",
        "generic",
        "org_byline_is_author",
        "verified",
        "allowed_without_agreement",
        "credit_snippet",
        "pixel_snippet",
        "link_to",
        *_STR_LISTS,
    }
    for key in ("credit_snippet", "pixel_snippet", "terms_url", "license"):
        if key in data and not isinstance(data[key], str):
            raise RegistryError(f"'{key}' must be a string", path=path)
    link_to = data.get("link_to", "publisher")
    if link_to not in ("publisher", "article"):
        raise RegistryError('\'link_to\' must be "publisher" or "article"', path=path)
    if not isinstance(data.get("allowed_without_agreement", True), bool):
        raise RegistryError("'allowed_without_agreement' must be true or false", path=path)
    unknown = sorted(set(data) - known)
    if unknown:
        raise RegistryError(f"unknown key(s): {', '.join(unknown)}", path=path)
    return Publisher(
        id=data["id"],
        name=data["name"],
        domains=tuple(d.lower() for d in data.get("domains", [])),
        aliases=tuple(data.get("aliases", [])),
        kind=kind,
        license=data.get("license") or None,
        requires=tuple(data.get("requires", [])),
        terms_url=data.get("terms_url") or None,
        article_id_pattern=pattern,
        pixel_patterns=tuple(data.get("pixel_patterns", [])),
        credit_patterns=tuple(data.get("credit_patterns", [])),
        wire_codes=tuple(data.get("wire_codes", [])),
        copyright_patterns=tuple(data.get("copyright_patterns", [])),
        org_byline_is_author=bool(data.get("org_byline_is_author", False)),
        generic=bool(data.get("generic", False)),
        verified=bool(data.get("verified", True)),
        allowed_without_agreement=data.get("allowed_without_agreement", True),
        credit_snippet=data.get("credit_snippet") or None,
        pixel_snippet=data.get("pixel_snippet") or None,
        link_to=link_to,
    )


def _read_folder(files: Iterable[tuple[str, bytes]]) -> list[Publisher]:
    out = []
    for name, raw in sorted(files):
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise RegistryError(f"not valid TOML: {exc}", path=name) from exc
        out.append(_publisher_from_toml(data, name))
    return out


@lru_cache(maxsize=1)
def _bundled() -> tuple[Publisher, ...]:
    folder = resources.files("attribution.registry") / "publishers"
    files = [
        (f"{entry.name}", entry.read_bytes())
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ]
    return tuple(_read_folder(files))


def load_registry(user_dir: str | Path | None = None) -> Registry:
    """The bundled publishers, plus (and overridden by) those in ``user_dir``."""
    publishers = list(_bundled())
    if user_dir is not None:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise RegistryError("registry folder not found", path=str(folder))
        files = [(str(p), p.read_bytes()) for p in folder.glob("*.toml")]
        if not files:
            raise RegistryError("no *.toml publisher files in the folder", path=str(folder))
        publishers.extend(_read_folder(files))
    return Registry.from_publishers(publishers)
