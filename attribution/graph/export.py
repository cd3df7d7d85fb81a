"""Graph exports: GraphML, GEXF, node-link JSON, Cytoscape JSON and CSV, byte-for-byte
deterministic (sorted nodes, edges and attributes; no timestamps).

The GraphML and GEXF writers are our own and stream: they write element by element and never
build an XML tree, so an article graph of a million edges is written in constant extra memory
(``write_article_graphml`` does not even need the graph, only the records). Attribute values
are str, int, float or bool only, so Gephi and Cytoscape read every one.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any, TextIO

import networkx as nx

from attribution.graph.articles import COPIES, CopyLinks
from attribution.graph.reader import outlet_graph_read_ahead
from attribution.graph.records import (
    F_CONTAINMENT,
    F_COPY_DOMAIN,
    F_COPY_PAGE_ID,
    F_COPY_URL,
    F_CREDITED,
    F_DIFF,
    F_EVIDENCE,
    F_MISSING,
    F_ORIGINAL_DOMAIN,
    F_ORIGINAL_PAGE_ID,
    F_ORIGINAL_URL,
    F_PUBLISHER,
    F_PUBLISHER_ID,
    F_SEEN,
    F_TITLE,
    F_VERDICT,
    RecordFields,
    iter_record_fields,
)
from attribution.models import CREDIT_ELEMENTS, ArticleRecord
from attribution.registry import Registry, load_registry
from attribution.store import Store

__all__ = [
    "ARTICLE_EDGE_KEYS",
    "ARTICLE_NODE_KEYS",
    "FORMATS",
    "ArticleGraphMLSpool",
    "GraphMLWriter",
    "astuple_record",
    "atomic_files",
    "attr_types",
    "export_graph",
    "export_graphml_streamed",
    "nmtoken",
    "nodes_csv_path",
    "write_article_graphml",
    "write_csv",
    "write_cytoscape",
    "write_gexf",
    "write_graph",
    "write_graphml",
    "write_json",
]

log = logging.getLogger(__name__)

FORMATS = ("graphml", "gexf", "json", "cytoscape", "csv")

_INVALID = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_INVALID_XML = re.compile(f"[{_INVALID}]")
# Most values need no escaping at all: one regex search decides, in C.
_TEXT_SPECIAL = re.compile(f"[&<>{_INVALID}]")
_ATTR_SPECIAL = re.compile(f'[&<>"\t\n\r{_INVALID}]')
_INT32 = 2**31
_NOT_NMTOKEN = re.compile(r"[^A-Za-z0-9.:-]+")
_NMTOKEN_QUICK = re.compile(r"[A-Za-z0-9.:_-]*")
_NMTOKEN_ASCII = str.maketrans(
    {c: f"_{ord(c):02X}" for c in map(chr, range(128)) if _NOT_NMTOKEN.match(c)}
)


def nmtoken(node_id: str) -> str:
    """A GraphML node id (an XML NMTOKEN) for any string, reversibly: characters other than
    letters, digits, ``.``, ``:`` and ``-`` become ``_HH`` (their UTF-8 bytes in hex), so a
    domain stays as it is and ``https://a.org/x`` becomes ``https:_2F_2Fa.org_2Fx``."""
    # The common case, a URL whose only specials are "/" (and "_"): two replaces and a check
    # are three times faster than translate.
    quick = node_id.replace("_", "_5F").replace("/", "_2F")
    if _NMTOKEN_QUICK.fullmatch(quick):
        return quick
    if node_id.isascii():
        return node_id.translate(_NMTOKEN_ASCII)
    return _NOT_NMTOKEN.sub(lambda m: "".join(f"_{b:02X}" for b in m.group().encode()), node_id)


