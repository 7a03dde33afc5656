"""ZIP builder: deterministic, ordered, safe names; repacking a library's package fixes its dates."""

import io
import zipfile

import pytest

from preflight.formats import FIXED_DATE, repack, zip_archive


def test_zip_is_deterministic_sorted_and_dated_1980():
    files = {"b.txt": b"bravo", "a/z.txt": b"zoulou", "a/a.txt": b"alpha"}
    first = zip_archive(files)
    assert first == zip_archive(dict(reversed(list(files.items()))))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["a/a.txt", "a/z.txt", "b.txt"]
        for info in archive.infolist():
            assert info.date_time == FIXED_DATE
            assert info.compress_type == zipfile.ZIP_DEFLATED
        assert archive.read("a/z.txt") == b"zoulou"


def test_first_and_stored_entries():
    data = zip_archive({"x.xml": b"<x/>", "mimetype": b"text/plain"}, first=["mimetype"], stored=["mimetype"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
        assert info.filename == "mimetype"
        assert info.compress_type == zipfile.ZIP_STORED
    # A stored first entry is readable at a fixed offset, as ODF and ORA sniffers expect.
    assert data[30:38] == b"mimetype"


@pytest.mark.parametrize("name", ["/etc/passwd", "../x", "a/../../x", "a\\b", "dir/", ""])
def test_unsafe_names_are_refused(name):
    with pytest.raises(ValueError):
        zip_archive({name: b"x"})


def test_first_must_exist():
    with pytest.raises(ValueError):
        zip_archive({"a": b"1"}, first=["mimetype"])


def test_repack_keeps_order_and_storage_and_fixes_the_dates():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # as a library writes it: today's date, its own order
        archive.writestr(zipfile.ZipInfo("mimetype", (2031, 5, 6, 7, 8, 10)), b"application/x-test")
        archive.writestr("z.xml", b"<z/>" * 50, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("a.xml", b"<a/>", compress_type=zipfile.ZIP_DEFLATED)
    data = repack(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["mimetype", "z.xml", "a.xml"]
        assert [i.compress_type for i in archive.infolist()] == [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED,
                                                                 zipfile.ZIP_DEFLATED]
        assert {i.date_time for i in archive.infolist()} == {FIXED_DATE}
        assert archive.read("z.xml") == b"<z/>" * 50
    assert repack(data) == data
