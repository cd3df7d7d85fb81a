"""Turning byline text into clean person names ("By JANE DOE, Senior Reporter" -> "Jane Doe").

Pure functions. A byline is split into parts; each part is either a person, an organisation
(returned separately: it may be a publisher credit) or noise (roles, dates, e-mail, "Minute Read").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from attribution.extract.spaces import squash_spaces
from attribution.registry import is_short_name

# Prefixes that introduce a byline, in the languages the tool reads. Longest first.
_PREFIX = re.compile(
    r"^\s*(?:author\s+of\s+the\s+article|written\s+by|words\s+by|story\s+by|reporting\s+by|"
    # The kind of piece before its writer: "Analysis by Jane Doe, CNN", "Opinion by ...".
    r"(?:opinion|analysis|commentary|perspective|column|essay|review|guest\s+(?:column|essay|"
    r"post))\s+by|"
    r"reported\s+by|posted\s+by|published\s+by|text\s+by|compiled\s+by|escrito\s+por|"
    r"redactado\s+por|"
    r"r[ée]dig[ée]\s+par|[ée]crit\s+par|geschrieben\s+von|authors?|reporters?|writers?|autor(?:a|es)?|"
    r"auteur|"
    r"by|por|par|von|door|di|de|av|af|oleh|texto|text|from)\s*[:\-–—]?\s+",
    re.IGNORECASE,
)
_NOISE = re.compile(
    "|".join(
        (
            # An e-mail address, in angle brackets or not; in parentheses the note's rule below
            # takes it whole.
            r"<?[^\s()<>]+@[^\s()<>]+\.\w+>?",
            r"https?://\S+",
            r"(?<![\w.])@\w{2,30}\b",  # a social-media handle: "Aja Romano @ajaromano"
            r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s*read\b",
            r"\b(?:updated|published|posted|modified|last\s+updated|actualizado|publicado|"
            r"mis\s+à\s+jour)\b.*$",
            r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\w+\.?\s+\d{1,2}.*$",
            # Drupal's default date: "Thu, 03/05/2026 - 16:20".
            r"\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s+\d{1,2}/\d{1,2}/\d{2,4}\s*-\s*\d{1,2}:\d{2}.*$",
            # A weekday closing a name: "By Bryan Walsh Tuesday, Aug. 17". Not Domingo or
            # Sábado, which are names too.
            r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|"
            r"mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|"
            r"freitag|samstag|sonntag|lunes|martes|mi[ée]rcoles|jueves|viernes)\b\s*(?:,.*)?$",
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+"
            r"\d{4}.*$",
            # A day without its year, then a time or nothing: "March 18 at 3:57 PM".
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
            r"(?:st|nd|rd|th)?(?:\s*,|\s+at\b|\s*$).*$",
            r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
            r"[a-z]*\.?\s+\d{4}.*$",
            r"\b\d{4}-\d{2}-\d{2}.*$",
            # "Patricio Candia | Palma de Mallorca | 08/01/2014": the place before the date.
            r"\|[^|]{2,40}\|\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}.*$",
            r"\b\d{1,2}/\d{1,2}/\d{2,4}.*$",
            r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}.*$",  # "am 12.03.2024", "12. 3. 2024"
            # A street address (an <address> holds the newsroom's): "4746 Kelly Drive, ...".
            r"\b\d+[a-z]?\s+(?:[A-Z][\w.'’-]*\s+){1,3}(?:street|st|avenue|ave|road|rd|drive|dr|"
            r"boulevard|blvd|lane|ln|way|place|pl|court|ct|square|sq|suite|ste|floor)\b.*$",
            r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?.*$",
            r"\(\s*[^)]*\)",  # parenthetical nicknames and notes: "Richard (R.J.) Eskow"
            r"\b(?:email|e-mail|follow|twitter|contact|view\s+profile|more\s+from|see\s+all|"
            r"share|tweet|archive)\b.*$",
            r"\b\d+\s*(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago\b.*$",
        )
    ),
    re.IGNORECASE,
)
# The word that led into a date or a time the noise took away, left closing the byline
# (asked only when the noise took something: "Marie Le" is a name).
_DATE_LEAD = re.compile(r"\s+(?:on|at|am|um|le|el|em|il|op|den|\||·|-|–|—)\s*$", re.IGNORECASE)
# A sentence break ends a byline ("By Jane Doe. Photos by John Roe"), but not an initial or a
# title ("William K. Rashbaum", "Dr. Sam O'Neil"): the period must close a lower-case word.
_SENTENCE = re.compile(r"(?<=[a-z]{2})\.\s+(?=[A-Z])")
# Parts that credit something other than the text.
_OTHER_CREDIT = re.compile(
    r"^(?:photos?|photographs?|photography|illustrations?|graphics?|video|images?|additional\s+"
    r"reporting|editing|edited|fact-?checking|translation|translated)\b",
    re.IGNORECASE,
)
# The words that tie a person to the newsroom they write for, as the person's part of a byline
# and an organisation's own part write them: "Jane Doe in partnership with [ProPublica]",
# "Jane Doe via [The Conversation]" (a wire's or a portal's byline for a story it passes on),
# "Jane Doe, special to the Acme Herald".
_TIES = (
    r"(?:of|at|for|from|with|v[ií]a|special\s+to|courtesy\s+of|"
    r"in\s+(?:partnership|collaboration|association)(?:\s+with)?|"
    # "Por Jane Doe para El Faro", "Par Jane Doe pour Le Monde", "Von Jane Doe für die Zeit",
    # "Di Jane Doe per La Stampa" (not "de": "Juan Pérez de León" is one name).
    r"para|pour|f[üu]r|per)"
)
# Words left dangling when an organisation is cut out: "John Roe of [ProPublica]".
_DANGLING = re.compile(r"\s+(?:" + _TIES + r"|de|del|da|du|bei|von)\s*$", re.IGNORECASE)
# The tie in any case ("Jane Doe Of The Acme Herald", a byline in title case), the newsroom
# capitalised.
_OF_ORG = re.compile(
    r"^(.+?)\s+(?i:" + _TIES + r")\s+((?:(?:the|die|der|das|le|la|les|el|los|las|il|lo)\s+)?"
    r"[A-Z].*)$"
)
# A role may come before the tie: "correspondent for the Acme Herald".
_ORG_LEAD = re.compile(
    r"^(?:(?:special\s+)?(?:correspondent|contributor|writer|reporter)\s+)?" + _TIES + r"\s+",
    re.IGNORECASE,
)
# A spaced dash separates too: "Jane Doe - AP Technology Writer" (never "Mary-Kate").
_SPLIT = re.compile(
    r"\s*(,|;|\||/|·|•|\s&\s|(?<=\s)[-–—](?=\s)|\band\b|\bwith\b|\by\b|\bet\b|\bund\b|\be\b|\n)\s*",
    re.I,
)

# Academic and professional degrees written after a name ("Jane Doe, MPH").
_CREDENTIALS = frozenset(
    ["MA", "MS", "MSc", "MD", "PhD", "RN", "MPH", "MBA", "JD", "DDS", "DVM", "PsyD", "EdD", "LCSW"]
)

# Words that make a part a role or a description, not a name.
_ROLE_WORDS = frozenset(
    [
        "reporter",
        "reporters",
        "writer",
        "writers",
        "editor",
        "editors",
        "correspondent",
        "correspondents",
        "columnist",
        "contributor",
        "contributors",
        "contributing",
        "staff",
        "producer",
        "journalist",
        "journalists",
        "senior",
        "chief",
        "special",
        "freelance",
        "freelancer",
        "photographer",
        "photographers",
        "intern",
        "fellow",
        "analyst",
        "critic",
        "bureau",
        "director",
        "professor",
        "lecturer",
        "researcher",
        "candidate",
        "student",
        "associate",
        "assistant",
        "deputy",
        "managing",
        "executive",
        "national",
        "political",
        "health",
        "science",
        "sports",
        "business",
        "politics",
        "investigative",
        "data",
        "digital",
        "video",
        "audio",
        "multimedia",
        "host",
        "anchor",
        "opinion",
        "guest",
        "team",
        "desk",
        "editorial",
        "reportero",
        "redactor",
        "redactora",
        "periodista",
        "corresponsal",
        "journaliste",
        "rédacteur",
        "rédactrice",
        "correspondant",
        "redakteur",
        "redakteurin",
        "autor",
        "autorin",
    ]
)
# Words that make a part an organisation.
_ORG_WORDS = frozenset(
    [
        "news",
        "press",
        "times",
        "today",
        "post",
        "media",
        "newsroom",
        "agency",
        "service",
        "services",
        "reports",
        "network",
        "team",
        "desk",
        "editors",
        "wire",
        "daily",
        "herald",
        "journal",
        "group",
        "grupa",
        "grupo",
        "groupe",
        "gruppe",
        "gruppo",
        "inc",
        "llc",
        "ltd",
        "university",
        "universidad",
        "université",
        "institute",
        "institution",
        "foundation",
        "company",
        "corporation",
        "tribune",
        "gazette",
        "magazine",
        "radio",
        "television",
        "tv",
        "channel",
        "online",
        "staff",
        "associated",
        "conversation",
        "publica",
        "politico",
        "reuters",
        "afp",
        "dpa",
        "bloomberg",
        "insider",
        "monitor",
        "observer",
        "chronicle",
        "examiner",
        "independent",
        "mercury",
        "phoenix",
        "reflector",
        "recorder",
        "current",
        "newsline",
        "dispatch",
        "capital",
        "collective",
        "project",
        "review",
        "weekly",
        "bulletin",
        "courier",
        "sentinel",
        "standard",
        "star",
        "telegraph",
        "guardian",
        "mail",
        "express",
        "report",
        "college",
        "school",
        "hospital",
        "council",
        "research",
        "centre",
        "center",
        "lab",
        "laboratory",
        "academy",
        "society",
        "museum",
        "department",
        "ministry",
        "faculty",
        "polytechnic",
        "universitas",
        "universität",
        "universita",
        "instituto",
        "institut",
        "hochschule",
    ]
)
# Words that end a name and start a masthead: "MARCUS WEBB Gazette Staff Writers".
_MEDIA_WORDS = frozenset(
    [
        "news",
        "press",
        "times",
        "post",
        "media",
        "herald",
        "gazette",
        "journal",
        "tribune",
        "daily",
        "chronicle",
        "courier",
        "sentinel",
        "star",
        "telegraph",
        "guardian",
        "examiner",
        "observer",
        "monitor",
        "record",
        "dispatch",
    ]
)
# Words that end a newsroom's name ("Tech Insider", "Tampa Bay Times").
_MASTHEAD_ENDS = _MEDIA_WORDS | {"insider", "wire", "magazine", "radio", "online", "weekly"}
# Interface words that get caught in byline containers ("Now Playing", "More Richard Eskow").
_UI_WORDS = frozenset(
    [
        "now",
        "playing",
        "more",
        "read",
        "share",
        "follow",
        "subscribe",
        "sign",
        "log",
        "login",
        "menu",
        "home",
        "search",
        "video",
        "watch",
        "listen",
        "live",
        "latest",
        "top",
        "view",
        "all",
        "profile",
        "comments",
        "comment",
        "posts",
        "articles",
        "stories",
        "updated",
        "published",
        "photo",
        "photos",
        "image",
        "getty",
        "images",
        "shutterstock",
        "credit",
        "advertisement",
        "sponsored",
        "click",
        "here",
        "magazin",
        "zeitung",
        "verlag",
        "redaktion",
        "the",
    ]
)
_PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "le",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "du",
        "st.",
        "st",
        "y",
    ]
)
_TITLES = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame|rev|hon)\.?\s+", re.I)
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.\-]*$", re.UNICODE)
# A company's legal form closing a name: "RSW AG", "Acme GmbH", "Grupo Prisa S.A.". The short
# ones are surnames too (Zaldy Co, Sa, Se), so they count only in capitals or with a period.
_LEGAL_FORMS = frozenset(
    ["gmbh", "mbh", "kgaa", "ohg", "plc", "corp", "sarl", "srl", "ltda", "kft", "pte", "bhd"]
)
_SHORT_LEGAL_FORMS = frozenset(
    ["ag", "kg", "se", "co", "sa", "sas", "spa", "sl", "nv", "bv", "oy", "ab", "asa", "lp"]
) | {"pty", "llp"}
#: Words that end a company's name ("Business Insider Inc", "RSW AG"), lower case, no periods.
CORPORATE_ENDS = _LEGAL_FORMS | _SHORT_LEGAL_FORMS | {"inc", "llc", "ltd"}
# A word in capitals without a vowel is an initialism ("RSW", "KFF"), never part of a name;
# "Ng" is a surname, so two letters are not enough to tell.
_INITIALISM = re.compile(r"^[B-DF-HJ-NP-TV-XZ]{3,}$")
_SUFFIX = re.compile(r",?\s+(?:jr|sr|ii|iii|phd|md)\.?$", re.IGNORECASE)
_HYPHENS = re.compile(r"([\-'’])")
_NOT_LETTERS = re.compile(r"[^a-z]+")


def clean_byline(
    text: str, *, strip_names: tuple[str, ...] = (), also_strip: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """Split byline text into (person names, organisation names).

    ``strip_names`` (the registry's, compiled once) and ``also_strip`` (the site's own) are
    organisation names removed from a part before it is read as a name, so "NATALIYA
    VASILYEVA Associated Press" gives the person.
    """
    # Remembered: a page's byline is read several times (to find it, for names, for orgs).
    persons, orgs = _clean_byline(text, strip_names, also_strip)
    return list(persons), list(orgs)


def _newsroom_in_brackets(m: re.Match[str]) -> str:
    inner = m.group(1)
    words = {w.strip(".,'’").casefold() for w in inner.split()}
    if words & _ROLE_WORDS or _INITIALS.match(inner):
        return m.group(0)  # "(Staff)", "(R.J.)": a role or a nickname, which the noise takes
    return ", " + inner


# Brackets closing a byline, and what they hold (an e-mail address stays for the noise rule).
_CLOSING_BRACKETS = re.compile(r"\s*[(\[]\s*([^()\[\]@]{2,60}?)\s*[)\]]$")
_INITIALS = re.compile(r"^(?:[A-Z]\.\s*)+$")


@lru_cache(maxsize=1024)
def _clean_byline(
    text: str, strip_names: tuple[str, ...], also_strip: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ")
    text = squash_spaces(text).strip(" \t\n-–—:|")
    if not text or len(text) > 300:
        return (), ()
    text = _PREFIX.sub("", text, count=1)
    if text[-1:] in ")]":
        # "Jane Doe (Reuters)", "By Jane Doe [The Conversation]": brackets closing the byline
        # hold the newsroom, as a comma would (a nickname's stand inside the name, and an
        # e-mail address's are noise).
        text = _CLOSING_BRACKETS.sub(_newsroom_in_brackets, text)
    # The noise patterns that cut "to the end" must see the text as one line.
    quiet = _NOISE.sub(" ", text)
    if quiet != text:
        # "By Jane Porter on January 2, 2026": the date gone, its preposition goes too.
        quiet = _DATE_LEAD.sub("", squash_spaces(quiet))
    text = squash_spaces(quiet).strip()
    persons: list[str] = []
    orgs: list[str] = []
    text = _SENTENCE.split(text, maxsplit=1)[0] if _SENTENCE.search(text) else text
    pieces = _SPLIT.split(text)  # parts, with the separator before each part between them
    for index in range(0, len(pieces), 2):
        part = _PREFIX.sub("", pieces[index].strip(" .:-–—"), count=1).strip(" .:-–—")
        after = pieces[index - 1] if index and persons else None  # the separator after a name
        # "Brenda Goodman, MA WebMD Health News": a degree after a name opens a description
        # of that person (the line break before the newsroom's name is gone).
        if not part or (after == "," and _opens_with_degree(part)) or _OTHER_CREDIT.match(part):
            continue
        # "Max Rivlin-Nadler / Speak City Heights Reporter": after a name, what follows a
        # slash, a bar or a dash and ends in a role describes that person; not a second name.
        describes = after in ("/", "|", "-", "–", "—")
        whole = part
        part, found = _strip_orgs(part, strip_names)
        if _org_as_surname(whole, part, found):
            part, found = whole, []
        orgs.extend(found)
        if also_strip and part:
            part, found = _strip_orgs(part, also_strip)
            orgs.extend(found)
        part = _DANGLING.sub("", part)
        if not part:
            continue
        name = person_name(part) or (None if describes else _leading_name(part))
        affiliation = None if name else _OF_ORG.match(part)
        if affiliation is not None and person_name(affiliation.group(1)):
            # "John Roe of ProPublica": a person and the organisation they write for.
            name = person_name(affiliation.group(1))
            orgs.append(affiliation.group(2))
        if name is None and _looks_like_org(part):
            # "Tech Insider Alex Perry": a newsroom's name, then the person's.
            name, org = _org_then_name(part)
            if org:
                orgs.append(org)
        if name:
            persons.append(name)
        elif _looks_like_org(part):
            orgs.append(_ORG_LEAD.sub("", part))
    unique: dict[str, str] = {}
    for person in persons:
        unique.setdefault(person.casefold(), person)
    return tuple(unique.values()), tuple(orgs)


def _org_as_surname(whole: str, rest: str, found: list[str]) -> bool:
    """Whether the one-word organisation name stripped from ``whole`` is the surname of the
    person it closes: "Michael Bloomberg", "Michael R. Bloomberg", "Jane Grist" (a given name
    and initials right before it). A newsroom's name after a full name ("Jane Porter
    Bloomberg", the separator lost) stays the newsroom's."""
    if len(found) != 1 or len(found[0].split()) != 1 or not whole.endswith(found[0]):
        return False
    words = rest.split()
    return (
        whole[: -len(found[0])].strip(" ,.-–—|") == rest
        and 1 <= len(words) <= 2
        and all(len(w.strip(".")) == 1 for w in words[1:])
        and person_name(whole) is not None
    )


