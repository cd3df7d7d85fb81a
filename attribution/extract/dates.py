"""Publication dates as pages write them, read into ISO 8601.

Pages give dates in ISO 8601 mostly, but also in e-mail and ctime styles, and written out in
their own language ("Saturday, December 27, 2014, 12:06 PM", "jueves, 09 enero 2014 10:21",
"3 mars 2021 à 15h30"). A date that cannot be read is None, never a guess.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_tz

_NUMERIC_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
_DATE_FORMATS = ("%a, %d %b %Y %H:%M:%S %z", "%Y/%m/%d")
_TWELVE_HOURS = re.compile(r"\d\s*[ap]\.?m\b", re.IGNORECASE)
# Only an offset or UTC/GMT names the zone: parsedate_tz reads an unknown one ("AEDT") as UTC,
# and "EST" is Australian Eastern time on Australian sites (the Herald Sun's), US Eastern on
# American ones. The local time then stays, without a zone.
_ZONE_NAMED = re.compile(r"\b(?:UTC?|GMT|Z)\b|[+-]\d{4}\b")

_MONTH_NAMES = {
    1: "january janvier januar jänner enero janeiro gennaio januari",
    2: "february février fevrier februar febrero fevereiro febbraio februari",
    3: "march mars märz maerz marzo março marco maart",
    4: "april avril abril aprile",
    5: "may mai mayo maio maggio mei",
    6: "june juin juni junio junho giugno",
    7: "july juillet juil juli julio julho luglio",
    8: "august août aout agosto augustus",
    9: "september septembre septiembre setiembre setembro settembre",
    10: "october octobre oktober octubre outubro ottobre",
    11: "november novembre noviembre novembro",
    12: "december décembre decembre dezember diciembre dezembro dicembre",
}
_MONTHS = {name: n for n, names in _MONTH_NAMES.items() for name in names.split()}
# Abbreviations by their first three letters, which no two months share in these languages
# but for French "juin" and "juillet" (those are read whole).
_MONTH_PREFIXES = {name[:3]: n for name, n in _MONTHS.items() if name[:3] != "jui"}

_WRITTEN_DATE = re.compile(
    r"""^(?:[^\W\d]+\.?,?\s+)?                           # a weekday
    (?:(?P<d1>\d{1,2})(?:\.|º|er|st|nd|rd|th)?\s+(?:de\s+)?(?P<m1>[^\W\d]+)\.?,?\s+(?:de\s+)?(?P<y1>\d{4})
      |(?P<m2>[^\W\d]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))
    (?:,?\s+(?:at\s+|à\s+|um\s+|a\s+las\s+|às\s+|alle\s+|om\s+|-\s+)?
       (?P<h>\d{1,2})[:h.](?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[ap]\.?m\b\.?)?)?""",
    re.IGNORECASE | re.VERBOSE,
)


def to_iso8601(value: str | None) -> str | None:
    """Normalise a date string to ISO 8601 (date, or date-time with offset); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    parsed = _read(value)
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is None and (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
        return parsed.date().isoformat()
    # The publisher's own offset is kept: converting to UTC can move the local date.
    return parsed.isoformat()


def _read(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    m = _NUMERIC_DATE.match(value)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            if m.group(4):
                return datetime(y, mo, d, int(m.group(4)), int(m.group(5)))
            return datetime(y, mo, d)
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return _e_mail_style(value) or _written_out(value)


def _e_mail_style(value: str) -> datetime | None:
    # E-mail and ctime styles with a zone's abbreviation ("Mon, Jan 7 2019 15:37:00 EST",
    # "Fri Mar 13 21:30:09 EST 2015"), which strptime cannot read. The e-mail parser ignores
    # "PM": a 12-hour clock is left to _written_out.
    if _TWELVE_HOURS.search(value) or not (fields := parsedate_tz(value)):
        return None
    try:
        parsed = datetime(*fields[:6])
    except ValueError:
        return None
    if fields[9] is not None and _ZONE_NAMED.search(value):
        parsed = parsed.replace(tzinfo=timezone(timedelta(seconds=fields[9])))
    return parsed


def _written_out(value: str) -> datetime | None:
    m = _WRITTEN_DATE.match(value)
    if not m:
        return None
    day, name, year = m.group("d1", "m1", "y1") if m.group("d1") else m.group("d2", "m2", "y2")
    name = name.lower()
    month = _MONTHS.get(name)
    if month is None:
        # An abbreviation ("sept", "févr") is the start of its month's name: "Mark" is none.
        month = _MONTH_PREFIXES.get(name[:3])
        if month is None or not any(full.startswith(name) for full in _MONTH_NAMES[month].split()):
            return None
    hour = minute = second = 0
    if m.group("h"):
        hour, minute, second = int(m.group("h")), int(m.group("mi")), int(m.group("s") or 0)
        if m.group("ap"):
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
    try:
        return datetime(int(year), month, int(day), hour, minute, second)
    except ValueError:
        return None
