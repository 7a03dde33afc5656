"""Area 1, Information et données: web addresses, queries, timetables, storage units, file lists,
file types, spreadsheet formulas and references, statistics."""

from __future__ import annotations

import random
from fractions import Fraction

from .kit import Family, choice, code, listed, minutes, number, qcu, qroc_number, qroc_text

# -- 1.1 web addresses ---------------------------------------------------------------------------

SITES = [  # (name, top-level domain, page): invented sites
    ("cinema-lumiere", "fr", "programme"), ("velo-club-angers", "org", "calendrier"),
    ("festival-bd-lorient", "com", "billetterie"), ("mediatheque-bellevue", "fr", "catalogue"),
    ("jardins-partages", "org", "inscription"), ("escalade-vertigo", "fr", "horaires"),
]
WORDS = ["volcans", "pollinisation", "robotique", "photosynthese", "migration", "recyclage"]


def _url(level: int, variant: int, rng: random.Random) -> dict:
    name, tld, page = SITES[(level + 2 * variant) % len(SITES)]
    domain = f"{name}.{tld}"
    url = f"https://www.{domain}/{page}"
    if level == 1:
        return qcu(f"Dans l'adresse {url}, quel est le nom de domaine du site ?", domain,
                   ["https", page, "www"], rng)
    if level == 2:
        return qcu("Laquelle de ces adresses indique que les échanges avec le site sont chiffrés ?",
                   f"https://{domain}/connexion",
                   [f"http://{domain}/connexion", f"http://securise.{domain}/connexion",
                    f"http://{domain}/https/connexion"], rng)
    if level == 3:
        return qroc_text(f"Quelle est l'extension (le domaine de premier niveau) du site dont l'adresse est "
                         f"{url}.html ?", "Extension", [tld, "." + tld], ["T1"])
    if level == 4:
        other = next(p for n, t, p in SITES if p != page)
        return qcu(f"Laquelle de ces pages fait partie du même site que {url} ?",
                   f"https://www.{domain}/{other}",
                   [f"https://www.{name}.net/{page}", f"https://www.{name}-officiel.{tld}/{page}",
                    f"https://www.{page}.{tld}/{name}"], rng)
    if level == 5:
        word = WORDS[(3 * variant + level) % len(WORDS)]
        page_number = rng.randint(2, 9)
        address = f"https://www.{domain}/recherche?q={word}&page={page_number}&tri=date"
        if variant == 0:
            return qroc_number(f"Voici l'adresse d'une page de résultats :\n\n{code(address)}\n\n"
                               "Quelle est la valeur du paramètre « page » ?", "Valeur", page_number)
        return qroc_text(f"Voici l'adresse d'une page de résultats :\n\n{code(address)}\n\n"
                         "Quel mot a été cherché (paramètre « q ») ?", "Mot cherché", [word], ["T1"])
    fake = name.replace("o", "0", 1) if "o" in name else name.replace("i", "1", 1)
    return qcu(f"Laquelle de ces adresses mène vraiment au site {domain} ?",
               f"https://compte.{domain}/connexion",
               [f"https://{domain}.connexion-securite.net/", f"https://www.{name}-{tld}.com/connexion",
                f"https://{fake}.{tld}/connexion"], rng)


URL = Family("adresse-web", "1.1", "Lire une adresse web", {
    1: "Repérer le nom de domaine dans une adresse", 2: "Reconnaître une connexion chiffrée",
    3: "Identifier l'extension d'un nom de domaine", 4: "Reconnaître les pages d'un même site",
    5: "Lire les paramètres d'une adresse", 6: "Déjouer une adresse trompeuse"}, _url)

