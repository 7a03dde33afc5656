"""Candidate lists, profiles and templates through the administrator's API (real CSV bytes in
each encoding, real ODS and XLSX files), and the five printed documents parsed back with pypdf."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from adminapikit import (Invigilator, Pupil, admin, error_message, flat, footprint, handle_of, ok,  # noqa: F401
                      pdf_pages, pdf_text, refused, store_of)

from roomserver.enrolment import parse_candidate_file

ODS = "application/vnd.oasis.opendocument.spreadsheet"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["Nom de naissance", "Prénom", "Date de naissance", "Temps majoré"]
PLATFORM_HEADER = ["* Nom de naissance", "* Prénom", "* Date de naissance (format : JJ/MM/AAAA)", "Temps majoré (%)",
                   "Commune de naissance", "Code postal de naissance"]
PUPILS = [["Müller", "Françoise", "14/03/2011", "33"], ["Lefèvre", "Théo", "02/07/2011", "33 %"],
          ["N'Diaye", "Inès", "23/12/2010", "33%"], ["Garçon", "Zoé", "01/01/2011", ""]]
DOCUMENTS = ("attendance-sheet.pdf", "incident-report.pdf", "invigilator-kit.pdf", "candidate-notice.pdf",
             "fraud-reports.pdf")


def csv_bytes(rows, header=HEADER, sep=";", encoding="utf-8", bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def ods_bytes(rows) -> bytes:
    """A real ODS file written by odfpy: text cells, date cells, number cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Candidats")
    for cells in rows:
        row = TableRow()
        for value in cells:
            if isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            elif isinstance(value, int):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            elif value in (None, ""):
                cell = TableCell()
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for cells in rows:
        sheet.append(list(cells))
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, (dt.date, dt.datetime)):
                cell.number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHEET_ROWS = [HEADER, ["Şahin", "Elif", dt.date(2011, 3, 14), 33], ["Nguyễn", "Minh", "02/07/2011", 0],
              ["Kowalski", "Łukasz", dt.date(2010, 12, 23), None], ["Ørsted", "Ida", "01/01/2011", 25]]


@pytest.fixture
def number(admin) -> int:
    return admin.create_session()["session_number"]


def names(app, number) -> set[tuple]:
    return {(c.last_name, c.first_name, c.birthdate, c.extra_time_pct)
            for c in handle_of(app, number).state.candidates.values()}


EXPECTED_CSV = {("Müller", "Françoise", "2011-03-14", 33), ("Lefèvre", "Théo", "2011-07-02", 33),
                ("N'Diaye", "Inès", "2010-12-23", 33), ("Garçon", "Zoé", "2011-01-01", 0)}
EXPECTED_SHEET = {("Şahin", "Elif", "2011-03-14", 33), ("Nguyễn", "Minh", "2011-07-02", 0),
                  ("Kowalski", "Łukasz", "2010-12-23", 0), ("Ørsted", "Ida", "2011-01-01", 25)}


# -- good files --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sep, encoding, bom", [(";", "utf-8", False), (",", "utf-8", True), (";", "utf-8", True),
                                                (",", "utf-8", False), (";", "cp1252", False), (",", "cp1252", False)])
def test_csv_in_each_encoding_and_separator(app, admin, number, sep, encoding, bom):
    data = csv_bytes(PUPILS, sep=sep, encoding=encoding, bom=bom)
    assert ok(admin.upload(number, data, "text/csv")) == {"imported": 4}
    assert names(app, number) == EXPECTED_CSV


def test_csv_platform_template_headers_in_any_order(app, admin, number):
    header = [PLATFORM_HEADER[i] for i in (3, 1, 5, 0, 4, 2)]
    rows = [["33 %", "Françoise", "01000", "Müller", "Bourg-en-Bresse", "14/03/2011"],
            ["", "Théo", "", "Lefèvre", "", "02/07/2011"]]
    assert ok(admin.upload(number, csv_bytes(rows, header=header), "text/csv")) == {"imported": 2}
    state = handle_of(app, number).state
    francoise = next(c for c in state.candidates.values() if c.first_name == "Françoise")
    assert francoise.details == {"birth_city": "Bourg-en-Bresse", "birth_postal_code": "01000"}
    assert francoise.extra_time_pct == 33


