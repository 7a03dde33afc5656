"""The candidate list import from CSV: encodings, separators, headers, every bad line, all or nothing."""

from __future__ import annotations

import pytest
from enrolkit import HEADER, PLATFORM_HEADER, TODAY, csv_bytes, messages, parse

from roomserver.core.identity import identity_key
from roomserver.enrolment import MAX_BYTES, MAX_ROWS, duplicates_against, row_key

ROWS = [["Lefèvre", "Élodie", "14/03/2011", "33 %"], ["Dupont", "Jean", "2011-01-02", ""],
        ["N'Diaye", "Aïssatou", "01/12/2010", "0"]]


def expect_clean(result, n=3):
    assert result.ok, result.errors
    assert len(result.rows) == n
    first = result.rows[0]
    assert first == {"last_name": "Lefèvre", "first_name": "Élodie", "birthdate": "2011-03-14",
                     "extra_time_pct": 33, "details": {}, "line": 2}
    assert [r["line"] for r in result.rows] == list(range(2, 2 + n))


@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
@pytest.mark.parametrize("sep", [";", ","])
def test_a_good_file_in_each_encoding_and_separator(encoding, bom, sep):
    result = parse(csv_bytes(ROWS, sep=sep, encoding=encoding, bom=bom))
    expect_clean(result)
    assert result.format == "csv" and result.delimiter == sep
    assert result.encoding == {("utf-8", False): "utf-8", ("utf-8", True): "utf-8-sig",
                               ("cp1252", False): "cp1252"}[encoding, bom]
    assert result.rows[0]["last_name"] == "Lefèvre"


def test_utf16_with_tabs_as_excel_unicode_text_saves_it():
    data = "\ufeff".encode("utf-16-le") + "\r\n".join("\t".join(r) for r in [HEADER, *ROWS]).encode("utf-16-le")
    result = parse(data, "candidats.txt")
    expect_clean(result)
    assert (result.encoding, result.delimiter) == ("utf-16", "\t")


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"])
def test_any_line_ending(newline):
    expect_clean(parse(csv_bytes(ROWS, newline=newline)))


def test_names_outside_windows_1252_are_kept_exactly_in_utf8():
    names = [["Şahin", "Ayşe"], ["Nguyễn", "Thị Minh"], ["Kowalski", "Łukasz"], ["Ørsted", "Søren"],
             ["Œuvray", "Zoë"]]
    rows = [[last, first, f"0{i + 1}/01/2011", ""] for i, (last, first) in enumerate(names)]
    result = parse(csv_bytes(rows, bom=True))
    assert [[r["last_name"], r["first_name"]] for r in result.rows] == names


def test_the_media_type_does_not_matter_for_csv():
    for hint in ("text/csv", "application/vnd.ms-excel", "", "liste.txt", "text/plain"):  # Windows sends ms-excel
        expect_clean(parse(csv_bytes(ROWS), hint))


@pytest.mark.parametrize("header", [
    PLATFORM_HEADER,
    ["NOM DE NAISSANCE", "PRENOM", "DATE DE NAISSANCE", "TEMPS MAJORE"],
    ["  nom  de   naissance ", " prénom", "Date de naissance [JJ/MM/AAAA]", "Temps majoré ?"],
    ["*Nom de naissance*", "Prénom *", "* Date de naissance (format\u00a0: JJ/MM/AAAA)", "* Temps majoré (en %)"],
    ["Nom", "Prénom", "Date de naissance (format : jj/mm/aaaa)", "Temps majoré en %"],  # the seeds' wording
])
def test_header_variants(header):
    expect_clean(parse(csv_bytes(ROWS, header=header)))


def test_columns_in_any_order_with_every_optional_one():
    header = ["Identifiant externe", "Adresse e-mail de convocation", "Pays de naissance", "Code INSEE de naissance",
              "Code postal de naissance", "Commune de naissance", "Sexe", "Temps majoré (%)", "Date de naissance",
              "Prénom", "Nom de naissance"]
    row = ["INE42", "elodie@example.fr", "France", "25056", "25000", "Besançon", "F", "33%", "14/03/2011",
           "Élodie", "Lefèvre"]
    result = parse(csv_bytes([row], header=header))
    assert result.rows == [{"last_name": "Lefèvre", "first_name": "Élodie", "birthdate": "2011-03-14",
                            "extra_time_pct": 33, "line": 2,
                            "details": {"sex": "F", "birth_city": "Besançon", "birth_postal_code": "25000",
                                        "birth_insee_code": "25056", "birth_country": "France",
                                        "email": "elodie@example.fr", "external_id": "INE42"}}]