def _opens_with_degree(part: str) -> bool:
    # Degrees are written in their own case ("MA", "PhD"): "Ma Jian" is a name, and so is
    # "MA JIAN" in a byline set in capitals.
    # "M.D." in capitals is a degree all the same: its periods tell it from a name.
    first = part.split(maxsplit=1)[0]
    return ("." in first or not part.isupper()) and first.replace(".", "") in _CREDENTIALS


def _strip_orgs(part: str, names: tuple[str, ...]) -> tuple[str, list[str]]:
    # A short name in another case ("Ap Auto Writer", a site's title case) counts only where
    # the part is no person's name without it ("Ap Dhillon" is one).
    found: list[str] = []
    openers = _opening_words(names)
    if openers is not None and openers.isdisjoint(_WORD.findall(part.casefold())):
        return part, found  # no name can start in this part: most bylines hold none
    for loose in (False, True):
        pattern = names_pattern(names, loose=loose)
        if pattern is None or (
            loose and (not part or pattern.search(part) is None or person_name(part))
        ):
            break
        while True:
            m = pattern.search(part)
            if m is None:
                break
            found.append(m.group(0))
            part = (part[: m.start()] + " " + part[m.end() :]).strip(" ,.-–—|")
    return squash_spaces(part).strip(), found


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=256)
def _opening_words(names: tuple[str, ...]) -> frozenset[str] | None:
    """The first words of ``names`` (case folded), or None when a name opens with no word."""
    words = set()
    for name in names:
        m = _WORD.match(name.casefold())
        if m is None:
            return None
        words.add(m.group())
    return frozenset(words)


