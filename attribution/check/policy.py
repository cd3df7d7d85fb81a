"""The policy file: which rules run, how severe they are, which pages and publishers count.

Found the way linters find theirs: walking up from the working folder, the first folder with
an ``attribution.toml`` file, or a ``pyproject.toml`` holding a ``[tool.attribution]`` table,
wins (in one folder ``attribution.toml`` beats ``pyproject.toml``; a ``pyproject.toml``
without the table is passed over). ``--config FILE`` names the file instead and skips the
search. Relative paths in the file are relative to the file's folder. The format is
documented in ``docs/check.md``; an unknown key is an error, so a typo never silently turns a
rule back on.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attribution.check.rules import RULES, rule_for
from attribution.errors import ConfigError
from attribution.models import SEVERITIES, Severity

__all__ = ["POLICY_FILE", "Policy", "find_policy", "load_policy"]

POLICY_FILE = "attribution.toml"
_KEYS = {
    "select",
    "ignore",
    "severity",
    "registry",
    "exclude",
    "agreements",
    "base-url",
    "root",
    "fail-on",
}


@dataclass(frozen=True, slots=True)
class Policy:
    """A parsed policy: the defaults when no file is found."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity | None] = field(default_factory=dict)
    registry: Path | None = None
    exclude: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    base_url: str | None = None
    root: Path | None = None
    fail_on: Severity | None = None

    def severities(
        self, *, select: list[str] | None = None, ignore: list[str] | None = None
    ) -> dict[str, Severity]:
        """The rules to run and their severity: the rule defaults, narrowed by ``select``,
        minus ``ignore``, with ``severity`` overrides ("off" drops a rule). Command-line
        ``select``/``ignore`` replace and extend the file's."""
        chosen = _rule_ids(select, "--select") if select else self.select
        ids = set(chosen) if chosen is not None else {r.id for r in RULES}
        ids -= set(self.ignore) | set(_rule_ids(ignore or [], "--ignore"))
        out: dict[str, Severity] = {}
        for rule in RULES:
            if rule.id not in ids:
                continue
            level = self.severity.get(rule.id, rule.severity)
            if level is not None:
                out[rule.id] = level
        return out

    def excluded(self, *candidates: str | None) -> bool:
        """True when a page's path, path under the site root, or URL matches ``exclude``."""
        return any(
            fnmatch.fnmatchcase(value, pattern)
            for pattern in self.exclude
            for value in candidates
            if value
        )


def _rule_ids(values: list[str], where: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if value.strip().upper() == "ALL":
            out.extend(r.id for r in RULES)
            continue
        rule = rule_for(value)
        if rule is None:
            raise ConfigError(
                f"{where}: unknown rule {value!r} (use an id such as ATR001 or a name such as "
                "missing-author; `attribution check --list-rules` lists them)"
            )
        out.append(rule.id)
    return tuple(out)


def _str_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value


def _severity(value: Any, where: str) -> Severity | None:
    if value == "off":
        return None
    if value not in SEVERITIES:
        raise ConfigError(f"{where}: severity {value!r} must be one of error, warning, note, off")
    level: Severity = value
    return level


def parse_policy(data: dict[str, Any], path: Path | None) -> Policy:
    """A :class:`Policy` from the table of a policy file (``path`` names it in errors)."""
    where = str(path) if path else "policy"
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {sorted(_KEYS)})")
    base = path.parent if path else Path.cwd()
    select = _rule_ids(_str_list(data, "select", where), where) if "select" in data else None
    severity_table = data.get("severity", {})
    if not isinstance(severity_table, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of rule = level")
    severity: dict[str, Severity | None] = {}
    for key, value in severity_table.items():
        (rule_id,) = _rule_ids([key], where)
        severity[rule_id] = _severity(value, where)
    for key in ("base-url", "root", "fail-on", "registry"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{where}: '{key}' must be a string")
    fail_on = _severity(data["fail-on"], where) if "fail-on" in data else None
    if "fail-on" in data and fail_on is None:
        raise ConfigError(f"{where}: 'fail-on' must be error, warning or note")
    return Policy(
        path=path,
        select=select,
        ignore=_rule_ids(_str_list(data, "ignore", where), where),
        severity=severity,
        registry=base / data["registry"] if "registry" in data else None,
        exclude=tuple(_str_list(data, "exclude", where)),
        agreements=tuple(_str_list(data, "agreements", where)),
        base_url=data.get("base-url"),
        root=base / data["root"] if "root" in data else None,
        fail_on=fail_on,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read policy file {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _tool_table(data: dict[str, Any]) -> dict[str, Any] | None:
    table = data.get("tool", {}).get("attribution")
    return table if isinstance(table, dict) else None


def find_policy(start: Path) -> Path | None:
    """The policy file that applies to ``start``: the nearest folder upwards with an
    ``attribution.toml``, or a ``pyproject.toml`` with ``[tool.attribution]``."""
    for folder in (start, *start.parents):
        candidate = folder / POLICY_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _tool_table(_read_toml(pyproject)) is not None:
            return pyproject
    return None


def load_policy(config: str | None = None, *, cwd: Path | None = None) -> Policy:
    """The policy named by ``--config``, else the one found from ``cwd``, else the defaults."""
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"policy file not found: {config}")
    else:
        found = find_policy((cwd or Path.cwd()).resolve())
        if found is None:
            return Policy()
        path = found
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = _tool_table(data) or {}
    return parse_policy(data, path)