def test_csv_as_multipart_field(app, admin, number):
    assert ok(admin.upload_form(number, csv_bytes(PUPILS, encoding="cp1252"), "liste.csv")) == {"imported": 4}
    assert names(app, number) == EXPECTED_CSV


@pytest.mark.parametrize("kind", ["ods", "xlsx"])
def test_spreadsheets_raw_and_multipart(app, admin, kind):
    data = ods_bytes(SHEET_ROWS) if kind == "ods" else xlsx_bytes(SHEET_ROWS)
    raw = admin.create_session()["session_number"]
    assert ok(admin.upload(raw, data, ODS if kind == "ods" else XLSX)) == {"imported": 4}
    assert names(app, raw) == EXPECTED_SHEET
    form = admin.create_session()["session_number"]
    assert ok(admin.upload_form(form, data, f"candidats.{kind}")) == {"imported": 4}
    assert names(app, form) == EXPECTED_SHEET


def test_import_is_one_journal_write_appended_to_the_enrolled(app, admin, number):
    admin.enrol(number, "Déjà", "Inscrite", "2011-06-06")
    fsyncs = handle_of(app, number).journal.fsyncs
    assert ok(admin.upload(number, csv_bytes(PUPILS), "text/csv")) == {"imported": 4}
    assert handle_of(app, number).journal.fsyncs == fsyncs + 1  # all the lines in one durable write
    assert len(admin.page(number)["candidates_list"]) == 5


# -- bad files -----------------------------------------------------------------------------------------------

def import_refused(app, admin, number, data, media_type) -> list[dict]:
    """422, the one error shape plus ``lines``; nothing imported."""
    before = footprint(app), len(handle_of(app, number).state.candidates)
    response = admin.upload(number, data, media_type)
    message = error_message(response, 422, "import_refused")
    assert "Rien n'a été importé" in message
    body = response.get_json()
    assert set(body) == {"error", "lines"}
    for line in body["lines"]:
        assert set(line) == {"line", "column", "message"} and line["message"]
    assert (footprint(app), len(handle_of(app, number).state.candidates)) == before
    return body["lines"]


def test_every_bad_line_reported_and_nothing_imported(app, admin, number):
    rows = [["Müller", "Françoise", "14/03/2011", "33"],       # line 2: good
            ["Lefèvre", "Théo", "31/02/2011", "0"],            # line 3: no such date
            ["", "Inès", "23/12/2010", "0"],                   # line 4: no birth name
            ["Garçon", "Zoé", "01/01/2011", "trente"],         # line 5: extra time not a number
            ["Petit", "Hugo", "2011-09-17", "0"],              # line 6: date not JJ/MM/AAAA? (may be accepted)
            ["Roux", "Jade", "21/04/2011", "250"],             # line 7: extra time too large
            ["Durand", "Léa", "11/02/2011", "0", "7500"]]      # line 8: postal code of 4 digits
    header = HEADER + ["Code postal de naissance"]
    lines = import_refused(app, admin, number, csv_bytes(rows, header=header), "text/csv")
    wrong = {line["line"] for line in lines}
    assert {3, 4, 5, 7, 8} <= wrong and 2 not in wrong
    by_line = {line["line"]: line for line in lines}
    assert by_line[3]["column"] == "Date de naissance" and "Ligne 3" in by_line[3]["message"]
    assert by_line[4]["column"] == "Nom de naissance"
    assert by_line[5]["column"] == "Temps majoré" and "trente" in by_line[5]["message"]
    assert by_line[8]["column"] == "Code postal de naissance"
    assert [line["line"] for line in lines] == sorted(line["line"] for line in lines)


@pytest.mark.parametrize("kind", ["ods", "xlsx"])
def test_bad_lines_in_spreadsheets(app, admin, number, kind):
    rows = [HEADER, ["Şahin", "Elif", dt.date(2011, 3, 14), 33], ["Nguyễn", "", "02/07/2011", 0],
            ["Ørsted", "Ida", "31/02/2011", 0]]
    data = ods_bytes(rows) if kind == "ods" else xlsx_bytes(rows)
    lines = import_refused(app, admin, number, data, ODS if kind == "ods" else XLSX)
    assert {(line["line"], line["column"]) for line in lines} == {(3, "Prénom"), (4, "Date de naissance")}


