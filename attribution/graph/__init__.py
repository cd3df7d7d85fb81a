"""Republishing networks: outlet and article graphs from a store, their analysis, exports.

The store is read as a stream of :class:`~attribution.models.ArticleRecord` (one per copy ->
original relation); ``docs/graph.md`` documents every node and edge attribute.
"""

from attribution.graph.analysis import analyse
from attribution.graph.articles import build_article_graph
from attribution.graph.operators import operator_clusters
from attribution.graph.outlets import build_outlet_graph
from attribution.graph.records import iter_article_records

__all__ = [
    "analyse",
    "build_article_graph",
    "build_outlet_graph",
    "iter_article_records",
    "operator_clusters",
]
