"""Area 1 (continued): a folder's file list, file types, spreadsheet formulas and references,
reading statistics. Every answer is computed here from the data shown in the question."""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .kit import Family, choice, choices, code, listed, number, qcu, qroc_number, qroc_text

# -- 1.2 a folder's file list --------------------------------------------------------------------

FILES = ["budget-club.ods", "carte-mentale.png", "devoir-physique.odt", "emploi-du-temps.pdf",
         "fiche-revision.odt", "gateau-anniversaire.jpg", "hymne-europeen.mp3", "interview-cpe.mp4",
         "jardin-lycee.jpg", "lettre-motivation.odt", "menu-cantine.pdf", "notes-sortie.txt",
         "plan-salle.png", "quiz-histoire.odp", "reportage-forum.mp4", "sortie-musee.jpg"]


def _listing(rng: random.Random) -> tuple[list[tuple[str, int, int]], str]:
    """Six files (name, size in Ko, day of the year) and the folder as the pupil sees it."""
    names = rng.sample([n for n in FILES if n.endswith(".jpg")], 2) + \
        rng.sample([n for n in FILES if not n.endswith(".jpg")], 4)
    rng.shuffle(names)
    sizes = rng.sample(range(12, 9000), 6)
    days = rng.sample(range(10, 300), 6)
    files = list(zip(names, sizes, days))
    lines = [f"{name} ; {size:,} Ko ; modifié le {_date(day)}".replace(",", " ") for name, size, day in files]
    return files, "Contenu du dossier « Documents » (nom ; taille ; date de modification) :\n" + "\n".join(lines)


def _date(day: int) -> str:
    months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    month = 0
    while day > months[month]:
        day -= months[month]
        month += 1
    return f"{day:02d}/{month + 1:02d}/2026"


def _files(level: int, variant: int, rng: random.Random) -> dict:
    files, listing = _listing(rng)
    names = [f[0] for f in files]
    if level in (1, 2, 3):
        if level == 1:
            pick, question = max(files, key=lambda f: f[1])[0], "Quel fichier est le plus volumineux ?"
        elif level == 2:
            pick, question = max(files, key=lambda f: f[2])[0], "Quel fichier a été modifié le plus récemment ?"
        else:
            order = sorted(names)
            position = 3 if variant == 0 else 4
            pick = order[position - 1]
            question = f"Vous triez le dossier par nom, de A à Z. Quel fichier arrive en {position}e position ?"
        wrongs = [n for n in names if n != pick]
        return qcu(f"{listing}\n\n{question}", pick, rng.sample(wrongs, 3), rng)
    if level == 4:
        limit = 1000 if variant == 0 else 5000
        count = sum(1 for f in files if f[1] > limit)
        return qroc_number(f"{listing}\n\nCombien de fichiers dépassent {number(Fraction(limit, 1000))} Mo ? "
                           "(1 Mo = 1 000 Ko)", "Nombre de fichiers", count)
    if level == 5:
        kind = ".jpg" if variant == 0 else ".odt"
        if not any(n.endswith(kind) for n in names):
            kind = ".jpg"
        total = sum(f[1] for f in files if f[0].endswith(kind))
        return qroc_number(f"{listing}\n\nQuelle est la taille totale des fichiers {kind}, en Ko ?", "Taille en Ko", total)
    day = sorted(f[2] for f in files)[2]
    limit = sorted(f[1] for f in files)[3]
    count = sum(1 for f in files if f[2] > day and f[1] < limit)
    return qroc_number(f"{listing}\n\nVous ne gardez que les fichiers modifiés après le {_date(day)} et de moins de "
                       f"{limit:,} Ko. Combien de fichiers gardez-vous ?".replace(",", " "), "Nombre de fichiers", count)


FILE_LIST = Family("liste-fichiers", "1.2", "Retrouver des fichiers dans un dossier", {
    1: "Repérer le fichier le plus volumineux", 2: "Repérer le fichier le plus récent", 3: "Trier des fichiers par nom",
    4: "Compter les fichiers selon leur taille", 5: "Calculer la taille d'un type de fichiers",
    6: "Filtrer des fichiers selon deux critères"}, _files)