@pytest.mark.parametrize("title", ["E-mail", "Email", "e mail de convocation", "Courriel", "Adresse e mail de convocation",
                                   "Identifiant local", "Code INSEE de la commune de naissance"])
def test_aliases_of_optional_columns(title):
    result = parse(csv_bytes([[*ROWS[0], ""]], header=[*HEADER, title]))
    assert result.ok


def test_blank_lines_are_skipped_but_counted():
    data = csv_bytes([ROWS[0], [], ["", "", "", ""], ROWS[1], ["  ", "", " ", ""], ["Martin", "Paul", "31/02/2011", ""]])
    result = parse(data)
    assert messages(result) == ["Ligne 7, colonne «\u00a0Date de naissance\u00a0»\u00a0: le 31/02/2011 n'existe pas."]


def test_lines_before_the_header_and_quoted_line_breaks_keep_the_spreadsheet_numbering():
    text = "\r\n;;;\r\n" + ";".join(HEADER) + '\r\n"Dupont\r\nMartin";Jean;14/03/2011;\r\nX;Y;99/99/2011;\r\n'
    result = parse(text.encode())
    assert [e["line"] for e in result.errors] == [5]  # the header is on line 3, the quoted record is line 4
    ok = parse(text.replace("99/99", "01/01").encode())
    assert [r["line"] for r in ok.rows] == [4, 5] and ok.rows[0]["last_name"] == "Dupont Martin"


def test_every_kind_of_bad_line_is_listed_and_nothing_is_kept():
    header = [*HEADER, "Sexe", "Code postal de naissance", "E-mail de convocation", "Code INSEE de naissance"]
    rows = [
        ["Bon", "Élève", "14/03/2011", "", "", "", "", ""],                       # 2: good
        ["", "Élodie", "14/03/2011", "", "", "", "", ""],                          # 3: missing last name
        ["Dupont", "", "", "", "", "", "", ""],                                   # 4: missing first name and date
        ["Dupont", "Jean", "2011/03/14", "", "", "", "", ""],                      # 5: bad date
        ["Dupont", "Paul", "31/02/2011", "", "", "", "", ""],                      # 6: impossible date
        ["Dupont", "Marc", "14/03/2031", "", "", "", "", ""],                      # 7: future date
        ["Dupont", "Luc", "14/03/2011", "abc", "", "", "", ""],                    # 8: bad extra time
        ["Dupont", "Léa", "14/03/2011", "-5", "", "", "", ""],                     # 9: negative
        ["Dupont", "Noé", "14/03/2011", "250 %", "", "", "", ""],                  # 10: above 200
        ["Dupont", "Ana", "14/03/2011", "120 %", "", "", "", ""],                  # 11: fine (up to 200)
        ["Dupont", "Eva", "14/03/2011", "", "", "7500", "", ""],                   # 12: bad postal code
        ["Dupont", "Tom", "14/03/2011", "", "", "", "tom@", ""],                   # 13: bad e-mail
        ["Dupont", "Max", "14/03/2011", "", "X", "", "", ""],                      # 14: bad sex
        ["Dupont", "Zoé", "14/03/11", "", "", "", "", "2C004"],                    # 15: 2-digit year, bad INSEE
    ]
    result = parse(csv_bytes(rows, header=header))
    assert not result.ok and result.rows == []
    found = [(e["line"], e["column"]) for e in result.errors]
    assert found == [(3, "Nom de naissance"), (4, "Prénom"), (4, "Date de naissance"), (5, "Date de naissance"),
                     (6, "Date de naissance"), (7, "Date de naissance"), (8, "Temps majoré"), (9, "Temps majoré"),
                     (10, "Temps majoré"), (12, "Code postal de naissance"), (13, "E-mail de convocation"),
                     (14, "Sexe"), (15, "Date de naissance"), (15, "Code INSEE de naissance")]
    text = messages(result)
    assert text[0] == "Ligne 3, colonne «\u00a0Nom de naissance\u00a0»\u00a0: le nom de naissance est obligatoire."
    assert text[4] == "Ligne 6, colonne «\u00a0Date de naissance\u00a0»\u00a0: le 31/02/2011 n'existe pas."
    assert text[5] == "Ligne 7, colonne «\u00a0Date de naissance\u00a0»\u00a0: le 14/03/2031 est dans le futur."
    assert text[8] == "Ligne 10, colonne «\u00a0Temps majoré\u00a0»\u00a0: 250\u00a0% dépasse le maximum de 200\u00a0%."


