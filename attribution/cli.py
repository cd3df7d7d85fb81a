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
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
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
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow URLs on private, loopback and link-local addresses (refused by default).",
        ),
    ] = False,
) -> None:
    """Find every credit on news pages: bylines, republication notices, links, pixels, licences.

    Prints one result per page: whether it is a republished copy, of which publisher's
    article, and which credits the publisher's terms require but the page lacks.
    """
    from attribution.commands import run_extract  # noqa: PLC0415 - keeps --help fast

    code = run_extract(
        sources or [],
        url=url,
        manifest=manifest,
        fmt=fmt,
        output=output,
        registry_dir=registry_dir,
        allow_private=allow_private,
    )
    raise typer.Exit(code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  attribution crawl https://newsdaily.example/ --db news.db\n\n"
        "  attribution crawl https://example.org/sitemap.xml --scope seeds --max-pages 500\n\n"
        "  attribution crawl @outlets.txt --per-host 1 --delay 2 --warc crawl.warc.gz\n\n"
        "  attribution serve samples/web --port 8080 &  "
        "attribution crawl https://newsdaily.example/ --resolve '*=127.0.0.1:8080'\n\n"
        "  attribution crawl --resume --db news.db"
    )
)
def crawl(
    ctx: typer.Context,
    seeds: Annotated[
        list[str] | None,
        typer.Argument(
            help="Page URLs, sitemap.xml (indexes, .gz), RSS/Atom feeds, @FILE (a URL a line).",
            show_default=False,
        ),
    ] = None,
    db: Annotated[str, typer.Option("--db", help="The SQLite store to write.")] = "attribution.db",
    max_pages: Annotated[
        int | None,
        typer.Option("--max-pages", help="Stop after fetching this many pages in this run."),
    ] = None,
    max_depth: Annotated[
        int, typer.Option("--max-depth", help="Follow links at most this many clicks from a seed.")
    ] = 5,
    scope: Annotated[
        str,
        typer.Option(
            "--scope",
            help="Links followed: same-site (the seeds' sites), seeds (none: only seeds, "
            "sitemaps and feeds), any.",
        ),
    ] = "same-site",
    follow_credits: Annotated[
        bool,
        typer.Option(
            "--follow-credits/--no-follow-credits",
            help="Fetch the originals that credits point to, on any site, one hop past the scope.",
        ),
    ] = True,
    concurrency: Annotated[
        int, typer.Option("--concurrency", help="Requests in flight across all hosts.")
    ] = 16,
    per_host: Annotated[int, typer.Option("--per-host", help="Requests in flight per host.")] = 2,
    delay: Annotated[
        float,
        typer.Option(
            "--delay", help="Seconds between requests to one host (with jitter; Crawl-delay wins)."
        ),
    ] = 1.0,
    user_agent: Annotated[
        str | None,
        typer.Option(
            "--user-agent", help="User-Agent header [default: attribution/VERSION (+URL)]."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the last crawl in --db from its stored frontier."),
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Allow private, loopback and link-local addresses."),
    ] = False,
    resolve: Annotated[
        list[str] | None,
        typer.Option(
            "--resolve",
            help="HOST=ADDR:PORT: send HOST's http(s) requests as plain HTTP there, keeping URL "
            "and Host ('*' for every host; repeatable; trusted by the address guard).",
        ),
    ] = None,
    warc: Annotated[
        str | None, typer.Option("--warc", help="Also write every response to this WARC file.")
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Read timeout in seconds (connect: a third).")
    ] = 30.0,
    retries: Annotated[
        int, typer.Option("--retries", help="Retries on timeouts, connection errors, 429 and 5xx.")
    ] = 3,
    max_size: Annotated[
        str | None,
        typer.Option("--max-size", help="Cut bodies at this size, e.g. 2MB [default: 10MB]."),
    ] = None,
    registry_dir: Annotated[
        str | None,
        typer.Option("--registry", help="A folder of publisher *.toml files to add or override."),
    ] = None,
) -> None:
    """Crawl outlets politely, extract every page's credits, follow them to the originals.

    Everything goes into the SQLite store (--db) that match, graph, report and check read.
    Obeys robots.txt, never requests counting pixels or assets, refuses private addresses.
    Exit codes: 0 all pages fetched, 1 some failed, 2 usage error, 130 interrupted.
    """
    from attribution.crawler import crawl_command  # noqa: PLC0415 - keeps --help fast
    from attribution.settings import DEFAULT_USER_AGENT  # noqa: PLC0415

    root = ctx.find_root().params
    code = crawl_command(
        seeds or [],
        db=db,
        settings_args={
            "max_pages": max_pages,
            "max_depth": max_depth,
            "scope": scope,
            "follow_credits": follow_credits,
            "concurrency": concurrency,
            "per_host": per_host,
            "delay": delay,
            "user_agent": user_agent or DEFAULT_USER_AGENT,
            "allow_private": allow_private,
            "warc_path": warc,
            "read_timeout": timeout,
            "connect_timeout": max(1.0, timeout / 3),
            "total_timeout": timeout * 2,
            "retries": retries,
        },
        resolve=resolve or [],
        max_size=max_size,
        resume=resume,
        registry_dir=registry_dir,
        quiet=bool(root.get("quiet")),
    )
    raise typer.Exit(code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  attribution serve samples/web --port 8080\n\n"
        "  attribution crawl https://newsdaily.example/ --resolve '*=127.0.0.1:8080'"
    )
)
def serve(
    ctx: typer.Context,
    root: Annotated[
        str, typer.Argument(help="A folder laid out as DIR/<host>/... (e.g. samples/web).")
    ],
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on (0: any).")] = 8080,
    bind: Annotated[str, typer.Option("--bind", help="Address to listen on.")] = "127.0.0.1",
    scheme: Annotated[
        str,
        typer.Option("--scheme", help="Scheme of the URLs in generated sitemaps and robots.txt."),
    ] = "https",
) -> None:
    """Serve a folder of sites by virtual host, so a crawl can run on loopback.

    The Host header picks DIR/<host>/; /a/b serves a/b, a/b.html or a/b/index.html; robots.txt
    and sitemap.xml are generated when a host has none.
    """
    from attribution.serve import serve_command  # noqa: PLC0415 - keeps --help fast

    code = serve_command(
        root, port=port, bind=bind, scheme=scheme, quiet=bool(ctx.find_root().params.get("quiet"))
    )
    raise typer.Exit(code)


def main() -> None:
    """Entry point of the ``attribution`` console script."""
    app()