QUERIES = Family("requetes", "1.1", "Formuler une requête", {
    1: "Choisir des mots-clés", 2: "Chercher une expression exacte", 3: "Exclure un mot d'une recherche",
    4: "Chercher l'un ou l'autre de deux mots", 5: "Limiter une recherche à un site",
    6: "Combiner les opérateurs de recherche"}, listed({
        1: [choice("Vous voulez savoir combien de temps cuire des pâtes fraîches. Quelle requête est la mieux choisie ?",
                   "temps cuisson pâtes fraîches", "pâtes", "combien de temps il faut pour que ça cuise", "cuisine"),
            choice("Pour un exposé sur le recyclage du verre en France, quelle requête est la mieux choisie ?",
                   "recyclage verre France", "verre", "exposé", "comment on fait pour recycler les trucs")],
        2: [choice("Vous cherchez les pages qui contiennent exactement l'expression « le petit prince », mots dans cet "
                   "ordre. Quelle requête ?", '"le petit prince"', "le petit prince", "le-petit-prince",
                   "+le +petit +prince"),
            choice("Vous cherchez les pages qui contiennent exactement « changement d'heure ». Quelle requête ?",
                   "\"changement d'heure\"", "changement d'heure", "changement -heure", "changement OR heure")],
        3: [choice("Vous cherchez des informations sur le jaguar (l'animal), sans les pages sur la marque de "
                   "voitures. Quelle requête ?", "jaguar -voiture", "jaguar +voiture", "jaguar voiture",
                   '"jaguar voiture"'),
            choice("Vous cherchez des pages sur la souris (l'animal), sans celles sur la souris d'ordinateur. "
                   "Quelle requête ?", "souris -ordinateur", "souris ordinateur", "souris +ordinateur",
                   '"souris ordinateur"')],
        4: [choice("Vous voulez les pages qui parlent de covoiturage ou d'autopartage (l'un des deux suffit). "
                   "Quelle requête ?", "covoiturage OR autopartage", "covoiturage autopartage",
                   "covoiturage -autopartage", '"covoiturage autopartage"'),
            choice("Vous cherchez des offres de stage ou d'alternance (l'une ou l'autre). Quelle requête ?",
                   "stage OR alternance", "stage alternance", "stage -alternance", '"stage alternance"')],
        5: [choice("Vous voulez chercher « bourse lycée » seulement dans les pages du site education.gouv.fr. "
                   "Quelle requête ?", "bourse lycée site:education.gouv.fr", "bourse lycée education.gouv.fr",
                   "site bourse lycée education", "bourse lycée -education.gouv.fr"),
            choice("Vous voulez chercher « calendrier scolaire » seulement sur le site service-public.fr. "
                   "Quelle requête ?", "calendrier scolaire site:service-public.fr",
                   "calendrier scolaire service-public", "site:calendrier scolaire",
                   "calendrier scolaire -service-public.fr")],
        6: [choice("Vous cherchez des documents PDF contenant exactement l'expression « énergie renouvelable », "
                   "sans ceux qui parlent d'éolien. Quelle requête ?",
                   '"énergie renouvelable" filetype:pdf -éolien', "énergie renouvelable filetype:pdf éolien",
                   '"énergie renouvelable" pdf +éolien', '"énergie renouvelable" -filetype:pdf -éolien'),
            choice("Vous cherchez, sur le site insee.fr seulement, les documents PDF contenant exactement "
                   "« taux de chômage ». Quelle requête ?", '"taux de chômage" site:insee.fr filetype:pdf',
                   "taux de chômage insee.fr pdf", '"taux de chômage" -site:insee.fr filetype:pdf',
                   '"taux de chômage" site:insee.fr -filetype:pdf')],
    }))

# -- 1.1 timetables ------------------------------------------------------------------------------

STOPS = ["Gare", "Mairie", "Collège", "Piscine", "Lycée"]


def _timetable(rng: random.Random) -> tuple[list[int], list[int], str]:
    """Departures from the first stop (minutes), offsets per stop, and the table as text."""
    first = 6 * 60 + 40 + 5 * rng.randint(0, 5)
    step = rng.choice([15, 20, 25])
    departures = [first + step * n for n in range(5)]
    offsets = [0]
    for _ in STOPS[1:]:
        offsets.append(offsets[-1] + rng.randint(3, 8))
    width = max(len(s) for s in STOPS) + 2
    lines = [f"{stop:<{width}}" + " | ".join(f"{minutes(d + o):>7}" for d in departures)
             for stop, o in zip(STOPS, offsets)]
    return departures, offsets, "Horaires de la ligne 4 (du lundi au vendredi) :\n\n" + code("\n".join(lines))