def test_a_value_beyond_the_titled_columns_is_refused():
    data = ";".join(HEADER).encode() + b"\r\nDupont;Jean;14/03/2011;;oops\r\nDupont;Paul;14/03/2011;\r\n"
    result = parse(data)
    assert messages(result) == ["Ligne 2\u00a0: une valeur se trouve en colonne E, qui n'a pas de titre. "
                                "Vérifiez les séparateurs de cette ligne, ou donnez un titre à la colonne."]


def test_short_lines_are_blank_at_the_end():
    data = ";".join([*HEADER, "Sexe"]).encode() + b"\r\nDupont;Jean;14/03/2011\r\n"
    assert parse(data).rows[0]["extra_time_pct"] == 0


def test_unknown_columns_are_refused_with_the_expected_list():
    result = parse(csv_bytes([["3e1", *ROWS[0], "x"]], header=["Classe", *HEADER, "Signature"]))
    assert result.errors == [{"line": 1, "column": None, "message": (
        "Ligne 1\u00a0: les colonnes «\u00a0Classe\u00a0» et «\u00a0Signature\u00a0» (colonnes A, F) ne sont pas "
        "reconnues. Corrigez leur titre ou supprimez-les. Colonnes attendues\u00a0: Nom de naissance, Prénom, "
        "Date de naissance, Temps majoré\u00a0; facultatives\u00a0: Sexe, Commune de naissance, Code postal de "
        "naissance, Code INSEE de naissance, Pays de naissance, E-mail de convocation, Identifiant externe, "
            "Aménagement d'accessibilité.")}]


def test_a_typo_in_a_header_is_an_unknown_column_not_lost_data():
    result = parse(csv_bytes([[*ROWS[0], "F"]], header=[*HEADER, "Sxe"]))
    assert "la colonne «\u00a0Sxe\u00a0» (colonne E) n'est pas reconnue. Corrigez son titre ou supprimez-la." \
        in messages(result)[0]


def test_the_platform_department_column_gets_its_own_reason():
    result = parse(csv_bytes([[*ROWS[0], "25"]], header=[*HEADER, "Code du département de naissance"]))
    assert messages(result) == [
        "Ligne 1, colonne «\u00a0Code du département de naissance\u00a0»\u00a0: cette colonne n'est pas reprise "
        "ici, car le code postal ou le code INSEE de la commune de naissance la remplace. Supprimez-la."]


def test_missing_required_columns_are_one_error_on_the_header_line():
    result = parse(csv_bytes([["Dupont", "Jean"]], header=["Nom", "Prénom"]))
    assert result.errors == [{"line": 1, "column": None, "message": (
        "Ligne 1\u00a0: il manque les colonnes obligatoires «\u00a0Date de naissance\u00a0» et "
        "«\u00a0Temps majoré\u00a0».")}]
    result = parse(csv_bytes([["Dupont", "Jean", "14/03/2011"]], header=HEADER[:3]))
    assert messages(result) == ["Ligne 1\u00a0: il manque la colonne obligatoire «\u00a0Temps majoré\u00a0»."]


def test_a_column_given_twice_is_refused():
    result = parse(csv_bytes([[*ROWS[0], "Jean"]], header=[*HEADER, "Prénom"]))
    assert result.errors == [{"line": 1, "column": "Prénom",
                              "message": "Ligne 1, colonne «\u00a0Prénom\u00a0»\u00a0: cette colonne apparaît "
                                         "plusieurs fois (colonnes B, E)."}]
    assert not parse(csv_bytes([ROWS[0] + ["a@example.fr", "b@example.fr"]],
                               header=[*HEADER, "E-mail", "Courriel"])).ok


def test_duplicates_within_the_file_name_the_first_line():
    rows = [ROWS[0], ROWS[1], ["LEFEVRE", "elodie", "2011-03-14", ""], ["Le Fèvre", "Élodie", "14/03/2011", "0"]]
    result = parse(csv_bytes(rows))
    assert messages(result) == [
        "Ligne 4\u00a0: même nom, même prénom et même date de naissance que la ligne 2 (elodie LEFEVRE, 14/03/2011).",
        "Ligne 5\u00a0: même nom, même prénom et même date de naissance que la ligne 2 (Élodie Le Fèvre, 14/03/2011).",
    ]


