"""`attribution check` through the real CLI on a sample static site (tests/check_site/public).

The site is the build output of a fictional newsroom, www.hilltopherald.example, with
compliant and non-compliant republished pages (adapted from samples/web):

| page | what it holds | expected |
| --- | --- | --- |
| index.html | the front page | nothing |
| local/water-rates/ | an original local story | nothing |
| science/marine-heatwaves/ | a compliant Conversation copy | nothing |
| tech/china-cheap-ai/ | the seed case: no author, link, licence or pixel | ATR001, 3, 4, 5 |
| state/nursing-home-inspections/ | a ProPublica copy without its pixel | ATR005 (warning) |
| world/paris-metro-strike/ | AFP wire copy | ATR010 |
| science/reef-pixel-mismatch/ | the Conversation pixel of another article | ATR006 |
| education/school-phone-bans/ | pixel missing, silenced by an inline comment | nothing |
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from attribution.cli import app

SITE = Path(__file__).parent / "check_site" / "public"
BASE = "https://www.hilltopherald.example/"
EXPECTED = {
    ("public/tech/china-cheap-ai/index.html", "ATR001"),
    ("public/tech/china-cheap-ai/index.html", "ATR003"),
    ("public/tech/china-cheap-ai/index.html", "ATR004"),
    ("public/tech/china-cheap-ai/index.html", "ATR005"),
    ("public/state/nursing-home-inspections/index.html", "ATR005"),
    ("public/world/paris-metro-strike/index.html", "ATR010"),
    ("public/science/reef-pixel-mismatch/index.html", "ATR006"),
}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample site in a fresh working folder (no policy file above it)."""
    shutil.copytree(SITE, tmp_path / "public")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["check", *args])


def findings(*args: str) -> list[dict[str, object]]:
    result = run("public", "--base-url", BASE, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return list(json.loads(result.stdout)["findings"])


def test_json_reports_exactly_the_expected_findings(site: Path) -> None:
    found = {(f["source"], f["rule"]) for f in findings()}
    assert found == EXPECTED


def test_text_format_prints_file_line_column_rule_and_message(site: Path) -> None:
    result = run("public", "--base-url", BASE)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "public/world/paris-metro-strike/index.html:48:49: ATR010 [error] AFP copy:" in lines[-2]
    assert lines[-1].startswith("Found 7 findings (5 errors, 2 warnings) on 4 of 8 pages.")


def test_messages_quote_the_publishers_snippet(site: Path) -> None:
    by_rule = {(f["source"], f["rule"]): f for f in findings()}
    pixel = by_rule[("public/tech/china-cheap-ai/index.html", "ATR005")]
    assert "counter.theconversation.com/content/276878/count.gif" in str(pixel["message"])
    propublica = by_rule[("public/state/nursing-home-inspections/index.html", "ATR005")]
    assert "pixel.propublica.org/pixel.js" in str(propublica["fix"])
    licence = by_rule[("public/tech/china-cheap-ai/index.html", "ATR004")]
    assert 'republished from <a href="https://theconversation.com">The Conversation</a>' in str(
        licence["fix"]
    )


def test_pixel_mismatch_points_at_the_pixel_tag(site: Path) -> None:
    (f,) = [f for f in findings() if f["rule"] == "ATR006"]
    line = (site / str(f["source"])).read_text("utf-8").splitlines()[int(str(f["line"])) - 1]
    assert line[int(str(f["column"])) - 1 :].startswith(
        '<img src="https://counter.theconversation.com/content/276878/'
    )
    assert "279114" in str(f["fix"])


def test_missing_author_points_at_the_byline(site: Path) -> None:
    (f,) = [f for f in findings() if f["rule"] == "ATR001"]
    line = (site / str(f["source"])).read_text("utf-8").splitlines()[int(str(f["line"])) - 1]
    assert line[int(str(f["column"])) - 1 :].startswith('<li class="meta-author">Written by')


def test_urls_come_from_the_base_url_and_index_html_is_its_folder(site: Path) -> None:
    urls = {f["url"] for f in findings()}
    assert "https://www.hilltopherald.example/tech/china-cheap-ai/" in urls


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 1),
        (("--exit-zero",), 0),
        (("--fail-on", "warning", "--select", "ATR005"), 1),
        (("--select", "ATR005"), 0),  # warnings only: below the default --fail-on error
        (("--fail-on", "bogus"), 2),
        (("--format", "yaml"), 2),
        (("--select", "ATR999"), 2),
    ],
)
def test_exit_codes(site: Path, args: tuple[str, ...], code: int) -> None:
    assert run("public", "--base-url", BASE, *args).exit_code == code


def test_clean_pages_exit_zero(site: Path) -> None:
    result = run("public/science/marine-heatwaves/index.html", "--root", "public")
    assert result.exit_code == 0, result.output
    assert "No findings on 1 page." in result.stdout


