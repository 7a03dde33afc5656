"""Area 3, Création de contenus: 3.1 text documents (find and replace, shortcuts, typography)
and 3.2 multimedia (pixels, colour codes, video and sound)."""

from __future__ import annotations

import random
import re
from fractions import Fraction

from .area1b import _round
from .kit import Family, choice, listed, qcu, qroc_number, qroc_text, qrocm_ind

# -- 3.1 find and replace ----------------------------------------------------------------------------

SHORT_TEXTS = [
    ("vélo", "Le vélo de Sami est rouge. Sami range son vélo au garage. Demain, le vélo ira chez le réparateur."),
    ("exposé", "Notre exposé parle des volcans. Chacun prépare une partie de l'exposé. L'exposé dure dix minutes, "
               "et un exposé trop long sera coupé."),
]
TEXTS = [
    ("chat", "chien", "loup", "Le chat de Chloé dort sur le canapé. Un chaton joue avec le chien du voisin. "
                              "Chat perché ! Chloé chatouille son chat, qui s'échappe vers la niche du chien."),
    ("note", "score", "point", "Note sur le contrôle de mardi. Le professeur note les exposés. Mes notes de maths "
                               "sont bonnes. Il annote la copie et note une remarque. Une note de musique s'affiche. "
                               "Le score final compte."),
]


def _count(text: str, word: str, *, case: bool, whole: bool) -> int:
    pattern = rf"\b{re.escape(word)}\b" if whole else re.escape(word)
    return len(re.findall(pattern, text, 0 if case else re.IGNORECASE))


