"""ZIP archives on the standard library's ``zipfile``, dated and ordered so a rebuild is byte-identical."""

from __future__ import annotations

import io
import zipfile
from typing import Iterable, Mapping

# The earliest date a ZIP header can hold; fixed so regeneration is byte-identical.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def zip_archive(
    files: Mapping[str, bytes],
    *,
    first: Iterable[str] = (),
    stored: Iterable[str] = (),
) -> bytes:
    """Return a ZIP of ``files`` (name -> bytes): sorted names, fixed dates and permissions.

    Names listed in ``first`` come first, in that order (ODF and ORA need ``mimetype`` first);
    names in ``stored`` are kept uncompressed, every other entry is deflated.
    Folder entries are not written: a name like ``"a/b.txt"`` is enough for any unzipper.
    """
    first = list(first)
    stored = set(stored)
    for name in list(files) + first:
        _check_name(name)
    missing = [n for n in first if n not in files]
    if missing:
        raise ValueError(f"first names not in files: {missing}")
    order = first + sorted(n for n in files if n not in first)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.create_system = 3  # Unix, whatever the building machine is
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name], compresslevel=None if name in stored else 9)
    return buffer.getvalue()


def repack(data: bytes) -> bytes:
    """Return the ZIP package ``data`` with its entries in the same order, stored ones stored, dated 1980.

    The office libraries stamp every entry with the current time; repacking makes a document
    built twice from the same input the same bytes (and the ``mimetype`` entry stays first).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        files = {info.filename: source.read(info) for info in infos}
    stored = [info.filename for info in infos if info.compress_type == zipfile.ZIP_STORED]
    return zip_archive(files, first=[info.filename for info in infos], stored=stored)


def _check_name(name: str) -> None:
    """Refuse names an unzipper could write outside its target folder."""
    if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
        raise ValueError(f"unsafe name in archive: {name!r}")
    if name.endswith("/"):
        raise ValueError(f"folder entries are implicit, give files only: {name!r}")
