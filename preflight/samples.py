"""Fixed sample files for the browser's download check: one per file type the test uses.

Built once (they never change), served with ``Content-Disposition: attachment``; the page
hashes what it receives, so a proxy's HTML block page in place of a file is caught.
Server-side only (uses ``roomserver.docgen``).
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
    from roomserver import docgen
    from .jpeg import gradient_jpeg

    lines = ["# Fichier d'essai", "Téléchargé par la vérification du poste (Crash-test)."]
    sheet = {"Essai": [["Valeur", "Double"], [21, "=A2*2"]]}
    image = docgen.Canvas(120, 60, (240, 240, 240))
    image.text(8, 22, "ESSAI", (20, 60, 120), scale=3)
    files = [
        ("pdf", "essai.pdf", "application/pdf", docgen.pdf_document([lines], title="Essai")),
        ("odt", "essai.odt", "application/vnd.oasis.opendocument.text", docgen.odt_document(lines, title="Essai")),
        ("docx", "essai.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         docgen.docx_document(lines, title="Essai")),
        ("ods", "essai.ods", "application/vnd.oasis.opendocument.spreadsheet", docgen.ods_spreadsheet(sheet)),
        ("xlsx", "essai.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         docgen.xlsx_workbook(sheet)),
        ("odp", "essai.odp", "application/vnd.oasis.opendocument.presentation",
         docgen.odp_presentation([docgen.Slide("Essai", ["Diapositive d'essai"])])),
        ("png", "essai.png", "image/png", image.to_png()),
        ("jpg", "essai.jpg", "image/jpeg", gradient_jpeg()),
        ("zip", "essai.zip", "application/zip", docgen.zip_archive({"essai/lisezmoi.txt": "Essai\n".encode()})),
        ("mlt", "essai.mlt", "application/xml", docgen.mlt_project([docgen.Clip("Essai", 1.0)], title="Essai")),
    ]
    return {kind: Sample(kind, name, mime, data) for kind, name, mime, data in files}