def _find(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        word, text = SHORT_TEXTS[variant]
        return qroc_number(f"Voici un texte :\n« {text} »\n\nCombien de fois le mot « {word} » apparaît-il ?",
                           "Nombre", _count(text, word, case=True, whole=True))
    word, new, third, text = TEXTS[variant]
    shown = f"Voici un texte :\n« {text} »\n\n"
    if level == 2:
        return qroc_number(f"{shown}Vous cherchez « {word} » sans cocher aucune option : majuscules et minuscules sont "
                           "confondues, et le mot peut être trouvé à l'intérieur d'un autre mot. Combien de résultats "
                           "le logiciel trouve-t-il ?", "Nombre", _count(text, word, case=False, whole=False))
    if level == 3:
        return qroc_number(f"{shown}Vous cherchez « {word} » en cochant seulement l'option « Mots entiers » "
                           "(majuscules et minuscules restent confondues). Combien de résultats ?", "Nombre",
                           _count(text, word, case=False, whole=True))
    if level == 4:
        longer = sorted({m.group(0) for m in re.finditer(rf"\w*{word}\w*", text, re.IGNORECASE)} - {word,
                                                                                                  word.capitalize()})
        target = longer[variant % len(longer)]
        result = re.sub(re.escape(word), new, target, flags=re.IGNORECASE)
        return qroc_text(f"{shown}Vous remplacez partout « {word} » par « {new} », sans cocher aucune option "
                         "(majuscules et minuscules confondues, le mot peut être dans un autre mot). Que devient le "
                         f"mot « {target} » ?", "Mot obtenu", [result], ["T1"])
    if level == 5:
        return qroc_number(f"{shown}Vous cherchez « {word} » en cochant les options « Respecter la casse » (une "
                           "majuscule ne correspond pas à une minuscule) et « Mots entiers ». Combien de résultats ?",
                           "Nombre", _count(text, word, case=True, whole=True))
    after = re.sub(re.escape(word), new, text, flags=re.IGNORECASE)
    after = re.sub(re.escape(new), third, after, flags=re.IGNORECASE)
    return qroc_number(f"{shown}Sans cocher aucune option, vous remplacez partout « {word} » par « {new} », puis partout "
                       f"« {new} » par « {third} ». Combien de fois la suite de lettres « {third} » apparaît-elle "
                       "dans le texte obtenu ?", "Nombre", _count(after, third, case=False, whole=False))


FIND_REPLACE = Family("rechercher-remplacer", "3.1", "Rechercher et remplacer dans un texte", {
    1: "Compter les occurrences d'un mot", 2: "Rechercher sans tenir compte de la casse",
    3: "Rechercher un mot entier", 4: "Prévoir le résultat d'un remplacement",
    5: "Rechercher en respectant la casse", 6: "Enchaîner des remplacements"}, _find)

SHORTCUTS = Family("raccourcis-clavier", "3.1", "Utiliser les raccourcis clavier", {
    1: "Copier et coller au clavier", 2: "Annuler une action au clavier", 3: "Enregistrer et imprimer au clavier",
    4: "Sélectionner et gérer les onglets au clavier", 5: "Rechercher et rouvrir au clavier",
    6: "Passer d'une fenêtre à l'autre au clavier"}, listed({
        1: [choice("Sur un ordinateur sous Windows ou Linux, quel raccourci copie le texte sélectionné ?", "Ctrl + C",
                   "Ctrl + V", "Ctrl + X", "Ctrl + P"),
            choice("Sur un ordinateur sous Windows ou Linux, quel raccourci colle ce que vous avez copié ?", "Ctrl + V",
                   "Ctrl + C", "Ctrl + Z", "Ctrl + S")],
        2: [choice("Vous venez d'effacer un paragraphe par erreur. Quel raccourci annule cette action ?", "Ctrl + Z",
                   "Ctrl + A", "Ctrl + X", "Ctrl + C"),
            choice("Quel raccourci coupe le texte sélectionné (il disparaît et peut être collé ailleurs) ?", "Ctrl + X",
                   "Ctrl + C", "Ctrl + Z", "Ctrl + N")],
        3: [choice("Quel raccourci enregistre le document en cours ?", "Ctrl + S", "Ctrl + E", "Ctrl + P", "Ctrl + O"),
            choice("Quel raccourci ouvre la fenêtre d'impression ?", "Ctrl + P", "Ctrl + I", "Ctrl + S", "Ctrl + T")],
        4: [choice("Quel raccourci sélectionne tout le texte d'un document ?", "Ctrl + A", "Ctrl + T", "Ctrl + S",
                   "Ctrl + Maj + S"),
            choice("Dans un navigateur web, quel raccourci ouvre un nouvel onglet ?", "Ctrl + T", "Ctrl + N",
                   "Ctrl + W", "Ctrl + O")],
        5: [choice("Dans un navigateur, quel raccourci cherche un mot dans la page affichée ?", "Ctrl + F", "Ctrl + H",
                   "Ctrl + R", "Ctrl + G"),
            choice("Dans un navigateur, vous avez fermé un onglet par erreur. Quel raccourci le rouvre ?",
                   "Ctrl + Maj + T", "Ctrl + T", "Ctrl + W", "Ctrl + Z")],
        6: [choice("Sous Windows, quel raccourci permet de passer d'une fenêtre ouverte à une autre ?", "Alt + Tab",
                   "Ctrl + Tab", "Maj + Tab", "Alt + F4"),
            choice("Sous Windows, vous quittez votre poste quelques minutes. Quel raccourci verrouille votre session ?",
                   "Windows + L", "Alt + F4", "Ctrl + W", "Windows + D")],
    }))

TYPOGRAPHY = Family("typographie", "3.1", "Respecter la typographie française", {
    1: "Mettre les majuscules", 2: "Placer les espaces autour de la virgule et du point",
    3: "Placer les espaces autour des deux-points, du point d'exclamation et du point d'interrogation",
    4: "Utiliser les guillemets français", 5: "Écrire les nombres et les unités", 6: "Utiliser l'espace insécable"},
    listed({
        1: [choice("Quelle phrase est correctement écrite ?", "Nous partons à Lyon avec Emma.",
                   "nous partons à Lyon avec Emma.", "Nous partons à lyon avec Emma.", "Nous partons à Lyon avec emma."),
            choice("Quelle phrase est correctement écrite ?", "La Loire traverse Orléans.",
                   "la Loire traverse Orléans.", "La loire traverse Orléans.", "La Loire traverse orléans.")],
        2: [choice("Quelle phrase respecte les espaces de la ponctuation ?", "Il a pris un stylo, une règle et une gomme.",
                   "Il a pris un stylo ,une règle et une gomme.", "Il a pris un stylo , une règle et une gomme .",
                   "Il a pris un stylo,une règle et une gomme."),
            choice("Quelle phrase respecte les espaces de la ponctuation ?", "Le club ouvre lundi. Venez, vous verrez.",
                   "Le club ouvre lundi .Venez , vous verrez.", "Le club ouvre lundi.Venez,vous verrez.",
                   "Le club ouvre lundi . Venez ,vous verrez .")],
        3: [choice("En français, quelle phrase est correctement écrite ?", "Attention : la salle change !",
                   "Attention: la salle change!", "Attention :la salle change !", "Attention : la salle change!"),
            choice("En français, quelle question est correctement écrite ?", "Vous venez au club ce soir ?",
                   "Vous venez au club ce soir?", "Vous venez au club ce soir ?!?", "Vous venez au club ce soir ? ?")],
        4: [choice("Quelle phrase utilise correctement les guillemets français ?",
                   "Le proviseur a dit : « Bonne rentrée à tous. »", "Le proviseur a dit : \"Bonne rentrée à tous.\"",
                   "Le proviseur a dit : «Bonne rentrée à tous.»", "Le proviseur a dit : » Bonne rentrée à tous. «"),
            choice("Comment s'appellent les guillemets « et » ?", "Les guillemets français (ou chevrons)",
                   "Les apostrophes", "Les parenthèses", "Les accolades")],
        5: [choice("Quelle écriture est correcte en français ?", "La salle mesure 12,5 m de long.",
                   "La salle mesure 12.5m de long.", "La salle mesure 12,5m de long.", "La salle mesure 12 ,5 m de long."),
            choice("Quelle écriture d'une durée est correcte ?", "Le film dure 1 h 30 min.", "Le film dure 1H30mn.",
                   "Le film dure 1:30 h.", "Le film dure 1 heure 30 mns.")],
        6: [choice("Pourquoi met-on une espace insécable dans « 25 % » ?",
                   "Pour que 25 et % ne soient jamais séparés en fin de ligne", "Pour que le nombre soit plus grand",
                   "Pour que le correcteur orthographique l'ignore", "Pour que le texte soit en gras"),
            choice("Dans un traitement de texte, quel raccourci insère une espace insécable ?", "Ctrl + Maj + Espace",
                   "Ctrl + Espace", "Maj + Entrée", "Alt + F4")],
    }))

# -- 3.2 pixels ---------------------------------------------------------------------------------------

WIDE = [(1920, 1080), (1280, 720), (3840, 2160), (2560, 1440)]
SQUARE_ISH = [(1024, 768), (1600, 1200), (1080, 1080), (1280, 1024), (2048, 1536), (800, 600)]


def _pixels(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        w, h = rng.randint(16, 64), rng.randint(16, 64)
        return qroc_number(f"Une petite icône mesure {w} pixels de large et {h} pixels de haut. Combien de pixels "
                           "contient-elle ?", "Nombre de pixels", w * h)
    if level == 2:
        w, h = rng.choice([(4000, 3000), (6000, 4000), (4032, 3024), (3840, 2160), (1920, 1080)])
        return qroc_number(f"Un appareil photo prend des images de {w} × {h} pixels. Combien de mégapixels (millions de "
                           "pixels) cela fait-il, arrondi au dixième ?", "Mégapixels", _round(Fraction(w * h, 10 ** 6), 1))
    if level == 3:
        if variant == 0:
            right, wrongs, ratio = rng.choice(WIDE), rng.sample(SQUARE_ISH, 3), "16:9"
        else:
            four_three = [s for s in SQUARE_ISH if Fraction(*s) == Fraction(4, 3)]
            right = rng.choice(four_three)
            wrongs, ratio = rng.sample(WIDE, 2) + [(1080, 1080)], "4:3"
        return qcu(f"Laquelle de ces définitions d'image est au format {ratio} ?", "{} × {}".format(*right),
                   ["{} × {}".format(*w) for w in wrongs], rng)
    if level == 4:
        w, h = rng.choice([(1600, 1200), (3000, 2000), (1920, 1080), (4000, 3000)])
        factor = rng.choice([Fraction(1, 2), Fraction(1, 4), Fraction(3, 4), Fraction(2, 5)])
        return qroc_number(f"Vous réduisez une image de {w} × {h} pixels à une largeur de {int(w * factor)} pixels, en "
                           "gardant ses proportions. Quelle sera sa hauteur, en pixels ?", "Hauteur", h * factor)
    if level == 5:
        w = rng.choice([1200, 1800, 2400, 3000, 900])
        dpi = 300 if variant == 0 else 150
        return qroc_number(f"Vous imprimez une image de {w} pixels de large à {dpi} pixels par pouce (1 pouce = 2,54 cm). "
                           "Quelle sera sa largeur imprimée, en cm, arrondie au dixième ?", "Largeur en cm",
                           _round(Fraction(w, dpi) * Fraction(254, 100), 1))
    w, h = rng.choice([(1920, 1080), (1280, 720), (4000, 3000), (800, 600)])
    return qroc_number(f"Une image non compressée de {w} × {h} pixels utilise 3 octets par pixel. Quel est son poids, "
                       "en Mo arrondi au dixième ? (1 Mo = 1 000 000 octets)", "Poids en Mo",
                       _round(Fraction(w * h * 3, 10 ** 6), 1))


PIXELS = Family("pixels-images", "3.2", "Connaître la définition d'une image", {
    1: "Compter les pixels d'une petite image", 2: "Exprimer une définition en mégapixels",
    3: "Reconnaître les proportions d'une image", 4: "Redimensionner une image en gardant ses proportions",
    5: "Calculer la taille d'impression d'une image", 6: "Estimer le poids d'une image non compressée"}, _pixels)

# -- 3.2 colour codes -----------------------------------------------------------------------------------

NAMES = {(255, 0, 0): "rouge", (0, 255, 0): "vert", (0, 0, 255): "bleu", (255, 255, 255): "blanc",
         (0, 0, 0): "noir", (255, 255, 0): "jaune", (255, 0, 255): "magenta", (0, 255, 255): "cyan"}


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02X}" for c in rgb)


def _colours(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        rgb = rng.choice([(255, 0, 0), (0, 255, 0), (0, 0, 255)] if variant == 0 else [(255, 255, 255), (0, 0, 0)])
        right = NAMES[rgb]
        wrongs = rng.sample([n for n in ("rouge", "vert", "bleu", "blanc", "noir", "gris") if n != right], 3)
        return qcu(f"Dans le codage RVB (rouge, vert, bleu) d'un écran, quelle couleur donne le code {_hex(rgb)} ?",
                   right, wrongs, rng)
    if level == 2:
        strong = rng.randrange(3)
        rgb = [rng.randint(0, 120) for _ in range(3)]
        rgb[strong] = rng.randint(200, 255)
        right = ["le rouge", "le vert", "le bleu"][strong]
        return qcu(f"Dans le code couleur {_hex(tuple(rgb))}, quelle composante est la plus forte ?", right,
                   [c for c in ("le rouge", "le vert", "le bleu", "les trois sont égales") if c != right], rng)
    rgb = tuple(rng.randint(16, 255) for _ in range(3))
    if level == 3:
        part = variant  # 0: red, 1: green
        name = ["rouge", "verte"][part]
        return qroc_number(f"Dans le code couleur {_hex(rgb)}, quelle est la valeur décimale (de 0 à 255) de la "
                           f"composante {name} ?", "Valeur", rgb[part])
    if level == 4:
        return qroc_text(f"Écrivez le code hexadécimal (de la forme #RRVVBB) de la couleur RVB ({rgb[0]}, {rgb[1]}, "
                         f"{rgb[2]}).", "Code", [_hex(rgb), _hex(rgb)[1:]], ["T1"])
    if level == 5:
        pair = [(255, 255, 0), (255, 0, 255), (0, 255, 255)][rng.randrange(3) if variant == 0 else 2 - rng.randrange(2)]
        lit = " et le ".join(n for n, c in zip(("rouge", "vert", "bleu"), pair) if c)
        right = NAMES[pair]
        return qcu(f"Sur un écran, on allume à fond le {lit} d'un pixel, sans la troisième couleur. Quelle couleur "
                   "voit-on ?", right, [n for n in ("jaune", "magenta", "cyan", "blanc", "marron") if n != right][:3], rng)
    complement = tuple(255 - c for c in rgb)
    return qroc_text(f"La couleur complémentaire d'une couleur s'obtient en remplaçant chaque composante c par 255 − c. "
                     f"Quel est le code hexadécimal de la couleur complémentaire de {_hex(rgb)} ?", "Code",
                     [_hex(complement), _hex(complement)[1:]], ["T1"])


COLOURS = Family("codes-couleurs", "3.2", "Coder les couleurs d'une image numérique", {
    1: "Reconnaître les couleurs de base d'un écran", 2: "Lire une composante d'un code couleur",
    3: "Convertir une composante hexadécimale en décimal", 4: "Écrire un code couleur hexadécimal",
    5: "Prévoir le mélange de couleurs de lumière", 6: "Calculer une couleur complémentaire"}, _colours)

# -- 3.2 video and sound --------------------------------------------------------------------------------


def _media(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        parts = [rng.randint(4, 40) for _ in range(3)]
        return qroc_number(f"Votre montage enchaîne trois séquences de {parts[0]} s, {parts[1]} s et {parts[2]} s. Combien "
                           "de secondes dure-t-il ?", "Durée en secondes", sum(parts))
    if level == 2:
        seconds = rng.randint(75, 600)
        return qrocm_ind(f"Une vidéo dure {seconds} secondes. Combien cela fait-il de minutes et de secondes ?",
                         [("minutes", "Minutes", "number"), ("secondes", "Secondes", "number")],
                         {"minutes": [str(seconds // 60)], "secondes": [str(seconds % 60)]})
    if level == 3:
        fps, seconds = rng.choice([24, 25, 30, 60]), rng.randint(5, 40)
        return qroc_number(f"Une vidéo filmée à {fps} images par seconde dure {seconds} secondes. Combien d'images "
                           "contient-elle ?", "Nombre d'images", fps * seconds)
    if level == 4:
        start = rng.randint(5, 100)
        end = start + rng.randint(20, 150)
        return qroc_number(f"Dans votre logiciel de montage, vous gardez la séquence de {start // 60}:{start % 60:02d} à "
                           f"{end // 60}:{end % 60:02d} (minutes:secondes). Combien de secondes dure le passage gardé ?",
                           "Durée en secondes", end - start)
    if level == 5:
        rate, minutes_ = rng.choice([60, 90, 120, 150]), rng.randint(2, 9)
        return qroc_number(f"Une vidéo en HD occupe {rate} Mo par minute. Quelle est la taille d'une vidéo de {minutes_} "
                           f"min 30 s, en Mo ?", "Taille en Mo", Fraction(rate * (2 * minutes_ + 1), 2))
    seconds = rng.randint(10, 90)
    return qroc_number("Un son non compressé de qualité CD utilise 44 100 échantillons par seconde, 2 octets par "
                       f"échantillon et 2 canaux (stéréo). Quel est le poids d'un extrait de {seconds} secondes, en Mo "
                       "arrondi au dixième ? (1 Mo = 1 000 000 octets)", "Poids en Mo",
                       _round(Fraction(44100 * 2 * 2 * seconds, 10 ** 6), 1))


MEDIA = Family("video-son", "3.2", "Préparer une vidéo et un son", {
    1: "Additionner des durées de séquences", 2: "Convertir une durée en minutes et secondes",
    3: "Compter les images d'une vidéo", 4: "Calculer la durée d'un passage découpé",
    5: "Estimer la taille d'une vidéo", 6: "Calculer le poids d'un son non compressé"}, _media)

FAMILIES = (FIND_REPLACE, SHORTCUTS, TYPOGRAPHY, PIXELS, COLOURS, MEDIA)