@lru_cache(maxsize=256)
def names_pattern(names: tuple[str, ...], *, loose: bool = False) -> re.Pattern[str] | None:
    """One alternation for the organisation ``names``, longest first, whole words only: in any
    case, but a short one-word name ("AP", "dpa") only as written unless ``loose``."""
    exact = {n for n in names if is_short_name(n) and len(n) >= 2} if not loose else set()
    folded = {n.casefold() for n in names if len(n) >= 2 and n not in exact}
    groups = [
        f"(?i:{'|'.join(re.escape(k) for k in sorted(folded, key=lambda k: (-len(k), k)))})"
        if folded
        else "",
        "|".join(re.escape(k) for k in sorted(exact, key=lambda k: (-len(k), k))),
    ]
    alternation = "|".join(g for g in groups if g)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)") if alternation else None


def _org_then_name(part: str) -> tuple[str | None, str | None]:
    """``(person, organisation)`` when ``part`` is an organisation's name ending in a word of
    newsroom's (Insider, News, Times...) followed by a person's two or three names, else
    (None, None). Words that open an institution's name do not count: "Universitas Nusa Raya"
    and "Center for Public Integrity" name no person."""
    tokens = part.split()
    for size in (2, 3):
        head, tail = tokens[:-size], tokens[-size:]
        if not head or head[-1].strip(".,").casefold() not in _MASTHEAD_ENDS:
            continue
        name = person_name(" ".join(tail))
        if name:
            return name, " ".join(head)
    return None, None


