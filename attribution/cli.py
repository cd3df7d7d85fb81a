"""The command-line interface: one thin function per command, shared output options.

Data goes to stdout; progress, warnings and errors go to stderr. Exit codes are a contract:
0 clean, 1 findings or failed inputs, 2 usage or configuration error.
"""

from __future__ import annotations

import inspect
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

# Options several commands share, declared once so that they read and behave the same.
RegistryOption = Annotated[
    str | None,
    typer.Option("--registry", help="A folder of publisher *.toml files to add or override."),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        help="Worker processes that read pages side by side (output keeps the order given); "
        "0: one per CPU, at most 4.",
    ),
]
PageTimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--page-timeout",
        help="Seconds a worker may spend on one page; past them the page is reported as "
        "failed and the others go on \\[default: 30 with --jobs other than 1, else none].",
        show_default=False,
    ),
]
OutputOption = Annotated[
    str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Allow private, loopback and link-local addresses (refused by default).",
    ),
]


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
        "  attribution extract saved-pages/ --jobs 0 --format jsonl -o credits.jsonl\n\n"
        "  curl -s https://example.com/story | attribution extract - --url https://example.com/story"
    )
)
def extract(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help=(
                "HTML files, folders (searched for *.html and *.htm), web archives (.warc, "
                ".warc.gz: every HTML page in them), '-' for stdin, or http(s) URLs. "
                "Gzip-compressed pages (page.html.gz) are read as well."
            ),
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
    output: OutputOption = None,
    registry_dir: RegistryOption = None,
    allow_private: AllowPrivateOption = False,
    jobs: JobsOption = 1,
    page_timeout: PageTimeoutOption = None,
) -> None:
    """Find every credit on news pages: bylines, republication notices, links, pixels, licences.

    Prints one result per page: whether it is a republished copy, of which publisher's
    article, and which credits the publisher's terms require but the page lacks. An input
    that cannot be read is reported on stderr and the others are still read.

    Exit codes: 0 every input read, 1 some input failed, 2 usage error.
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
        quiet=bool(ctx.find_root().params.get("quiet")),
        jobs=jobs,
        page_timeout=page_timeout,
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
            "--user-agent", help="User-Agent header \\[default: attribution/VERSION (+URL)]."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the last crawl in --db from its stored frontier."),
    ] = False,
    allow_private: AllowPrivateOption = False,
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
        typer.Option("--max-size", help="Cut bodies at this size, e.g. 2MB \\[default: 10MB]."),
    ] = None,
    registry_dir: RegistryOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Processes that parse and extract pages while the crawl fetches and stores; "
            "0: extract on the crawl's own thread, with no --page-timeout \\[default: one per "
            "CPU, at most 4].",
            show_default=False,
        ),
    ] = None,
    page_timeout: Annotated[
        float | None,
        typer.Option(
            "--page-timeout",
            help="Seconds a worker may spend parsing and extracting one page; past them the "
            "worker is replaced and the page recorded as failed, body kept (needs --workers "
            "of 1 or more) \\[default: 30].",
            show_default=False,
        ),
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
            **({} if workers is None else {"workers": workers}),
            **({} if page_timeout is None else {"page_timeout": page_timeout}),
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
    and sitemap.xml are generated when a host has none. Runs until Ctrl-C.

    Exit codes: 0 stopped with Ctrl-C, 2 a bad folder or a port it cannot listen on.
    """
    from attribution.serve import serve_command  # noqa: PLC0415 - keeps --help fast

    code = serve_command(
        root, port=port, bind=bind, scheme=scheme, quiet=bool(ctx.find_root().params.get("quiet"))
    )
    raise typer.Exit(code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  attribution check public/ --base-url https://www.example.org/\n\n"
        "  attribution check public/ --base-url https://www.example.org/ --format sarif "
        "-o attribution.sarif\n\n"
        "  attribution check https://www.example.org/sitemap.xml --fail-on warning\n\n"
        "  attribution check --db crawl.db --format json\n\n"
        "  attribution check public/ --write-baseline attribution-baseline.json\n\n"
        "  attribution check --list-rules"
    )
)
def check(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            help=(
                "HTML files, folders (a static site's build output), page URLs, sitemaps or "
                "web archives (.warc, .warc.gz); gzip-compressed pages (page.html.gz) are read "
                "as well."
            ),
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Check the pages of a crawl's store (read-only).")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The site's URL: each file's URL is this plus its path under the site root "
            "(index.html -> its folder).",
        ),
    ] = None,
    root: Annotated[
        str | None,
        typer.Option("--root", help="The site root for files given one by one \\[default: .]."),
    ] = None,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            help="Policy file to use instead of searching for attribution.toml / pyproject.toml.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="Output format: text, json, sarif, junit, github."),
    ] = "text",
    output: OutputOption = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Lowest severity that fails: error, warning, note \\[default: error]."
        ),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even with findings (report only).")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Run only these rules (id or name; repeatable)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Skip these rules (repeatable).")
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help="Ignore the findings recorded in this baseline file."),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option("--write-baseline", help="Record every finding in this file (and exit 0)."),
    ] = None,
    registry_dir: RegistryOption = None,
    originals: Annotated[
        str | None,
        typer.Option(
            "--originals",
            help="A crawl store of originals to compare texts with: wrong-article credits, "
            "uncredited copies, edited no-derivatives text (ATR007-ATR009). With --db, the "
            "stored matching results are used instead.",
        ),
    ] = None,
    fetch_originals: Annotated[
        bool,
        typer.Option(
            "--fetch-originals",
            help="Fetch each credited original to compare texts (ATR007, ATR009; uncredited "
            "copies need --db or --originals).",
        ),
    ] = False,
    allow_private: AllowPrivateOption = False,
    jobs: JobsOption = 1,
    page_timeout: PageTimeoutOption = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="Print the rules and their severities, then exit.")
    ] = False,
) -> None:
    """Fail CI when republished articles lack the credits their publishers' terms require.

    Checks every page for the author, publisher credit, link, licence and counting pixel the
    original publisher requires, and quotes the snippet to add.

    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration or
    input error.
    """
    from attribution.check.runner import CheckOptions, list_rules_text, run_check  # noqa: PLC0415

    if list_rules:
        typer.echo(list_rules_text(), nl=False)
        raise typer.Exit(0)
    code = run_check(
        CheckOptions(
            targets=targets or [],
            db=db,
            config=config,
            base_url=base_url,
            root=root,
            fmt=fmt,
            output=output,
            fail_on=fail_on,
            exit_zero=exit_zero,
            baseline=baseline,
            write_baseline=write_baseline,
            select=select,
            ignore=ignore,
            registry_dir=registry_dir,
            originals=originals,
            fetch_originals=fetch_originals,
            allow_private=allow_private,
            jobs=jobs,
            page_timeout=page_timeout,
        )
    )
    raise typer.Exit(code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  attribution match --db news.db\n\n"
        "  attribution match --db news.db --format jsonl -o matches.jsonl\n\n"
        "  attribution crawl https://newsdaily.example/ --db news.db  (runs match at its end)"
    )
)
def match(
    ctx: typer.Context,
    db: Annotated[str, typer.Option("--db", help="The crawl's SQLite store.")] = "attribution.db",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text, json or jsonl.")
    ] = "text",
    output: OutputOption = None,
    registry_dir: RegistryOption = None,
    min_words: Annotated[
        int,
        typer.Option("--min-words", help="Shortest text looked up as a possible uncredited copy."),
    ] = 50,
) -> None:
    """Compare the texts in a store: verify credited copies, find uncredited copies and edits.

    Credited copies are compared with the original they credit (verified, edited, mismatch);
    articles that credit nobody are looked up among every stored article for the text they
    copy (uncredited, with who copied whom and how sure). Results are stored in --db.

    Exit codes: 0 no findings, 1 mismatches, uncredited copies or licence violations,
    2 usage or store error.
    """
    from attribution.match.commands import run_match  # noqa: PLC0415 - keeps --help fast

    code = run_match(
        db=db,
        fmt=fmt,
        output=output,
        registry_dir=registry_dir,
        min_words=min_words,
        quiet=bool(ctx.find_root().params.get("quiet")),
    )
    raise typer.Exit(code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  attribution compare original.html copy.html\n\n"
        "  attribution compare https://theconversation.com/some-story-123456 "
        "https://copy.example/story --format json\n\n"
        "  attribution compare https://publisher.example/story https://copy.example/story "
        "--db news.db"
    )
)
def compare(
    original: Annotated[
        str, typer.Argument(help="A: the original (file, URL, or with --db a stored URL or id).")
    ],
    candidate: Annotated[
        str, typer.Argument(help="B: the candidate copy (file, URL, or stored URL or id).")
    ],
    db: Annotated[
        str | None,
        typer.Option("--db", help="Read stored pages from this store, and store the result."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = (
        "text"
    ),
    output: OutputOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Count allowed edits (dates, relative days, spelling) as edits."
        ),
    ] = False,
    registry_dir: RegistryOption = None,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Compare an original (A) with a candidate copy (B): similarity, verdict and diff.

    The verdict is verified (same text), edited (same article, changed: paragraphs, sentences,
    title, links, quotations, truncation), mismatch (B credits A but is another article) or
    unrelated.

    Exit codes: 0 verified, 1 edited, mismatch, unrelated or unreadable input,
    2 usage error.
    """
    from attribution.match.commands import run_compare  # noqa: PLC0415 - keeps --help fast

    code = run_compare(
        original,
        candidate,
        db=db,
        fmt=fmt,
        output=output,
        registry_dir=registry_dir,
        allow_private=allow_private,
        strict=strict,
    )
    raise typer.Exit(code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  attribution export --db news.db --format graphml -o outlets.graphml\n\n"
        "  attribution export --db news.db --format gexf --publisher theconversation "
        "-o conversation.gexf\n\n"
        "  attribution export --db news.db --level article --format json --since 2026-03-01 "
        "-o articles.json\n\n"
        "  attribution export --db news.db --format csv -o edges.csv  (nodes: edges.nodes.csv)"
    )
)
def export(
    ctx: typer.Context,
    db: Annotated[str, typer.Option("--db", help="The crawl's SQLite store (read-only).")] = (
        "attribution.db"
    ),
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="graphml, gexf, json, cytoscape or csv."),
    ] = "graphml",
    output: OutputOption = None,
    level: Annotated[
        str,
        typer.Option(
            "--level", help="outlet: one node per outlet; article: one node per article URL."
        ),
    ] = "outlet",
    publisher: Annotated[
        str | None,
        typer.Option(
            "--publisher", help="Only copies of this publisher's articles (registry id or domain)."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only copies fetched on or after this date (YYYY-MM-DD)."),
    ] = None,
    authors: Annotated[
        bool, typer.Option("--authors", help="Article level: add author nodes.")
    ] = False,
    registry_dir: RegistryOption = None,
) -> None:
    """Export the republishing network: who republishes whom, how faithfully, same operators.

    Edges point from the republishing outlet (or copy) to the original publisher (or
    article). Output is deterministic: the same store gives the same bytes.

    Exit codes: 0 written, 2 usage or store error.
    """
    from attribution.graph.commands import run_export  # noqa: PLC0415 - keeps --help fast

    code = run_export(
        db=db,
        fmt=fmt,
        output=output,
        level=level,
        publisher=publisher,
        since=since,
        authors=authors,
        registry_dir=registry_dir,
        quiet=bool(ctx.find_root().params.get("quiet")),
    )
    raise typer.Exit(code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  attribution report --db news.db\n\n"
        "  attribution report --db news.db --format html -o report.html\n\n"
        "  attribution report --db news.db --outlet newsdaily.example --format markdown\n\n"
        "  attribution report --db news.db --publisher theconversation --format json"
    )
)
def report(
    db: Annotated[str, typer.Option("--db", help="The crawl's SQLite store.")] = "attribution.db",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text, markdown, json or html.")
    ] = "text",
    output: OutputOption = None,
    outlet: Annotated[
        str | None,
        typer.Option(
            "--outlet", help="Only this outlet (a domain), down to each article and its evidence."
        ),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(
            "--publisher",
            help="Only copies of this original publisher (registry id such as 'theconversation', "
            "or its domain), down to each article.",
        ),
    ] = None,
    worst: Annotated[
        int, typer.Option("--worst", help="How many of the worst cases to list.")
    ] = 20,
    registry_dir: RegistryOption = None,
) -> None:
    """Report who republishes whom and how faithfully: publishers, republishers, clusters.

    The headline figures, the original publishers with their copies, the republishers ranked
    by volume with their compliance and what they omit most, the operator clusters (outlets
    sharing analytics or ad ids) and the worst cases with their URLs. Text is drawn with tables
    on a terminal and plain when piped; html is one self-contained file to open in a browser.
    docs/report.md explains every figure.

    Exit codes: 0 written, 2 usage or store error.
    """
    from attribution.report.commands import run_report  # noqa: PLC0415 - keeps --help fast

    code = run_report(
        db=db,
        fmt=fmt,
        output=output,
        outlet=outlet,
        publisher=publisher,
        registry_dir=registry_dir,
        worst=worst,
    )
    raise typer.Exit(code)


@app.command(
    epilog=("Examples:\n\n  attribution demo\n\n  attribution -q demo --out /tmp/attribution-demo")
)
def demo(
    ctx: typer.Context,
    out: Annotated[
        str, typer.Option("--out", help="Folder for the store, the GraphML and the HTML report.")
    ] = "attribution-demo",
    samples: Annotated[
        str | None,
        typer.Option(
            "--samples",
            help="A sample web laid out as DIR/<host>/... \\[default: the bundled one].",
        ),
    ] = None,
    registry_dir: RegistryOption = None,
) -> None:
    """Run everything on the bundled sample web, on loopback: no internet needed.

    Serves samples/web on 127.0.0.1, crawls the sample republishers' front pages with credits
    followed, matches texts, builds the network, and writes DIR/attribution.db,
    DIR/network.graphml and DIR/report.html, then prints the text report.

    Exit codes: 0 done, 1 the demo failed, 2 usage error, 130 interrupted.
    """
    from attribution.report.commands import run_demo  # noqa: PLC0415 - keeps --help fast

    code = run_demo(
        out=out,
        samples=samples,
        registry_dir=registry_dir,
        quiet=bool(ctx.find_root().params.get("quiet")),
    )
    raise typer.Exit(code)


def _reflowed(doc: str | None) -> str | None:
    """``doc`` with each paragraph on one line. Rich help keeps a docstring's line breaks, and
    the terminal then wraps the lines again: at 80 columns every other line would be a stub."""
    if not doc:
        return doc
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(doc).split("\n\n"))


for _command in app.registered_commands:
    if _command.callback is not None:
        _command.callback.__doc__ = _reflowed(_command.callback.__doc__)


def main() -> None:
    """Entry point of the ``attribution`` console script."""
    app()