def _times(right: int, pool: list[int]) -> list[str]:
    wrongs = [minutes(t) for t in dict.fromkeys(pool) if t != right][:3]
    return [minutes(right), *wrongs]


def _bus(level: int, variant: int, rng: random.Random) -> dict:
    departures, offsets, table = _timetable(rng)
    if level == 1:
        stop = 0 if variant == 0 else len(STOPS) - 1
        right = departures[0] + offsets[stop]
        pool = [departures[1] + offsets[stop], departures[0] + offsets[1 if stop == 0 else 0],
                departures[-1] + offsets[stop], departures[2] + offsets[stop]]
        return qcu(f"{table}\n\nÀ quelle heure passe le premier bus à l'arrêt {STOPS[stop]} ?",
                   *_split(_times(right, pool)), rng)
    if level == 2:
        run, stop = rng.randint(1, 3), rng.randint(1, 3)
        right = departures[run] + offsets[stop]
        pool = [departures[run] + offsets[stop + 1], departures[run + 1] + offsets[stop],
                departures[run - 1] + offsets[stop], departures[run] + offsets[stop - 1]]
        return qcu(f"{table}\n\nLe bus qui part de la gare à {minutes(departures[run])} passe à quelle heure à "
                   f"l'arrêt {STOPS[stop]} ?", *_split(_times(right, pool)), rng)
    if level == 3:
        stop = rng.randint(2, 4)
        run = rng.randint(1, 3)
        deadline = departures[run] + offsets[stop] + rng.randint(1, 4)
        pool = [departures[run + 1], departures[run - 1], departures[run] + offsets[stop], departures[0]]
        return qcu(f"{table}\n\nVous devez être à l'arrêt {STOPS[stop]} au plus tard à {minutes(deadline)}. À quelle "
                   "heure part de la gare le dernier bus qui vous y amène à temps ?",
                   *_split(_times(departures[run], pool)), rng)
    if level == 4:
        a, b = sorted(rng.sample(range(len(STOPS)), 2))
        return qroc_number(f"{table}\n\nCombien de minutes dure le trajet de l'arrêt {STOPS[a]} à l'arrêt {STOPS[b]} ?",
                           "Durée en minutes", offsets[b] - offsets[a])
    if level == 5:
        stop = rng.randint(1, 4)
        times = [d + offsets[stop] for d in departures]
        first = rng.randint(0, 2)
        last = rng.randint(first + 1, 4)
        start, end = times[first] - rng.randint(1, 5), times[last] + rng.randint(0, 4)
        count = sum(1 for t in times if start <= t <= end)
        return qroc_number(f"{table}\n\nCombien de bus passent à l'arrêt {STOPS[stop]} entre {minutes(start)} et "
                           f"{minutes(end)} ?", "Nombre de bus", count)
    # level 6: a change at the Lycée to line 9
    ride = rng.randint(6, 12)
    line9 = [departures[0] + offsets[-1] + rng.randint(-4, 6) + 20 * n for n in range(6)]
    table9 = "Ligne 9, départs de l'arrêt Lycée vers le Stade : " + ", ".join(minutes(t) for t in line9) + \
             f" (trajet de {ride} minutes)."
    leave = departures[1] - rng.randint(0, 5)
    bus = next(d for d in departures if d >= leave)
    at_lycee = bus + offsets[-1]
    connection = next(t for t in line9 if t >= at_lycee + 3)
    right = connection + ride
    no_margin = next(t for t in line9 if t >= at_lycee) + ride
    pool = [no_margin, right + 20, connection, at_lycee + 3 + ride, right - 20, right + 40]
    return qcu(f"{table}\n\n{table9}\n\nVous arrivez à la gare à {minutes(leave)}. Il faut au moins 3 minutes pour changer "
               "de bus au Lycée. À quelle heure pouvez-vous arriver au Stade au plus tôt ?",
               *_split(_times(right, pool)), rng)


def _split(texts: list[str]) -> tuple[str, list[str]]:
    if len(texts) < 4:
        raise ValueError(f"not enough distinct times: {texts}")
    return texts[0], texts[1:]


