"""Properties: any valid candidate written to CSV (either encoding, either separator) parses back equal."""

from __future__ import annotations

import csv
import datetime as dt
import io

from enrolkit import TODAY
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from roomserver.core.identity import normalise_name
from roomserver.enrolment import FIELDS, header_titles, parse_candidate_file, validate_candidate
from roomserver.enrolment.tables import header_key

PROPERTY = settings(database=None, deadline=None, max_examples=50, suppress_health_check=[HealthCheck.too_slow])
CP1252_LETTERS = "abcdeéèêëàâäîïôöùûüçñœæßøABCÉÈÀÇÖÜŒÆØ"
OTHER_LETTERS = "łşğıđễạŁŞĐỄ"  # outside Windows-1252: only in UTF-8 files
PUNCTUATION = "  -'’;,\"."
DIGITS = "0123456789"
LOWER = "abcdefghijklmnopqrstuvwxyz"


def names(letters):
    """Trimmed, collapsed names with at least one Latin letter (never empty once normalised)."""
    return st.builds(lambda first, rest: " ".join((first + rest).split()),
                     st.sampled_from("abcdeABCDE"), st.text(alphabet=letters + PUNCTUATION, max_size=30))


def codes(size, alphabet=DIGITS):
    return st.text(alphabet=alphabet, min_size=size, max_size=size)


@st.composite
def candidates(draw, letters=CP1252_LETTERS + OTHER_LETTERS):
    details = {}
    for key, strategy in (("sex", st.sampled_from(["M", "F"])), ("birth_city", names(letters)),
                          ("birth_postal_code", codes(5)),
                          ("birth_insee_code", codes(5) | st.builds(lambda a, b: a + b, st.sampled_from(["2A", "2B"]), codes(3))),
                          ("birth_country", names(letters)),
                          ("email", st.builds("{}@{}.{}".format, codes(4, LOWER + DIGITS + "._+-").map(lambda x: "a" + x.replace(".", "")),
                                              codes(6, LOWER + "-"), codes(2, LOWER))),
                          ("external_id", st.text(alphabet=LOWER + DIGITS + "_-", min_size=1, max_size=20))):
        if draw(st.booleans()):
            details[key] = draw(strategy)
    birthdate = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    return {"last_name": draw(names(letters)), "first_name": draw(names(letters)), "birthdate": birthdate.isoformat(),
            "extra_time_pct": draw(st.integers(0, 200)), "details": details}


@st.composite
def files(draw):
    """(candidates, encoding): Windows-1252 files hold only the letters it can write."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    letters = CP1252_LETTERS if encoding == "cp1252" else CP1252_LETTERS + OTHER_LETTERS
    return draw(st.lists(candidates(letters), min_size=1, max_size=6)), encoding


def cells(candidate, iso_dates, pct_style):
    day = dt.date.fromisoformat(candidate["birthdate"])
    pct = candidate["extra_time_pct"]
    shown_pct = {"plain": str(pct), "percent": f"{pct}%", "spaced": f"{pct} %", "blank": "" if pct == 0 else str(pct)}
    values = {"last_name": candidate["last_name"], "first_name": candidate["first_name"],
              "birthdate": day.isoformat() if iso_dates else day.strftime("%d/%m/") + f"{day.year:04d}",
              "extra_time_pct": shown_pct[pct_style], **candidate["details"]}
    return [values.get(f.name, "") for f in FIELDS]


@PROPERTY
@given(files(), st.sampled_from([";", ","]), st.booleans(), st.sampled_from(["plain", "percent", "spaced", "blank"]))
def test_any_valid_row_written_to_csv_parses_back_equal(file, sep, iso_dates, pct_style):
    rows, encoding = file
    keys = [(normalise_name(r["last_name"]), normalise_name(r["first_name"]), r["birthdate"]) for r in rows]
    ids = [r["details"]["external_id"] for r in rows if "external_id" in r["details"]]
    assume(len(set(keys)) == len(keys) and len(set(ids)) == len(ids))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header_titles())
    for row in rows:
        writer.writerow(cells(row, iso_dates, pct_style))
    result = parse_candidate_file(out.getvalue().encode(encoding), "l.csv", today=TODAY)
    assert result.errors == []
    assert [{k: v for k, v in r.items() if k != "line"} for r in result.rows] == rows
    assert result.delimiter == sep


@PROPERTY
@given(candidates())
def test_a_clean_candidate_validates_to_itself(candidate):
    clean, errors = validate_candidate(candidate, today=TODAY)
    assert errors == [] and clean == candidate


@PROPERTY
@given(st.sampled_from([t for f in FIELDS for t in (f.label, *f.aliases)]),
       st.sampled_from(["", "* ", "*", "  "]), st.sampled_from(["", " *", " (format\u00a0: JJ/MM/AAAA)", " [en %]", " ?"]),
       st.sampled_from([str, str.upper, str.lower, str.title]))
def test_header_variants_map_to_the_same_column(title, before, after, case):
    assert header_key(case(before + title + after)) == header_key(title)
