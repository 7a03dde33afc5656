"""Area 3 (continued): 3.3 adapting documents (printing, export formats, accessibility) and
3.4 programming (reading Python, binary numbers, algorithms in plain French)."""

from __future__ import annotations

import contextlib
import io
import math
import random
from fractions import Fraction

from .kit import Family, choice, choices, code as block, listed, qcu, qroc_number, qroc_text

# -- 3.3 printing -------------------------------------------------------------------------------------


def _printing(level: int, variant: int, rng: random.Random) -> dict:
    pages = rng.randint(5, 23)
    if level == 1:
        copies = rng.randint(2, 30)
        return qroc_number(f"Vous imprimez {copies} exemplaires d'un document de {pages} pages, en recto seul. Combien de "
                           "pages sont imprimées en tout ?", "Nombre de pages", copies * pages)
    if level == 2:
        return qroc_number(f"Un document de {pages} pages est imprimé en recto verso (une page de chaque côté de la "
                           "feuille). Combien de feuilles faut-il ?", "Nombre de feuilles", math.ceil(pages / 2))
    if level == 3:
        a = rng.randint(2, 4)
        b = a + rng.randint(2, 5)
        c = b + rng.randint(2, 3)
        d = c + rng.randint(3, 5)
        e = d + rng.randint(1, 3)
        text = f"{a}-{b}, {c}, {d}-{e}"
        return qroc_number(f"Dans la fenêtre d'impression, vous écrivez « {text} » dans la case « Pages ». Combien de pages "
                           "seront imprimées ?", "Nombre de pages", (b - a + 1) + 1 + (e - d + 1))
    if level == 4:
        return qroc_number(f"Vous imprimez un document de {pages} pages avec 2 pages par face, en recto verso. Combien de "
                           "feuilles faut-il ?", "Nombre de feuilles", math.ceil(pages / 4))
    if level == 5:
        pupils = rng.randint(24, 35)
        subject = rng.randint(3, 9)
        return qroc_number(f"Pour une classe de {pupils} élèves, vous imprimez un sujet de {subject} pages en recto verso, "
                           "un exemplaire par élève. Combien de feuilles faut-il ?", "Nombre de feuilles",
                           pupils * math.ceil(subject / 2))
    black, colour = rng.choice([(2, 10), (3, 12), (2, 15), (4, 20)])
    in_colour = rng.randint(1, 4)
    copies = rng.randint(3, 12)
    cents = copies * (in_colour * colour + (pages - in_colour) * black)
    return qroc_number(f"Le lycée compte {black} centimes par page imprimée en noir et blanc et {colour} centimes par page "
                       f"en couleur. Vous imprimez {copies} exemplaires d'un dossier de {pages} pages, dont {in_colour} en "
                       "couleur. Combien cela coûte-t-il, en euros ?", "Coût en euros", Fraction(cents, 100))


PRINTING = Family("impression", "3.3", "Préparer une impression", {
    1: "Compter les pages à imprimer", 2: "Imprimer en recto verso", 3: "Imprimer une partie d'un document",
    4: "Imprimer plusieurs pages par face", 5: "Prévoir une impression pour une classe",
    6: "Estimer le coût d'une impression"}, _printing)

