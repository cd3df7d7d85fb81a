"""The store's matching tables: migration from schema 1, texts, fingerprints, results."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from attribution.models import MainText, MatchResult
from attribution.store import SCHEMA_VERSION, Store


def test_a_version_1_store_is_migrated_with_its_pages_kept(tmp_path: Path) -> None:
    db_path = tmp_path / "old.db"
    Store(db_path).close()
    db = sqlite3.connect(db_path)
    for table in ("texts", "fingerprints", "matches"):
        db.execute(f"DROP TABLE {table}")
    db.execute(
        "INSERT INTO pages (url, host, kind, fetched_at) VALUES ('https://a.example/', 'a', "
        "'html', 'now')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION == 2
        assert store.counts()["pages"] == 1
        assert list(store.iter_matches()) == []
        assert list(store.iter_fingerprints(1)) == []


def test_texts_and_fingerprints_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        db = store._db
        db.execute(
            "INSERT INTO pages (id, url, host, kind, fetched_at) VALUES (1, 'https://a.example/',"
            " 'a.example', 'html', 'now')"
        )
        text = MainText(title="T", paragraphs=("one two", "three"), links=(("https://x/", "x"),))
        store.save_texts([(1, "hash", text, "2026-03-01", (3, True, b"m", b"s", 7))])
        assert store.get_text(1) == text
        assert list(store.iter_fingerprints(7)) == [(1, 3, True, b"m", b"s")]
        [(page_id, _url, _domain, words, published, chash, _ext)] = store.iter_text_pages()
        assert (page_id, words, published, chash) == (1, 3, "2026-03-01", "hash")


def test_a_pass_replaces_its_own_results_but_keeps_compared_ones(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        for n in (1, 2, 3):
            store._db.execute(
                "INSERT INTO pages (id, url, host, kind, fetched_at) VALUES (?, ?, 'h', 'html',"
                " 'now')",
                (n, f"https://h.example/{n}"),
            )

        def result(copy: int, relation: str) -> MatchResult:
            return MatchResult(
                copy_url=f"https://h.example/{copy}",
                original_url="https://h.example/1",
                relation=relation,  # type: ignore[arg-type]
                verdict="verified",
                score=1.0,
                jaccard=1.0,
                containment=1.0,
                confidence=1.0,
                copy_page_id=copy,
                original_page_id=1,
            )

        store.save_matches(
            [(result(2, "credited"), None, None), (result(3, "compared"), None, None)]
        )
        store.save_matches(
            [(result(3, "uncredited"), None, None)], replace_relations=("credited", "uncredited")
        )
        relations = sorted((c, d["relation"]) for c, _o, d in store.iter_matches())
        assert relations == [(3, "compared"), (3, "uncredited")]