TIMETABLES = Family("horaires", "1.1", "Trouver une information dans un tableau", {
    1: "Lire une valeur dans un tableau", 2: "Croiser une ligne et une colonne d'un tableau",
    3: "Choisir dans un tableau selon une contrainte", 4: "Calculer une durée à partir d'un tableau",
    5: "Compter des valeurs dans un tableau", 6: "Combiner deux tableaux"}, _bus)

# -- 1.2 storage units ---------------------------------------------------------------------------

UNITS = "(1 Go = 1 000 Mo et 1 Mo = 1 000 Ko)"


def _size(ko: int) -> str:
    """A size in Ko written in the unit a computer would show (Go from 1 000 000 Ko, Mo from 1 000)."""
    if ko >= 1_000_000:
        return f"{number(Fraction(ko, 1_000_000))} Go"
    if ko >= 1000:
        return f"{number(Fraction(ko, 1000))} Mo"
    return f"{ko} Ko"


def _units(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        sizes = rng.sample([2_000_000, 1_500_000, 900_000, 5_000, 750_000, 3_000_000, 40_000], 4)
        pick = max(sizes) if variant == 0 else min(sizes)
        word = "grande" if variant == 0 else "petite"
        texts = [_size(s) for s in sizes]
        return qcu(f"Laquelle de ces tailles de fichier est la plus {word} ? {UNITS}", _size(pick),
                   [t for t in texts if t != _size(pick)], rng)
    if level == 2:
        if variant == 0:
            go = rng.choice([Fraction(5, 2), Fraction(3, 2), Fraction(4), Fraction(12, 5)])
            return qroc_number(f"Combien de mégaoctets (Mo) font {number(go)} Go ? {UNITS}", "Taille en Mo", go * 1000)
        ko = rng.choice([4500, 12_300, 750, 2050])
        return qroc_number(f"Combien de mégaoctets (Mo) font {ko:,} Ko ? {UNITS}".replace(",", " "), "Taille en Mo",
                           Fraction(ko, 1000))
    if level == 3:
        card, photo = rng.choice([(16, Fraction(7, 2)), (32, Fraction(9, 2)), (8, Fraction(3)), (64, Fraction(6))])
        what = ("une carte mémoire", "photos") if variant == 0 else ("une clé USB", "morceaux de musique")
        return qroc_number(f"Vous avez {what[0]} vide de {card} Go. Combien de {what[1]} de {number(photo)} Mo pouvez-vous "
                           f"y enregistrer au maximum ? {UNITS}", "Nombre", int(card * 1000 // photo))
    if level == 4:
        files = rng.sample([850, 2400, 1200, 370, 5600, 90], 3)
        listing = ", ".join(f"{_size(f)}" for f in files)
        return qroc_number(f"Vous voulez joindre ces fichiers à un message : {listing}. Quelle est leur taille totale, "
                           f"en Mo ? {UNITS}", "Taille en Mo", Fraction(sum(files), 1000))
    if level == 5:
        key = rng.choice([8, 16, 32])
        used = 10 * rng.randint(150, 700)
        return qroc_number(f"Votre clé USB de {key} Go contient déjà {used:,} Mo de fichiers. Combien de gigaoctets (Go) "
                           f"reste-t-il de libre ? {UNITS}".replace(",", " "), "Espace libre en Go",
                           Fraction(key * 1000 - used, 1000))
    free = rng.choice([Fraction(5, 2), Fraction(4), Fraction(7, 2), Fraction(6)])
    rate = rng.choice([350, 400, 450]) if variant == 0 else rng.choice([90, 120, 150])
    what = "une vidéo en 4K occupe environ" if variant == 0 else "une vidéo en HD occupe environ"
    return qroc_number(f"Votre téléphone a {number(free)} Go libres ; {what} {rate} Mo par minute. Combien de minutes "
                       f"entières pouvez-vous filmer au maximum ? {UNITS}", "Minutes", int(free * 1000 // rate))


STORAGE = Family("unites-stockage", "1.2", "Mesurer la taille des données", {
    1: "Comparer des tailles de fichiers", 2: "Convertir des unités de stockage",
    3: "Estimer combien de fichiers tiennent sur un support", 4: "Additionner des tailles de fichiers",
    5: "Calculer l'espace libre d'un support", 6: "Prévoir l'espace nécessaire à un enregistrement"}, _units)
