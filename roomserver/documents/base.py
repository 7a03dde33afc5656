"""The page every printed document shares: A4, margins, the session header, the footer.

Every page carries the document's title, the session number, date, site and room (a
sheet found alone on a desk still says what it belongs to), and in its footer the
generation date and "page n / N". Text goes through ``french.typo``; the only font is the
project's embedded DejaVu Sans (fpdf2's core fonts cannot print Şahin or Nguyễn).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

from fpdf import FPDF
from fpdf.fonts import FontFace

from roomserver import fonts

from .french import DASH, at_datetime, clock_text, room_line, session_date, typo

FAMILY = "DejaVuSans"
MARGIN = 15  # mm, left and right
TOP = 24  # mm, below the header
BOTTOM = 16  # mm, above the footer
GREY = (225, 225, 225)
INK = (0, 0, 0)
MUTED = (90, 90, 90)


class SessionDocument(FPDF):
    """An A4 document about one session, with its header and footer on every page."""

    def __init__(self, state, title: str, *, landscape: bool = False, now: dt.datetime | None = None,
                 footer_note: str = ""):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.state, self.doc_title, self.footer_note = state, title, footer_note
        self.generated_at = now or dt.datetime.now()
        self.add_font(FAMILY, "", str(fonts.REGULAR))
        self.add_font(FAMILY, "B", str(fonts.BOLD))
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM + (4 if footer_note else 0))
        self.set_title(f"{title} – session n° {state.number}")
        self.set_lang("fr-FR")
        self.set_creator("roomserver")
        self.set_creation_date(self.generated_at)
        self.set_font(FAMILY, size=10)

    # -- page furniture ----------------------------------------------------------------------

    def header(self) -> None:
        details = self.state.details
        self.set_text_color(*INK)
        self.set_xy(MARGIN, 8)
        self.set_font(FAMILY, "B", 11)
        self.cell(self.epw * 0.6, 6, typo(self.doc_title))
        self.cell(self.epw * 0.4, 6, typo(f"Session n° {self.state.number}"), align="R")
        self.set_xy(MARGIN, 14)
        self.set_font(FAMILY, "", 8.5)
        self.cell(self.epw, 5, typo(f"{session_date(details)}, {clock_text(details.get('start_time'))} · "
                                    f"{room_line(details)}"))
        self.set_draw_color(*INK)
        self.set_line_width(0.3)
        self.line(MARGIN, 20, self.w - MARGIN, 20)
        self.set_xy(MARGIN, TOP)
        self.set_font(FAMILY, "", 10)

    def footer(self) -> None:
        base = self.h - BOTTOM + 4 - (4 if self.footer_note else 0)
        self.set_draw_color(*MUTED)
        self.set_line_width(0.2)
        self.line(MARGIN, base, self.w - MARGIN, base)
        self.set_text_color(*MUTED)
        self.set_font(FAMILY, "", 7.5)
        self.set_xy(MARGIN, base + 1)
        self.cell(self.epw * 0.8, 4, typo(f"Document généré le {at_datetime(self.generated_at)} "
                                          "(heures locales du serveur)"))
        self.cell(self.epw * 0.2, 4, f"page {self.page_no()} / {{nb}}", align="R")
        if self.footer_note:
            self.set_xy(MARGIN, base + 5)
            self.cell(self.epw, 4, typo(self.footer_note))
        self.set_text_color(*INK)

    # -- writing -----------------------------------------------------------------------------

    def ensure_space(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    def big_title(self, text: str, size: float = 16) -> None:
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, typo(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(FAMILY, "", 10)

    def heading(self, text: str, size: float = 12, *, keep: float = 22) -> None:
        """A section title, kept on the same page as the next ``keep`` mm."""
        self.ensure_space(keep)
        self.ln(3)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, typo(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)
        self.set_font(FAMILY, "", 10)

    def para(self, text: str, *, size: float = 10, bold: bool = False, muted: bool = False,
             align: str = "L", gap: float = 1.5) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        if muted:
            self.set_text_color(*MUTED)
        self.multi_cell(0, size * 0.48, typo(text), align=align, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.set_font(FAMILY, "", 10)
        self.ln(gap)

    def bullets(self, items: Iterable[str], *, size: float = 10, mark: str = "•") -> None:
        self.set_font(FAMILY, "", size)
        for item in items:
            self.ensure_space(size * 0.5)
            self.set_x(MARGIN + 2)
            self.cell(5, size * 0.48, mark)
            self.multi_cell(0, size * 0.48, typo(item), align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(1)
        self.set_font(FAMILY, "", 10)

    def fields(self, pairs: Sequence[tuple[str, str]], *, label_width: float = 45, size: float = 10,
               columns: int = 1) -> None:
        """'Label : value' lines, labels in bold, in one or more columns side by side."""
        per_column = -(-len(pairs) // columns)
        width = self.epw / columns
        self.ensure_space(per_column * (size * 0.5 + 0.8))
        top, bottom = self.y, self.y
        for column in range(columns):
            self.set_y(top)
            for label, value in pairs[column * per_column:(column + 1) * per_column]:
                x = MARGIN + column * width
                self.set_x(x)
                self.set_font(FAMILY, "B", size)
                self.cell(label_width, size * 0.5, typo(f"{label} :"))
                self.set_font(FAMILY, "", size)
                self.multi_cell(width - label_width - 2, size * 0.5, typo(value or DASH), align="L", new_x="LMARGIN",
                                new_y="NEXT")
                self.ln(0.8)
            bottom = max(bottom, self.y)
        self.set_xy(MARGIN, bottom)

    def grid(self, headings: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float], *,
              aligns: Sequence[str] | None = None, size: float = 9, min_row_height: float | None = None,
              line_height: float | None = None) -> None:
        """A bordered table: header repeated on every page, a row never split across two pages."""
        self.set_font(FAMILY, "", size)
        with self.table(col_widths=tuple(widths), width=sum(widths), align="LEFT",
                           text_align=tuple(aligns or ["LEFT"] * len(widths)), line_height=line_height or size * 0.5,
                           padding=1, min_row_height=min_row_height, repeat_headings=1,
                           headings_style=FontFace(emphasis="BOLD", fill_color=GREY)) as table:
            table.row([typo(text) for text in headings])
            for row in rows:
                table.row([typo(str(text)) for text in row])
        self.set_font(FAMILY, "", 10)
        self.ln(2)

    def blank_lines(self, count: int, *, gap: float = 8) -> None:
        """Lines to write on by hand."""
        self.set_draw_color(*MUTED)
        self.set_line_width(0.2)
        for _ in range(count):
            self.ensure_space(gap)
            self.ln(gap)
            self.line(MARGIN, self.y, self.w - MARGIN, self.y)
        self.ln(2)
        self.set_draw_color(*INK)

    def signature_boxes(self, labels: Sequence[str], *, height: float = 26, per_row: int = 3) -> None:
        """Empty boxes to sign in, each with its label above."""
        gap = 6
        for start in range(0, len(labels), per_row):
            chunk = labels[start:start + per_row]
            width = (self.epw - gap * (per_row - 1)) / per_row
            self.ensure_space(height + 12)
            top = label_bottom = self.y
            self.set_font(FAMILY, "B", 9)
            for i, label in enumerate(chunk):
                self.set_xy(MARGIN + i * (width + gap), top)
                self.multi_cell(width, 4.5, typo(label), align="L", new_x="LEFT", new_y="NEXT")
                label_bottom = max(label_bottom, self.y)
            box_top = label_bottom + 1
            self.set_draw_color(*INK)
            self.set_line_width(0.3)
            for i in range(len(chunk)):
                self.rect(MARGIN + i * (width + gap), box_top, width, height)
            self.set_xy(MARGIN, box_top + height + 4)
        self.set_font(FAMILY, "", 10)

    def framed(self, text: str, *, size: float = 10, bold: bool = False) -> None:
        """A paragraph in a grey box, for what must not be missed."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_fill_color(*GREY)
        self.multi_cell(0, size * 0.5, typo(text), border=1, fill=True, padding=2, align="L", new_x="LMARGIN",
                        new_y="NEXT")
        self.set_fill_color(255, 255, 255)  # tables drawn later must not inherit the grey
        self.set_font(FAMILY, "", 10)
        self.ln(2)

    def finish(self) -> bytes:
        return bytes(self.output())
