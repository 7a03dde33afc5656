"""The candidate list import: a CSV, ODS or XLSX file -> clean candidates, or every error.

All or nothing: the caller enrols the rows only when ``errors`` is empty (and after
``duplicates_against`` found nothing either); otherwise it shows every error and enrols no one,
so a corrected file can be imported again from scratch. See docs/candidate-import.md.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..core.identity import identity_key
from .fields import FIELDS, FIELDS_BY_NAME, NBSP, Field, french_date, quoted, validate_candidate
from .tables import Table, TableError, column_letter, describe_columns, header_key, is_blank_cell, read_table

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# Columns of the platform's attendance sheet that have no field here, with the reason given.
_NOT_KEPT = {
    "code du departement de naissance": "le code postal ou le code INSEE de la commune de naissance la remplace",
    "departement de naissance": "le code postal ou le code INSEE de la commune de naissance la remplace",
}


@dataclass
class ImportResult:
    """``rows``: clean candidates (validate_candidate's shape plus ``line``), in file order.

    ``errors``: ``{"line": int | None, "column": str | None, "message": str}``, the message a
    whole French sentence naming the line (and column) as the spreadsheet shows them;
    ``line`` is None for an error about the whole file. Import nothing unless it is empty.
    """

    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    format: str | None = None      # "csv", "ods" or "xlsx" once the file could be read
    encoding: str | None = None    # CSV only
    delimiter: str | None = None   # CSV only

    @property
    def ok(self) -> bool:
        return not self.errors


def error(line: int | None, column: str | None, text: str) -> dict:
    """One import error; the message starts with 'Ligne n, colonne « x » :' when known."""
    if line is not None and column is not None:
        prefix = f"Ligne {line}, colonne {quoted(column)}{NBSP}: "
    elif line is not None:
        prefix = f"Ligne {line}{NBSP}: "
    else:
        prefix = ""
    message = prefix + text if prefix else text[:1].upper() + text[1:]
    return {"line": line, "column": column, "message": message}


def _column_index() -> dict[str, Field]:
    index = {}
    for f in FIELDS:
        for title in (f.label, *f.aliases):
            index[header_key(title)] = f
    return index


COLUMN_INDEX = _column_index()


def map_header(header: list[Any], line: int, index: dict[str, Field] | None = None,
               required: Iterable[str] | None = None, expected: str | None = None
               ) -> tuple[dict[int, Field], list[dict]]:
    """Which field each column holds; errors for unknown, repeated and missing columns."""
    index = COLUMN_INDEX if index is None else index
    required = [f.name for f in FIELDS if f.required] if required is None else list(required)
    columns: dict[int, Field] = {}
    seen: dict[str, list[int]] = {}
    unknown, errors = [], []
    for i, cell in enumerate(header):
        if is_blank_cell(cell):
            continue
        found = index.get(header_key(cell))
        if found is None:
            unknown.append(i)
            continue
        columns[i] = found
        seen.setdefault(found.name, []).append(i)
    titles = {i: " ".join(str(header[i]).split()) for i in unknown}
    for i in unknown:
        reason = _NOT_KEPT.get(header_key(header[i]))
        if reason:
            errors.append(error(line, titles[i], f"cette colonne n'est pas reprise ici, car {reason}. Supprimez-la."))
    unknown = [i for i in unknown if header_key(header[i]) not in _NOT_KEPT]
    if len(unknown) == 1:
        text = (f"la colonne {quoted(titles[unknown[0]])} (colonne {column_letter(unknown[0])}) n'est pas "
                "reconnue. Corrigez son titre ou supprimez-la.")
    elif unknown:
        text = (f"les colonnes {describe_columns([titles[i] for i in unknown])} (colonnes "
                f"{', '.join(column_letter(i) for i in unknown)}) ne sont pas reconnues. "
                "Corrigez leur titre ou supprimez-les.")
    if unknown:
        errors.append(error(line, None, f"{text} {expected or expected_columns()}"))
    for name, where in seen.items():
        if len(where) > 1:
            errors.append(error(line, FIELDS_BY_NAME[name].label, "cette colonne apparaît plusieurs fois "
                                f"(colonnes {', '.join(column_letter(i) for i in where)})."))
    labels = [FIELDS_BY_NAME[n].label for n in required if n not in seen]
    if len(labels) == 1:
        errors.append(error(line, None, f"il manque la colonne obligatoire {describe_columns(labels)}."))
    elif labels:
        errors.append(error(line, None, f"il manque les colonnes obligatoires {describe_columns(labels)}."))
    return columns, errors


def expected_columns() -> str:
    """The French sentence listing the columns a candidate file may have."""
    mandatory = ", ".join(f.label for f in FIELDS if f.required)
    optional = ", ".join(f.label for f in FIELDS if not f.required)
    return f"Colonnes attendues{NBSP}: {mandatory}{NBSP}; facultatives{NBSP}: {optional}."


def cell_for(f: Field, cell: Any) -> Any:
    """A spreadsheet cell as validate_candidate expects it (CSV cells are text already)."""
    if cell is None or isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "VRAI" if cell else "FAUX"
    if isinstance(cell, (dt.date, dt.datetime)):
        if f.name == "birthdate":
            return cell
        return french_date(cell.date() if isinstance(cell, dt.datetime) else cell)
    if isinstance(cell, (int, float)) and math.isfinite(cell):
        if f.name == "extra_time_pct" and 0 < cell <= 2:
            # a cell formatted as a percentage holds 33 % as 0.33 and 100 % as 1: no real
            # extra time is 1 or 2 %, so a number up to 2 is read as that fraction
            return round(cell * 100)
        if float(cell).is_integer():
            text = str(int(cell))
            if f.name in ("birth_postal_code", "birth_insee_code") and len(text) < 5:
                text = text.zfill(5)  # a number cell lost the leading zero of 01000
            return int(cell) if f.name == "extra_time_pct" else text
        return str(cell).replace(".", ",")
    return str(cell)


def parse_candidate_file(data: bytes, media_type_or_filename: str = "", *,
                         today: dt.date | None = None) -> ImportResult:
    """Read a candidate list (CSV, ODS or XLSX) into clean rows and every error, in line order."""
    try:
        table = read_table(data, media_type_or_filename, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except TableError as problem:
        return ImportResult(errors=[error(None, None, str(problem))])
    result = ImportResult(format=table.format, encoding=table.encoding, delimiter=table.delimiter)
    if not table.header_line:
        result.errors.append(error(None, None, "Le fichier est vide."))
        return result
    columns, header_errors = map_header(table.header, table.header_line)
    if header_errors:
        result.errors = header_errors
        return result
    if not table.rows:
        result.errors.append(error(None, None, "Le fichier ne contient aucun candidat sous la ligne de titres."))
        return result
    _read_rows(table, columns, result, today or dt.date.today())
    result.errors += _duplicates_within(result.rows)
    result.errors.sort(key=lambda e: e["line"] or 0)  # stable: a line's errors keep column order
    if result.errors:
        result.rows = []
    return result


def _read_rows(table: Table, columns: dict[int, Field], result: ImportResult, today: dt.date) -> None:
    for line, cells in table.rows:
        stray = [i for i, c in enumerate(cells) if i not in columns and not is_blank_cell(c)]
        if stray:
            result.errors.append(error(line, None, (
                f"une valeur se trouve en colonne {column_letter(stray[0])}, qui n'a pas de titre. "
                "Vérifiez les séparateurs de cette ligne, ou donnez un titre à la colonne.")))
            continue
        raw = {f.name: cell_for(f, cells[i] if i < len(cells) else None) for i, f in columns.items()}
        clean, problems = validate_candidate(raw, today=today)
        for p in problems:
            result.errors.append(error(line, p.label, p.message))
        if clean is not None:
            result.rows.append({**clean, "line": line})


def _who(row: dict) -> str:
    return f"{row['first_name']} {row['last_name']}, {french_date(dt.date.fromisoformat(row['birthdate']))}"


def row_key(row: dict) -> tuple[str, str, str]:
    """The identity key of a clean row (the one enrol_candidate refuses twice)."""
    return identity_key(row["first_name"], row["last_name"], row["birthdate"])


def _duplicates_within(rows: list[dict]) -> list[dict]:
    errors, first_by_key, first_by_id = [], {}, {}
    for row in rows:
        key = row_key(row)
        if key in first_by_key:
            errors.append(error(row["line"], None, (
                f"même nom, même prénom et même date de naissance que la ligne {first_by_key[key]} "
                f"({_who(row)}).")))
        else:
            first_by_key[key] = row["line"]
        external_id = row["details"].get("external_id")
        if external_id is not None:
            if external_id in first_by_id:
                errors.append(error(row["line"], FIELDS_BY_NAME["external_id"].label, (
                    f"l'identifiant {quoted(external_id)} est déjà celui de la ligne {first_by_id[external_id]}.")))
            else:
                first_by_id[external_id] = row["line"]
    return errors


def duplicates_against(rows: list[dict], existing_keys: Iterable[tuple[str, str, str]],
                       existing_external_ids: Iterable[str] = ()) -> list[dict]:
    """Errors for the rows already enrolled in the session (same identity key or external id)."""
    keys, ids = set(existing_keys), set(existing_external_ids)
    errors = []
    for row in rows:
        if row_key(row) in keys:
            errors.append(error(row.get("line"), None, (
                "un candidat avec ce nom, ce prénom et cette date de naissance est déjà inscrit "
                f"dans cette session ({_who(row)}).")))
        external_id = row.get("details", {}).get("external_id")
        if external_id is not None and external_id in ids:
            errors.append(error(row.get("line"), FIELDS_BY_NAME["external_id"].label, (
                f"l'identifiant {quoted(external_id)} est déjà celui d'un candidat inscrit dans cette session.")))
    return errors
