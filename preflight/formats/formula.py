"""Spreadsheet cells shared by the ODS and XLSX writers, and formulas translated to OpenFormula.

Callers write formulas once, in the usual spreadsheet syntax (``"=SUM(D2:D5)"``); XLSX
stores that syntax as is, ODS wants OpenFormula (``"of:=SUM([.D2:.D5])"``), which no
installed library translates, hence ``odf_formula``.
"""

from __future__ import annotations

import re

Cell = str | int | float | None

_REF = r"\$?[A-Z]{1,3}\$?[0-9]+"
_TOKEN = re.compile(
    r'(?P<string>"[^"]*")'
    r"|(?<![\w.$])(?P<ref>(?:(?P<sheet>'[^']+'|[A-Za-z_][\w]*)!)?(?P<a>" + _REF + r")(?::(?P<b>" + _REF + r"))?)(?![\w(])"
    r"|(?P<comma>,)"
    r"|(?P<other>.)",
    re.DOTALL,
)


def odf_formula(formula: str) -> str:
    """Translate a spreadsheet formula ("=B2*C2", "=SUM(D2:D5)") into OpenFormula ("of:=[.B2]*[.C2]").

    Cell references, ranges and ``Sheet!A1`` references are bracketed, commas become the
    OpenFormula argument separator ``;``; text inside double quotes is left untouched.
    """
    if not formula.startswith("="):
        raise ValueError(f"a formula starts with '=': {formula!r}")
    out = []
    for match in _TOKEN.finditer(formula[1:]):
        if match.group("ref"):
            sheet = match.group("sheet")
            prefix = "$" + sheet if sheet else ""
            ref = f"{prefix}.{match.group('a')}"
            if match.group("b"):
                ref += f":.{match.group('b')}"
            out.append(f"[{ref}]")
        elif match.group("comma"):
            out.append(";")
        else:
            out.append(match.group(0))
    return "of:=" + "".join(out)


def number_text(value: int | float) -> str:
    """Return the shortest exact text of a number: ``12`` for 12.0, ``12.5`` for 12.5."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def check_cell(value: Cell) -> None:
    """Refuse what a cell cannot hold unambiguously (a boolean would silently become 1 or TRUE)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
        raise TypeError(f"a cell is text, a number, None or a formula, not {value!r}")
