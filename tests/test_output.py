"""The text report ends with a summary a reader can act on."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from attribution.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED = "www.newsdaily.example/how-china-is-betting-cheap-ai-will-get-the-world-hooked-on-its-tech"


def test_text_report_ends_with_counts_of_copies_and_missing_credits(tmp_path: Path) -> None:
    manifest = tmp_path / "pages.tsv"
    seed_page = SAMPLES / "web" / f"{SEED}.html"
    propublica = next((SAMPLES / "web" / "www.propublica.org").rglob("*.expected.json"))
    original = propublica.with_name(propublica.name.removesuffix(".expected.json") + ".html")
    manifest.write_text(
        "path\turl\n"
        f"{seed_page}\thttps://{SEED}\n"
        f"{original}\thttps://www.propublica.org/article/x\n"
        f"{tmp_path / 'missing.html'}\thttps://example.com/missing\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", "--manifest", str(manifest)])
    assert result.exit_code == 1  # the missing file
    tail = result.stdout.strip().splitlines()[-2:]
    assert tail[0] == (
        "Summary: 3 pages read (1 failed); 1 republished copies: 0 with every credit their "
        "publisher's terms require, 1 missing some."
    )
    assert tail[1] == "Missing most often: author (1), license (1), link (1), pixel (1)."


def test_machine_formats_have_no_summary(tmp_path: Path) -> None:
    page = SAMPLES / "web" / f"{SEED}.html"
    result = CliRunner().invoke(app, ["extract", str(page), str(page), "-f", "jsonl"])
    assert result.exit_code == 0
    assert "Summary" not in result.stdout
    assert len(result.stdout.strip().splitlines()) == 2
