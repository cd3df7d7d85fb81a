"""The graph module on a synthetic store: article records, the outlet and article graphs,
same-operator clusters and the analysis."""

from __future__ import annotations

import dataclasses
import io
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from attribution.errors import StoreError
from attribution.graph import (
    analyse,
    build_article_graph,
    build_outlet_graph,
    iter_article_records,
    operator_clusters,
)
from attribution.graph.analysis import FARM_MIN_COPIES
from attribution.graph.articles import article_graph_from
from attribution.graph.export import astuple_record, write_article_graphml, write_graphml
from attribution.graph.operators import normalise_tracker_id
from attribution.graph.outlets import outlet_graph_from
from attribution.graph.reader import outlet_graph_read_ahead
from attribution.graph.records import iter_record_fields
from attribution.models import ArticleRecord
from attribution.store import Store
from tests.graph_store import (
    C1,
    C2,
    C3,
    C4,
    C5,
    CONV_GA,
    L1,
    L2,
    O1,
    O2,
    TEMPLATE,
    U1,
    StoreBuilder,
    build_small_web,
    html,
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_web(tmp_path_factory.mktemp("graph") / "g.db")


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store(db, readonly=True) as s:
        yield s


def records(store: Store, **kw: str) -> dict[tuple[str, str | None], ArticleRecord]:
    return {(r.copy_url, r.original_url): r for r in iter_article_records(store, **kw)}


# --- records ----------------------------------------------------------------------------------


def test_a_credited_copy_that_was_also_compared_is_one_record(store: Store) -> None:
    found = list(iter_article_records(store))
    pairs = [(r.copy_url, r.original_url) for r in found]
    assert len(pairs) == len(set(pairs))
    assert set(pairs) == {
        (C1, O1),
        (C2, O2),
        (C3, O1),
        (C4, O1),
        (U1, O2),
        (C5, C1),
        (L1, L2),
        (L2, L1),
    }
    # By copy page id: the order the store wrote them.
    assert [r.copy_page_id for r in found] == sorted(r.copy_page_id for r in found)
    r = records(store)[(C1, O1)]
    assert r.credited and r.verdict == "verified" and r.containment == 1.0
    assert r.publisher_id == "theconversation" and r.publisher == "The Conversation"
    assert (r.copy_domain, r.original_domain) == ("copier.example", "theconversation.com")
    assert r.evidence == ("This article is republished from The Conversation", "By Ann Author")
    assert r.missing == () and r.compliant and r.diff is None
    assert r.title == "A story" and r.seen == "2026-03-01T10:00:00Z"


def test_records_carry_the_comparison_and_what_is_missing(store: Store) -> None:
    all_records = records(store)
    edited = all_records[(C2, O2)]
    assert edited.verdict == "edited" and edited.containment == pytest.approx(0.8)
    assert edited.diff == "2 paragraphs removed, title changed"
    assert edited.missing == ("pixel",) and not edited.compliant
    # The registry names the publisher from the original's domain when the copy does not.
    assert edited.publisher_id == "propublica"
    not_compared = all_records[(C4, O1)]
    assert not_compared.verdict is None and not_compared.containment is None


def test_an_uncredited_copy_found_by_its_text_is_a_record_that_credits_nothing(
    store: Store,
) -> None:
    r = records(store)[(U1, O2)]
    assert not r.credited and r.verdict == "verified" and not r.compliant
    assert {"author", "publisher", "link"} <= set(r.missing)
    assert r.evidence == () and r.publisher_id == "propublica"


def test_a_copy_of_a_copy_names_the_chain_and_a_loop_does_not(store: Store) -> None:
    all_records = records(store)
    assert all_records[(C5, C1)].chain_parent == O1
    assert all_records[(C1, O1)].chain_parent is None
    assert all_records[(L1, L2)].chain_parent is None  # L2's original is L1 itself: a loop
    assert all_records[(L2, L1)].chain_parent is None


def test_records_filter_by_publisher_and_date(store: Store) -> None:
    assert set(records(store, publisher="propublica")) == {(C2, O2), (U1, O2)}
    assert set(records(store, publisher="propublica.org")) == {(C2, O2), (U1, O2)}
    assert set(records(store, publisher="theconversation")) == {(C1, O1), (C3, O1), (C4, O1)}
    assert set(records(store, since="2026-03-15")) == {(C2, O2)}
    assert set(records(store, since="2026-05-01")) == set()


# --- operator clusters ------------------------------------------------------------------------


def test_outlets_sharing_account_ids_are_one_operator_but_a_publishers_own_id_is_not(
    store: Store,
) -> None:
    clusters = operator_clusters(store)
    assert [c.domains for c in clusters] == [("sister-a.example", "sister-b.example")]
    [c] = clusters
    # ca-pub- and pub- are one AdSense account.
    assert c.shared_ids == ("G-SHARED0001", "pub-1234567890123")
    assert c.reason == "tracker ids" and c.id == "op1"


def test_tracker_ids_are_normalised_to_one_key_per_account() -> None:
    assert normalise_tracker_id("ca-pub-42424242424") == "pub-42424242424"
    assert normalise_tracker_id("UA-1234567-2") == normalise_tracker_id("UA-1234567-9")
    assert normalise_tracker_id("123456789012") == "fb-123456789012"
    assert normalise_tracker_id("G-ABC123XYZ9") == "G-ABC123XYZ9"


def test_an_id_on_too_many_outlets_is_a_platform_default(tmp_path: Path) -> None:
    b = StoreBuilder(tmp_path / "s.db")
    for n in range(4):
        b.page(f"https://www.site{n}.example/", trackers=["GTM-THEME01"])
    b.page("https://www.site0.example/x", trackers=["G-PAIR000001"])
    b.page("https://www.site1.example/x", trackers=["G-PAIR000001"])
    b.close()
    with Store(tmp_path / "s.db", readonly=True) as store:
        assert [c.domains for c in operator_clusters(store, max_domains=3)] == [
            ("site0.example", "site1.example")
        ]
        [wide] = operator_clusters(store, max_domains=4)
        assert wide.domains == tuple(f"site{n}.example" for n in range(4))


def test_outlets_with_one_large_page_template_are_one_operator(tmp_path: Path) -> None:
    b = StoreBuilder(tmp_path / "s.db")
    for site in ("twin-a", "twin-b"):
        for n in range(2):
            b.page(
                f"https://www.{site}.example/{n}", body=html(f"story {site} {n}", chrome=TEMPLATE)
            )
    other = TEMPLATE.replace("menu", "bar")
    for n in range(2):
        b.page(f"https://www.other.example/{n}", body=html(f"story {n}", chrome=other))
        b.page(f"https://www.small.example/{n}", body=html("tiny", chrome="<nav>x</nav>"))
    b.close()
    with Store(tmp_path / "s.db", readonly=True) as store:
        [c] = operator_clusters(store)
        assert c.domains == ("twin-a.example", "twin-b.example") and c.reason == "template"
        assert operator_clusters(store, templates=False) == []


# --- outlet graph -----------------------------------------------------------------------------


@pytest.fixture
def outlets(store: Store) -> nx.MultiDiGraph:
    return build_outlet_graph(store)


def test_outlet_edges_count_articles_verdicts_and_missing_credits(outlets: nx.MultiDiGraph) -> None:
    edge = outlets.edges["copier.example", "propublica.org", "republishes"]
    assert edge["kind"] == "republishes"
    assert (edge["articles"], edge["credited"], edge["uncredited"]) == (1, 1, 0)
    assert (edge["verified"], edge["edited"], edge["mismatched"]) == (0, 1, 0)
    assert edge["missing_pixel"] == 1 and edge["missing_author"] == 0
    assert edge["weight"] == edge["articles"] and edge["compliance"] == 0.0
    assert edge["first_seen"] == edge["last_seen"] == "2026-04-01T09:00:00Z"
    conv = outlets.edges["copier.example", "theconversation.com", "republishes"]
    assert conv["verified"] == 1 and conv["compliance"] == 1.0
    farm = outlets.edges["farm.example", "propublica.org", "republishes"]
    assert (farm["credited"], farm["uncredited"]) == (0, 1)
    # A copy of a copy points at the outlet it copied, and that outlet at the original.
    assert outlets.has_edge("chain.example", "copier.example", "republishes")
    # Every edge is weighted; direction: republisher -> original publisher.
    assert all("weight" in d for _u, _v, d in outlets.edges(data=True))
    assert outlets.graph["edge_direction"] == "republisher -> original publisher"


def test_outlet_nodes_say_what_each_outlet_is(outlets: nx.MultiDiGraph) -> None:
    copier = outlets.nodes["copier.example"]
    assert copier["kind"] == "both"  # republishes two articles, and is copied once
    assert (copier["articles_republished"], copier["copies_received"]) == (2, 1)
    assert copier["compliance"] == 0.5 and copier["registry_id"] == "" and copier["operator"] == ""
    # The name its own pages give (og:site_name) is kept beside the label.
    assert copier["label"] == copier["name"] == "copier.example"
    assert copier["site_name"] == "The Copier"
    assert outlets.nodes["farm.example"]["site_name"] == ""
    assert outlets.nodes["theconversation.com"]["site_name"] == "TC"
    conv = outlets.nodes["theconversation.com"]
    assert conv["kind"] == "publisher" and conv["registry_id"] == "theconversation"
    assert conv["label"] == conv["name"] == "The Conversation"
    assert conv["copies_received"] == 3 and conv["compliance"] == -1.0
    assert conv["pages"] == 2 and conv["tracker_ids"] == CONV_GA
    sister = outlets.nodes["sister-a.example"]
    assert sister["operator"] == "op1" and sister["kind"] == "republisher"
    assert sister["tracker_ids"] == "G-SHARED0001 pub-1234567890123"
    # The snippet's id on the copy is the publisher's, not the copier's.
    assert outlets.nodes["copier.example"]["tracker_ids"] == "G-COPIER0001"
    same = outlets.edges["sister-a.example", "sister-b.example", "same_operator"]
    assert same["shared"] == "G-SHARED0001 pub-1234567890123" and same["weight"] == 2
    for _n, attrs in outlets.nodes(data=True):
        assert attrs["label"] and all(
            isinstance(v, str | int | float | bool) for v in attrs.values()
        )


def test_an_outlet_graph_filtered_by_publisher_keeps_only_its_republishers(store: Store) -> None:
    graph = build_outlet_graph(store, publisher="propublica")
    assert set(graph.nodes) == {"copier.example", "farm.example", "propublica.org"}
    assert graph.nodes["copier.example"]["articles_republished"] == 1


# --- article graph ----------------------------------------------------------------------------


def test_the_article_graph_keeps_chains_and_breaks_loops(store: Store) -> None:
    graph = build_article_graph(store)
    assert graph.graph["edge_direction"] == "copy -> original"
    assert graph.has_edge(C5, C1, "copies") and graph.has_edge(C1, O1, "copies")
    assert graph.nodes[C1]["kind"] == "both" and graph.nodes[O1]["kind"] == "original"
    assert graph.nodes[C5]["kind"] == "copy"
    assert graph.has_edge(L1, L2) != graph.has_edge(L2, L1)  # one of the two, never both
    assert nx.is_directed_acyclic_graph(graph)
    edge = graph.edges[C2, O2, "copies"]
    assert edge["verdict"] == "edited" and edge["missing"] == "pixel" and edge["missing_pixel"]
    assert edge["diff"] == "2 paragraphs removed, title changed" and edge["weight"] == 1
    assert graph.edges[U1, O2, "copies"]["credited"] is False
    assert graph.nodes[O1]["publisher_id"] == "theconversation"
    assert graph.nodes[C1]["title"] == "A story"


def test_the_article_graph_can_add_authors(store: Store) -> None:
    graph = build_article_graph(store, authors=True)
    assert graph.has_edge("author:Ann Author", O1, "wrote")
    assert graph.nodes["author:Ann Author"]["kind"] == "author"
    assert graph.nodes["author:Ann Author"]["label"] == "Ann Author"
    assert not any(n.startswith("author:") for n in build_article_graph(store))


def test_record_tuples_are_the_records(store: Store) -> None:
    found = [astuple_record(r) for r in iter_article_records(store)]
    assert len(found) >= 8
    assert list(iter_record_fields(store)) == found
    kept = list(iter_record_fields(store, publisher="propublica.org"))
    assert kept and all(f[5] == "propublica.org" for f in kept)  # original_domain


def _export(graph: nx.MultiDiGraph) -> str:
    out = io.StringIO()
    write_graphml(graph, out)
    return out.getvalue()


def test_the_outlet_graph_of_a_second_process_is_the_same_graph(store: Store) -> None:
    here = build_outlet_graph(store)
    assert here.number_of_edges() >= 5
    with outlet_graph_read_ahead(store, min_rows=0) as graph:  # a child, whatever the size
        assert _export(graph()) == _export(here)
    with outlet_graph_read_ahead(store) as graph:  # small: built here
        assert _export(graph()) == _export(here)


def test_the_second_process_imports_this_package_whatever_the_working_directory(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another `attribution` where the export is run from (an old checkout, say).
    (tmp_path / "attribution" / "graph").mkdir(parents=True)
    (tmp_path / "attribution" / "__init__.py").write_text("raise ImportError('the wrong one')\n")
    (tmp_path / "attribution" / "graph" / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    with outlet_graph_read_ahead(store, min_rows=0) as graph:
        assert _export(graph()) == _export(build_outlet_graph(store))


def test_leaving_before_the_graph_is_asked_for_stops_the_second_process(store: Store) -> None:
    before = set(_children())
    with outlet_graph_read_ahead(store, min_rows=0):
        assert set(_children()) - before  # the child runs
    assert not set(_children()) - before


def test_a_second_process_that_fails_raises_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE texts")  # the record query reads it
    with (
        Store(path, readonly=True) as broken,
        outlet_graph_read_ahead(broken, min_rows=0) as graph,
        pytest.raises(StoreError, match="texts"),
    ):
        graph()


def _children() -> list[int]:
    """Process ids of this process's live children."""
    me = os.getpid()
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me and fields[0] != "Z":
            found.append(int(status.parent.name))
    return found


# --- analysis ---------------------------------------------------------------------------------


def test_analysis_ranks_outlets_and_finds_content_farms(outlets: nx.MultiDiGraph) -> None:
    a = analyse(outlets)
    top = a.top_publishers[0]
    assert top["domain"] == "theconversation.com" and top["copies"] == 3
    assert top["republishers"] == 3
    assert a.top_republishers[0]["domain"] == "copier.example"
    assert a.compliance_by_outlet["copier.example"] == 0.5
    # Of the three copies of The Conversation, sister-a's lacks the author and the link.
    assert a.compliance_by_publisher["theconversation.com"] == pytest.approx(2 / 3, abs=1e-6)
    # farm.example republishes and has no article of its own, but one copy is too few to tell.
    assert "farm.example" not in a.content_farms
    assert "copier.example" not in a.content_farms and "theconversation.com" not in a.content_farms
    assert [c["domains"] for c in a.clusters] == [["sister-a.example", "sister-b.example"]]
    members = {d for c in a.communities for d in c}
    assert {"copier.example", "theconversation.com"} <= members
    assert a.centrality["theconversation.com"]["in_degree"] == 3
    rank = {d: c["pagerank"] for d, c in a.centrality.items()}
    assert rank["theconversation.com"] > rank["copier.example"] > rank["sister-a.example"]
    assert rank["propublica.org"] > rank["farm.example"]


def _copy(page_id: int, copy_domain: str, original_domain: str) -> ArticleRecord:
    return ArticleRecord(
        copy_page_id=page_id, copy_url=f"https://{copy_domain}/{page_id}",
        copy_domain=copy_domain, title=None, original_url=f"https://{original_domain}/o{page_id}",
        original_domain=original_domain, original_page_id=None, publisher_id=None,
        publisher=None, credited=False, verdict=None, containment=None, missing=(),
        evidence=(), diff=None, seen="2026-03-01T00:00:00Z", chain_parent=None,
    )  # fmt: skip


def _link(page_id: int, copy_url: str, original_url: str) -> ArticleRecord:
    return dataclasses.replace(
        _copy(page_id, "x.example", "y.example"), copy_url=copy_url, original_url=original_url
    )


def test_no_article_graph_has_a_loop_of_any_length(tmp_path: Path) -> None:
    a, b, c, d = (f"https://{n}.example/story" for n in "abcd")
    records = [
        _link(1, a, b),
        _link(2, b, c),
        _link(3, c, d),
        _link(4, d, a),  # closes a -> b -> c -> d -> a: left out
        _link(5, c, a),  # closes a -> b -> c -> a: left out
        _link(6, d, b),  # closes b -> c -> d -> b: left out
        _link(7, a, d),  # a second path a -> d: a shortcut, not a loop
    ]
    graph = article_graph_from(records)
    assert nx.is_directed_acyclic_graph(graph)
    assert sorted(graph.edges()) == [(a, b), (a, d), (b, c), (c, d)]
    # The streaming writer leaves out the same edges.
    out = io.StringIO()
    nodes, edges = write_article_graphml(records, out, tmp_dir=tmp_path)
    assert (nodes, edges) == (4, 4)
    read = nx.read_graphml(io.StringIO(out.getvalue()), force_multigraph=True)
    urls = {n: read.nodes[n]["url"] for n in read}
    assert sorted((urls[u], urls[v]) for u, v in read.edges()) == sorted(graph.edges())


def test_a_content_farm_republishes_two_pages_or_more_and_writes_none() -> None:
    records = [
        _copy(1, "farm.example", "orig.example"),
        _copy(2, "farm.example", "orig.example"),
        _copy(3, "once.example", "orig.example"),  # one copy, nothing else crawled
        _copy(4, "mixed.example", "orig.example"),
        _copy(5, "mixed.example", "orig.example"),  # and an article of its own
        _copy(6, "twice.example", "orig.example"),
        _copy(6, "twice.example", "other.example"),  # one page, two originals: one copy page
    ]
    stats = [
        ("farm.example", 3, 2),
        ("once.example", 1, 1),
        ("mixed.example", 4, 3),
        ("twice.example", 1, 1),
        ("orig.example", 9, 9),
    ]
    a = analyse(outlet_graph_from(records, stats=stats))
    assert FARM_MIN_COPIES == 2
    assert a.content_farms == ("farm.example",)


def test_analysis_is_deterministic(store: Store) -> None:
    first = analyse(build_outlet_graph(store)).to_dict()
    second = analyse(build_outlet_graph(store)).to_dict()
    assert first == second