#: The attributes (and GraphML types) of the article graph, known before any record is read.
ARTICLE_NODE_KEYS = {
    "domain": "string",
    "kind": "string",
    "label": "string",
    "page_id": "long",
    "publisher": "string",
    "publisher_id": "string",
    "title": "string",
    "url": "string",
}
ARTICLE_EDGE_KEYS = dict(
    sorted(
        {
            "compliant": "boolean",
            "containment": "double",
            "credited": "boolean",
            "diff": "string",
            "evidence": "string",
            "kind": "string",
            **{f"missing_{e}": "boolean" for e in CREDIT_ELEMENTS},
            "missing": "string",
            "seen": "string",
            "verdict": "string",
            "weight": "int",
        }.items()
    )
)


def _text(value: str) -> str:
    if _TEXT_SPECIAL.search(value) is None:
        return value
    value = _INVALID_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    if _ATTR_SPECIAL.search(value) is None:
        return value
    return (
        _text(value)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if abs(value) >= _INT32 else "int"
    if isinstance(value, float):
        return "double"
    return "string"


def attr_types(items: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Attribute name -> GraphML type over all items, sorted by name; a name with mixed types
    becomes string (int and long merge to long, int and double to double)."""
    types: dict[str, str] = {}
    for attrs in items:
        for name, value in attrs.items():
            t = _type_of(value)
            old = types.get(name)
            if old is None or old == t:
                types[name] = t
            elif {old, t} <= {"int", "long"}:
                types[name] = "long"
            elif {old, t} <= {"int", "long", "double"}:
                types[name] = "double"
            else:
                types[name] = "string"
    return dict(sorted(types.items()))


def _coerce(value: Any, t: str) -> Any:
    if t == "string" and not isinstance(value, str):
        return _scalar(value)
    if t == "double" and not isinstance(value, float):
        return float(value)
    return value


def _sorted_edges(graph: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    return sorted(
        graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    )


# --- GraphML ----------------------------------------------------------------------------------


class GraphMLWriter:
    """A streaming GraphML 1.0 writer: keys first, then nodes and edges as they come."""

    def __init__(
        self,
        out: TextIO,
        node_keys: dict[str, str],
        edge_keys: dict[str, str],
        graph_attrs: dict[str, Any] | None = None,
        *,
        header: bool = True,
    ) -> None:
        self.out = out
        self.node_keys = {name: (f"n{i}", t) for i, (name, t) in enumerate(node_keys.items())}
        self.edge_keys = {name: (f"e{i}", t) for i, (name, t) in enumerate(edge_keys.items())}
        self._node_data = tuple(
            (name, f'<data key="{kid}">', t) for name, (kid, t) in self.node_keys.items()
        )
        self._edge_data = tuple(
            (name, f'<data key="{kid}">', t) for name, (kid, t) in self.edge_keys.items()
        )
        self.edges = 0
        if header:
            self._header(graph_attrs or {})

    def _header(self, graph_attrs: dict[str, Any]) -> None:
        graph_attrs = dict(sorted(graph_attrs.items()))
        w = self.out.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
            ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for i, (name, value) in enumerate(graph_attrs.items()):
            w(
                f'  <key id="g{i}" for="graph" attr.name="{_attr(name)}"'
                f' attr.type="{_type_of(value)}"/>\n'
            )
        for scope, keys in (("node", self.node_keys), ("edge", self.edge_keys)):
            for name, (kid, t) in keys.items():
                w(f'  <key id="{kid}" for="{scope}" attr.name="{_attr(name)}" attr.type="{t}"/>\n')
        w('  <graph id="G" edgedefault="directed">\n')
        for i, value in enumerate(graph_attrs.values()):
            w(f'    <data key="g{i}">{_text(_scalar(value))}</data>\n')

    @staticmethod
    def _data(keys: tuple[tuple[str, str, str], ...], attrs: dict[str, Any]) -> str:
        # The hot loop of a million-edge export: exact type checks, no helper calls for the
        # common cases (a str, a bool, an int or float of the declared type).
        parts = []
        for name, opening, t in keys:
            value = attrs.get(name)
            if value is None:
                continue
            cls = value.__class__
            if cls is str:
                text = _text(value)
            elif cls is bool:
                text = "true" if value else "false"
            elif t == "string":
                text = _text(_scalar(value))
            elif t == "double":
                text = repr(float(value))
            else:
                text = str(value)
            parts.append(f"{opening}{text}</data>")
        return "".join(parts)

    def node(self, node_id: str, attrs: dict[str, Any]) -> None:
        """Write one node."""
        self.out.write(
            f'    <node id="{nmtoken(node_id)}">{self._data(self._node_data, attrs)}</node>\n'
        )

    def edge(self, source: str, target: str, attrs: dict[str, Any]) -> None:
        """Write one edge; edges are numbered e0, e1, ... in the order written."""
        self.out.write(
            f'    <edge id="e{self.edges}" source="{nmtoken(source)}" target="{nmtoken(target)}">'
            f"{self._data(self._edge_data, attrs)}</edge>\n"
        )
        self.edges += 1

    def close(self) -> None:
        """End the document."""
        self.out.write("  </graph>\n</graphml>\n")


def write_graphml(graph: nx.MultiDiGraph, out: TextIO) -> None:
    """Write a graph as GraphML: nodes sorted by id, edges by (source, target, key)."""
    nodes = sorted(graph.nodes(data=True), key=lambda n: str(n[0]))
    edges = _sorted_edges(graph)
    writer = GraphMLWriter(
        out,
        attr_types(a for _n, a in nodes),
        attr_types(a for _u, _v, _k, a in edges),
        graph.graph,
    )
    for node, attrs in nodes:
        writer.node(str(node), attrs)
    for u, v, _k, attrs in edges:
        writer.edge(str(u), str(v), attrs)
    writer.close()


class ArticleGraphMLSpool:
    """The article graph's GraphML, written as records arrive: each edge goes at once to a
    temporary file (in record order), and :meth:`finish` writes the document with the nodes,
    sorted, before those edges. Use as a context manager (the spool file is removed).

    The same graph as :class:`~attribution.graph.articles.ArticleCollector` builds (the tests
    read both back and compare), written from record fields with precomputed markup: the
    export of a million articles spends its time here.
    """

    def __init__(self, tmp_dir: str | Path | None = None) -> None:
        fd, name = tempfile.mkstemp(prefix="attribution-edges-", suffix=".xml", dir=tmp_dir)
        self.path = Path(name)
        self._spool = os.fdopen(fd, "w", encoding="utf-8")
        # url -> [GraphML id, label, url, domain, title, page id, publisher id, publisher, role]
        self._nodes: dict[str, list[Any]] = {}
        self._links = CopyLinks()
        self._batch: list[str] = []
        self._missing: dict[tuple[str, ...], str] = {}
        self.edges = 0
        # Same key ids as the document's writer in finish(): the spooled edges refer to them.
        keys = GraphMLWriter(self._spool, ARTICLE_NODE_KEYS, ARTICLE_EDGE_KEYS, header=False)
        self._edge_open = {
            name: f'<data key="{kid}">' for name, (kid, _t) in keys.edge_keys.items()
        }
        self._node_open = {
            name: f'<data key="{kid}">' for name, (kid, _t) in keys.node_keys.items()
        }
        o = self._edge_open
        # One edge's markup as one %-template: a single C-level format per edge.
        self._edge_template = (
            '    <edge id="e%d" source="%s" target="%s">'
            f"{o['compliant']}%s</data>{o['containment']}%s</data>{o['credited']}%s</data>"
            f"{o['diff']}%s</data>{o['evidence']}%s</data>{o['kind']}{COPIES}</data>"
            f"%s{o['seen']}%s</data>{o['verdict']}%s</data>{o['weight']}1</data></edge>\n"
        )

    def add(self, record: ArticleRecord) -> None:
        """Spool the edge of one record (if the article graph keeps it)."""
        self.add_fields(astuple_record(record))

    def _missing_markup(self, missing: tuple[str, ...]) -> str:
        o = self._edge_open
        text = o["missing"] + _text(" ".join(missing)) + "</data>"
        for element in sorted(CREDIT_ELEMENTS):  # the keys' order: by name
            flag = "true" if element in missing else "false"
            text += f"{o['missing_' + element]}{flag}</data>"
        self._missing[missing] = text
        return text

    @property
    def loops(self) -> int:
        """Copy links left out because they would close a loop."""
        return self._links.loops

    def add_fields(self, f: RecordFields) -> None:
        """``add`` for a record as ``iter_record_fields`` gives it."""
        dst = f[F_ORIGINAL_URL]
        if not dst or not self._links.keep(src := f[F_COPY_URL], dst):
            return
        nodes = self._nodes
        title = f[F_TITLE]
        a = nodes.get(src)
        if a is None:
            a = nodes[src] = [
                nmtoken(src), title or src, src, f[F_COPY_DOMAIN], title or "",
                f[F_COPY_PAGE_ID], "", "", 1,
            ]  # fmt: skip
        else:
            if not a[4] and title:
                # Seen as an original first: the copy's own record knows its title.
                a[1] = a[4] = title
                a[5] = f[F_COPY_PAGE_ID]
            a[8] |= 1
        b = nodes.get(dst)
        publisher_id = f[F_PUBLISHER_ID]
        if b is None:
            page_id = f[F_ORIGINAL_PAGE_ID]
            b = nodes[dst] = [
                nmtoken(dst), dst, dst, f[F_ORIGINAL_DOMAIN] or "", "",
                page_id if page_id is not None else -1, publisher_id or "",
                f[F_PUBLISHER] or "", 2,
            ]  # fmt: skip
        else:
            if not b[6] and publisher_id:
                b[6] = publisher_id
                b[7] = f[F_PUBLISHER] or ""
            b[8] |= 2
        missing = f[F_MISSING]
        credited = f[F_CREDITED]
        containment = f[F_CONTAINMENT]
        evidence = f[F_EVIDENCE]
        diff = f[F_DIFF]
        self._batch.append(
            self._edge_template
            % (
                self.edges,
                a[0],
                b[0],
                "true" if credited and not missing else "false",
                repr(round(containment, 6)) if containment is not None else "-1.0",
                "true" if credited else "false",
                _text(diff) if diff else "",
                _text(" | ".join(evidence)) if evidence else "",
                self._missing.get(missing) or self._missing_markup(missing),
                _text(f[F_SEEN]),
                f[F_VERDICT] or "",
            )
        )
        self.edges += 1
        if len(self._batch) >= 4096:
            self._spool.write("".join(self._batch))
            self._batch.clear()

    def finish(self, out: TextIO) -> tuple[int, int]:
        """Write the whole document to ``out``; returns (nodes, edges)."""
        self._spool.write("".join(self._batch))
        self._batch.clear()
        self._spool.close()
        if self.loops:
            log.info("article graph: %d copy links that would close a loop left out", self.loops)
        GraphMLWriter(
            out, ARTICLE_NODE_KEYS, ARTICLE_EDGE_KEYS, {"edge_direction": "copy -> original"}
        )
        o = self._node_open
        kinds = {1: "copy", 2: "original", 3: "both"}
        template = (
            f'    <node id="%s">{o["domain"]}%s</data>{o["kind"]}%s</data>{o["label"]}%s</data>'
            f"{o['page_id']}%d</data>{o['publisher']}%s</data>{o['publisher_id']}%s</data>"
            f"{o['title']}%s</data>{o['url']}%s</data></node>\n"
        )
        # Domains and publishers repeat across nodes: each is escaped once.
        escaped: dict[str, str] = {}
        nodes = self._nodes
        batch = []
        for url in sorted(nodes):
            gid, label, url_, domain, title, page_id, publisher_id, publisher, role = nodes[url]
            e_url = _text(url_)
            e_title = _text(title) if title else ""
            batch.append(
                template
                % (
                    gid,
                    escaped.get(domain) or escaped.setdefault(domain, _text(domain)),
                    kinds[role],
                    e_url if label == url_ else e_title if label == title else _text(label),
                    page_id,
                    escaped.get(publisher) or escaped.setdefault(publisher, _text(publisher)),
                    escaped.get(publisher_id)
                    or escaped.setdefault(publisher_id, _text(publisher_id)),
                    e_title,
                    e_url,
                )
            )
            if len(batch) >= 4096:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
        out.flush()
        # The spool is UTF-8 already: bytes go straight to a binary stream under ``out``, by
        # the kernel when both are files.
        target = getattr(out, "buffer", None)
        if target is None:
            with self.path.open(encoding="utf-8") as text_in:
                shutil.copyfileobj(text_in, out, 1 << 20)
        else:
            target.flush()
            with self.path.open("rb") as spool_in:
                _copy_bytes(spool_in, target)
            target.flush()
        out.write("  </graph>\n</graphml>\n")
        return len(nodes), self.edges

    def __enter__(self) -> ArticleGraphMLSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._spool.close()
        self.path.unlink(missing_ok=True)


def _copy_bytes(source: IO[bytes], target: IO[bytes]) -> None:
    """Copy a file's bytes to a binary stream: with sendfile when both are files (no copy
    through this process), else in 1 MB blocks."""
    try:
        in_fd, out_fd = source.fileno(), target.fileno()
    except (OSError, AttributeError, ValueError):
        shutil.copyfileobj(source, target, 1 << 20)
        return
    offset, size = 0, os.fstat(in_fd).st_size
    try:
        while offset < size:
            sent = os.sendfile(out_fd, in_fd, offset, size - offset)
            if sent == 0:
                break
            offset += sent
    except OSError:
        if offset:
            raise  # part of it went: no clean way back
        shutil.copyfileobj(source, target, 1 << 20)


_RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(ArticleRecord))


def astuple_record(r: ArticleRecord) -> RecordFields:
    """An ``ArticleRecord`` as the tuple ``iter_record_fields`` gives (not deep-copied)."""
    return tuple(getattr(r, name) for name in _RECORD_FIELDS)


def write_article_graphml(
    records: Iterable[ArticleRecord | RecordFields],
    out: TextIO,
    *,
    tmp_dir: str | Path | None = None,
) -> tuple[int, int]:
    """Stream the article graph of ``records`` (``ArticleRecord`` or the tuples of
    ``iter_record_fields``) to GraphML without building it (see :class:`ArticleGraphMLSpool`).
    Returns (nodes, edges)."""
    with ArticleGraphMLSpool(tmp_dir) as spool:
        for record in records:
            if isinstance(record, tuple):
                spool.add_fields(record)
            else:
                spool.add(record)
        return spool.finish(out)


def export_graphml_streamed(
    store: Store,
    outlet_out: TextIO,
    article_out: TextIO,
    *,
    registry: Registry | None = None,
    tmp_dir: str | Path | None = None,
    min_rows: int | None = None,
) -> tuple[nx.MultiDiGraph, tuple[int, int]]:
    """Both levels: the outlet graph (built, then written) and the article graph (streamed to
    GraphML, never built). On a store of at least ``min_rows`` relation rows a second process
    builds the outlet graph meanwhile (see ``outlet_graph_read_ahead``). Returns the outlet
    graph and the article graph's (nodes, edges)."""
    reg = registry if registry is not None else load_registry()
    with (
        outlet_graph_read_ahead(store, registry=reg, min_rows=min_rows) as outlet_graph,
        ArticleGraphMLSpool(tmp_dir) as spool,
    ):
        add = spool.add_fields
        # The article graph does not show chain parents.
        for f in iter_record_fields(store, registry=reg, chain=False):
            add(f)
        graph = outlet_graph()
        write_graphml(graph, outlet_out)
        return graph, spool.finish(article_out)


# --- GEXF -------------------------------------------------------------------------------------

_GEXF_TYPES = {"string": "string", "int": "integer", "long": "long", "double": "double"}
_GEXF_TYPES["boolean"] = "boolean"


def write_gexf(graph: nx.MultiDiGraph, out: TextIO) -> None:
    """Write a graph as GEXF 1.2: ``label`` and ``weight`` as the XML attributes Gephi reads,
    every other attribute as a declared attvalue; sorted like GraphML, no date in <meta>."""
    nodes = sorted(graph.nodes(data=True), key=lambda n: str(n[0]))
    edges = _sorted_edges(graph)
    node_types = {k: t for k, t in attr_types(a for _n, a in nodes).items() if k != "label"}
    edge_types = {
        k: t for k, t in attr_types(a for _u, _v, _k, a in edges).items() if k != "weight"
    }
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(
        '<gexf xmlns="http://www.gexf.net/1.2draft"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.gexf.net/1.2draft'
        ' http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
    )
    w("  <meta>\n    <creator>attribution</creator>\n")
    direction = graph.graph.get("edge_direction")
    if direction:
        w(f"    <description>edges point {_text(str(direction))}</description>\n")
    w("  </meta>\n")
    w('  <graph defaultedgetype="directed" mode="static">\n')
    node_ids = {name: str(i) for i, name in enumerate(node_types)}
    edge_ids = {name: str(i) for i, name in enumerate(edge_types)}
    for cls, types, ids in (("node", node_types, node_ids), ("edge", edge_types, edge_ids)):
        w(f'    <attributes class="{cls}" mode="static">\n')
        for name, t in types.items():
            w(
                f'      <attribute id="{ids[name]}" title="{_attr(name)}"'
                f' type="{_GEXF_TYPES[t]}"/>\n'
            )
        w("    </attributes>\n")

    def values(types: dict[str, str], ids: dict[str, str], attrs: dict[str, Any]) -> str:
        parts = [
            f'<attvalue for="{ids[n]}" value="{_attr(_scalar(_coerce(attrs[n], t)))}"/>'
            for n, t in types.items()
            if attrs.get(n) is not None
        ]
        return f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""

    w("    <nodes>\n")
    for node, attrs in nodes:
        label = _attr(str(attrs.get("label", node)))
        w(
            f'      <node id="{_attr(str(node))}" label="{label}">'
            f"{values(node_types, node_ids, attrs)}</node>\n"
        )
    w("    </nodes>\n    <edges>\n")
    for i, (u, v, key, attrs) in enumerate(edges):
        weight = _scalar(float(attrs.get("weight", 1)))
        w(
            f'      <edge id="{i}" source="{_attr(str(u))}" target="{_attr(str(v))}"'
            f' label="{_attr(str(key))}" weight="{weight}">'
            f"{values(edge_types, edge_ids, attrs)}</edge>\n"
        )
    w("    </edges>\n  </graph>\n</gexf>\n")


# --- JSON, Cytoscape, CSV ---------------------------------------------------------------------


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, sort_keys=True, indent=1)
    out.write("\n")