def test_missing_input_and_no_targets_exit_two(site: Path) -> None:
    result = run("nowhere/")
    assert result.exit_code == 2
    assert "nowhere/: no such file or folder" in result.stderr
    assert run().exit_code == 2


def test_inline_comment_suppresses_the_rule_for_the_page(site: Path) -> None:
    page = site / "public/education/school-phone-bans/index.html"
    assert not [f for f in findings() if "school-phone-bans" in str(f["source"])]
    page.write_text(page.read_text("utf-8").replace("attribution: ignore", "attribution: x"))
    assert [f["rule"] for f in findings() if "school-phone-bans" in str(f["source"])] == ["ATR005"]


# --- policy files ------------------------------------------------------------------------------


def test_attribution_toml_found_walking_up(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "attribution.toml").write_text(
        'ignore = ["ATR010"]\nbase-url = "https://www.hilltopherald.example/"\n'
        '[severity]\nmissing-pixel = "off"\n'
    )
    (site / "sub").mkdir()
    monkeypatch.chdir(site / "sub")
    result = run("../public", "--format", "json")
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert rules == {"ATR001", "ATR003", "ATR004", "ATR006"}


def test_attribution_toml_wins_over_pyproject_in_the_same_folder(site: Path) -> None:
    (site / "pyproject.toml").write_text('[tool.attribution]\nignore = ["ATR001"]\n')
    (site / "attribution.toml").write_text('ignore = ["ATR010"]\n')
    rules = {f["rule"] for f in findings()}
    assert "ATR001" in rules
    assert "ATR010" not in rules


