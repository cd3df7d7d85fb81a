"""Compare an original (A) with a candidate copy (B): similarity, verdict, and what changed.

1. Overlap: exact 5-word-shingle Jaccard and containment in both directions.
2. Same article? Most of A is in B (a copy, perhaps wrapped), or most of B is in A and a fair
   share of A too (a truncated copy). A short quotation of A inside another article is neither.
3. Paragraph alignment (difflib over paragraphs folded for allowed edits): equal, changed
   (paired by word overlap), removed, added; re-paragraphing alone is not a change.
4. Within changed paragraphs: sentences changed, and a word diff.
5. Title, links and quotations of A's kept paragraphs that B lacks; truncation (A's tail gone).

Allowed edits (time references, spelling style, accents, quote style, case and punctuation)
make a paragraph "equal" when the licence allows them: any Creative Commons licence does, as
the publishers' republishing terms say ("except to reflect relative changes in time, location
and editorial style"). With no licence known, they count as edits.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from attribution.match import patterns
from attribution.match.fingerprint import Shingler, exact_overlap
from attribution.match.tokens import loose_tokens, sentences, tokens
from attribution.models import Comparison, MainText, ParagraphChange, Verdict

__all__ = ["Thresholds", "allows_derivatives", "compare_texts"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When two texts are one article (see docs/matching.md for tuning)."""

    #: A's share found in B for B to be a copy of A.
    same_article: float = 0.5
    #: For a truncated copy: B's share found in A, and the least share of A it must carry.
    truncated_reverse: float = 0.8
    truncated_min: float = 0.2
    #: Word overlap for two paragraphs to be one paragraph changed, not removed + added.
    paragraph_pair: float = 0.5


DEFAULT_THRESHOLDS = Thresholds()
_SPACE = re.compile(r"\s+")
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,60}$")


def allows_derivatives(license: str | None) -> bool:
    """True for licences that allow edited copies: CC BY, BY-SA, BY-NC, CC0, public domain."""
    if not license:
        return False
    upper = license.upper()
    if "ND" in upper.replace("-", " ").split() or "NODERIV" in upper.replace(" ", ""):
        return False
    return upper.startswith(("CC", "PUBLIC DOMAIN", "CREATIVE COMMONS")) and "ND" not in upper


def _allows_minor_edits(license: str | None) -> bool:
    return bool(license) and (license or "").upper().startswith(("CC", "CREATIVE COMMONS"))


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _word_diff(old: str, new: str) -> str:
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _sentences_changed(old: str, new: str) -> int:
    a = [" ".join(loose_tokens(s)) for s in sentences(old)]
    b = [" ".join(loose_tokens(s)) for s in sentences(new)]
    changed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            changed += max(i2 - i1, j2 - j1)
    return changed


def _title_key(title: str | None) -> str:
    return " ".join(loose_tokens(title or ""))