def write_json(graph: nx.MultiDiGraph, out: TextIO) -> None:
    """Node-link JSON, as ``networkx.node_link_graph`` reads it (``nodes``, ``edges``)."""
    _dump(
        {
            "directed": True,
            "multigraph": True,
            "graph": dict(graph.graph),
            "nodes": [
                {**attrs, "id": node}
                for node, attrs in sorted(graph.nodes(data=True), key=lambda n: str(n[0]))
            ],
            "edges": [
                {**attrs, "source": u, "target": v, "key": k}
                for u, v, k, attrs in _sorted_edges(graph)
            ],
        },
        out,
    )


def write_cytoscape(graph: nx.MultiDiGraph, out: TextIO) -> None:
    """Cytoscape.js JSON (``elements.nodes``/``elements.edges``), as Cytoscape imports it and
    ``networkx.cytoscape_graph`` reads it; node ``name`` is the display name."""
    _dump(
        {
            "data": dict(graph.graph),
            "directed": True,
            "multigraph": True,
            "elements": {
                "nodes": [
                    {"data": {**attrs, "id": str(node), "value": node}}
                    for node, attrs in sorted(graph.nodes(data=True), key=lambda n: str(n[0]))
                ],
                "edges": [
                    {"data": {**attrs, "source": u, "target": v, "key": k}}
                    for u, v, k, attrs in _sorted_edges(graph)
                ],
            },
        },
        out,
    )