def test_pyproject_tool_table_is_used_and_one_without_it_is_passed_over(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "pyproject.toml").write_text('[tool.attribution]\nignore = ["ATR001"]\n')
    (site / "sub").mkdir()
    (site / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(site / "sub")
    result = run("../public", "--base-url", BASE, "--format", "json")
    assert "ATR001" not in {f["rule"] for f in json.loads(result.stdout)["findings"]}


def test_config_option_overrides_the_files_found(site: Path) -> None:
    (site / "attribution.toml").write_text('ignore = ["ATR010"]\n')
    (site / "strict.toml").write_text('select = ["ATR010"]\nagreements = []\n')
    assert {f["rule"] for f in findings("--config", "strict.toml")} == {"ATR010"}


def test_agreements_silence_not_permitted_republication(site: Path) -> None:
    (site / "attribution.toml").write_text('agreements = ["afp"]\n')
    assert "ATR010" not in {f["rule"] for f in findings()}


def test_exclude_globs_match_paths_and_urls(site: Path) -> None:
    (site / "attribution.toml").write_text(
        'exclude = ["tech/*", "https://www.hilltopherald.example/world/*"]\n'
    )
    sources = {str(f["source"]) for f in findings()}
    assert not any("china-cheap-ai" in s or "paris" in s for s in sources)
    assert any("reef-pixel-mismatch" in s for s in sources)


@pytest.mark.parametrize(
    "content",
    ['selct = ["ATR001"]\n', 'ignore = ["ATR999"]\n', "[severity]\nATR001 = 'fatal'\n", "a = ["],
)
def test_bad_policy_file_exits_two(site: Path, content: str) -> None:
    (site / "attribution.toml").write_text(content)
    result = run("public")
    assert result.exit_code == 2
    assert "Error:" in result.stderr


# --- baseline ----------------------------------------------------------------------------------


def test_baseline_round_trip_survives_line_shifts(site: Path) -> None:
    first = run("public", "--base-url", BASE, "--write-baseline", "baseline.json")
    assert first.exit_code == 0
    recorded = json.loads((site / "baseline.json").read_text("utf-8"))
    assert len(recorded["findings"]) == len(EXPECTED)
    # Shift every line of a page: its findings stay recorded.
    page = site / "public/tech/china-cheap-ai/index.html"
    page.write_text("\n\n\n" + page.read_text("utf-8"))
    again = run("public", "--base-url", BASE, "--baseline", "baseline.json")
    assert again.exit_code == 0, again.output
    assert "No findings on 8 pages. (7 in the baseline; 1 suppressed inline.)" in again.stdout
    # A new problem is still reported.
    clean = site / "public/science/marine-heatwaves/index.html"
    clean.write_text(clean.read_text("utf-8").replace("counter.theconversation.com", "x.example"))
    new = run("public", "--base-url", BASE, "--baseline", "baseline.json", "-f", "json")
    assert new.exit_code == 0  # a missing pixel is a warning
    assert [(f["source"], f["rule"]) for f in json.loads(new.stdout)["findings"]] == [
        ("public/science/marine-heatwaves/index.html", "ATR005")
    ]


def test_unreadable_baseline_exits_two(site: Path) -> None:
    (site / "b.json").write_text("{}")
    assert run("public", "--baseline", "b.json").exit_code == 2


# --- other formats through the CLI ----------------------------------------------------------------


def test_junit_output_parses_back(site: Path) -> None:
    result = run("public", "--base-url", BASE, "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == 5  # the errors; the two warnings pass with a system-out
    assert int(suite.get("failures", "0")) == 5
    assert int(suite.get("tests", "0")) == len(cases) == 7 + 4
    names = {c.get("name", "").split(" (")[0] for c in failures}
    assert "ATR010 republication-not-permitted" in names


def test_github_format_writes_commands_and_step_summary(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = site / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("public", "--base-url", BASE, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert lines[0].startswith(
        "::error file=public/science/reef-pixel-mismatch/index.html,line=97,col=397,"
        "title=ATR006 pixel-mismatch::"
    )
    assert any(line.startswith("::warning file=") for line in lines)
    text = summary.read_text("utf-8")
    assert text.startswith("## attribution check")
    assert "| public/world/paris-metro-strike/index.html | 48 | ATR010 " in text


def test_sarif_output_through_the_cli_is_valid(site: Path) -> None:
    from tests.test_check_formats import validate_sarif

    result = run("public", "--base-url", BASE, "--format", "sarif", "-o", "out.sarif")
    assert result.exit_code == 1
    log = json.loads((site / "out.sarif").read_text("utf-8"))
    validate_sarif(log)
    assert len(log["runs"][0]["results"]) == 7


def test_list_rules(site: Path) -> None:
    result = run("--list-rules")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("ATR001  missing-author")


# --- crawl store ---------------------------------------------------------------------------------


def test_db_pages_are_checked_from_the_store(site: Path) -> None:
    from attribution.store import Store
    from tests.store_pages import html_page_write

    body = (site / "public/world/paris-metro-strike/index.html").read_bytes()
    url = "https://www.hilltopherald.example/world/paris-metro-strike/"
    with Store(site / "crawl.db") as store:
        crawl = store.start_crawl([url], {})
        store.save_page(crawl, html_page_write(url, body))
    result = run("--db", "crawl.db", "--format", "json")
    assert result.exit_code == 1, result.output
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["source"], finding["rule"]) == (url, "ATR010")


# --- many pages in worker processes -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_jobs_give_the_same_report_as_one_process(site: Path, fmt: str) -> None:
    one = run("public", "--base-url", BASE, "--format", fmt)
    two = run("public", "--base-url", BASE, "--format", fmt, "--jobs", "2")
    assert one.exit_code == two.exit_code == 1, two.output
    assert one.stdout == two.stdout
    if fmt == "json":
        found = {(f["source"], f["rule"]) for f in json.loads(two.stdout)["findings"]}
        assert found == EXPECTED  # the inline suppression held in the workers too


def test_a_page_past_the_page_timeout_is_an_input_error_and_the_rest_is_checked(
    site: Path,
) -> None:
    names = " ".join(f"a{i}" for i in range(48_000))
    flood = site / "public" / "flood" / "index.html"
    flood.parent.mkdir()
    flood.write_text(f"<html><body><div {names}>x</div></body></html>", encoding="utf-8")
    result = run(
        "public", "--base-url", BASE, "--format", "json", "--jobs", "2", "--page-timeout", "0.5"
    )
    assert result.exit_code == 2  # an input could not be checked
    assert "flood/index.html: check stopped after 0.5 s (--page-timeout)" in result.stderr
    found = {(f["source"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert found == EXPECTED


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--jobs", "-2"], "--jobs"), (["--page-timeout", "-1"], "--page-timeout")],
    ids=["negative-jobs", "negative-timeout"],
)
def test_bad_jobs_and_page_timeout_are_usage_errors(
    site: Path, args: list[str], message: str
) -> None:
    result = run("public", "--base-url", BASE, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_jobs_keep_unreadable_pages_in_their_order(site: Path) -> None:
    broken = site / "public" / "broken" / "index.html"
    broken.parent.mkdir()
    broken.write_bytes(bytes(range(256)) * 8)  # binary: not a text document
    targets = ["public/broken/index.html", "nope.html", "public/tech/china-cheap-ai/index.html"]
    one = run(*targets, "--root", "public", "--base-url", BASE, "--format", "json")
    two = run(*targets, "--root", "public", "--base-url", BASE, "--format", "json", "-j", "2")
    assert one.exit_code == two.exit_code == 2
    assert (one.stdout, one.stderr) == (two.stdout, two.stderr)
    errors = [line for line in two.stderr.splitlines() if line.startswith("Error:")]
    assert [e.split(":")[1].strip() for e in errors[:2]] == [
        "public/broken/index.html",
        "nope.html",
    ]
