"""Bytes to rows of cells: CSV (encoding and separator detected), ODS and XLSX (first sheet).

Shared by the candidate import and the profile import. Line numbers are those a spreadsheet
shows: the first row is line 1, blank rows count but are dropped. No I/O beyond the bytes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ..core.identity import plain_letters
from .fields import NBSP, quoted

ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UNPACKED = 64 * 1024 * 1024  # a 2 MB zip that unpacks to more is not a candidate list
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
DELIMITERS = (";", "\t", ",")  # ties go to the first: ';' is the French spreadsheets' separator


class TableError(Exception):
    """The file as a whole cannot be read; the text is a French sentence."""


@dataclass
class Table:
    """The header row and the non-blank data rows, each with its line number."""

    format: str                      # "csv", "ods" or "xlsx"
    header_line: int = 0
    header: list[Any] = field(default_factory=list)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    encoding: str | None = None      # CSV only: "utf-8", "utf-8-sig", "utf-16" or "cp1252"
    delimiter: str | None = None     # CSV only


def thousands(n: int) -> str:
    """1 000, with the narrow non-breaking space French typography wants."""
    return f"{n:,}".replace(",", "\u202f")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column names a spreadsheet shows."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_blank_cell(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def header_key(cell: Any) -> str:
    """'* Date de naissance (format : JJ/MM/AAAA)' -> 'date de naissance'.

    Case, accents, extra spaces, punctuation, a '*' mandatory marker and any bracketed hint
    are ignored; 'E-mail', 'e mail' and 'email' are the same word.
    """
    text = str(cell) if cell is not None else ""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    key = " ".join(re.findall(r"[a-z0-9]+", plain_letters(text).lower()))
    return re.sub(r"\be mail\b", "email", key)


def read_table(data: bytes, media_type_or_filename: str, *, max_bytes: int, max_rows: int,
               what: str = "candidat") -> Table:
    """Read the first sheet (or the CSV text) into a Table; raise TableError otherwise."""
    if len(data) > max_bytes:
        raise TableError(f"Le fichier pèse {_size(len(data))}{NBSP}: {_size(max_bytes)} au plus. "
                         "Découpez-le en plusieurs fichiers.")
    if not data.strip():
        raise TableError("Le fichier est vide.")
    hint = (media_type_or_filename or "").strip().lower()
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        grid = _spreadsheet_grid(data)
        table = Table(kind)
    elif data.startswith(_OLE):
        raise TableError("Ce classeur est à l'ancien format Excel (.xls)\u00a0: enregistrez-le au format "
                         ".xlsx, .ods ou .csv, puis importez-le de nouveau.")
    elif hint.endswith((".ods", ".xlsx", ".xls")) or hint in (ODS_TYPE, XLSX_TYPE):
        raise TableError("Ce fichier n'est pas un classeur .ods ou .xlsx lisible.")
    else:
        text, encoding = _decode(data)
        delimiter = _delimiter(text)
        table = Table("csv", encoding=encoding, delimiter=delimiter)
        grid = _csv_grid(text, delimiter)
    _fill(table, grid, max_rows, what)
    return table


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + f"{NBSP}Mo"


def _zip_kind(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
        mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        raise TableError("Ce classeur est abîmé ou incomplet et ne peut pas être lu.") from None
    if unpacked > MAX_UNPACKED:
        raise TableError("Ce classeur est beaucoup trop volumineux une fois décompressé pour une liste de candidats.")
    if mimetype == ODS_TYPE.encode():
        return "ods"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise TableError("Ce fichier n'est pas un classeur .ods ou .xlsx (ni un fichier .csv).")


def _spreadsheet_grid(data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise TableError("Ce classeur ne contient aucune feuille.")
        # skip_empty_area=False: row i of the grid is line i + 1 of the sheet, as the user sees it
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except TableError:
        raise
    except Exception:  # calamine raises its own errors, and sometimes plain ones, on a broken file
        raise TableError("Ce classeur est abîmé ou incomplet et ne peut pas être lu.") from None


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = [("utf-16", "utf-16")]
    elif data.startswith(codecs.BOM_UTF8):
        attempts = [("utf-8-sig", "utf-8-sig")]
    else:
        attempts = [("utf-8", "utf-8"), ("cp1252", "cp1252")]  # UTF-8 is strict: cp1252 accents break it
    for codec, name in attempts:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, name
    raise TableError("Ce fichier n'est pas un fichier texte CSV lisible (ni UTF-8, ni Windows-1252) "
                     "ni un classeur .ods ou .xlsx. Dans le tableur, choisissez « Enregistrer sous » puis "
                     "le format CSV UTF-8.".replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»"))


def _delimiter(text: str) -> str:
    """The separator most used on the first non-blank line, outside quotes."""
    for line in text.splitlines():
        if line.strip():
            counts = dict.fromkeys(DELIMITERS, 0)
            inside = False
            for ch in line:
                if ch == '"':
                    inside = not inside
                elif not inside and ch in counts:
                    counts[ch] += 1
            return max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equals
    return ";"


def _csv_grid(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: list[list[str]] = []
    try:
        for row in reader:
            grid.append(row)
    except csv.Error:
        raise TableError(f"Ligne {len(grid) + 1}{NBSP}: cette ligne du CSV est mal formée "
                         "(guillemet non fermé ou valeur trop longue).") from None
    return grid


def _fill(table: Table, grid: list[list[Any]], max_rows: int, what: str) -> None:
    for number, cells in enumerate(grid, start=1):
        if all(is_blank_cell(c) for c in cells):
            continue
        if not table.header_line:
            table.header_line, table.header = number, list(cells)
        else:
            table.rows.append((number, list(cells)))
    if len(table.rows) > max_rows:
        raise TableError(f"Le fichier contient {thousands(len(table.rows))} lignes de {what}s{NBSP}: "
                         f"{thousands(max_rows)} au plus par fichier. Découpez-le en plusieurs fichiers.")


def describe_columns(labels: list[str]) -> str:
    """«\u00a0A\u00a0», «\u00a0B\u00a0» et «\u00a0C\u00a0»."""
    shown = [quoted(label) for label in labels]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " et " + shown[-1]
