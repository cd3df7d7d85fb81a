"""`attribution extract` through the real command line: sources, formats, output, exit codes.

Exit codes are a contract: 0 every input read, 1 some input failed (the others still printed),
2 usage or configuration error. Data goes to stdout; errors and warnings go to stderr.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from attribution import __version__
from attribution.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "web"


def _sample(relative: str) -> tuple[Path, str]:
    """A sample page and the URL its label gives it."""
    page = SAMPLES / f"{relative}.html"
    label = json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))
    return page, label["url"]


# A complete Conversation copy, an original (not a copy), and a copy without the counter pixel.
COPY, COPY_URL = _sample(
    "www.coastalcourier.example/2026/02/24/why-teenagers-cant-fall-asleep-before-midnight"
)
ORIGINAL, ORIGINAL_URL = _sample(
    "www.propublica.org/article/nursing-home-inspections-years-behind-state-surveyors"
)
NO_PIXEL, NO_PIXEL_URL = _sample(
    "www.plainsobserver.example/education/school-phone-bans-first-year-data"
)
# A ProPublica copy that is recognised as one without --url.
PP_COPY, PP_COPY_URL = _sample(
    "www.lakeshorecourier.example/news/2026/03/05/nursing-home-inspections-years-behind"
)
CONVERSATION_URL = (
    "https://theconversation.com/"
    "why-teenagers-cant-fall-asleep-before-midnight-and-what-schools-could-do-about-it-280231"
)


# The CLI's root callback reconfigures logging onto the runner's stderr: put it back after each.
pytestmark = pytest.mark.usefixtures("keep_root_logging")


def run(*args: str | Path, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# --- help and version ---------------------------------------------------------------------------


def test_help_lists_the_extract_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "extract" in result.stdout
    assert "--version" in result.stdout


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"attribution {__version__}"


def test_extract_help_shows_an_example_and_every_option() -> None:
    result = run("extract", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "attribution extract " in result.stdout
    for option in ("--url", "--manifest", "--format", "--output", "--registry"):
        assert option in result.stdout


# --- sources ------------------------------------------------------------------------------------


def test_extract_a_file_reports_the_copy_and_its_original() -> None:
    result = run("extract", COPY, "--url", COPY_URL, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [page] = json.loads(result.stdout)
    assert page["source"] == str(COPY)
    assert page["url"] == COPY_URL
    assert page["republished"] is True
    assert page["original"]["domain"] == "theconversation.com"
    assert page["original"]["id"] == "280231"
    assert page["authors"] == ["Ana Ruiz", "Tom Lee"]
    assert result.stderr == ""


def test_extract_a_folder_reads_every_html_file_below_it(tmp_path: Path) -> None:
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "deep" / "copy.html").write_bytes(PP_COPY.read_bytes())
    (tmp_path / "b.htm").write_bytes(ORIGINAL.read_bytes())
    (tmp_path / "notes.txt").write_text("not a page", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run("extract", tmp_path, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    pages = jsonl(result.stdout)
    assert [p["source"] for p in pages] == [
        str(tmp_path / "a" / "deep" / "copy.html"),
        str(tmp_path / "b.htm"),
    ]
    assert [p["republished"] for p in pages] == [True, False]


def test_extract_stdin_with_url() -> None:
    result = run("extract", "-", "--url", COPY_URL, "-f", "jsonl", stdin=COPY.read_bytes())
    assert result.exit_code == 0, result.stderr
    [page] = jsonl(result.stdout)
    assert page["source"] == "-"
    assert page["url"] == COPY_URL
    assert page["original"]["url"].startswith("https://theconversation.com/")


def test_url_option_sets_the_page_url_used_for_resolution() -> None:
    # The same bytes served from the Conversation's own site credit no other publisher.
    as_copy = jsonl(run("extract", COPY, "--url", COPY_URL, "-f", "jsonl").stdout)
    as_original = jsonl(run("extract", COPY, "--url", CONVERSATION_URL, "-f", "jsonl").stdout)
    assert as_copy[0]["url"] == COPY_URL
    assert as_copy[0]["republished"] is True
    assert as_original[0]["url"] == CONVERSATION_URL
    assert as_original[0]["republished"] is False


def test_without_url_a_copy_is_resolved_from_its_own_canonical() -> None:
    result = run("extract", COPY, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    [page] = jsonl(result.stdout)
    assert page["url"] == COPY_URL  # the canonical, which points to the page itself
    assert page["republished"] is True
    assert page["original"]["domain"] == "theconversation.com"


def test_manifest_gives_one_object_per_row_in_order(tmp_path: Path) -> None:
    rows = [(ORIGINAL, ORIGINAL_URL), (COPY, COPY_URL), (NO_PIXEL, NO_PIXEL_URL)]
    manifest = tmp_path / "manifest.tsv"
    lines = ["path\turl"] + [f"{os.path.relpath(p, tmp_path)}\t{u}" for p, u in rows]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("extract", "--manifest", manifest, "--format", "json")
    assert result.exit_code == 0, result.stderr
    pages = json.loads(result.stdout)
    assert [p["source"] for p in pages] == [os.path.relpath(p, tmp_path) for p, _ in rows]
    assert [p["url"] for p in pages] == [u for _, u in rows]
    assert [p["republished"] for p in pages] == [False, True, True]
    assert pages[2]["missing"] == ["pixel"]


def test_manifest_row_with_a_missing_page_fails_that_row_only(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(
        "path\turl\n"
        "gone.html\thttps://www.example.org/gone\n"
        f"{os.path.relpath(COPY, tmp_path)}\t{COPY_URL}\n",
        encoding="utf-8",
    )
    result = run("extract", "--manifest", manifest, "-f", "jsonl")
    assert result.exit_code == 1
    gone, copy = jsonl(result.stdout)
    assert gone["source"] == "gone.html"
    assert "error" in gone
    assert copy["republished"] is True
    assert "gone.html" in result.stderr


# --- formats and output -------------------------------------------------------------------------


def test_json_format_is_one_array_of_objects() -> None:
    result = run("extract", COPY, ORIGINAL, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert len(data) == 2
    assert all(isinstance(item, dict) for item in data)


def test_json_format_of_no_result_is_still_an_array(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    result = run("extract", missing, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert isinstance(data, list)


def test_jsonl_format_is_one_object_per_line() -> None:
    result = run("extract", COPY, ORIGINAL, NO_PIXEL, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    pages = [json.loads(line) for line in lines]
    assert [p["source"] for p in pages] == [str(COPY), str(ORIGINAL), str(NO_PIXEL)]


def test_every_documented_output_key_is_present() -> None:
    [page] = jsonl(run("extract", COPY, "--url", COPY_URL, "-f", "jsonl").stdout)
    for key in (
        "source", "url", "title", "site_name", "published", "authors", "republished",
        "original", "credits", "license", "missing", "tracker_ids",
    ):  # fmt: skip
        assert key in page, key
    assert set(page["original"]) >= {"publisher", "domain", "url", "authors", "id"}
    for credit in page["credits"]:
        assert set(credit) >= {"signal", "text", "publisher", "domain", "url", "author"}


def test_text_format_is_a_readable_summary() -> None:
    result = run("extract", NO_PIXEL, "--url", NO_PIXEL_URL, "--format", "text")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"== {NO_PIXEL}")
    assert "Rebecca Lawson" in out
    assert "REPUBLISHED from The Conversation" in out
    assert re.search(r"MISSING:\s+pixel", out)
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_text_is_the_default_format() -> None:
    assert run("extract", COPY).stdout.startswith(f"== {COPY}")


def test_output_file_receives_the_data_and_stdout_stays_empty(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run("extract", COPY, ORIGINAL, "-f", "json", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [p["source"] for p in data] == [str(COPY), str(ORIGINAL)]


def test_unwritable_output_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("extract", COPY, "-o", tmp_path / "no" / "such" / "dir" / "out.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")


# --- exit codes and streams ---------------------------------------------------------------------


def test_missing_file_among_good_ones_exits_1_and_prints_the_good_result(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    result = run("extract", missing, PP_COPY, "--format", "jsonl")
    assert result.exit_code == 1
    failed, good = jsonl(result.stdout)
    assert set(failed) == {"source", "url", "error"}
    assert failed["source"] == str(missing)
    assert "no such file" in failed["error"]
    assert good["source"] == str(PP_COPY)
    assert good["original"]["domain"] == "propublica.org"
    assert result.stderr.startswith(f"Error: {missing}")


def test_all_good_inputs_exit_0_with_nothing_on_stderr() -> None:
    result = run("extract", COPY, ORIGINAL, "-f", "jsonl")
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml", "PAGE"], "unknown format"),
        ([], "nothing to read"),
        (["PAGE", "PAGE", "--url", "https://www.example.org/story"], "--url"),
        (["FOLDER", "--url", "https://www.example.org/story"], "--url"),
        (["--manifest", "NO_MANIFEST"], "manifest"),
        (["--manifest", "BAD_MANIFEST"], "path"),
        (["PAGE", "--registry", "NO_REGISTRY"], "registry"),
        (["PAGE", "--no-such-option"], "No such option"),
    ],
    ids=[
        "unknown-format", "no-sources", "url-with-two-files", "url-with-folder",
        "manifest-not-found", "manifest-without-path-column", "registry-not-found",
        "unknown-option",
    ],
)  # fmt: skip
def test_usage_errors_exit_2_with_a_message_on_stderr(
    tmp_path: Path, args: list[str], message: str
) -> None:
    bad_manifest = tmp_path / "bad.tsv"
    bad_manifest.write_text("file\taddress\nx.html\thttps://www.example.org/x\n", encoding="utf-8")
    replace = {
        "PAGE": str(COPY),
        "FOLDER": str(COPY.parent),
        "NO_MANIFEST": str(tmp_path / "none.tsv"),
        "BAD_MANIFEST": str(bad_manifest),
        "NO_REGISTRY": str(tmp_path / "no-registry"),
    }
    result = run("extract", *[replace.get(a, a) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_python_dash_m_separates_data_and_errors_and_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    proc = subprocess.run(
        [sys.executable, "-m", "attribution", "extract", str(PP_COPY), str(missing), "-f", "jsonl"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    good, failed = jsonl(proc.stdout)
    assert good["original"]["domain"] == "propublica.org"
    assert failed["source"] == str(missing)
    assert proc.stderr.startswith(f"Error: {missing}")


# --- --registry ---------------------------------------------------------------------------------

LEDGER_TOML = """\
id = "valleyledger"
name = "Valley Ledger"
aliases = ["The Valley Ledger"]
domains = ["valleyledger.example"]
license = "CC BY-ND 4.0"
requires = ["author", "publisher", "link", "license", "pixel"]
terms_url = "https://valleyledger.example/republish"
pixel_patterns = ['beacon\\.valleyledger\\.example/hit/(?P<id>\\d+)\\.gif']
"""

LEDGER_COPY = """\
<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Orchard growers try night harvests | Hilltop Chronicle</title>
<meta property="og:site_name" content="Hilltop Chronicle"></head>
<body><header><nav><a href="https://www.hilltopchronicle.example/">Home</a>
<a href="https://www.hilltopchronicle.example/news/">News</a></nav></header>
<main><article><h1>Orchard growers try night harvests</h1><p class="byline">By Priya Raman</p>
<p>Growers in the upper valley have started picking apples after dark to keep the fruit cool.</p>
<p>Harvest crews now start at 2 a.m. and finish before the midday heat.</p>
<img src="https://beacon.valleyledger.example/hit/4417.gif" width="1" height="1" alt="">
</article></main><footer><p>© 2026 Hilltop Chronicle</p></footer></body></html>
"""
LEDGER_COPY_URL = "https://www.hilltopchronicle.example/news/orchard-night-harvest"


def _ledger(tmp_path: Path) -> tuple[Path, Path]:
    """A registry folder with the Valley Ledger, and a saved copy of one of its articles."""
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "valleyledger.toml").write_text(LEDGER_TOML, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(LEDGER_COPY, encoding="utf-8")
    return registry, page


def test_registry_folder_adds_a_publisher_whose_pixel_marks_a_copy(tmp_path: Path) -> None:
    registry, page = _ledger(tmp_path)
    [without] = jsonl(run("extract", page, "--url", LEDGER_COPY_URL, "-f", "jsonl").stdout)
    assert without["republished"] is False

    result = run("extract", page, "--url", LEDGER_COPY_URL, "--registry", registry, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    [with_registry] = jsonl(result.stdout)
    assert with_registry["republished"] is True
    assert with_registry["original"]["publisher"] == "Valley Ledger"
    assert with_registry["original"]["domain"] == "valleyledger.example"
    assert with_registry["original"]["id"] == "4417"
    assert set(with_registry["missing"]) == {"publisher", "link", "license"}


def test_registry_folder_overrides_a_bundled_publisher_by_id(tmp_path: Path) -> None:
    bundled = (
        resources.files("attribution.registry") / "publishers" / "theconversation.toml"
    ).read_text(encoding="utf-8")
    relaxed, count = re.subn(
        r"(?m)^requires = \[.*\]$", 'requires = ["author", "publisher", "link"]', bundled
    )
    assert count == 1
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "conversation-relaxed.toml").write_text(relaxed, encoding="utf-8")

    [before] = jsonl(run("extract", NO_PIXEL, "--url", NO_PIXEL_URL, "-f", "jsonl").stdout)
    result = run("extract", NO_PIXEL, "--url", NO_PIXEL_URL, "--registry", registry, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    [after] = jsonl(result.stdout)
    assert before["missing"] == ["pixel"]
    assert after["republished"] is True
    assert after["missing"] == []


def test_malformed_registry_file_is_a_clear_error_exit_2(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    registry.mkdir()
    broken = registry / "broken.toml"
    broken.write_text('id = "broken"\nname = \n', encoding="utf-8")
    result = run("extract", COPY, "--registry", registry)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")
    assert str(broken) in result.stderr
    assert "TOML" in result.stderr
    assert result.stdout == ""


# --- many pages in worker processes -------------------------------------------------------------


def _flood_page(path: Path, attributes: int = 48_000) -> Path:
    # One element with tens of thousands of distinct attributes: lexbor checks each name
    # against those before it, so this page takes seconds to parse (see docs/crawling.md).
    names = " ".join(f"a{i}" for i in range(attributes))
    path.write_text(f"<html><body><div {names}>x</div></body></html>", encoding="utf-8")
    return path


def test_jobs_give_the_same_output_in_the_same_order_as_one_process(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    binary = tmp_path / "binary.html"
    binary.write_bytes(bytes(range(256)) * 4)
    # Failures among the pages: each keeps its place in the output.
    sources = [SAMPLES, missing, COPY, binary, ORIGINAL]
    outputs = {}
    for jobs in ("1", "2", "0"):
        result = run("extract", *sources, "-f", "jsonl", "--jobs", jobs)
        assert result.exit_code == 1, result.stderr
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"] == outputs["0"]
    pages = jsonl(outputs["2"])
    samples = len(list(SAMPLES.rglob("*.html")))
    assert len(pages) == samples + 4
    assert "no such file" in pages[samples]["error"]
    assert pages[samples + 1]["source"] == str(COPY) and pages[samples + 1]["republished"]
    assert "error" in pages[samples + 2] and pages[samples + 2]["source"] == str(binary)
    assert pages[samples + 3]["source"] == str(ORIGINAL)


def test_a_page_past_the_page_timeout_fails_alone(tmp_path: Path) -> None:
    flood = _flood_page(tmp_path / "flood.html")
    result = run(
        "extract", COPY, flood, PP_COPY, "-f", "jsonl", "--jobs", "2", "--page-timeout", "0.5"
    )
    assert result.exit_code == 1
    copy, stopped, pp_copy = jsonl(result.stdout)
    assert stopped == {
        "source": str(flood),
        "url": None,
        "error": "extraction stopped after 0.5 s (--page-timeout)",
    }
    assert copy["republished"] and pp_copy["original"]["domain"] == "propublica.org"
    assert f"Error: {flood}: extraction stopped after 0.5 s" in result.stderr


def test_a_page_timeout_applies_to_a_single_page_from_stdin(tmp_path: Path) -> None:
    flood = _flood_page(tmp_path / "flood.html")
    result = run("extract", "-", "--page-timeout", "0.5", "-f", "jsonl", stdin=flood.read_bytes())
    assert result.exit_code == 1
    [stopped] = jsonl(result.stdout)
    assert stopped["source"] == "-" and "stopped after 0.5 s" in stopped["error"]
    # A page within the limit is read as usual.
    quick = run("extract", "-", "--page-timeout", "5", "-f", "jsonl", stdin=COPY.read_bytes())
    assert quick.exit_code == 0 and jsonl(quick.stdout)[0]["republished"]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--jobs", "-1"], "--jobs"), (["--page-timeout", "0"], "--page-timeout")],
    ids=["negative-jobs", "zero-timeout"],
)
def test_bad_jobs_and_page_timeout_are_usage_errors(args: list[str], message: str) -> None:
    result = run("extract", COPY, *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""


def test_workers_read_the_registry_folder_given(tmp_path: Path) -> None:
    registry, page = _ledger(tmp_path)
    manifest = tmp_path / "pages.tsv"
    rows = f"{page.name}\t{LEDGER_COPY_URL}\n" * 3
    manifest.write_text("path\turl\n" + rows, encoding="utf-8")
    args = ["extract", "--manifest", manifest, "--registry", registry, "-f", "jsonl"]
    one, two = run(*args), run(*args, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0, two.stderr
    assert one.stdout == two.stdout
    assert [p["original"]["publisher"] for p in jsonl(two.stdout)] == ["Valley Ledger"] * 3
