"""Every command's --help reads well at 80 columns and states its exit codes."""

from __future__ import annotations

import itertools

import pytest
import typer
from typer.testing import CliRunner

from attribution.cli import app

COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]


def _description(command: str) -> list[str]:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "80"}, color=False)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Usage:")) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    return lines[start:end]


def test_the_commands_are_found() -> None:
    assert {"extract", "crawl", "check", "report", "demo"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_paragraphs_fill_their_lines(command: str) -> None:
    # A line cut short in the middle of a paragraph is a docstring line break that the
    # terminal wrapped a second time.
    lines = _description(command)
    for line, after in itertools.pairwise(lines):
        if line and after:
            assert len(line) >= 55, f"{command} --help: short line {line!r} before {after!r}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_states_the_exit_codes(command: str) -> None:
    assert any(line.startswith("Exit codes: 0 ") for line in _description(command))


@pytest.mark.parametrize("command", COMMANDS)
def test_defaults_written_into_option_help_are_shown(command: str) -> None:
    # Rich reads "[...]" in a help text as markup and drops it: a default written into the
    # help by hand ("[default: 10MB]") vanished, leaving "e.g. 2MB ." on the screen.
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    helps = [getattr(p, "help", None) or "" for p in click_command.params]
    written = [h.replace("\\[", "[") for h in helps if "[default:" in h.replace("\\[", "[")]
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "400"}, color=False)
    assert result.exit_code == 0, result.output
    shown = " ".join(" ".join(line.strip("│ ").split()) for line in result.output.splitlines())
    for help_text in written:
        default = help_text[help_text.index("[default:") :].split("]")[0]
        assert default[:25] in shown, f"{command} --help lost {default!r}"