def test_bad_headers_and_files(app, admin, number):
    lines = import_refused(app, admin, number, csv_bytes(PUPILS, header=["Nom", "Prénom", "Naissance", "Tiers"]),
                           "text/csv")
    assert lines and all(line["line"] == 1 for line in lines)
    import_refused(app, admin, number, b"PK\x03\x04 pas un tableur", XLSX)
    import_refused(app, admin, number, csv_bytes([]), "text/csv")  # no candidate under the titles


def test_empty_body_and_missing_field(app, admin, number):
    refused(app, lambda: admin.post(f"/sessions/{number}/candidates/import", data=b"", content_type="text/csv"), 400)
    refused(app, lambda: admin.post(f"/sessions/{number}/candidates/import", data={"autre": (io.BytesIO(b"x"), "x.csv")},
                                    content_type="multipart/form-data"), 400)
    error_message(admin.upload(999999, csv_bytes(PUPILS), "text/csv"), 404)


def test_duplicates_within_the_file(app, admin, number):
    rows = PUPILS + [["MULLER", "francoise", "14/03/2011", "0"]]
    lines = import_refused(app, admin, number, csv_bytes(rows), "text/csv")
    assert [line["line"] for line in lines] == [6]
    assert "ligne 2" in lines[0]["message"]


def test_duplicates_against_the_session(app, admin, number):
    admin.enrol(number, "Élodie", "Martin", "2011-03-14")
    rows = PUPILS + [["MARTIN", "ELODIE", "14/03/2011", "0"]]
    lines = import_refused(app, admin, number, csv_bytes(rows), "text/csv")
    assert [line["line"] for line in lines] == [6]
    assert "déjà inscrit" in lines[0]["message"]
    assert ok(admin.upload(number, csv_bytes(PUPILS), "text/csv")) == {"imported": 4}
    lines = import_refused(app, admin, number, csv_bytes(PUPILS[:1]), "text/csv")  # the same file twice
    assert [line["line"] for line in lines] == [2]


def test_import_refused_after_start(app, admin, started):
    number = app.demo["session_number"]
    message = refused(app, lambda: admin.upload(number, csv_bytes(PUPILS), "text/csv"), 409, "session_started")
    assert "commencé" in message
    pack = app.extensions["roomserver"].pack
    who = app.demo["candidates"][0]
    profiles = json.dumps([{"last_name": who["last_name"], "first_name": who["first_name"],
                            "birthdate": who["birthdate"], "pix": profile_pix(pack, 1)}]).encode()
    refused(app, lambda: admin.upload(number, profiles, "application/json", what="profiles"), 409, "session_started")


# -- positioning profiles -------------------------------------------------------------------------------------

def profile_pix(pack, level: int) -> dict:
    return {cid: level * 8 + 1 for cid in pack.competences}


def test_profiles_make_candidates_certifiable_and_they_take_the_test(app, admin, client):
    pack = app.extensions["roomserver"].pack
    made = admin.create_session()
    number = made["session_number"]
    assert ok(admin.upload(number, csv_bytes(PUPILS), "text/csv")) == {"imported": 4}
    assert not any(c["certifiable"] for c in admin.page(number)["candidates_list"])

    as_json = json.dumps({"profiles": [
        {"last_name": "Müller", "first_name": "Françoise", "birthdate": "2011-03-14", "pix": profile_pix(pack, 2)},
        {"last_name": "LEFEVRE", "first_name": "theo", "birthdate": "2011-07-02", "pix": profile_pix(pack, 3)}]})
    assert ok(admin.upload(number, as_json.encode(), "application/json", what="profiles")) == {"imported": 2}
    header = ["Nom de naissance", "Prénom", "Date de naissance", *pack.competences]
    rows = [["N'Diaye", "Inès", "23/12/2010", *profile_pix(pack, 1).values()]]
    assert ok(admin.upload_form(number, csv_bytes(rows, header=header), "profils.csv", what="profiles")) == {"imported": 1}
    listed = {c["first_name"]: c for c in admin.page(number)["candidates_list"]}
    assert [listed[n]["certifiable"] for n in ("Françoise", "Théo", "Inès", "Zoé")] == [True, True, True, False]
    assert listed["Théo"]["competences_at_level"] == 16

    # a pupil of that file joins, the invigilator confirms and starts, the test begins
    pupil = Pupil(client, number, "Théo", "Lefèvre", "2011-07-02")
    assert ok(pupil.join())["status"] == "enrolled"
    invigilator = Invigilator(client, number, made["invigilator_password"])
    invigilator.presence(pupil.candidate_id)
    code = invigilator.start()
    assert ok(pupil.start(code))
    state = pupil.state()
    assert state["status"] == "in_test" and state["question"] is not None and state["total"] >= 5


