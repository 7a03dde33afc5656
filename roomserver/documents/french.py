"""French wording for the printed documents: dates, times, plurals, typography, names.

Nothing here depends on the machine's locale: day and month names are spelt out, so a
server installed in English still prints "lundi 30 novembre 2026". Timestamps (epoch
seconds in the journal) are shown in the server's local time, ``datetime.fromtimestamp``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from roomserver.core.french import NBSP, plural, typo  # noqa: F401  (re-exported for the documents)
from roomserver.core.identity import normalise_name, plain_letters

DASH = "–"  # an empty cell, a range

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")

def long_date(day: dt.date) -> str:
    """'lundi 30 novembre 2026', 'mardi 1er décembre 2026'."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def parse_iso_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


def session_date(details: dict) -> str:
    """The session's date in words, or what was written when it is not a date."""
    day = parse_iso_date(details.get("date"))
    if day is not None:
        return long_date(day)
    return details.get("date") or "date non renseignée"


def clock(hours: int, minutes: int) -> str:
    """'09 h 00' (non-breaking spaces so a time never splits over two lines)."""
    return f"{hours:02d}{NBSP}h{NBSP}{minutes:02d}"


def parse_clock(text: str | None) -> tuple[int, int] | None:
    """'09:00' -> (9, 0); None when it is not a time of day."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH]\s*(\d{2})\s*", text or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return int(match[1]), int(match[2])


def clock_text(text: str | None) -> str:
    """'09:00' -> '09 h 00'; anything else as written (or a dash)."""
    parsed = parse_clock(text)
    return clock(*parsed) if parsed else (text or DASH)


def duration(seconds: int) -> str:
    """'1 h 45', '2 h', '35 min' (rounded down to the minute)."""
    hours, minutes = divmod(int(seconds) // 60, 60)
    if hours and minutes:
        return f"{hours}{NBSP}h{NBSP}{minutes:02d}"
    if hours:
        return f"{hours}{NBSP}h"
    return f"{minutes}{NBSP}min"


def local(ts: float) -> dt.datetime:
    """A journal timestamp in the server's local time."""
    return dt.datetime.fromtimestamp(ts)


def at_time(ts: float | None) -> str:
    """'10 h 42' in the server's local time."""
    if ts is None:
        return DASH
    moment = local(ts)
    return clock(moment.hour, moment.minute)


def at_datetime(moment: dt.datetime) -> str:
    """'lundi 30 novembre 2026 à 17 h 56'."""
    return f"{long_date(moment.date())} à {clock(moment.hour, moment.minute)}"


def birthdate(iso: str) -> str:
    """'2011-03-14' -> '14/03/2011' (as written when it is not a date)."""
    day = parse_iso_date(iso)
    return day.strftime("%d/%m/%Y") if day else (iso or DASH)


def percent(value: float) -> str:
    """'33 %', '72,5 %' (decimal comma)."""
    number = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number}{NBSP}%"


def extra_time(pct: int) -> str:
    """'33 %' or empty when the candidate has no extra time."""
    return percent(pct) if pct else ""


def sort_key(last_name: str, first_name: str) -> tuple:
    """French order: last name then first name, accents, case and punctuation ignored first."""
    return (normalise_name(last_name), normalise_name(first_name),
            plain_letters(last_name).casefold(), plain_letters(first_name).casefold(), last_name, first_name)


def sorted_candidates(candidates) -> list:
    """Candidates (anything with first_name, last_name, birthdate, id) in French order."""
    return sorted(candidates, key=lambda c: (*sort_key(c.last_name, c.first_name), c.birthdate, c.id))


def full_name(candidate) -> str:
    """'Élodie Martin' (first name then birth name, as enrolled)."""
    return f"{candidate.first_name} {candidate.last_name}"


def _is_france(country: str) -> bool:
    return normalise_name(country) in ("", "FRANCE", "FR", "FRA")


def birthplace(details: dict) -> str:
    """'Lyon (69003)', 'Lyon (INSEE 69123)', 'Dakar, Sénégal', or empty when unknown."""
    city = (details.get("birth_city") or "").strip()
    code = (details.get("birth_postal_code") or "").strip()
    insee = (details.get("birth_insee_code") or "").strip()
    country = (details.get("birth_country") or "").strip()
    place = city
    if code:
        place = f"{place} ({code})" if place else code
    elif insee:
        place = f"{place} (INSEE{NBSP}{insee})" if place else f"INSEE{NBSP}{insee}"
    if not _is_france(country):
        place = f"{place}, {country}" if place else country
    return place


def invigilator_name(state, by: str | None) -> str:
    """The name an invigilator gave at login ('s1' -> 'Mme Martin'), else what was recorded."""
    if not by:
        return DASH
    return state.invigilators.get(by) or by


def invigilator_names(state) -> list[str]:
    """The invigilators planned for the session, else those who logged in."""
    planned = state.details.get("invigilators") or []
    if isinstance(planned, str):
        planned = [name.strip() for name in re.split(r"[,;\n]", planned)]
    names = [name for name in planned if name]
    if not names:
        names = [name for name in state.invigilators.values() if name]
    return list(dict.fromkeys(names))


def room_line(details: dict) -> str:
    """'Collège Jean Moulin, salle B12'."""
    site = details.get("site") or "site non renseigné"
    room = details.get("room") or "non renseignée"
    return f"{site}, salle {room}"