def _looks_like_org(part: str) -> bool:
    words = {w.strip(".,'’").casefold() for w in part.split()}
    if words & _ROLE_WORDS - {"staff"} and not words & (_ORG_WORDS - {"staff", "team", "desk"}):
        return False  # "Staff Writer" is a role, not an organisation
    return bool(words & _ORG_WORDS) or (part.isupper() and len(part) <= 6)


def _leading_name(part: str) -> str | None:
    # "Howard Blume Staff Writer", "Sam Stein Senior Politics Editor": a name, then a role.
    tokens = part.split()
    for end in range(min(4, len(tokens) - 1), 1, -1):
        following = tokens[end].strip(".,'’")
        # A masthead word opens a description only when more follows it ("Gazette Staff
        # Writers"): at the end it closes a paper's name ("Tampa Bay Times").
        if following.casefold() in _ROLE_WORDS or (
            following[:1].isupper()
            and following.casefold() in _MEDIA_WORDS
            and end < len(tokens) - 1
        ):
            name = person_name(" ".join(tokens[:end]))
            if name:
                return name
    return None


# A nickname in quotes between the given name and the surname: Amanda "Tania Mae" Tan.
_NICKNAME = re.compile(r"\s(?:\"[^\"“”]{1,30}\"|“[^\"“”]{1,30}”|'[^'‘’]{1,30}'|‘[^'‘’]{1,30}’)\s")


