"""Patterns the detectors match, kept as data, ordered from specific to generic.

Each tier has a comment saying what it catches. Patterns are compiled once at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_I = re.IGNORECASE | re.UNICODE

# The name of the crediting publisher after "from/on/by ...": stops at punctuation or at the
# words that usually follow the name ("...on Grist and is republished", "...from X under a CC").
PUB = (
    r"(?P<pub>[^\s.;:,|!?(][^;:,\n|!?(]{0,80}?)"
    r"(?=\s+(?:and|under|on|in|with|et|sous|y|bajo|bajo|am|unter|e|sob|dengan|pada|at|as|via|"
    r"for|to|is|was|has|which|who|where)\b|\s*[;:,|!?(\n]|\.(?:\s|$)|\s*$)"
)

# A date as credit lines write it: "Jan. 5, 2026", "5 January 2026", "2026-01-05".
_DATE = (
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?|"
    r"\d{4}-\d{2}-\d{2})"
)

# "5 de enero de 2026".
_DATE_ES = r"\d{1,2}\s+de\s+[a-zé]+(?:\s+(?:de|del)\s+\d{4})?"

# Where a reprint's permission line opens: the start of its element or of a sentence, or
# after "This article was": "Reproduced with permission of X." credits the whole article,
# "The chart below is used with permission from X" or "excerpts are reproduced with
# permission of X" a part of it.
_LINE_START = r"(?:^\s*|[.!?]\s+)[(\[*«\"“]*"
_OPENS = _LINE_START
_THIS_PIECE = (
    r"(?:" + _LINE_START + r"|\b(?:this|the)\s+(?:article|story|piece|post|column|essay|op-?ed|"
    r"commentary|content|interview)\s+(?:is|was|has\s+been)\s+)"
)
# The same for "first appeared on X" and "originally published in X": the piece itself is
# the subject ("This article first appeared on X", "A version of this story was originally
# published by X", a line "Originally published at X"), not a video, a rumour or a letter the
# story reports on ("The video first appeared on TikTok").
_PIECE = (
    r"(?:article|story|piece|post|report|column|essay|op-?ed|commentary|interview|analysis|"
    r"feature|investigation|item|content|text)"
)
_OF_THIS_PIECE = (
    r"(?:"
    + _LINE_START
    + r"|\b(?:this|the)\s+"
    + _PIECE
    + r"\s+|\bversion\s+of\s+(?:this|the)\s+"
    + _PIECE
    + r"\s+)(?:(?:is|was|has\s+been|had\s+been)\s+)?"
)


def _opens_or(subject: str, lead: str = "") -> str:
    """An opener for one language's notices: the start of the element or of a sentence (a
    bracket or a quote may open it, and ``lead``, a bare noun: "Artículo publicado…"), or
    ``subject``, the piece itself ("Este artículo fue")."""
    return r"(?:" + _LINE_START + lead + r"|\b" + subject + ")"


_ES_NOUN = (
    r"(?:art[íi]culo|texto|reportaje|contenido|trabajo|nota|entrevista|cr[óo]nica|columna|"
    r"investigaci[óo]n)"
)
_ES_PIECE = _opens_or(
    r"(?:este|esta|el|la)\s+" + _ES_NOUN + r"\s+(?:(?:fue|ha\s+sido|se)\s+)?",
    lead=r"(?:" + _ES_NOUN + r"\s+)?",
)
_FR_PIECE = _opens_or(
    r"(?:cet|cette|ce|l['’])\s*(?:article|texte|chronique|enqu[êe]te|tribune|entretien|"
    r"reportage)\s+"
    r"(?:(?:a\s+[ée]t[ée]|est|avait\s+[ée]t[ée]|a)\s+)?"
)
_DE_PIECE = _opens_or(
    r"(?:dieser|der|dieses|das)\s+(?:artikel|beitrag|text|kommentar|interview)\s+"
    r"(?:(?:ist|war|wurde)\s+)?"
)
_PT_PIECE = _opens_or(
    r"(?:este|esta|o|a)\s+(?:artigo|texto|reportagem|mat[ée]ria|entrevista|coluna)\s+"
    r"(?:foi\s+)?"
)
_IT_PIECE = _opens_or(
    r"(?:questo|l['’])\s*(?:articolo|pezzo|testo)\s+(?:(?:è|e['’])\s+(?:stato\s+)?)?"
)
_NL_PIECE = _opens_or(r"(?:dit|het)\s+(?:artikel|stuk|verhaal)\s+(?:(?:is|werd)\s+)?")

# Tier 1, republication notices (the credit lines the programmes ask for), by language.
# The labels of a source named on a line of its own: "Source: X", "Original source: X",
# "Source article: X", "Full story: X" (the credit-line detector also reads them to leave out
# a table's or a chart's source). Apart, so that a gate can read each one's words.
SOURCE_LABELS: tuple[str, ...] = (
    r"(?:(?:original|article)\s+)?(?:source|quelle|fuente|fonte)\s*:",
    r"source\s+article\s*:",
    r"full\s+(?:story|article)\s*:",
)
SOURCE_LABEL = "(?:" + "|".join(SOURCE_LABELS) + ")"
# Credit lines that are the line's whole text: "Via X", "Via: X", "(via X)", Spanish "Vía X"
# (a blog's or a portal's credit for a story it passes on), and "Courtesy of X", "Article
# courtesy of X" ("Photo courtesy of X" is a picture's: credits_a_picture). A sentence opening
# so ("Via the new portal, residents can…", "Courtesy of X, the timetables were shown") is none.
LINE_LABEL = r"^\s*(?:[(\[]?v[ií]a\s*:?|(?:(?:article|story|content)\s+)?courtesy\s+of)\s"
# The publisher as the rest of the line, a closing bracket or full stop aside.
LINE_PUB = r"(?P<pub>[^\s.;:,|!?()\[\]][^;:,\n|!?()\[\]]{0,60}?)\s*[)\]]?\s*\.?\s*$"
LINE_NOTICE = re.compile(LINE_LABEL + r"\s*" + LINE_PUB, _I)
# Where such a line may stand: the words as a page writes them opening the line (answered by
# the one pass over the text), and the lower-case word the tree is then searched for. The
# words stand in many sentences and photo credits, so no window of text around them tells.
LINE_WORDS: tuple[tuple[str, str], ...] = (
    ("Via", "via"),
    ("(via", "via"),
    ("[via", "via"),
    ("Vía", "vía"),
    ("(vía", "vía"),
    ("Courtesy of", "courtesy of"),
)

_NOTICE_SOURCES: tuple[str, ...] = (
    # Global Voices: "This story by AUTHOR originally appeared on Global Voices on DATE."
    r"\b(?:this|the)\s+(?:story|article|post|piece)\s+by\s+(?P<authors>[^.;]{3,120}?)\s+"
    r"(?:originally|first)\s+(?:appeared|published|ran)\s+(?:on|in|at)\s+" + PUB,
    # "This article is republished from The Conversation", "was originally published by X",
    # "first appeared on X", "This story was produced by X".
    r"\b(?:this|the)\s+(?:article|story|piece|post|report|column|essay|op-?ed|commentary|"
    r"interview|analysis|feature|investigation|item|content)\s+(?:is|was|has\s+been|had\s+been)?"
    r"\s*(?:originally\s+|first\s+|initially\s+)?(?:re-?published|published|appeared|ran|"
    r"produced|posted|syndicated)\s+(?:here\s+)?(?:originally\s+|first\s+)?"
    # The partnership phrases first: "in" alone would take "partnership" for the publisher.
    r"(?:through\s+a\s+partnership\s+with|in\s+partnership\s+with|from|by|on|in|at|"
    r"with(?:\s+the)?\s+permission\s+(?:of|from)|courtesy\s+of)\s+" + PUB,
    _OF_THIS_PIECE + r"first\s+(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\s+" + PUB,
    _OF_THIS_PIECE + r"originally\s+(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\s+" + PUB,
    # The piece as a bare noun opening the line ("Article originally published on X"), the
    # adverb after the verb ("This article appeared originally in X"), the piece pointed at
    # ("The article above was originally published by X").
    _LINE_START + _PIECE + r"\s+originally\s+(?:appeared|published|ran|posted)\s+"
    r"(?:on|in|at|by)\s+" + PUB,
    _OF_THIS_PIECE + r"(?:appeared|published|ran|posted)\s+originally\s+(?:on|in|at|by)\s+" + PUB,
    r"\bthe\s+" + _PIECE + r"\s+(?:above|below)\s+(?:was\s+)?(?:originally|first)\s+"
    r"(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\s+" + PUB,
    # An adaptation names the article it is adapted from: a derivative of it ("This essay is
    # adapted from an article that first appeared in X"; not "The film is adapted from…").
    _OF_THIS_PIECE
    + r"adapted\s+from\s+(?:an?|the)\s+"
    + _PIECE
    + r"\s+(?:(?:originally|first)\s+)?(?:published|that\s+(?:(?:originally|first)\s+)?"
    r"(?:appeared|ran))\s+(?:on|in|at|by)\s+" + PUB,
    # "Originally published on Jan. 5, 2026 by X": a date before the publisher.
    _OF_THIS_PIECE
    + r"(?:originally|first)\s+(?:appeared|published|ran|posted)\s+(?:on\s+)?"
    + _DATE
    + r",?\s+(?:on|in|at|by)\s+"
    + PUB,
    r"\bthe\s+original\s+version\s+of\s+this\s+(?:article|story|piece|post)\s+(?:was\s+)?"
    r"(?:published|appeared|ran)\s+(?:on|in|at|by)\s+" + PUB,
    r"\bre-?published\s+(?:here\s+)?(?:from|with\s+(?:the\s+)?permission\s+(?:of|from)|"
    r"courtesy\s+of|by\s+arrangement\s+with|under\s+a\s+creative\s+commons\s+license\s+from)\s+"
    + PUB,
    r"\bsyndicated\s+(?:from|by)\s+" + PUB,
    # The republisher speaking: "We are republishing this article from The Conversation",
    # "Harbor News republishes this story with permission from Grist".
    r"\brepublish(?:ing|es)?\s+(?:this|the)\s+"
    + _PIECE
    + r"\s+(?:here\s+)?(?:from|with\s+(?:the\s+)?permission\s+(?:of|from)|courtesy\s+of)\s+"
    + PUB,
    # Reprints: "Reproduced with permission of The Guardian", "Used with permission from X".
    _THIS_PIECE + r"(?:(?:re)?produced|used|reprinted|published)\s+(?:here\s+)?with\s+(?:the\s+)?"
    r"(?:kind\s+)?permission\s+(?:of|from)\s+" + PUB,
    # "This article is reproduced from The Conversation under a Creative Commons license."
    _THIS_PIECE + r"reproduced\s+(?:here\s+)?from\s+" + PUB,
    # "This article is from The Conversation", "This story comes from ProPublica" (the article
    # itself as the subject: "The report is from the Pew Research Center" cites a source).
    _LINE_START + r"this\s+(?:article|story)\s+(?:is|comes|came)\s+(?:originally\s+)?from\s+" + PUB,
    # Blogs and nonprofit newsrooms: "Cross-posted from TomDispatch", "Crossposted with
    # permission from Mother Jones", "Reposted from Grist".
    r"\b(?:cross-?\s?|re)posted\s+(?:here\s+)?(?:from|by\s+arrangement\s+with|"
    r"with\s+(?:the\s+)?permission\s+(?:of|from)|courtesy\s+of)\s+" + PUB,
    # The publisher first: "Story by The New York Times, republished with permission."
    r"\b(?:story|article|column|report|reporting)\s+(?:by|from)\s+"
    + PUB
    + r"(?=\s*,\s*(?:re-?published|reprinted|used)\s+(?:here\s+)?with\s+(?:the\s+)?"
    r"permission)",
    _THIS_PIECE + r"(?:re)?printed\s+(?:here\s+)?(?:from|with\s+(?:the\s+)?permission\s+"
    r"(?:of|from))\s+" + PUB,
    r"^\s*(?:story\s+|article\s+|content\s+)?provided\s+by\s+" + PUB,
    # One pattern a label, each gated by its own words.
    *(r"^\s*" + label + r"\s*" + PUB for label in SOURCE_LABELS),
    # Yoast SEO's feed footer, kept by the sites that copy a feed whole: "The post <title>
    # appeared first on <site>."
    # The site's name ends it: "The post appeared first on Facebook and was shared" is not it.
    _LINE_START
    + r"the\s+post\s+[^\n]{1,300}?\s+appeared\s+first\s+on\s+"
    + PUB
    + r"(?=\s*\.?\s*$|\.\s)",
    r"\bis\s+part\s+of\s+(?P<pub>States\s+Newsroom)\b",
    # Spanish.
    r"\b(?:este|el|esta|la)\s+(?:art[íi]culo|texto|reportaje|contenido|trabajo|nota|"
    r"entrevista|cr[óo]nica|columna|investigaci[óo]n)\s+(?:fue|ha\s+sido)\s+"
    r"(?:publicad[oa]|republicad[oa]|difundid[oa])\s+(?:originalmente\s+|inicialmente\s+|"
    r"primero\s+)?(?:el\s+" + _DATE_ES + r"\s+)?(?:en|por)\s+" + PUB,
    _ES_PIECE
    + r"(?:se\s+)?public[óo]\s+(?:originalmente|inicialmente|primero)\s+(?:en|por)\s+"
    + PUB,
    _ES_PIECE
    + r"(?:publicad[oa]|aparecid[oa])\s+(?:originalmente|inicialmente|primero)\s+(?:en|por)\s+"
    + PUB,
    _ES_PIECE + r"originalmente\s+publicad[oa]\s+(?:en|por)\s+" + PUB,
    r"\brepublicado\s+(?:de|desde|con\s+(?:el\s+)?permiso\s+de|bajo\s+licencia\s+de)\s+" + PUB,
    _OPENS + r"(?:reproducid[oa]|publicad[oa]|republicad[oa])\s+con\s+(?:la\s+|el\s+)?"
    r"(?:autorizaci[óo]n|permiso)\s+(?:de|del)\s+" + PUB,
    # French.
    r"\bcet\s+article\s+(?:est|a\s+[ée]t[ée])\s+(?:republi[ée]|publi[ée]|initialement\s+publi[ée]|"
    r"publi[ée]\s+initialement|d['’]abord\s+publi[ée]|originellement\s+publi[ée])\s+"
    r"(?:initialement\s+|à\s+l['’]origine\s+)?(?:à\s+partir\s+de|sur|par|dans|depuis)\s+" + PUB,
    _FR_PIECE + r"(?:initialement|originellement|d['’]abord)\s+(?:publi[ée]e?|paru(?:e)?)\s+"
    r"(?:sur|dans|par)\s+" + PUB,
    _FR_PIECE + r"d['’]abord\s+[ée]t[ée]\s+publi[ée]e?\s+(?:sur|dans|par)\s+" + PUB,
    _FR_PIECE + r"(?:publi[ée]e?|paru(?:e)?)\s+(?:initialement|originellement|d['’]abord|"
    r"à\s+l['’]origine)\s+(?:sur|dans|par)\s+" + PUB,
    r"\brepubli[ée]e?\s+(?:à\s+partir\s+de|depuis|avec\s+l['’]autorisation\s+de)\s+" + PUB,
    _OPENS + r"avec\s+l['’]aimable\s+autorisation\s+(?:de|du|des)\s+" + PUB,
    # Indonesian.
    r"\bartikel\s+ini\s+(?:diterbitkan\s+ulang|pertama\s+kali\s+(?:diterbitkan|terbit)|"
    r"terbit\s+pertama\s+kali)\s+(?:dari|di|oleh)\s+" + PUB,
    # German.
    _DE_PIECE + r"(?:erschien|ist\s+zuerst\s+erschienen)\s+"
    r"(?:zuerst|ursprünglich|zunächst)\s+(?:bei|auf|in|im)\s+" + PUB,
    # A reprint: "(Nachdruck) mit freundlicher Genehmigung von X".
    _OPENS + r"(?:nachdruck\s+)?mit\s+freundlicher\s+genehmigung\s+(?:von|der|des)\s+" + PUB,
    # The verb may close the clause: "ist zuerst bei X erschienen", "zuerst erschienen bei X".
    _DE_PIECE + r"(?:ist\s+|war\s+)?(?:zuerst|ursprünglich|zunächst)\s+(?:bei|auf|in|im)\s+"
    r"(?P<pub>[^\s.;:,|!?(][^;:,\n|!?(]{0,80}?)(?=\s+(?:erschienen|veröffentlicht)\b)",
    _DE_PIECE
    + r"(?:zuerst|ursprünglich|zunächst)\s+(?:erschienen|veröffentlicht)\s+(?:bei|auf|in|im)\s+"
    + PUB,
    # Portuguese.
    r"\b(?:este|esta|o|a)\s+(?:artigo|texto|reportagem|mat[ée]ria|entrevista|coluna)\s+foi\s+"
    r"(?:re)?publicad[oa]\s+originalmente\s+(?:em|no|na|por|pelo|pela)\s+" + PUB,
    _PT_PIECE + r"publicad[oa]\s+originalmente\s+(?:em|no|na|pelo|pela)\s+" + PUB,
    _OPENS + r"(?:republicad[oa]|reproduzid[oa]|publicad[oa])\s+com\s+(?:a\s+)?autoriza[çc][ãa]o\s+"
    r"(?:de|do|da|dos|das)\s+" + PUB,
    # Italian.
    r"\b(?:questo|l['’])\s*(?:articolo|pezzo|testo)\s+(?:è|e['’])\s+(?:stato\s+)?"
    r"(?:ri)?pubblicato\s+(?:originariamente\s+|originalmente\s+|per\s+la\s+prima\s+volta\s+)?"
    r"(?:su|da|in|sul|sulla|nel|nella|dal|dalla)\s+" + PUB,
    _IT_PIECE
    + r"(?:pubblicato|apparso)\s+(?:originariamente|originalmente|per\s+la\s+prima\s+volta)\s+"
    r"(?:su|da|in|sul|sulla|nel|nella|dal|dalla)\s+" + PUB,
    _OPENS + r"(?:ri)?pubblicato\s+(?:su|per|con\s+la)\s+gentile\s+concessione\s+"
    r"(?:di|del|della|dello|dei)\s+" + PUB,
    # Dutch.
    # (Two patterns: each needs a word only Dutch uses, so that gate.py runs it on Dutch
    # text alone; one pattern would need no more than "is" and "in".)
    _NL_PIECE + r"verscheen\s+(?:eerder\s+|oorspronkelijk\s+|eerst\s+)?(?:op|in|bij)\s+" + PUB,
    _NL_PIECE + r"(?:eerder|oorspronkelijk|eerst)\s+(?:verschenen|gepubliceerd)\s+"
    r"(?:op|in|bij|door)\s+" + PUB,
    _OPENS + r"(?:overgenomen|gepubliceerd)\s+met\s+toestemming\s+van\s+" + PUB,
    # A syndicate's line under a column, a sentence of its own: "©2026 Los Angeles Times.
    # Visit latimes.com. Distributed by Tribune Content Agency, LLC."
    r"(?:^\s*|[.!?]\s+)distributed\s+by\s+" + PUB,
)
NOTICE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, _I) for p in _NOTICE_SOURCES)
# The same notices as a window of text around a keyword may show them: the window is cut
# anywhere, so a notice that opens a line or a sentence, or follows the piece as subject, may
# open at any word there (its opener is left out: the notice then starts with its own words,
# which the gate finds quickly).
_OPENERS = (
    _OF_THIS_PIECE,
    _THIS_PIECE,
    _ES_PIECE,
    _FR_PIECE,
    _DE_PIECE,
    _PT_PIECE,
    _IT_PIECE,
    _NL_PIECE,
    _LINE_START,
)


def _in_windows(source: str) -> str:
    for opener in _OPENERS:
        source = source.replace(opener, r"\b")
    return source


NOTICE_PATTERNS_IN_WINDOWS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(_in_windows(p), _I) for p in _NOTICE_SOURCES
)

# Tier 2, "read the original" lines that name the publisher ("Read the full article on X").
READ_ON_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"\bread\s+the\s+(?:full|original|complete|rest\s+of\s+(?:the|this))\s*(?:article|story|"
        r"piece|version|report)?\s+(?:on|at|in)\s+" + PUB,
        # An excerpt that sends its reader on: "Continue reading at X", "Story continues on X".
        # A line of its own: "the story continues on Netflix" in a review is no credit.
        _LINE_START
        + r"(?:click\s+here\s+to\s+)?continue\s+reading\s+(?:(?:the|this)\s+(?:full\s+)?"
        r"(?:article|story|piece)\s+)?(?:on|at)\s+" + PUB,
        _LINE_START + r"(?:the\s+)?(?:story|article)\s+continues\s+(?:on|at)\s+" + PUB,
        # Spanish ("Lee el artículo original en X", "Lea la nota completa en X"), French,
        # Portuguese ("Leia a matéria original em X"), Italian ("Leggi l'articolo originale
        # su X"), German ("Den Originalartikel lesen Sie bei X").
        r"\ble(?:a|e|er)\s+(?:el\s+|la\s+)?(?:art[íi]culo\s+|nota\s+|noticia\s+)?"
        r"(?:original|complet[ao])\s+(?:en)\s+" + PUB,
        r"\blire\s+(?:l['’]article\s+)?(?:original|complet|la\s+suite)\s+(?:sur|dans)\s+" + PUB,
        r"\bleia\s+(?:[ao]\s+)?(?:mat[ée]ria\s+|artigo\s+|reportagem\s+|not[íi]cia\s+)?"
        r"(?:original|complet[ao])\s+(?:em|no|na)\s+" + PUB,
        r"\bleggi\s+(?:l['’]\s*articolo\s+)?(?:originale|completo)\s+(?:su|in|sul)\s+" + PUB,
        r"\b(?:den\s+|zum\s+)?(?:original-?artikel|vollst[äa]ndigen\s+artikel)\s+"
        r"(?:lesen\s+sie\s+)?(?:bei|auf|im)\s+" + PUB,
    )
)

# Anchor texts and lines that point to the original ("Read more", "Read the original article").
READ_MORE_TEXT = re.compile(
    r"^\s*(?:read\s+more|read\s+the\s+(?:original|full|complete)(?:\s+(?:article|story|piece))?|"
    r"original\s+(?:article|story)|read\s+original|view\s+original|source\s+article|"
    # Autoblogging plugins' link under a copied post.
    r"source\s+link|"
    r"lea\s+el\s+original|leer\s+(?:el\s+)?(?:art[íi]culo\s+)?original|leer\s+m[áa]s|"
    r"lire\s+l['’]article\s+original|lire\s+la\s+suite|baca\s+artikel\s+asli|"
    r"weiterlesen|mehr\s+lesen)\b",
    _I,
)
# Words that every READ_MORE_TEXT anchor contains (lower case), to find them without reading
# every anchor on the page.
READ_MORE_KEYWORDS: tuple[str, ...] = (
    "read more",
    "read the original",
    "read the full",
    "read the complete",
    "read the rest",
    "continue reading",
    "continues on",
    "continues at",
    "read original",
    "original article",
    "original story",
    "view original",
    "source article",
    "source link",
    "lea el original",
    "leer el",
    "leer más",
    "leer mas",
    "lire l’article",
    "lire l'article",
    "lire la suite",
    "baca artikel",
    "weiterlesen",
    "mehr lesen",
)
# "Read more https://..." with the URL printed as text (the seed's case).
READ_MORE_PLAIN_URL = re.compile(
    r"^\s*(?:read\s+more|read\s+the\s+original(?:\s+article)?|source|original(?:\s+article)?|"
    r"leer\s+m[áa]s|lire\s+la\s+suite|fuente)\s*[:\-–—]?\s*(?P<url>https?://\S+?)[.,;)]?\s*$",
    _I,
)
PLAIN_URL = re.compile(r"https?://[^\s<>\"'()]+[^\s<>\"'().,;:!?]")

# Quick test before the DOM walk: does the body mention any credit line at all?
NOTICE_TRIGGER = re.compile(
    r"republi|first\s+(?:appeared|published|ran|posted)|appeared\s+first|originally\s+(?:appeared|published|ran|posted)|"
    r"(?:appeared|published|ran)\s+originally|adapted\s+from|reposted|reproduced\s+from|"
    r"this\s+(?:article|story)\s+(?:is|comes|came)\s+(?:originally\s+)?from|"
    r"syndicated|cross-?\s?posted|provided\s+by|printed\s+(?:from|with)|with\s+(?:the\s+)?"
    r"(?:kind\s+)?permission|genehmigung|autorisation|autorizaci|permiso|autoriza[çc]|"
    r"concessione|toestemming|(?:national|investigative)\s+newsroom|newsroom\s+that\s+investigates|part\s+of\s+states\s+newsroom|publicado|publi[ée]|paru|"
    r"diterbitkan|terbit|erschien|source\s*:|source\s+article\s*:|full\s+(?:story|article)\s*:|quelle\s*:|fuente\s*:|read\s+the\s+(?:full|original|"
    r"complete|rest)|continue\s+reading|(?:story|article)\s+continues|lea\s+(?:el|la)\b|lee\s+(?:el|la)\b|leer\s+(?:el|la)\b|lire\s+l|leia\b|leggi\b|original-?artikel|vollst[äa]ndigen\s+artikel|(?:article|story)\s+(?:was\s+)?produced\s+by|pubblicat|"
    r"apparso|verscheen|gepubliceerd|distributed\s+by|original\s+version|publicad|"
    r"public[óo]\s+(?:originalmente|inicialmente|primero)|zuerst|urspr[üu]nglich",
    _I,
)

# Words (lower case) one of which every credit line contains, each within one text node: a
# page whose text has none of them has no credit line, and the tree is searched only for these.
NOTICE_KEYWORDS: tuple[str, ...] = (
    "republi",
    "appeared",
    "first published",
    "first ran",
    "originally",
    "adapted from",
    "first posted",
    "reposted",
    "reproduced from",
    "article courtesy of",
    "story courtesy of",
    "content courtesy of",
    "article is from",
    "story is from",
    "article comes from",
    "story comes from",
    "syndicated",
    "cross-posted",
    "crossposted",
    "cross posted",
    "permission",
    "genehmigung",
    "autorisation",
    "autorización",
    "autorizacion",
    "permiso",
    "autorização",
    "autorizacao",
    "concessione",
    "toestemming",
    "provided by",
    "printed",
    "newsroom",
    "publicado",
    "publicada",
    "publicó",
    "zuerst",
    "ursprünglich",
    "publié",
    "publie",
    "paru",
    "diterbitkan",
    "terbit",
    "erschien",
    "source:",
    "source :",
    "source article",
    "quelle:",
    "fuente:",
    "fonte:",
    "full article",
    "full story",
    "read the original",
    "read the complete",
    "read the rest",
    "continue reading",
    "continues on",
    "continues at",
    "lea el",
    "lea la",
    "lee el",
    "lee la",
    "leer el",
    "lire l",
    "leia",
    "leggi",
    "originalartikel",
    "original-artikel",
    "vollständigen artikel",
    "produced by",
    "pubblicat",
    "apparso",
    "verscheen",
    "gepubliceerd",
    "distributed by",
    "original version",
)

# A "publisher" that is really a time or date: "originally published at 2:05 p.m.".
NOT_A_PUBLISHER = re.compile(
    r"^(?:\d|a\.?m\b|p\.?m\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d|$)|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b|this\s+(?:site|website|page|blog)|our\s|"
    r"the\s+(?:print|web|online)\s+edition|print\b|(?:the\s+)?(?:author|writer)s?['’]?s?\s|"
    r"(?:her|his|their|my)\s|today|yesterday|(?:a|an)\s)",
    _I,
)


def wire_code_patterns(
    codes: Iterable[str],
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """For the wire ``codes`` (a registry's): any code in parentheses, the dateline and the
    end tag; None for no codes. Datelines: "WASHINGTON (AP) —", "LONDON, March 3 (Reuters) -",
    "Bogotá (dpa) -", "(CNN) —", "Madrid, 8 ene (EFE).-", "New Delhi, Jan 8 (PTI) The..."; a
    short wire item signed at its end: "... (dpa)". Codes match as written (case matters)."""
    ordered = sorted(set(codes), key=lambda c: (-len(c), c))  # "dpa-AFX" before "dpa"
    if not ordered:
        return None
    alternation = "|".join(re.escape(c) for c in ordered)
    # The code closes the dateline with a dash or a colon ("(EFE).-" in Spanish copy), or
    # the story runs on after it ("New Delhi, Jan 8 (PTI) The government...").
    dateline = re.compile(
        rf"^[^\n]{{0,90}}?\((?P<code>{alternation})\)(?:\.?\s*[-—–:]|\s+(?=[A-Z]))"
    )
    end_tag = re.compile(rf"\((?P<code>{alternation})\)\s*$")
    return re.compile(rf"\((?:{alternation})\)"), dateline, end_tag


# Reuters' end-of-story credits: reporters, then editors (who are not authors).
REPORTING_BY = re.compile(
    r"^\s*\(?\s*(?:reporting|writing|reporting\s+and\s+writing)\s+by\s+(?P<names>[^;)]+?)"
    r"(?:\s+in\s+[A-Z][\w .]+)?\s*(?:;|\)|$)",
    _I,
)

# "© Provided by Business Insider Inc", "Copyright 2026 Example Times": copyright holders.
COPYRIGHT_LINE = re.compile(
    r"(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?:provided\s+by\s+)?"
    r"(?P<holder>[^\n.;|]{2,80}?)(?=\s*(?:\.|;|\||all\s+rights|$))",
    _I,
)

# Byline text on a short element: "By Jane Doe", "Written by ...", "Por ...", "Von ...".
BYLINE_TEXT = re.compile(
    r"^\s*(?:by|written\s+by|words\s+by|story\s+by|(?:opinion|analysis|commentary)\s+by|por|par|"
    r"von|door|oleh|di|av|af|author\s+of\s+the\s+article\s*:|autor(?:a)?\s*:|author\s*:)\s+\S",
    _I,
)
# The opening words of BYLINE_TEXT, as they are written (case matters: "by" alone is everywhere).
BYLINE_WORDS: tuple[str, ...] = (
    "By ",
    "BY ",
    "By\xa0",
    # A template's "By" on a line of its own, the name in the next element.
    "By\n",
    "BY\n",
    "Written by",
    "Words by",
    "Story by",
    "Opinion by",
    "Analysis by",
    "Commentary by",
    "Por ",
    "Par ",
    "Von ",
    "von ",
    "Door ",
    "Oleh ",
    # Italian, Swedish and Norwegian, Danish.
    "Di ",
    "Av ",
    "Af ",
    "by:",
    "By:",
    "Author:",
    "Autor:",
    "Autora:",
    "Author of the",
)
BYLINE_SELECTORS = (
    '[rel="author"], [itemprop="author"], [class*="byline"], [class*="Byline"], [id*="byline"], '
    '[class*="author"], [class*="Author"], [class*="contributor"], [data-testid*="byline"], '
    '[data-component*="byline"], [class*="auteur"], [class*="autor"], address, byline'
)

# Analytics and ad account ids: the "same operator" fingerprints.
# Patterns start with their literal prefix so the regex engine can scan for it quickly; the
# word boundary before the id is checked by the caller.
TRACKER_IDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ga4", re.compile(r"G-[A-Z0-9]{8,12}\b")),
    ("ua", re.compile(r"UA-\d{4,10}-\d{1,4}\b")),
    ("gtm", re.compile(r"GTM-[A-Z0-9]{4,9}\b")),
    ("adsense", re.compile(r"pub-\d{10,20}\b")),
    ("fbpixel", re.compile(r"fbq\(\s*['\"]init['\"]\s*,\s*['\"](\d{10,20})['\"]")),
)

# Creative Commons licence URLs and names.
CC_URL = re.compile(
    r"creativecommons\.org/(?:licenses/(?P<kind>by(?:-nc)?(?:-nd|-sa)?)/(?P<ver>\d\.\d)|"
    r"publicdomain/(?P<pd>zero|mark)/(?P<pdver>\d\.\d))",
    _I,
)
CC_NAME = re.compile(
    r"\b(?:CC[\s-]?(?P<abbr>BY(?:-NC)?(?:-ND|-SA)?)(?:[\s-]?(?P<aver>\d\.\d))?|"
    r"Creative\s+Commons\s+(?P<long>Attribution(?:[\s-]+Non-?Commercial)?(?:[\s-]+"
    r"(?:No-?Deriv(?:ative)?s?|Share-?Alike))?)(?:\s+(?P<lver>\d\.\d))?|"
    r"(?P<generic>Creative\s+Commons|licencia\s+Creative\s+Commons|licence\s+Creative\s+Commons))",
    re.UNICODE,
)

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "liveblogposting",
        "askpublicnewsarticle",
        "satiricalarticle",
        "posting",
    }
)
