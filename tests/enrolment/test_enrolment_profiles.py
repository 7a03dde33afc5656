"""Positioning profiles import (JSON, CSV, sheets), the certifiable summary and the matching."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from enrolkit import TODAY, assert_french, csv_bytes, ods_bytes, xlsx_bytes

from roomserver.content.pack import FRAMEWORK_COMPETENCES
from roomserver.core.generation import Profile, is_certifiable
from roomserver.core.identity import identity_key
from roomserver.enrolment import (certifiable_summary, certifiable_warning, fill_validated_skills, match_profiles,
                                  parse_profiles)

IDS = FRAMEWORK_COMPETENCES
ELODIE = identity_key("Élodie", "Lefèvre", "2011-03-14")


def parse(data, hint):
    entries, errors = parse_profiles(data, hint, IDS, today=TODAY)
    for e in errors:
        assert set(e) == {"line", "column", "message"}
        assert_french(e["message"])
    if errors:
        assert entries == []
    return entries, errors


def as_json(profiles) -> bytes:
    return json.dumps({"profiles": profiles}, ensure_ascii=False).encode()


def test_json_profiles_by_identity_or_external_id():
    data = as_json([
        {"last_name": "Lefèvre", "first_name": "Élodie", "birthdate": "2011-03-14",
         "pix": {"1.1": 24, "2.1": 8, "3.1": 16}, "validated_skills": ["s2", "s1"], "seen_challenges": ["c1"]},
        {"external_id": "INE-7", "pix": {"5.2": 64}},
        {"last_name": "Dupont", "first_name": "Jean", "birthdate": "02/01/2011", "external_id": "INE-8"},
    ])
    entries, errors = parse(data, "profils.json")
    assert errors == []
    assert entries == [
        {"key": ELODIE, "who": "Élodie Lefèvre, 14/03/2011", "line": 1,
         "profile": {"pix": {"1.1": 24, "2.1": 8, "3.1": 16}, "validated_skills": ["s1", "s2"],
                     "seen_challenges": ["c1"]}},
        {"external_id": "INE-7", "who": "identifiant externe «\u00a0INE-7\u00a0»", "line": 2,
         "profile": {"pix": {"5.2": 64}, "validated_skills": [], "seen_challenges": []}},
        {"key": ("DUPONT", "JEAN", "2011-01-02"), "external_id": "INE-8", "who": "Jean Dupont, 02/01/2011", "line": 3,
         "profile": {"pix": {}, "validated_skills": [], "seen_challenges": []}},
    ]
    assert Profile.from_dict(entries[0]["profile"]).level("1.1") == 3


def test_json_is_recognised_by_content_and_a_bare_list_is_accepted():
    data = b"\xef\xbb\xbf  " + json.dumps([{"external_id": "A", "pix": {"1.1": 8}}]).encode()
    entries, errors = parse(data, "application/octet-stream")
    assert errors == [] and entries[0]["external_id"] == "A"


def test_json_errors_name_the_profile_number():
    data = as_json([
        {"last_name": "Lefèvre", "first_name": "Élodie", "birthdate": "31/02/2011", "pix": {"1.1": 65}},
        {"first_name": "Jean", "pix": {"6.1": 8, "1.2": "beaucoup"}},
        {"pix": {"1.1": 8}},
        "texte",
        {"external_id": "B", "pix": {"1.1": -1}, "validated_skill": ["x"], "seen_challenges": "c1"},
        {"external_id": "B", "pix": {"1.1": True}},
        {"external_id": "C", "pix": [8, 8]},
    ])
    _, errors = parse(data, "p.json")
    assert [e["message"] for e in errors] == [
        "Profil n°\u00a01, «\u00a0birthdate\u00a0»\u00a0: le 31/02/2011 n'existe pas.",
        "Profil n°\u00a01, «\u00a0pix 1.1\u00a0»\u00a0: 65 pix est hors limites (0 à 64, soit 8 niveaux de 8 pix).",
        "Profil n°\u00a02, «\u00a0last_name\u00a0»\u00a0: manque (avec le nom, le prénom et la date de naissance, "
        "il faut les trois).",
        "Profil n°\u00a02, «\u00a0birthdate\u00a0»\u00a0: manque (avec le nom, le prénom et la date de naissance, "
        "il faut les trois).",
        "Profil n°\u00a02, «\u00a0pix\u00a0»\u00a0: compétence «\u00a06.1\u00a0» inconnue (compétences du "
        "référentiel\u00a0: 1.1 à 5.2).",
        "Profil n°\u00a02, «\u00a0pix 1.2\u00a0»\u00a0: «\u00a0beaucoup\u00a0» n'est pas un nombre entier de pix (0 à 64).",
        "Profil n°\u00a03\u00a0: il faut le nom de naissance, le prénom et la date de naissance, ou l'identifiant externe.",
        "Profil n°\u00a04\u00a0: un profil doit être un objet JSON.",
        "Profil n°\u00a05, «\u00a0validated_skill\u00a0»\u00a0: clé inconnue (clés possibles\u00a0: birthdate, "
        "external_id, first_name, last_name, pix, seen_challenges, validated_skills).",
        "Profil n°\u00a05, «\u00a0pix 1.1\u00a0»\u00a0: -1 pix est hors limites (0 à 64, soit 8 niveaux de 8 pix).",
        "Profil n°\u00a05, «\u00a0seen_challenges\u00a0»\u00a0: doit être une liste d'identifiants (textes non vides, "
        "5000 au plus).",
        "Profil n°\u00a06, «\u00a0pix 1.1\u00a0»\u00a0: «\u00a0True\u00a0» n'est pas un nombre entier de pix (0 à 64).",
        "Profil n°\u00a07, «\u00a0pix\u00a0»\u00a0: doit être un objet qui donne les pix de chaque compétence (par "
        "exemple 24 pour «\u00a01.1\u00a0»).",
    ]


def test_json_duplicates_and_file_errors():
    twice = as_json([{"external_id": "A"}, {"external_id": "B"}, {"external_id": "A"}])
    assert [e["message"] for e in parse(twice, "p.json")[1]] == [
        "Profil n°\u00a03\u00a0: ce profil (identifiant externe «\u00a0A\u00a0») est déjà donné par le profil n°\u00a01."]
    assert parse(b'{"profiles": [', "p.json")[1][0]["message"] == \
        "Le fichier JSON est mal formé (ligne 1, colonne 15)."
    assert parse(b'{"profils": []}', "p.json")[1][0]["message"].startswith("Le fichier JSON doit être un objet dont la clé «\u00a0profiles\u00a0»")
    assert parse(b'{"profiles": []}', "p.json")[1][0]["message"] == "Le fichier ne contient aucun profil."
    assert parse(b'{"profiles": "\xe9"}', "p.json")[1][0]["message"] == "Le fichier JSON doit être encodé en UTF-8."
    many = as_json([{"external_id": str(i)} for i in range(5001)])
    assert "5000 au plus" in parse(many, "p.json")[1][0]["message"]


CSV_HEADER = ["Nom de naissance", "Prénom", "Date de naissance", *IDS]


def test_csv_profiles():
    rows = [["Lefèvre", "Élodie", "14/03/2011", 24, 8, 8, 16, 8, "", "", "", "", "", "", "", "", "", "", ""],
            ["Dupont", "Jean", "02/01/2011", *(["0"] * 16)]]
    entries, errors = parse(csv_bytes(rows, header=CSV_HEADER, encoding="cp1252"), "profils.csv")
    assert errors == []
    assert entries[0]["key"] == ELODIE and entries[0]["line"] == 2
    assert entries[0]["profile"]["pix"] == {"1.1": 24, "1.2": 8, "1.3": 8, "2.1": 16, "2.2": 8,
                                           **{cid: 0 for cid in IDS[5:]}}
    assert certifiable_summary(entries[0]["profile"]) == (True, 5)
    assert certifiable_summary(entries[1]["profile"]) == (False, 0)


def test_csv_profiles_by_external_id_with_a_subset_of_competences_and_labelled_headers():
    header = ["Identifiant externe", "1.1 Mener une recherche et une veille d'information", "* 2,1", "5.2"]
    entries, errors = parse(csv_bytes([["INE-7", "24", "8,0", ""]], header=header, sep=","), "p.csv")
    assert errors == [] and entries == [{"external_id": "INE-7", "who": "identifiant externe «\u00a0INE-7\u00a0»", "line": 2,
                                         "profile": {"pix": {"1.1": 24, "2.1": 8, "5.2": 0},
                                                     "validated_skills": [], "seen_challenges": []}}]


def test_csv_profile_errors():
    header = [*CSV_HEADER[:3], "1.1", "1.2", "6.1", "Classe", "1.1"]
    _, errors = parse(csv_bytes([], header=header), "p.csv")
    assert [e["message"] for e in errors] == [
        "Ligne 1, colonne «\u00a06.1\u00a0»\u00a0: compétence «\u00a06.1\u00a0» inconnue (compétences du "
        "référentiel\u00a0: 1.1 à 5.2).",
        "Ligne 1, colonne «\u00a01.1\u00a0»\u00a0: cette compétence a deux colonnes.",
        "Ligne 1\u00a0: la colonne «\u00a0Classe\u00a0» (colonne G) n'est pas reconnue. Corrigez son titre ou "
        "supprimez-la. Colonnes attendues\u00a0: Nom de naissance, Prénom, Date de naissance (ou Identifiant "
        "externe), puis une colonne par compétence (1.1 à 5.2).",
    ]
    _, errors = parse(csv_bytes([], header=["Prénom", "1.1"]), "p.csv")
    assert [e["message"] for e in errors] == [
        "Ligne 1\u00a0: les colonnes «\u00a0Nom de naissance\u00a0», «\u00a0Prénom\u00a0» et «\u00a0Date de "
        "naissance\u00a0» vont ensemble."]
    _, errors = parse(csv_bytes([], header=["Nom", "Prénom", "Date de naissance"]), "p.csv")
    assert [e["message"] for e in errors] == ["Ligne 1\u00a0: aucune colonne de compétence (1.1, 1.2… 5.2)."]
    _, errors = parse(csv_bytes([], header=["1.1", "1.2"]), "p.csv")
    assert "ou la colonne «\u00a0Identifiant externe\u00a0»" in errors[0]["message"]
    _, errors = parse(csv_bytes([], header=CSV_HEADER), "p.csv")
    assert [e["message"] for e in errors] == ["Le fichier ne contient aucun profil sous la ligne de titres."]


def test_csv_profile_line_errors_and_duplicates():
    rows = [["Lefèvre", "Élodie", "14/03/2011", "65", "abc", "-1"],
            ["Dupont", "", "02/01/2011", "8", "8", "8"],
            ["Martin", "Paul", "02/01/2011", "8", "8", "8"],
            ["MARTIN", "paul", "2011-01-02", "8", "8", "8"]]
    _, errors = parse(csv_bytes(rows, header=[*CSV_HEADER[:3], "1.1", "1.2", "1.3"]), "p.csv")
    assert [e["message"] for e in errors] == [
        "Ligne 2, colonne «\u00a01.1\u00a0»\u00a0: 65 pix est hors limites (0 à 64, soit 8 niveaux de 8 pix).",
        "Ligne 2, colonne «\u00a01.2\u00a0»\u00a0: «\u00a0abc\u00a0» n'est pas un nombre entier de pix (0 à 64).",
        "Ligne 2, colonne «\u00a01.3\u00a0»\u00a0: -1 pix est hors limites (0 à 64, soit 8 niveaux de 8 pix).",
        "Ligne 3, colonne «\u00a0Prénom\u00a0»\u00a0: manque (avec le nom, le prénom et la date de naissance, "
        "il faut les trois).",
        "Ligne 5\u00a0: ce profil (paul MARTIN, 02/01/2011) est déjà donné ligne 4.",
    ]


@pytest.mark.parametrize("build, name", [(ods_bytes, "p.ods"), (xlsx_bytes, "p.xlsx")])
def test_profiles_from_a_sheet_with_number_cells(build, name):
    rows = [["Nom de naissance", "Prénom", "Date de naissance", 1.1, "1.2", "Identifiant externe"],
            ["Lefèvre", "Élodie", dt.date(2011, 3, 14), 24, 16.0, 12345]]
    entries, errors = parse(build(rows), name)
    assert errors == []
    assert entries[0]["key"] == ELODIE and entries[0]["external_id"] == "12345"
    assert entries[0]["profile"]["pix"] == {"1.1": 24, "1.2": 16}


@pytest.mark.parametrize("pix, summary, warning", [
    ({}, (False, 0), "Profil non certifiable\u00a0: aucune compétence de niveau 1 ou plus, il en faut au moins 5."),
    ({"1.1": 8, "1.2": 7}, (False, 1),
     "Profil non certifiable\u00a0: 1 compétence de niveau 1 ou plus, il en faut au moins 5."),
    ({"1.1": 8, "1.2": 64, "1.3": 9}, (False, 3),
     "Profil non certifiable\u00a0: 3 compétences de niveau 1 ou plus, il en faut au moins 5."),
    ({c: 8 for c in IDS[:5]}, (True, 5), None),
    ({c: 40 for c in IDS}, (True, 16), None),
])
def test_certifiable_summary_agrees_with_the_core(pix, summary, warning):
    profile = Profile(pix)
    assert certifiable_summary(profile) == summary == certifiable_summary(profile.to_dict())
    assert summary[0] == is_certifiable(profile)
    assert certifiable_warning(profile) == warning
    if warning:
        assert_french(warning)


def test_fill_validated_skills_for_a_pix_only_profile():
    from roomserver.content import load_pack
    from roomserver.content.pack import DEMO_PACK_DIR
    pack = load_pack(DEMO_PACK_DIR)
    cid = next(iter(pack.competences))
    skills = pack.skills_of(cid)
    top = max(s.level for s in skills)
    filled = fill_validated_skills({"pix": {cid: 8 * top}}, pack)
    assert set(filled["validated_skills"]) == {s.id for s in skills}
    low = fill_validated_skills({"pix": {cid: 8}}, pack)
    assert set(low["validated_skills"]) == {s.id for s in skills if s.level <= 1}
    kept = {"pix": {cid: 8}, "validated_skills": ["own"], "seen_challenges": []}
    assert fill_validated_skills(kept, pack) == kept


def test_match_profiles_with_the_session():
    entries, _ = parse(as_json([
        {"last_name": "Lefèvre", "first_name": "Élodie", "birthdate": "2011-03-14", "pix": {"1.1": 8}},
        {"external_id": "INE-7", "pix": {"1.1": 16}},
        {"external_id": "nobody", "pix": {"1.1": 24}},
        {"last_name": "Dupont", "first_name": "Jean", "birthdate": "2011-01-02", "external_id": "INE-1"},
    ]), "p.json")
    candidates = [("c1", ELODIE, "INE-1"), ("c2", ("MARTIN", "PAUL", "2010-05-05"), "INE-7"),
                  ("c3", ("DUPONT", "JEAN", "2011-01-02"), "INE-9")]
    matched, errors = match_profiles(entries, candidates)
    assert matched == {"c1": entries[0]["profile"], "c2": entries[1]["profile"]}
    assert [(e["line"], e["message"]) for e in errors] == [
        (3, "Aucun candidat de la session ne correspond au profil d'identifiant externe «\u00a0nobody\u00a0»."),
        (4, "Le nom et l'identifiant externe du profil de Jean Dupont, 02/01/2011 ne désignent pas le même "
            "candidat de la session."),
    ]


def test_two_profiles_for_one_candidate_are_refused():
    entries, _ = parse(as_json([{"external_id": "INE-1", "pix": {"1.1": 8}},
                                {"last_name": "Lefèvre", "first_name": "Élodie", "birthdate": "2011-03-14"}]), "p.json")
    matched, errors = match_profiles(entries, [("c1", ELODIE, "INE-1")])
    assert matched == {"c1": entries[0]["profile"]}
    assert [e["message"] for e in errors] == [
        "Le profil d'Élodie Lefèvre, 14/03/2011 désigne le même candidat que celui d'identifiant externe «\u00a0INE-1\u00a0»."]