EXPORTS = Family("formats-diffusion", "3.3", "Choisir le format d'un document à diffuser", {
    1: "Diffuser un document que personne ne doit modifier", 2: "Diffuser un document que d'autres vont modifier",
    3: "Choisir un format pour une photo", 4: "Garder la transparence d'une image",
    5: "Exporter des données vers un autre logiciel", 6: "Archiver un document sur la durée"}, listed({
        1: [choice("Vous envoyez votre CV pour un stage et il doit s'afficher partout à l'identique, sans être modifié. "
                   "Quel format choisissez-vous ?", "PDF", "ODT", "TXT", "HTML"),
            choice("Le menu de la cantine doit être mis en ligne tel quel, lisible sur tous les appareils. Quel format "
                   "convient le mieux ?", "PDF", "ODS", "DOCX", "ODP")],
        2: [choice("Vous envoyez un texte à un camarade qui doit le compléter avec son traitement de texte. Quel format ?",
                   "ODT (ou DOCX)", "PDF", "JPG", "MP3"),
            choice("Votre professeure veut corriger votre rapport directement dans le fichier. Quel format lui envoyez-vous ?",
                   "ODT (ou DOCX)", "PNG", "PDF", "ZIP")],
        3: [choice("Pour publier la photo de la sortie sur le site du lycée, avec un poids raisonnable, quel format "
                   "choisir ?", "JPG", "SVG", "TXT", "WAV"),
            choice("Quel format d'image convient le mieux à une photographie, avec beaucoup de nuances de couleurs ?",
                   "JPG", "GIF", "TXT", "ODS")],
        4: [choice("Le logo du club doit garder un fond transparent pour se poser sur n'importe quelle couleur. Quel "
                   "format d'image en pixels choisir ?", "PNG", "JPG", "BMP", "PDF"),
            choice("Pourquoi le format JPG ne convient-il pas à un logo au fond transparent ?",
                   "Le JPG ne gère pas la transparence", "Le JPG est trop récent", "Le JPG ne gère pas les couleurs",
                   "Le JPG ne s'ouvre que sur Linux")],
        5: [choice("Vous devez transférer la liste des élèves d'un tableur vers un autre logiciel qui ne lit que du texte "
                   "en colonnes. Quel format d'export ?", "CSV", "PDF", "PNG", "MP4"),
            choice("Dans un fichier CSV à la française, quel caractère sépare le plus souvent les colonnes ?",
                   "Le point-virgule", "Le point", "L'espace", "Le tiret")],
        6: [choice("Quel format est conçu pour archiver un document et pouvoir encore l'afficher à l'identique dans "
                   "des dizaines d'années ?", "PDF/A", "DOCX avec macros", "JPG basse qualité", "HTML avec vidéos"),
            choices("Quels choix facilitent la lecture d'un document dans 20 ans ?",
                    ["Un format ouvert et documenté", "Des polices incorporées au fichier"],
                    ["Un format propre à un seul logiciel payant", "Des liens vers des images en ligne"])],
    }))

ACCESSIBILITY = Family("accessibilite-documents", "3.3", "Rendre un document accessible", {
    1: "Choisir une taille de caractères lisible", 2: "Assurer un bon contraste", 3: "Décrire une image",
    4: "Structurer un document avec des titres", 5: "Écrire des liens explicites",
    6: "Rendre une vidéo et un diaporama accessibles"}, listed({
        1: [choice("Pour une affiche lisible de loin dans le hall, quelle taille de caractères choisir pour le titre ?",
                   "Très grande (plus de 72 points)", "8 points", "10 points", "La plus petite possible"),
            choice("Pour un document lu par un élève malvoyant, que préférer ?",
                   "Une police simple et de grande taille", "Une police manuscrite fantaisie",
                   "Un texte tout en italique", "Un texte serré sur toute la page")],
        2: [choice("Quelle combinaison est la plus lisible ?", "Texte noir sur fond blanc",
                   "Texte jaune clair sur fond blanc", "Texte gris clair sur fond gris", "Texte rouge sur fond vert"),
            choice("Pourquoi éviter d'indiquer une information seulement par une couleur (« en rouge, les absents ») ?",
                   "Certaines personnes ne distinguent pas les couleurs", "Le rouge est interdit",
                   "Les couleurs ne s'impriment jamais", "Cela rend le fichier plus lourd")],
        3: [choice("Qu'est-ce que le texte alternatif d'une image ?",
                   "Une courte description lue par les lecteurs d'écran", "Le nom du fichier de l'image",
                   "Une légende en couleur", "Le texte qui s'affiche en gros sur l'image"),
            choice("Quel texte alternatif convient à la photo de l'équipe de handball du lycée ?",
                   "L'équipe de handball du lycée, douze élèves en maillot bleu, après la finale",
                   "image.jpg", "Photo", "Cliquez ici")],
        4: [choice("Pourquoi utiliser les styles de titres (Titre 1, Titre 2) plutôt que du gras agrandi ?",
                   "Pour que la structure soit reconnue (sommaire, navigation, lecteur d'écran)",
                   "Pour que le document pèse moins", "Pour que le texte soit en couleur",
                   "Parce que le gras est interdit"),
            choice("Un lecteur d'écran permet de sauter de titre en titre. Qu'est-ce qui le rend possible ?",
                   "Des titres créés avec les styles de titres", "Des titres en majuscules",
                   "Des titres soulignés à la main", "Des titres dans des zones de texte")],
        5: [choice("Quel texte de lien est le plus clair pour tout le monde ?", "Télécharger le règlement intérieur (PDF)",
                   "Cliquez ici", "Lien", "https://www.exemple.fr/d/7f3a9"),
            choice("Pourquoi éviter plusieurs liens « cliquez ici » sur une même page ?",
                   "Hors contexte, un lecteur d'écran ne dit pas où mène chacun", "Ils ralentissent la connexion",
                   "Ils sont interdits par la loi", "Ils changent la couleur de la page")],
        6: [choices("Quelles actions rendent une vidéo de présentation du lycée plus accessible ?",
                    ["Ajouter des sous-titres", "Proposer une transcription écrite"],
                    ["Accélérer la vidéo", "Supprimer le son"]),
            choice("Pour un diaporama accessible, que faut-il faire ?",
                   "Donner un titre à chaque diapositive et décrire les images",
                   "Mettre tout le texte dans des images", "Utiliser le plus d'animations possible",
                   "Écrire en gris clair sur fond blanc")],
    }))