FILE_TYPES = Family("types-fichiers", "1.2", "Reconnaître le type d'un fichier", {
    1: "Reconnaître un fichier image", 2: "Reconnaître un fichier son ou vidéo",
    3: "Reconnaître un fichier de tableur ou de présentation", 4: "Reconnaître une archive compressée",
    5: "Reconnaître un format de données en texte", 6: "Choisir un format d'image selon l'usage"}, listed({
        1: [choice("Lequel de ces fichiers est une image ?", "plage.jpg", "plage.mp3", "plage.odt", "plage.zip"),
            choice("Lequel de ces fichiers est une image ?", "logo.png", "logo.txt", "logo.wav", "logo.ods")],
        2: [choice("Lequel de ces fichiers contient seulement du son ?", "interview.mp3", "interview.mp4",
                   "interview.odt", "interview.png"),
            choice("Lequel de ces fichiers est une vidéo ?", "match.mp4", "match.mp3", "match.jpg", "match.csv")],
        3: [choice("Lequel de ces fichiers s'ouvre avec un tableur ?", "budget.ods", "budget.odt", "budget.odp",
                   "budget.mp3"),
            choice("Lequel de ces fichiers est un diaporama (une présentation) ?", "expose.pptx", "expose.xlsx",
                   "expose.docx", "expose.wav")],
        4: [choice("Lequel de ces fichiers est une archive compressée qui peut regrouper plusieurs fichiers ?",
                   "photos-sortie.zip", "photos-sortie.jpg", "photos-sortie.pdf", "photos-sortie.html"),
            choices("Lesquels de ces fichiers sont des archives compressées ?", ["projet.zip", "projet.7z"],
                    ["projet.odt", "projet.png", "projet.csv"])],
        5: [choice("Vous exportez la liste des inscrits d'un club pour l'ouvrir dans n'importe quel tableur : du texte, "
                   "une ligne par personne, les valeurs séparées par des points-virgules. Quelle extension ?",
                   ".csv", ".pdf", ".docx", ".odp"),
            choice("Lequel de ces fichiers contient du texte organisé en paires « clé : valeur », lisible par un "
                   "humain comme par un programme ?", "reglages.json", "reglages.exe", "reglages.jpg", "reglages.mp3")],
        6: [choice("Le logo du lycée doit rester net à toutes les tailles, de l'affiche géante à la petite icône. "
                   "Quel format choisir ?", ".svg (image vectorielle)", ".jpg (photo compressée)",
                   ".png (image en pixels)", ".gif (image animée)"),
            choice("Vous retouchez une photo en plusieurs étapes et l'enregistrez à chaque fois. Quel format évite de "
                   "perdre en qualité à chaque enregistrement ?", ".png (compression sans perte)",
                   ".jpg (compression avec perte)", ".jpg enregistré en qualité 50 %", ".gif limité à 256 couleurs")],
    }))

# -- 1.3 spreadsheet formulas ---------------------------------------------------------------------

COLUMNS = "ABC"


def _grid(rng: random.Random) -> tuple[dict[str, int], str]:
    cells = {f"{c}{r}": rng.randint(1, 20) for r in range(1, 5) for c in COLUMNS}
    # " | " between columns: the page may not keep runs of spaces, the separators stay readable
    lines = ["   | " + " | ".join(f"{c:>2}" for c in COLUMNS)] + [
        f"{r:<2} | " + " | ".join(f"{cells[f'{c}{r}']:>2}" for c in COLUMNS) for r in range(1, 5)]
    return cells, "Voici une feuille de calcul :\n\n" + code("\n".join(lines))


def _range(cells: dict[str, int], start: str, end: str) -> list[int]:
    return [cells[f"{c}{r}"] for c in COLUMNS[COLUMNS.index(start[0]):COLUMNS.index(end[0]) + 1]
            for r in range(int(start[1:]), int(end[1:]) + 1)]


