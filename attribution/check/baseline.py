"""Baselines: the findings a site already has, recorded so that only new ones fail the check.

``--write-baseline FILE`` writes every finding of the run; ``--baseline FILE`` drops the
findings recorded there. Findings are matched by fingerprint (rule, page and subject: see
:func:`attribution.check.rules.fingerprint`), never by line, so editing a page elsewhere keeps
its recorded findings recorded. Matching counts: a page with two recorded findings of one
fingerprint and three now reports one.

The file is JSON, sorted, one finding per entry, so that it diffs well in review::

    {"tool": "attribution check", "version": 1,
     "findings": [{"fingerprint": "...", "rule": "ATR005", "source": "public/a/index.html",
                   "message": "..."}]}
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from attribution.errors import ConfigError
from attribution.models import Finding

__all__ = ["filter_baseline", "read_baseline", "write_baseline"]

VERSION = 1


def read_baseline(path: str | Path) -> Counter[str]:
    """The fingerprints recorded in a baseline file, with how often each was recorded."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"baseline {path} is not valid JSON: {exc}") from exc
    entries = data.get("findings") if isinstance(data, dict) else None
    if data.get("version") != VERSION or not isinstance(entries, list):
        raise ConfigError(
            f"baseline {path} is not an attribution baseline (version {VERSION})",
        )
    return Counter(str(e.get("fingerprint")) for e in entries if isinstance(e, dict))


def filter_baseline(findings: Iterable[Finding], recorded: Counter[str]) -> list[Finding]:
    """The findings not in the baseline (each recorded fingerprint absorbs one finding)."""
    left = Counter(recorded)
    out = []
    for finding in findings:
        if left[finding.fingerprint] > 0:
            left[finding.fingerprint] -= 1
            continue
        out.append(finding)
    return out


def write_baseline(path: str | Path, findings: Iterable[Finding]) -> int:
    """Record ``findings`` in a baseline file; returns how many were written."""
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint,
                "rule": f.rule,
                "source": f.source,
                "message": f.message,
            }
            for f in findings
        ),
        key=lambda e: (e["source"], e["rule"], e["fingerprint"]),
    )
    data = {"tool": "attribution check", "version": VERSION, "findings": entries}
    try:
        Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write baseline {path}: {exc.strerror or exc}") from exc
    return len(entries)