def _titles_differ(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ka, kb = _title_key(a), _title_key(b)
    if ka == kb:
        return False
    # "Headline - Site Name" against "Headline": the site suffix is not a title change.
    sa, sb = _title_key(_TITLE_SUFFIX.sub("", a)), _title_key(_TITLE_SUFFIX.sub("", b))
    return not (sa in (kb, sb) or sb == ka)


def _link_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    if parts.query:
        path += "?" + parts.query
    return host, path


def _link_kept(key: tuple[str, str], keys: set[tuple[str, str]], paths: set[str]) -> bool:
    if key in keys:
        return True
    # A relative link on a saved page has no host: its path has to do.
    return (not key[0] and key[1] in paths) or (key[1] in paths and ("", key[1]) in keys)


@dataclass(slots=True)
class _Alignment:
    equal_pairs: list[tuple[int, int]]
    allowed_pairs: list[tuple[int, int]]
    changed_pairs: list[tuple[int, int]]
    removed: list[int]
    added: list[int]


def _align(a: list[str], b: list[str], pair_threshold: float) -> _Alignment:
    la = [loose_tokens(p) for p in a]
    lb = [loose_tokens(p) for p in b]
    ka = [" ".join(t) for t in la]
    kb = [" ".join(t) for t in lb]
    strict_a = [" ".join(tokens(p)) for p in a]
    strict_b = [" ".join(tokens(p)) for p in b]
    out = _Alignment([], [], [], [], [])
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                (out.equal_pairs if strict_a[i] == strict_b[j] else out.allowed_pairs).append(
                    (i, j)
                )
            continue
        if op == "delete":
            out.removed.extend(range(i1, i2))
            continue
        if op == "insert":
            out.added.extend(range(j1, j2))
            continue
        # replace: re-paragraphing (same words, other breaks) is editorial style.
        if " ".join(ka[i1:i2]) == " ".join(kb[j1:j2]):
            out.allowed_pairs.append((i1, j1))
            continue
        sets_a = [set(t) for t in la[i1:i2]]
        sets_b = [set(t) for t in lb[j1:j2]]
        scored = sorted(
            (
                (_jaccard(sa, sb), i1 + x, j1 + y)
                for x, sa in enumerate(sets_a)
                for y, sb in enumerate(sets_b)
            ),
            reverse=True,
        )
        used_a: set[int] = set()
        used_b: set[int] = set()
        # One paragraph replaced by one paragraph in the same place is a rewording when they
        # share a fair part of their words, even if less than an arbitrary pair must.
        threshold = pair_threshold / 2 if (i2 - i1, j2 - j1) == (1, 1) else pair_threshold
        for sim, i, j in scored:
            if sim < threshold:
                break
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            out.changed_pairs.append((i, j))
        out.removed.extend(i for i in range(i1, i2) if i not in used_a)
        out.added.extend(j for j in range(j1, j2) if j not in used_b)
    out.changed_pairs.sort()
    return out


def _quotes(paragraph: str) -> list[str]:
    found = [m.group(1) for m in patterns.QUOTE.finditer(paragraph)]
    return [q for q in found if len(q.split()) >= patterns.QUOTE_MIN_WORDS]


def compare_texts(
    original: MainText,
    copy: MainText,
    *,
    credited: bool = False,
    license: str | None = None,
    allow_minor_edits: bool | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    shingler: Shingler | None = None,
) -> Comparison:
    """Compare an original's main text with a candidate copy's.

    ``credited``: the copy credits this original (a different text is then a ``mismatch``).
    ``license``: the original's licence; it decides whether allowed edits count
    (``allow_minor_edits`` overrides) and whether edits are a violation.
    """
    shingler = shingler or Shingler()
    # Shingles of the loose form: an allowed edit ("yesterday" -> "on Tuesday") must not
    # break five shingles and read as a different text.
    sa = shingler.shingles(" ".join(loose_tokens(original.text)))
    sb = shingler.shingles(" ".join(loose_tokens(copy.text)))
    shared = exact_overlap(sa, sb)
    union = len(sa) + len(sb) - shared
    jaccard = shared / union if union else 0.0
    containment = shared / len(sa) if len(sa) else 0.0
    reverse = shared / len(sb) if len(sb) else 0.0
    title_changed = _titles_differ(original.title, copy.title)
    base = {
        "jaccard": round(jaccard, 4),
        "containment": round(containment, 4),
        "containment_reverse": round(reverse, 4),
        "credited": credited,
        "license": license,
        "title_original": original.title,
        "title_copy": copy.title,
    }
    a, b = list(original.paragraphs), list(copy.paragraphs)
    al = _align(a, b, thresholds.paragraph_pair)
    kept = sorted({i for i, _ in al.equal_pairs + al.allowed_pairs + al.changed_pairs})
    same = (
        containment >= thresholds.same_article
        or (reverse >= thresholds.truncated_reverse and containment >= thresholds.truncated_min)
        # Paragraph by paragraph: most of A's paragraphs are in B, edited or not.
        or (len(kept) >= 2 and len(kept) >= thresholds.same_article * len(a) and reverse >= 0.3)
    )
    if not same:
        verdict: Verdict = "mismatch" if credited else "unrelated"
        return Comparison(
            verdict=verdict,
            paragraphs_removed=0,
            paragraphs_added=0,
            paragraphs_changed=0,
            sentences_changed=0,
            title_changed=title_changed,
            links_dropped=0,
            quotes_dropped=0,
            truncated=False,
            **base,  # type: ignore[arg-type]
        )

    minor_ok = _allows_minor_edits(license) if allow_minor_edits is None else allow_minor_edits
    changes: list[ParagraphChange] = []
    sentences_total = 0
    for i, j in al.changed_pairs:
        n = _sentences_changed(a[i], b[j])
        sentences_total += n
        changes.append(
            ParagraphChange(
                original=a[i],
                copy=b[j],
                sentences_changed=n,
                allowed=False,
                diff=_word_diff(a[i], b[j]),
            )
        )
    allowed_changes = [
        ParagraphChange(
            original=a[i],
            copy=b[j],
            sentences_changed=0,
            allowed=True,
            diff=_word_diff(a[i], b[j]),
        )
        for i, j in al.allowed_pairs
    ]
    if not minor_ok:
        changes.extend(allowed_changes)

    last_kept = kept[-1] if kept else -1
    tail = [i for i in al.removed if i > last_kept]
    truncated = bool(tail) and len(tail) == len(a) - 1 - last_kept

    # Links and quotations of the paragraphs the copy kept.
    b_keys = {_link_key(u) for u, _ in copy.links}
    b_paths = {k[1] for k in b_keys}
    kept_text = [a[i] for i in kept]
    dropped_links: list[str] = []
    for url, text in original.links:
        if text and not any(text in p for p in kept_text):
            continue
        if not _link_kept(_link_key(url), b_keys, b_paths) and url not in dropped_links:
            dropped_links.append(url)
    b_loose = " " + " ".join(loose_tokens(copy.text)) + " "
    dropped_quotes = [
        q
        for p in kept_text
        for q in _quotes(p)
        if " " + " ".join(loose_tokens(q)) + " " not in b_loose
    ]

    removed = [a[i] for i in sorted(al.removed)]
    added = [b[j] for j in sorted(al.added)]
    edits = (
        len(removed)
        + len(added)
        + len(changes)
        + len(dropped_links)
        + len(dropped_quotes)
        + int(title_changed)
    )
    verdict = "edited" if edits else "verified"
    violation = verdict == "edited" and license is not None and not allows_derivatives(license)
    diff = _render_diff(original, copy, al, a, b, changes, title_changed, truncated)
    return Comparison(
        verdict=verdict,
        paragraphs_removed=len(removed),
        paragraphs_added=len(added),
        paragraphs_changed=len(changes),
        sentences_changed=sentences_total,
        title_changed=title_changed,
        links_dropped=len(dropped_links),
        quotes_dropped=len(dropped_quotes),
        truncated=truncated,
        allowed_edits=len(allowed_changes) if minor_ok else 0,
        violation=violation,
        removed=tuple(removed),
        added=tuple(added),
        changed=tuple(changes),
        dropped_links=tuple(dropped_links),
        dropped_quotes=tuple(dropped_quotes),
        diff=diff,
        **base,  # type: ignore[arg-type]
    )


def _render_diff(
    original: MainText,
    copy: MainText,
    al: _Alignment,
    a: list[str],
    b: list[str],
    changes: list[ParagraphChange],
    title_changed: bool,
    truncated: bool,
) -> str:
    lines: list[str] = []
    if title_changed:
        lines.append("~ title: " + _word_diff(original.title or "", copy.title or ""))
    changed_at = {c.original: c for c in changes}
    events: list[tuple[float, str]] = []
    for i in al.removed:
        events.append((i, f"- [{i + 1}] {a[i]}"))
    for i, _j in al.changed_pairs + al.allowed_pairs:
        change = changed_at.get(a[i])
        if change is not None:
            label = " (allowed edit)" if change.allowed else ""
            events.append((i, f"~ [{i + 1}]{label} {change.diff}"))
    # An added paragraph goes after the original paragraph it follows in the copy.
    position = {j: i for i, j in al.equal_pairs + al.allowed_pairs + al.changed_pairs}
    for j in al.added:
        before = [position[k] for k in position if k < j]
        events.append(((max(before) if before else -1) + 0.5, f"+ {b[j]}"))
    lines.extend(text for _, text in sorted(events, key=lambda e: e[0]))
    if truncated:
        lines.append("! truncated: the copy stops before the original's end")
    return "\n".join(lines)
