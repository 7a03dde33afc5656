"""French wording: dates, times, plurals, typography, order of names, birthplaces."""

import datetime as dt

from roomserver.documents.french import (
    NBSP,
    at_time,
    birthdate,
    birthplace,
    clock_text,
    duration,
    long_date,
    percent,
    plural,
    session_date,
    sort_key,
    typo,
)


def test_dates_in_words_whatever_the_locale():
    assert long_date(dt.date(2026, 11, 30)) == "lundi 30 novembre 2026"
    assert long_date(dt.date(2026, 12, 1)) == "mardi 1er décembre 2026"
    assert long_date(dt.date(2027, 8, 15)) == "dimanche 15 août 2027"
    assert session_date({"date": "2026-02-05"}) == "jeudi 5 février 2026"
    assert session_date({"date": "bientôt"}) == "bientôt"
    assert session_date({}) == "date non renseignée"


def test_times_and_durations_never_split():
    assert clock_text("09:00") == f"09{NBSP}h{NBSP}00"
    assert clock_text("9h5") == "9h5"  # not a time: printed as written
    assert duration(105 * 60) == f"1{NBSP}h{NBSP}45"
    assert duration(140 * 60) == f"2{NBSP}h{NBSP}20"
    assert duration(2 * 3600) == f"2{NBSP}h"
    assert duration(35 * 60) == f"35{NBSP}min"
    moment = dt.datetime(2026, 5, 12, 10, 42)
    assert at_time(moment.timestamp()) == f"10{NBSP}h{NBSP}42"  # server local time


def test_numbers_and_plurals():
    assert plural(0, "candidat") == f"0{NBSP}candidat"
    assert plural(1, "candidat") == f"1{NBSP}candidat"
    assert plural(2, "candidat") == f"2{NBSP}candidats"
    assert plural(3, "procès-verbal", "procès-verbaux") == f"3{NBSP}procès-verbaux"
    assert percent(33) == f"33{NBSP}%"
    assert percent(72.5) == f"72,5{NBSP}%"
    assert birthdate("2011-03-14") == "14/03/2011"


def test_typography_puts_no_break_spaces_where_french_wants_them():
    assert typo("Heure : 10 ; vu ? oui ! « bien » 33 %") == \
        f"Heure{NBSP}: 10{NBSP}; vu{NBSP}? oui{NBSP}! «{NBSP}bien{NBSP}» 33{NBSP}%"
    assert typo("http://salle.local:8000/ à 09:00") == "http://salle.local:8000/ à 09:00"
    assert typo("Nguye\u0302\u0303n") == "Nguyễn"  # decomposed input prints with the precomposed letter


def test_french_order_ignores_accents_case_and_punctuation():
    names = ["Zola", "Écuyer", "durand", "Dupont", "Ærøe", "d'Hervé", "Œuvrard", "Ørsted", "Eddy", "Élise"]
    ordered = sorted(names, key=lambda n: sort_key(n, "x"))
    assert ordered == ["Ærøe", "d'Hervé", "Dupont", "durand", "Écuyer", "Eddy", "Élise", "Œuvrard", "Ørsted",
                       "Zola"]
    assert sorted([("Martin", "Élodie"), ("Martin", "Eddy")], key=lambda n: sort_key(*n))[0][1] == "Eddy"


def test_birthplace_shows_the_country_only_abroad():
    assert birthplace({"birth_city": "Lyon", "birth_postal_code": "69003", "birth_country": "France"}) == \
        "Lyon (69003)"
    assert birthplace({"birth_city": "Lyon", "birth_insee_code": "69123"}) == f"Lyon (INSEE{NBSP}69123)"
    assert birthplace({"birth_city": "Dakar", "birth_country": "Sénégal"}) == "Dakar, Sénégal"
    assert birthplace({"birth_country": "Pologne"}) == "Pologne"
    assert birthplace({}) == ""
