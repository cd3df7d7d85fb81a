"""The command-line interface: one thin function per command, shared output options.

Data goes to stdout; progress, warnings and errors go to stderr. Exit codes are a contract:
0 clean, 1 findings or failed inputs, 2 usage or configuration error.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from attribution import __version__

app = typer.Typer(
    name="attribution",
    help=(
        "Track how news articles are republished across the web and whether the republishers "
        "give the credit the original publisher's licence asks for."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

log = logging.getLogger("attribution")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"attribution {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More detail on stderr (-vv: debug).")
    ] = 0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors on stderr; no progress display.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Find the credits that republished news articles give, and the ones they owe."""
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(
        level=level, format="%(levelname)s: %(message)s", stream=sys.stderr, force=True
    )


# --- commands ---------------------------------------------------------------------------------


@app.command(
    epilog=(
        "Examples:\n\n"
        "  attribution extract page.html --url https://example.com/story\n\n"
        "  attribution extract samples/web --format jsonl\n\n"
        "  attribution extract --manifest samples/manifest.tsv --format json\n\n"
        "  curl -s https://example.com/story | attribution extract - --url https://example.com/story"
    )
)
def extract(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="HTML files, folders (searched for *.html/*.htm), '-' for stdin, or http(s) URLs.",
            show_default=False,
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="The page URL of a single file or stdin (links and 'same site' depend on it).",
        ),
    ] = None,
    manifest: Annotated[
        str | None,
        typer.Option(
            "--manifest",
            help="A TSV of saved pages with a header line and the columns 'path' and 'url'.",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text, json or jsonl.")
    ] = "text",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    registry_dir: Annotated[
        str | None,
        typer.Option("--registry", help="A folder of publisher *.toml files to add or override."),
    ] = None,
) -> None:
    """Find every credit on news pages: bylines, republication notices, links, pixels, licences.

    Prints one result per page: whether it is a republished copy, of which publisher's
    article, and which credits the publisher's terms require but the page lacks.
    """
    from attribution.commands import run_extract  # noqa: PLC0415 - keeps --help fast

    code = run_extract(
        sources or [], url=url, manifest=manifest, fmt=fmt, output=output,
        registry_dir=registry_dir,
    )
    raise typer.Exit(code)



def main() -> None:
    """Entry point of the ``attribution`` console script."""
    app()