def test_bad_profiles_refused_all_or_nothing(app, admin, number):
    pack = app.extensions["roomserver"].pack
    ok(admin.upload(number, csv_bytes(PUPILS), "text/csv"))
    bad = json.dumps([
        {"last_name": "Müller", "first_name": "Françoise", "birthdate": "2011-03-14", "pix": profile_pix(pack, 2)},
        {"last_name": "Inconnu", "first_name": "Personne", "birthdate": "2011-03-14", "pix": {"1.1": 8}},
        {"last_name": "Garçon", "first_name": "Zoé", "birthdate": "2011-01-01", "pix": {"9.9": 8, "1.1": 99}}])
    response = admin.upload(number, bad.encode(), "application/json", what="profiles")
    error_message(response, 422, "import_refused")
    assert {line["line"] for line in response.get_json()["lines"]} >= {3}
    assert not any(c["certifiable"] for c in admin.page(number)["candidates_list"])


# -- templates --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, media", [("candidates.csv", "text/csv"), ("candidates.ods", ODS),
                                         ("candidates.xlsx", XLSX)])
def test_templates_parse_back_with_the_importer(app, admin, number, name, media):
    response = admin.get(f"/templates/{name}")
    assert response.status_code == 200 and response.mimetype == media
    assert "attachment" in response.headers["Content-Disposition"]
    template = response.data
    empty = parse_candidate_file(template, name)
    assert [e["message"] for e in empty.errors] == ["Le fichier ne contient aucun candidat sous la ligne de titres."]
    filled = fill_template(template, name, ["Ørsted", "Ida", "01/01/2011", "25"])
    parsed = parse_candidate_file(filled, name)
    assert parsed.errors == [] and [(r["last_name"], r["birthdate"], r["extra_time_pct"]) for r in parsed.rows] == [
        ("Ørsted", "2011-01-01", 25)]
    assert ok(admin.upload(number, filled, media)) == {"imported": 1}


def fill_template(template: bytes, name: str, cells: list[str]) -> bytes:
    """What a school does: type one pupil under the titles of the downloaded template."""
    if name.endswith(".csv"):
        text = template.decode("utf-8-sig")
        sep = ";" if text.splitlines()[0].count(";") else ","
        return template + (sep.join(cells) + "\r\n").encode("utf-8")
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(template))
        sheet = book.worksheets[0]
        for col, value in enumerate(cells, start=1):
            sheet.cell(2, col, value)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = load(io.BytesIO(template))
    table = doc.spreadsheet.getElementsByType(Table)[0]
    row = TableRow()
    for value in cells:
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=value))
        row.addElement(cell)
    rows = table.getElementsByType(TableRow)
    # right under the titles (a template may carry blank formatted rows further down)
    table.insertBefore(row, rows[1]) if len(rows) > 1 else table.addElement(row)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


# -- the printed documents -----------------------------------------------------------------------------------------

INTERNATIONAL = [("Elif", "Şahin", "2011-03-14"), ("Minh", "Nguyễn", "2011-07-02"), ("Łukasz", "Kowalski", "2010-12-23"),
                 ("Ida", "Ørsted", "2011-01-01"), ("Élodie", "Martin", "2011-05-09")]


def documents_of(admin, number) -> dict[str, bytes]:
    found = {}
    for name in DOCUMENTS:
        response = admin.get(f"/sessions/{number}/documents/{name}")
        assert response.status_code == 200, (name, response.get_data(as_text=True)[:300])
        assert response.mimetype == "application/pdf"
        found[name] = response.data
    return found