def _round(value: Fraction, places: int) -> Fraction:
    """Round half away from zero, as the spreadsheet's ARRONDI does."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return Fraction(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _formulas(level: int, variant: int, rng: random.Random) -> dict:
    cells, sheet = _grid(rng)
    c = cells
    if level == 1:
        ref = rng.choice(list(cells))
        return qroc_number(f"{sheet}\n\nQuelle valeur contient la cellule {ref} ?", "Valeur", cells[ref])
    if level == 2:
        formula, value = (("=A2*C1+B4", c["A2"] * c["C1"] + c["B4"]) if variant == 0
                          else ("=(B1+B2)*C3", (c["B1"] + c["B2"]) * c["C3"]))
    elif level == 3:
        formula, value = (("=SOMME(B1:B4)", sum(_range(c, "B1", "B4"))) if variant == 0
                          else ("=SOMME(A2:C3)", sum(_range(c, "A2", "C3"))))
    elif level == 4:
        if variant == 0:
            formula, value = "=MOYENNE(A1:A4)", Fraction(sum(_range(c, "A1", "A4")), 4)
        else:
            formula, value = "=ARRONDI(MOYENNE(A1:C1);1)", _round(Fraction(sum(_range(c, "A1", "C1")), 3), 1)
    elif level == 5:
        values = _range(c, "A1", "C4")
        formula, value = (("=MAX(A1:C4)-MIN(A1:C4)", max(values) - min(values)) if variant == 0
                          else ('=NB.SI(A1:C4;">10")', sum(1 for v in values if v > 10)))
    else:
        if variant == 0:
            formula, value = "=SI(B2>A2;B2-A2;A2-B2)", abs(c["B2"] - c["A2"])
        else:
            formula = '=SOMME.SI(A1:A4;">8";B1:B4)'
            value = sum(c[f"B{r}"] for r in range(1, 5) if c[f"A{r}"] > 8)
    return qroc_number(f"{sheet}\n\nQuelle valeur affiche une cellule qui contient la formule `{formula}` ?",
                       "Valeur affichée", value)


FORMULAS = Family("tableur-formules", "1.3", "Calculer avec un tableur", {
    1: "Lire le contenu d'une cellule", 2: "Calculer une formule simple", 3: "Utiliser la fonction SOMME",
    4: "Utiliser la fonction MOYENNE", 5: "Utiliser les fonctions MAX, MIN et NB.SI",
    6: "Utiliser une condition dans une formule"}, _formulas)

# -- 1.3 spreadsheet references ------------------------------------------------------------------

REF = re.compile(r"(\$?)([A-Z])(\$?)(\d+)")


def shift(formula: str, columns: int, rows: int) -> str:
    """The formula copied ``columns`` to the right and ``rows`` down ($ keeps a part fixed)."""
    def move(m: re.Match) -> str:
        col_fixed, col, row_fixed, row = m.groups()
        new_col = col if col_fixed else chr(ord(col) + columns)
        new_row = row if row_fixed else str(int(row) + rows)
        return f"{col_fixed}{new_col}{row_fixed}{new_row}"
    return REF.sub(move, formula)


def _with_english(formula: str) -> list[str]:
    return [formula] + ([formula.replace("SOMME", "SUM")] if "SOMME" in formula else [])


def _references(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        if variant == 0:
            col, row = rng.choice("BCDE"), rng.randint(2, 9)
            return qroc_text(f"Quelle est la référence de la cellule située dans la colonne {col}, à la ligne {row} ?",
                             "Référence", [f"{col}{row}"], ["T1"])
        col, row = rng.choice("BCD"), rng.randint(2, 8)
        return qroc_text(f"Vous êtes dans la cellule {col}{row}. Quelle est la référence de la cellule juste en dessous ?",
                         "Référence", [f"{col}{row + 1}"], ["T1"])
    if level == 2:
        first_col, first_row = rng.choice("ABC"), rng.randint(1, 4)
        last_col, last_row = chr(ord(first_col) + rng.randint(1, 3)), first_row + rng.randint(2, 6)
        count = (ord(last_col) - ord(first_col) + 1) * (last_row - first_row + 1)
        return qroc_number(f"Combien de cellules contient la plage {first_col}{first_row}:{last_col}{last_row} ?",
                           "Nombre de cellules", count)
    row = rng.randint(2, 4)
    if level == 3:
        start, formula, moves = f"D{row}", f"=B{row}*C{row}", (0, rng.randint(2, 6))
    elif level == 4:
        start, formula, moves = f"B{row + 5}", f"=SOMME(B{row}:B{row + 4})", (rng.randint(1, 3), 0)
    elif level == 5:
        start, formula, moves = f"C{row}", f"=B{row}*$F$1", (0, rng.randint(2, 7))
    else:
        start, formula, moves = f"B{row}", f"=$A{row}*B$1", (rng.randint(1, 3), rng.randint(1, 4))
    target = shift(start, *moves)
    what = "vers le bas" if moves[0] == 0 else "vers la droite" if moves[1] == 0 else ""
    copy = f"On la recopie {what} jusqu'en {target}" if what else f"On la copie puis on la colle en {target}"
    return qroc_text(f"La cellule {start} contient la formule `{formula}`. {copy}. Quelle formule contient la "
                     f"cellule {target} ?", "Formule", _with_english(shift(formula, *moves)), ["T1"])


REFERENCES = Family("tableur-references", "1.3", "Recopier des formules dans un tableur", {
    1: "Nommer une cellule", 2: "Repérer une plage de cellules", 3: "Recopier une formule vers le bas",
    4: "Recopier une formule vers la droite", 5: "Utiliser une référence absolue",
    6: "Utiliser une référence mixte"}, _references)

# -- 1.3 statistics ---------------------------------------------------------------------------------

# (title, noun, "de" + noun, feminine, labels, the labels after "entre" / "représente", value range)
DATASETS = [
    ("Livres empruntés au CDI", "emprunts", "d'emprunts", False,
     ["septembre", "octobre", "novembre", "décembre", "janvier"],
     ["septembre", "octobre", "novembre", "décembre", "janvier"], (25, 90)),
    ("Élèves présents au club échecs", "présences", "de présences", True,
     [f"semaine {n}" for n in range(1, 8)], [f"la semaine {n}" for n in range(1, 8)], (6, 30)),
]


def _statistics(level: int, variant: int, rng: random.Random) -> dict:
    title, what, of_what, feminine, labels, named, (low, high) = DATASETS[variant]
    values = rng.sample(range(low, high), len(labels))
    table = f"{title} :\n" + "\n".join(f"{label} : {value}" for label, value in zip(labels, values))
    if level == 1:
        best = labels[values.index(max(values))]
        return qcu(f"{table}\n\nÀ quel moment y a-t-il eu le plus {of_what} ?", best,
                   rng.sample([lb for lb in labels if lb != best], 3), rng)
    if level == 2:
        return qroc_number(f"{table}\n\nQuel est le nombre total {of_what} ?", "Total", sum(values))
    if level == 3:
        if len(values) == 5:
            return qroc_number(f"{table}\n\nQuelle est la moyenne des {what} ?", "Moyenne", Fraction(sum(values), 5))
        mean = _round(Fraction(sum(values), len(values)), 1)
        return qroc_number(f"{table}\n\nQuelle est la moyenne des {what}, arrondie au dixième ?", "Moyenne", mean)
    if level == 4:
        n = rng.randrange(len(labels))
        share = _round(Fraction(100 * values[n], sum(values)), 0)
        return qroc_number(f"{table}\n\nQuelle part du total représente {named[n]}, en pourcentage arrondi à l'unité ?",
                           "Pourcentage", share)
    if level == 5:
        return qroc_number(f"{table}\n\nQuelle est la médiane de ces {len(values)} valeurs ?", "Médiane",
                           sorted(values)[len(values) // 2])
    first, last = values[0], values[-1]
    if first == last:
        last += 1
        values[-1] = last
        table = f"{title} :\n" + "\n".join(f"{label} : {value}" for label, value in zip(labels, values))
    change = _round(Fraction(100 * abs(last - first), first), 0)
    direction = "augmenté" if last > first else "baissé"
    return qroc_number(f"{table}\n\nDe combien de pour cent les {what} ont-{'elles' if feminine else 'ils'} "
                       f"{direction} entre {named[0]} et {named[-1]} ? Arrondissez à l'unité.", "Pourcentage", change)


STATISTICS = Family("statistiques", "1.3", "Exploiter une série de données", {
    1: "Repérer la valeur la plus grande", 2: "Calculer un total", 3: "Calculer une moyenne",
    4: "Calculer une proportion en pourcentage", 5: "Déterminer une médiane",
    6: "Calculer une évolution en pourcentage"}, _statistics)
