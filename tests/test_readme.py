"""The README's example runs are what the tool prints: a reader who copies one gets its output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# A ```text block that starts with "$ attribution ..." (continued with "\"), then its output.
EXAMPLE = re.compile(r"```text\n\$ (attribution (?:[^\n]*\\\n)*[^\n]*)\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in EXAMPLE.finditer(README)]


def test_the_readme_shows_an_extract_run() -> None:
    assert any(cmd.startswith("attribution extract ") for cmd, _ in _examples())


@pytest.mark.parametrize(("command", "output"), _examples())
def test_a_readme_example_prints_what_the_readme_shows(
    command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the example's paths are relative to the repository
    args = shlex.split(command.replace("\\\n", " "))[1:]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == output.rstrip("\n").splitlines()