def test_documents_before_the_day(app, admin):
    made = admin.create_session(site="Collège Ørsted", room="Salle Łódź")
    number = made["session_number"]
    for first, last, birthdate in INTERNATIONAL:
        admin.enrol(number, first, last, birthdate, extra=33 if last == "Nguyễn" else 0)
    pdfs = documents_of(admin, number)
    texts = {name: flat(pdf_text(data)) for name, data in pdfs.items()}
    for first, last, _ in INTERNATIONAL:
        for name in ("attendance-sheet.pdf", "candidate-notice.pdf"):
            assert last.casefold() in texts[name].casefold() and first.casefold() in texts[name].casefold(), \
                (name, first, last)
    assert str(number) in texts["attendance-sheet.pdf"] and "Łódź" in texts["attendance-sheet.pdf"]
    kit = texts["invigilator-kit.pdf"]
    assert made["invigilator_password"] in kit and str(number) in kit
    access_code = handle_of(app, number).state.access_code
    assert access_code not in kit and access_code not in pdf_text(pdfs["invigilator-kit.pdf"]).replace(" ", "")
    for text in texts.values():
        assert access_code not in text
    assert pdf_pages(pdfs["candidate-notice.pdf"]) >= len(INTERNATIONAL)  # one notice per pupil


def test_documents_after_the_session_show_what_the_journal_recorded(app, admin, client):
    pack = app.extensions["roomserver"].pack
    from adminapikit import certifiable_profile

    made = admin.create_session()
    number = made["session_number"]
    for first, last, birthdate in INTERNATIONAL:
        admin.enrol(number, first, last, birthdate, profile=certifiable_profile(pack))
    pupils = [Pupil(client, number, *who) for who in INTERNATIONAL[:2]]
    invigilator = Invigilator(client, number, made["invigilator_password"])
    for pupil in pupils:
        ok(pupil.join())
        invigilator.presence(pupil.candidate_id)
    code = invigilator.start()
    for pupil in pupils:
        ok(pupil.start(code))
    ok(invigilator.post("/incidents", {"candidate_id": pupils[1].candidate_id, "code": "E1", "question_number": 1,
                                       "text": "L'image de la question ne s'affiche pas chez Minh."}))
    ok(invigilator.post("/frauds", {"candidate_ids": [pupils[0].candidate_id], "observed_at": "10:42",
                                    "facts": "Téléphone posé sur la table, écran allumé.",
                                    "measures": "Téléphone confisqué, candidate maintenue dans la salle."}))
    pdfs = documents_of(admin, number)
    incident = flat(pdf_text(pdfs["incident-report.pdf"]))
    assert "L'image de la question ne s'affiche pas chez Minh." in incident and "E1" in incident
    fraud = flat(pdf_text(pdfs["fraud-reports.pdf"]))
    assert "Téléphone posé sur la table" in fraud and "Şahin" in fraud and ("10:42" in fraud or "10 h 42" in fraud)
    blank = flat(pdf_text(admin.get(f"/sessions/{number}/documents/incident-report.pdf?blank=1").data))
    assert "chez Minh" not in blank
    kit = pdf_text(pdfs["invigilator-kit.pdf"])
    assert code not in kit.replace(" ", "")  # the access code is given on the day, never printed


def test_attendance_sheet_of_45_candidates_breaks_pages(app, admin, number):
    rows = [[f"Élève{i:02d}", f"Prénom{i:02d}", f"{1 + i % 28:02d}/0{1 + i % 9}/2011", "0"] for i in range(45)]
    assert ok(admin.upload(number, csv_bytes(rows), "text/csv")) == {"imported": 45}
    data = admin.get(f"/sessions/{number}/documents/attendance-sheet.pdf").data
    assert pdf_pages(data) >= 2
    text = flat(pdf_text(data))
    for last, first, *_ in rows:
        assert last in text and first in text


def test_documents_of_an_unknown_session(admin):
    for name in DOCUMENTS:
        error_message(admin.get(f"/sessions/999999/documents/{name}"), 404)
