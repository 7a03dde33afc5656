"""Fixed sample files for the browser's download check: one per file type the test uses.

Built once (they never change), served with ``Content-Disposition: attachment``; the page
hashes what it receives, so a proxy's HTML block page in place of a file is caught.
Server-side only (uses ``preflight.formats``, which needs the file-format libraries).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Sample:
    kind: str
    filename: str
    mimetype: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@lru_cache(maxsize=1)
def samples() -> dict[str, Sample]:
    """kind -> Sample, in the order of ``browser_facts.DOWNLOAD_KINDS``."""
    from PIL import Image, ImageDraw

    from . import formats

    lines = ["# Fichier d'essai", "Téléchargé par la vérification du poste (Crash-test)."]
    sheet = {"Essai": [["Valeur", "Double"], [21, "=A2*2"]]}
    picture = Image.new("RGB", (120, 60), (240, 240, 240))
    ImageDraw.Draw(picture).text((10, 14), "Essai", font=formats.load_font(28), fill=(20, 60, 120))
    gradient = Image.linear_gradient("L").resize((64, 48))  # a photo-like picture for the JPEG
    ImageDraw.Draw(gradient).rectangle((16, 12, 31, 23), fill=30)
    files = [
        ("pdf", "essai.pdf", "application/pdf", formats.pdf_document([lines], title="Essai")),
        ("odt", "essai.odt", "application/vnd.oasis.opendocument.text", formats.odt_document(lines, title="Essai")),
        ("docx", "essai.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         formats.docx_document(lines, title="Essai")),
        ("ods", "essai.ods", "application/vnd.oasis.opendocument.spreadsheet", formats.ods_spreadsheet(sheet)),
        ("xlsx", "essai.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         formats.xlsx_workbook(sheet)),
        ("odp", "essai.odp", "application/vnd.oasis.opendocument.presentation",
         formats.odp_presentation([formats.Slide("Essai", ["Diapositive d'essai"])])),
        ("png", "essai.png", "image/png", formats.png_bytes(picture)),
        ("jpg", "essai.jpg", "image/jpeg", formats.jpeg_bytes(gradient)),
        ("zip", "essai.zip", "application/zip", formats.zip_archive({"essai/lisezmoi.txt": "Essai\n".encode()})),
        ("mlt", "essai.mlt", "application/xml", formats.mlt_project([formats.Clip("Essai", 1.0)], title="Essai")),
    ]
    return {kind: Sample(kind, name, mime, data) for kind, name, mime, data in files}