def test_same_names_other_birthdate_are_two_candidates():
    assert parse(csv_bytes([ROWS[0], ["Lefèvre", "Élodie", "15/03/2011", ""]])).ok


def test_an_external_id_given_twice_is_refused():
    rows = [[*ROWS[0], "A1"], [*ROWS[1], "A1"]]
    result = parse(csv_bytes(rows, header=[*HEADER, "Identifiant externe"]))
    assert messages(result) == ["Ligne 3, colonne «\u00a0Identifiant externe\u00a0»\u00a0: l'identifiant "
                                "«\u00a0A1\u00a0» est déjà celui de la ligne 2."]


def test_duplicates_against_the_session():
    result = parse(csv_bytes([[*r, f"ID{i}"] for i, r in enumerate(ROWS)], header=[*HEADER, "Identifiant externe"]))
    assert result.ok
    enrolled = [identity_key("ELODIE", "lefevre", "2011-03-14")]
    errors = duplicates_against(result.rows, enrolled, existing_external_ids=["ID2"])
    assert errors == [
        {"line": 2, "column": None, "message": "Ligne 2\u00a0: un candidat avec ce nom, ce prénom et cette date de "
         "naissance est déjà inscrit dans cette session (Élodie Lefèvre, 14/03/2011)."},
        {"line": 4, "column": "Identifiant externe", "message": "Ligne 4, colonne «\u00a0Identifiant externe\u00a0»"
         "\u00a0: l'identifiant «\u00a0ID2\u00a0» est déjà celui d'un candidat inscrit dans cette session."},
    ]
    assert duplicates_against(result.rows, []) == []
    assert row_key(result.rows[1]) == ("DUPONT", "JEAN", "2011-01-02")


def test_a_header_alone_or_an_empty_file():
    assert messages(parse(csv_bytes([]))) == ["Le fichier ne contient aucun candidat sous la ligne de titres."]
    assert messages(parse(b"")) == ["Le fichier est vide."]
    assert messages(parse(b"\r\n ; ;\r\n")) == ["Le fichier est vide."]
    assert parse(b"").format is None


def test_limits_on_lines_and_size():
    rows = [[f"Nom{i}", "Jean", "14/03/2011", ""] for i in range(MAX_ROWS)]
    assert len(parse(csv_bytes(rows)).rows) == MAX_ROWS
    result = parse(csv_bytes(rows + [["Nom", "Trop", "14/03/2011", ""], ["Nom", "Trop2", "14/03/2011", ""]]))
    assert result.errors == [{"line": None, "column": None, "message": (
        "Le fichier contient 1\u202f002 lignes de candidats\u00a0: 1\u202f000 au plus par fichier. "
        "Découpez-le en plusieurs fichiers.")}]
    big = csv_bytes([["Dupont", "Jean", "14/03/2011", ""]]) + b" " * MAX_BYTES
    assert messages(parse(big)) == ["Le fichier pèse 2,0\u00a0Mo\u00a0: 2,0\u00a0Mo au plus. "
                                    "Découpez-le en plusieurs fichiers."]


def test_binary_or_undecodable_files_are_refused_calmly():
    assert "ni UTF-8, ni Windows-1252" in messages(parse(b"Nom;Pr\x81nom\r\n"))[0]  # 0x81 is not in cp1252
    assert "ni UTF-8, ni Windows-1252" in messages(parse(b"%PDF-1.7\n\x00\x01\x02", "liste.pdf"))[0]
    assert messages(parse(b"Nom;Prenom\r\n", "liste.xlsx")) == ["Ce fichier n'est pas un classeur .ods ou .xlsx lisible."]
    assert "ancien format Excel (.xls)" in messages(parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "l.xls"))[0]


def test_an_oversized_field_is_a_malformed_line_not_a_crash():
    data = ";".join(HEADER).encode() + b'\r\n"' + b"x" * 200_000 + b'";Jean;14/03/2011;\r\n'
    assert messages(parse(data)) == ["Ligne 2\u00a0: cette ligne du CSV est mal formée (guillemet non fermé ou "
                                     "valeur trop longue)."]


def test_the_date_of_today_is_a_parameter():
    data = csv_bytes([["Dupont", "Jean", "01/06/2026", ""]])
    assert parse(data, today=TODAY).ok
    assert not parse(data, today=TODAY.replace(day=1, month=5)).ok
