"""Small standard-library writers for office and media files, deterministic to the byte.

Every writer returns ``bytes``; the same input always gives the same bytes (ZIP entries
dated 1980-01-01, sorted, fixed metadata), so generated files can be committed and
regenerated. Used by the demo content pack and by the PC checks ("Crash-test"), whose
files hide a code that only the right program shows (a formula result, a hidden layer,
a compressed PDF page, a clip title).

Families: ``archive`` (ZIP), ``pdf``, ``odt`` / ``ods`` / ``odp`` / ``odg`` (OpenDocument),
``docx`` / ``xlsx`` (Office Open XML), ``png`` (+ ``font``), ``ora`` (OpenRaster),
``video`` (Shotcut/MLT project, WAV tone).
"""

from .archive import FIXED_DATE, zip_archive
from .docx import docx_document
from .font import fold
from .odg import TextBox, odg_drawing
from .odp import Slide, odp_presentation
from .ods import odf_formula, ods_spreadsheet
from .odt import odt_document
from .ora import Layer, merge_layers, ora_image
from .pdf import pdf_document
from .png import Canvas, bar_chart, png_image, text_width
from .textblocks import parse_blocks
from .video import Clip, mlt_project, video_project_zip, wav_tone
from .xlsx import column_letter, xlsx_workbook

__all__ = [
    "FIXED_DATE", "Canvas", "Clip", "Layer", "Slide", "TextBox", "bar_chart", "column_letter",
    "docx_document", "fold", "merge_layers", "mlt_project", "odf_formula", "odg_drawing",
    "odp_presentation", "ods_spreadsheet", "odt_document", "ora_image", "parse_blocks",
    "pdf_document", "png_image", "text_width", "video_project_zip", "wav_tone", "xlsx_workbook",
    "zip_archive",
]