def nodes_csv_path(edges_path: str | Path) -> Path:
    """Where the node table of a CSV export goes: ``graph.csv`` -> ``graph.nodes.csv``."""
    p = Path(edges_path)
    return p.with_name(p.stem + ".nodes" + (p.suffix or ".csv"))


def _rows(
    head: list[str], names: list[str], items: Iterator[tuple[list[Any], dict[str, Any]]]
) -> Iterator[list[Any]]:
    yield head + names
    for fixed, attrs in items:
        yield fixed + [_scalar(attrs[n]) if attrs.get(n) is not None else "" for n in names]


def write_csv(graph: nx.MultiDiGraph, edges_out: TextIO, nodes_out: TextIO) -> None:
    """Two tables as Gephi's spreadsheet import reads them: edges (Source, Target, Type, Id,
    Label, Weight, then every attribute) and nodes (Id, Label, then every attribute)."""
    nodes = sorted(graph.nodes(data=True), key=lambda n: str(n[0]))
    edges = _sorted_edges(graph)
    node_names = [n for n in attr_types(a for _n, a in nodes) if n != "label"]
    edge_names = [n for n in attr_types(a for _u, _v, _k, a in edges) if n != "weight"]
    csv.writer(nodes_out, lineterminator="\n").writerows(
        _rows(
            ["Id", "Label"],
            node_names,
            (([str(n), str(a.get("label", n))], a) for n, a in nodes),
        )
    )
    csv.writer(edges_out, lineterminator="\n").writerows(
        _rows(
            ["Source", "Target", "Type", "Id", "Label", "Weight"],
            edge_names,
            (
                ([str(u), str(v), "Directed", i, str(k), _scalar(a.get("weight", 1))], a)
                for i, (u, v, k, a) in enumerate(edges)
            ),
        )
    )