# -- 3.4 reading Python -------------------------------------------------------------------------------


def run(code: str) -> str:
    """What the program prints (the questions' answers come from a real run)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})  # noqa: S102  (our own generated program)
    return out.getvalue().strip()


def _python(level: int, variant: int, rng: random.Random) -> dict:
    a, b = rng.randint(2, 9), rng.randint(2, 9)
    if level == 1:
        code = f"print({a} * {b} + {rng.randint(1, 9)})" if variant == 0 else f"print({a + 10} - {b})"
    elif level == 2:
        code = f"x = {a}\nx = x + {b}\nx = x * 2\nprint(x)"
    elif level == 3:
        n = rng.randint(3, 18)
        code = f"n = {n}\nif n > 10:\n    print(n - 10)\nelse:\n    print(n + 10)"
    elif level == 4:
        if variant == 0:
            code = f"total = 0\nfor i in range(1, {a + 1}):\n    total = total + i\nprint(total)"
        else:
            code = f"x = {b}\nfor i in range({a}):\n    x = x + 3\nprint(x)"
    elif level == 5:
        start, limit = rng.randint(1, 5), rng.randint(40, 200)
        code = f"n = {start}\ncompteur = 0\nwhile n < {limit}:\n    n = n * 2\n    compteur = compteur + 1\nprint(compteur)"
    elif variant == 0:
        code = f"def f(x):\n    return 3 * x - {a}\n\nprint(f(f({b})))"
    else:
        values = rng.sample(range(4, 20), 6)
        limit = rng.randint(8, 14)
        code = ("def compte(liste, seuil):\n    n = 0\n    for x in liste:\n        if x >= seuil:\n"
                f"            n = n + 1\n    return n\n\nprint(compte({values}, {limit}))")
    return qroc_number(f"Voici un programme Python :\n\n{block(code)}\n\nQu'affiche ce programme ?", "Affichage",
                       int(run(code)))


PYTHON = Family("python-lire", "3.4", "Lire un programme Python", {
    1: "Lire une instruction d'affichage", 2: "Suivre l'affectation d'une variable", 3: "Prévoir le résultat d'une condition",
    4: "Prévoir le résultat d'une boucle « for »", 5: "Prévoir le résultat d'une boucle « while »",
    6: "Lire une fonction"}, _python)

# -- 3.4 binary -----------------------------------------------------------------------------------------


def _binary(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        bits = format(rng.randint(17, 63), "b")
        return qcu("Laquelle de ces écritures est celle d'un nombre en binaire (seulement des 0 et des 1) ?", bits,
                   [bits.replace("1", "2", 1), bits[:2] + "A" + bits[3:], str(rng.randint(23, 99))], rng)
    if level == 2:
        value = rng.randint(3, 15)
        return qroc_number(f"Quelle est la valeur décimale du nombre binaire {value:b} ?", "Valeur", value)
    if level == 3:
        value = rng.randint(9, 31)
        return qroc_text(f"Écrivez le nombre {value} en binaire.", "En binaire", [f"{value:b}", f"{value:08b}"], ["T1"])
    if level == 4:
        k = rng.randint(3, 10)
        return qroc_number(f"Combien de valeurs différentes peut-on coder avec {k} bits ?", "Nombre de valeurs", 2 ** k)
    if level == 5:
        if variant == 0:
            octets = rng.randint(3, 64)
            return qroc_number(f"Combien de bits contiennent {octets} octets ? (1 octet = 8 bits)", "Bits", 8 * octets)
        octets = rng.randint(3, 64)
        return qroc_number(f"Un message fait {8 * octets} bits. Combien d'octets cela représente-t-il ? (1 octet = 8 bits)",
                           "Octets", octets)
    x, y = rng.randint(5, 21), rng.randint(5, 21)
    return qroc_text(f"Calculez en binaire {x:b} + {y:b}. Écrivez le résultat en binaire.", "Résultat en binaire",
                     [f"{x + y:b}", f"{x + y:08b}"], ["T1"])


BINARY = Family("binaire", "3.4", "Représenter des nombres en binaire", {
    1: "Reconnaître un nombre binaire", 2: "Convertir un petit nombre binaire en décimal",
    3: "Convertir un nombre décimal en binaire", 4: "Compter les valeurs codables sur n bits",
    5: "Convertir des bits en octets", 6: "Additionner deux nombres binaires"}, _binary)

# -- 3.4 algorithms in plain French -------------------------------------------------------------------


def _algorithms(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        mark = rng.choice([7, 9, 10, 12, 15])
        right = "admis" if mark >= 10 else "ajourné"
        return qcu(block(f"note ← {mark}\nsi note ≥ 10 alors afficher « admis »\nsinon afficher « ajourné »")
                   + "\n\nQu'affiche cet algorithme ?", right, [w for w in ("admis", "ajourné", "rien", "admis puis ajourné") if w != right], rng)
    if level == 2:
        age, ok = rng.choice([13, 15, 16, 17]), rng.choice(["oui", "non"])
        right = "inscrit" if age >= 15 and ok == "oui" else "refusé"
        return qcu(block(f"âge ← {age}\nautorisation ← « {ok} »\nsi âge ≥ 15 ET autorisation = « oui » alors afficher "
                         "« inscrit »\nsinon afficher « refusé »") + "\n\nQu'affiche cet algorithme ?", right,
                   [w for w in ("inscrit", "refusé", "rien", "inscrit puis refusé") if w != right], rng)
    if level == 3:
        rain, umbrella = rng.choice([True, False]), rng.choice([True, False])
        right = "on sort" if (not rain) or umbrella else "on reste"
        return qcu(block(f"pluie ← {'vrai' if rain else 'faux'}\nparapluie ← {'vrai' if umbrella else 'faux'}\n"
                         "si NON pluie OU parapluie alors afficher « on sort »\nsinon afficher « on reste »")
                   + "\n\nQu'affiche cet algorithme ?", right,
                   [w for w in ("on sort", "on reste", "rien", "on sort puis on reste") if w != right], rng)
    if level == 4:
        a, b = rng.randint(2, 6), rng.randint(2, 6)
        if variant == 0:
            return qroc_number("Un robot exécute :\n\n" + block(f"répéter {a} fois :\n    répéter {b} fois :\n"
                                                                  "        avancer d'un pas\n    fin répéter\nfin répéter")
                               + "\n\nCombien de pas fait-il en tout ?", "Nombre de pas", a * b)
        c = rng.randint(1, b - 1)
        return qroc_number("Un robot part de la case 0 et exécute :\n\n"
                           + block(f"répéter {a} fois :\n    avancer de {b} cases\n    reculer de {c} cases\nfin répéter")
                           + "\n\nSur quelle case finit-il ?", "Case", a * (b - c))
    if level == 5:
        x, limit, step = rng.randint(1, 6), rng.randint(30, 90), rng.randint(4, 9)
        count, value = 0, x
        while value < limit:
            value, count = value + step, count + 1
        return qroc_number(block(f"x ← {x}\ncompteur ← 0\ntant que x < {limit} :\n    x ← x + {step}\n"
                                 "    compteur ← compteur + 1\nfin tant que\nafficher compteur")
                           + "\n\nQu'affiche cet algorithme ?",
                           "Affichage", count)
    low = rng.randint(10, 30)
    high = low + rng.randint(6, 9)

    def wins(n: int) -> bool:
        return low < n < high and n % 2 == 0

    winners = [n for n in range(low - 5, high + 6) if wins(n)]
    right = rng.choice(winners)
    losers = [n for n in range(low - 5, high + 6) if not wins(n) and n != right]
    picked = [low, high, right + 1 if not wins(right + 1) else right - 1] + rng.sample(losers, 3)
    wrongs = list(dict.fromkeys(n for n in picked if not wins(n)))[:3]
    return qcu("n est un nombre entier.\n\n" + block(f"si n > {low} ET n < {high} ET n est pair alors afficher « gagné »\n"
                                                      "sinon afficher « perdu »")
               + "\n\nPour quelle valeur de n l'algorithme affiche-t-il « gagné » ?", str(right),
               [str(w) for w in wrongs], rng)


ALGORITHMS = Family("algorithmes", "3.4", "Lire un algorithme", {
    1: "Évaluer une condition simple", 2: "Évaluer une condition avec ET", 3: "Évaluer une condition avec OU et NON",
    4: "Compter les répétitions d'une boucle", 5: "Suivre une boucle « tant que »",
    6: "Trouver une valeur qui rend une condition vraie"}, _algorithms)

FAMILIES = (PRINTING, EXPORTS, ACCESSIBILITY, PYTHON, BINARY, ALGORITHMS)