def person_name(part: str) -> str | None:
    """``part`` as a clean person name, or None when it is not one."""
    part = _TITLES.sub("", squash_spaces(part).strip()).strip(" ,")
    # The closing period goes, after it has told whether the last word is a legal form.
    dotted = part.endswith(".") and not part.endswith("..")
    part = part.strip(" ,.")
    nickname = _NICKNAME.search(part)
    if nickname is not None:
        # Read the name without it; the nickname is kept as written when both are names.
        quoted = nickname.group().strip()
        inner = quoted[1:-1].split()
        name = person_name(part[: nickname.start()] + " " + part[nickname.end() :])
        before = len(part[: nickname.start()].split())
        if (
            name is None
            or not all(t[:1].isupper() for t in inner)
            or ({t.casefold() for t in inner} - {"the"}) & (_ROLE_WORDS | _ORG_WORDS | _UI_WORDS)
            or not 0 < before < len(name.split())
        ):
            return None
        if quoted.isupper():
            quoted = quoted[0] + " ".join(_title_token(t) for t in inner) + quoted[-1]
        tokens = name.split()
        return " ".join([*tokens[:before], quoted, *tokens[before:]])
    part = _SUFFIX.sub("", part)
    tokens = part.split()
    if not 2 <= len(tokens) <= 5:
        return None
    words = {t.strip(".,'’").casefold() for t in tokens}
    if words & _ROLE_WORDS or words & _ORG_WORDS or words & _UI_WORDS:
        return None
    if _legal_form(tokens[-1] + "." * dotted) or any(_INITIALISM.match(t) for t in tokens):
        return None
    for i, tok in enumerate(tokens):
        if not _NAME_TOKEN.match(tok):
            return None
        if tok.casefold() in _PARTICLES and 0 < i < len(tokens) - 1:
            continue
        if not tok[0].isupper():
            return None
    if all(len(t.strip(".")) <= 1 for t in tokens):
        return None
    if part.isupper() or part.islower():
        part = " ".join(_title_token(t) for t in tokens)
    return part


def _legal_form(token: str) -> bool:
    bare = token.replace(".", "").casefold()
    return bare in _LEGAL_FORMS or (
        bare in _SHORT_LEGAL_FORMS and ("." in token or token.isupper())
    )


def _title_token(token: str) -> str:
    if token.casefold() in _PARTICLES:
        return token.casefold()
    out = []
    for piece in _HYPHENS.split(token):
        out.append(piece[:1].upper() + piece[1:].lower() if piece not in "-'’" else piece)
    return "".join(out)


def same_person(a: str, b: str) -> bool:
    """True when two renderings name the same person (case and accents folded)."""
    return person_key(a) == person_key(b)


def distinct_persons(names: Iterable[str], known: Iterable[str] = ()) -> list[str]:
    """``names`` in order without those naming a person named before them or in ``known``
    (:func:`same_person`), by key: a page listing a thousand people costs a thousand
    lookups, not a million comparisons."""
    seen = {person_key(k) for k in known}
    out: list[str] = []
    for name in names:
        key = person_key(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def person_key(name: str) -> str:
    """The key two renderings of one person share: letters only, case and accents folded."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return _NOT_LETTERS.sub("", folded)