@contextmanager
def atomic_files(paths: Sequence[str | Path]) -> Iterator[list[TextIO]]:
    """Text files for ``paths``, written as hidden temporaries next to them and renamed over
    them when the block ends without an error (removed otherwise): an export that fails
    half-way never leaves a truncated file behind."""
    targets = [Path(p) for p in paths]
    temps = [t.with_name(f".{t.name}.tmp") for t in targets]
    try:
        with ExitStack() as stack:
            yield [stack.enter_context(t.open("w", encoding="utf-8", newline="")) for t in temps]
        for tmp, target in zip(temps, targets, strict=True):
            tmp.replace(target)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def export_graph(graph: nx.MultiDiGraph, path: str | Path, *, fmt: str = "graphml") -> None:
    """Write ``graph`` to ``path`` in ``fmt`` (csv: the node table goes next to it, see
    :func:`nodes_csv_path`); files appear complete or not at all."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    paths = [Path(path)] + ([nodes_csv_path(path)] if fmt == "csv" else [])
    with atomic_files(paths) as outs:
        if fmt == "csv":
            write_csv(graph, outs[0], outs[1])
        else:
            write_graph(graph, fmt, outs[0])


def write_graph(graph: nx.MultiDiGraph, fmt: str, out: TextIO) -> None:
    """Write ``graph`` in one of the single-file formats (not csv: two files)."""
    writers = {
        "graphml": write_graphml,
        "gexf": write_gexf,
        "json": write_json,
        "cytoscape": write_cytoscape,
    }
    writers[fmt](graph, out)
