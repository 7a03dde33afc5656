"""File-format writers of the room server and of the PC checks, on well-kept libraries.

fpdf2 writes PDF, odfpy the OpenDocument files, python-docx DOCX, openpyxl XLSX, Pillow the
PNG/JPEG pictures (and the layers of OpenRaster images); ZIP, WAV and the Shotcut/MLT XML
project use the standard library (``zipfile``, ``wave``, ``xml.etree``). Every writer returns
``bytes``, and the same input gives the same bytes (ZIP entries dated 1980, fixed document
dates), so a task file rebuilt from its seed is the file the PC downloaded.

They live in ``preflight`` because the dependency runs one way, server -> preflight: the PC
checks' task files use them, and the room server (demo pack, room board PDF) imports them
from here, passing its own TrueType font. Nothing here imports ``roomserver``. The host agent
(the ``.pyz``) never imports this subpackage: it needs the libraries, the agent only the
standard library.
"""

from .archive import FIXED_DATE, repack, zip_archive
from .blocks import Block, parse_blocks
from .formula import odf_formula
from .images import bar_chart, centred_text, jpeg_bytes, load_font, png_bytes
from .odf import Slide, TextBox, odg_drawing, odp_presentation, ods_spreadsheet, odt_document
from .ooxml import docx_document, xlsx_workbook
from .ora import Layer, merge_layers, ora_image
from .pdf import pdf_document
from .video import Clip, mlt_project, video_project_zip, wav_tone

__all__ = [
    "FIXED_DATE", "Block", "Clip", "Layer", "Slide", "TextBox", "bar_chart", "centred_text", "docx_document",
    "jpeg_bytes", "load_font", "merge_layers", "mlt_project", "odf_formula", "odg_drawing", "odp_presentation",
    "ods_spreadsheet", "odt_document", "ora_image", "parse_blocks", "pdf_document", "png_bytes", "repack",
    "video_project_zip", "wav_tone", "xlsx_workbook", "zip_archive",
]
