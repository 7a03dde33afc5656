"""Regenerate the demo pack: ``python -m roomserver.content.build_demo``.

Two products, both committed and checked by the tests:

- the attachments: every file comes from the writers of ``preflight.formats`` (fpdf2, odfpy,
  python-docx, openpyxl, Pillow; the dependency runs server -> preflight), with the server's
  DejaVu Sans for the PDF and the pictures so accented French prints as written. The data below
  are the facts the demo questions ask about; the tests recompute the answers from the files.
- ``pack.json``'s calibrated bank (``build_pack``): the hand-written questions kept as they are,
  each hand-written skill in its own tube, the generated families of ``demo_bank`` added, every
  challenge calibrated (seeded) and marked accessible or not, and the demo certification version.

The same run gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from preflight.formats import (
    Clip, Layer, Slide, TextBox, bar_chart, centred_text, docx_document, load_font, mlt_project, odg_drawing,
    odp_presentation, ods_spreadsheet, odt_document, ora_image, pdf_document, png_bytes, xlsx_workbook, zip_archive,
)
from preflight.formats.images import Font
from roomserver.content.demo_bank.assemble import build_pack, pack_text
from roomserver.content.pack import DEMO_PACK_DIR
from roomserver.fonts import BOLD, REGULAR

SCHOOL = "Lycée des Tilleuls"

# --- Spreadsheets -------------------------------------------------------------------------

TRIP_BUDGET = [
    ["Poste de dépense", "Quantité", "Prix unitaire (€)", "Total (€)"],
    ["Car (aller-retour)", 1, 780, "=B2*C2"],
    ["Entrées au musée", 28, 9.5, "=B3*C3"],
    ["Atelier robotique", 2, 120, "=B4*C4"],
    ["Goûter", 28, 2.25, "=B5*C5"],
    ["Total", None, None, "=SUM(D2:D5)"],
    ["Nombre d'élèves", 28, None, None],
    ["Coût par élève (€)", None, None, "=ROUND(D6/B7,2)"],
    ["Aide du foyer (€)", None, None, 400],
    ["Reste à payer par élève (€)", None, None, "=ROUND((D6-D9)/B7,2)"],
]

GRADES = [  # name, maths, français, SVT
    ("Adam", 12, 9, 14), ("Chloé", 15, 13, 12), ("Inès", 8, 14, 11), ("Jules", 11, 10, 9),
    ("Léa", 17, 16, 15), ("Malik", 13, 12, 16), ("Nina", 9, 11, 10), ("Paul", 14, 8, 12),
    ("Sarah", 16, 15, 13), ("Yanis", 10, 12, 14),
]


def grades_sheet() -> list[list]:
    """The class grade book, with per-pupil and class averages left for the spreadsheet."""
    rows: list[list] = [["Élève", "Maths", "Français", "SVT", "Moyenne"]]
    for i, (name, *marks) in enumerate(GRADES, start=2):
        rows.append([name, *marks, f"=ROUND(AVERAGE(B{i}:D{i}),2)"])
    last = len(GRADES) + 1
    rows.append(["Moyenne de la classe"] + [f"=ROUND(AVERAGE({c}2:{c}{last}),1)" for c in "BCDE"])
    rows.append(["Nombre de moyennes ≥ 12", None, None, None, f'=COUNTIF(E2:E{last},">=12")'])
    return rows


# --- A CSV export of club sign-ups ---------------------------------------------------------

SIGNUPS = [
    ("Bernard", "Lucas", "2de1", "Robotique"), ("Petit", "Emma", "2de3", "Théâtre"),
    ("Durand", "Hugo", "1reG2", "Photo"), ("Leroy", "Manon", "2de3", "Robotique"),
    ("Moreau", "Nathan", "2de2", "Chorale"), ("Simon", "Camille", "1reG1", "Théâtre"),
    ("Laurent", "Enzo", "2de1", "Robotique"), ("Lefebvre", "Jade", "TleG3", "Photo"),
    ("Michel", "Louis", "2de2", "Chorale"), ("Garcia", "Lina", "1reG2", "Robotique"),
    ("David", "Gabriel", "2de3", "Photo"), ("Bertrand", "Zoé", "2de1", "Théâtre"),
    ("Roux", "Arthur", "TleG1", "Robotique"), ("Vincent", "Louise", "1reG1", "Chorale"),
    ("Fournier", "Raphaël", "2de2", "Photo"), ("Morel", "Alice", "2de3", "Robotique"),
    ("Girard", "Tom", "1reG2", "Théâtre"), ("André", "Léna", "TleG3", "Chorale"),
    ("Mercier", "Noah", "2de1", "Photo"), ("Blanc", "Rose", "2de2", "Théâtre"),
    ("Guerin", "Sacha", "1reG1", "Robotique"), ("Boyer", "Mila", "2de3", "Chorale"),
    ("Garnier", "Ethan", "TleG1", "Photo"), ("Chevalier", "Anna", "2de1", "Théâtre"),
]


def signups_csv() -> bytes:
    """A French-style CSV: UTF-8 with BOM, ``;`` separator, CRLF line ends."""
    lines = ["Nom;Prénom;Classe;Atelier"] + [";".join(row) for row in SIGNUPS]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


# --- Documents -----------------------------------------------------------------------------

CDI_RULES_TITLE = "Règlement du CDI 2026-2027"
CDI_RULES = [
    [
        "# Centre de documentation et d'information",
        f"{SCHOOL} - année scolaire 2026-2027",
        "",
        "## Horaires",
        "Le CDI est ouvert du lundi au vendredi de 8 h à 17 h 30, sauf le mercredi après-midi.",
        "## Emprunts",
        "Chaque élève peut emprunter jusqu'à 3 livres à la fois, pour une durée de 15 jours.",
        "Un emprunt peut être prolongé une seule fois, de 8 jours, si le livre n'est pas réservé.",
        "Les magazines et les dictionnaires se consultent uniquement sur place.",
    ],
    [
        "## Ordinateurs",
        "Les 12 ordinateurs du CDI sont réservés au travail scolaire (recherches, exposés, orientation).",
        "Chaque élève se connecte avec son propre identifiant et ferme sa session en partant.",
        "Une impression se fait avec l'accord d'un professeur documentaliste.",
        "## Vie au CDI",
        "Le CDI est un lieu calme : on y parle à voix basse et on range les documents consultés.",
    ],
]

CHARTER_AUTHOR = f"Cellule numérique du {SCHOOL.replace('Lycée', 'lycée')}"
CHARTER = [
    "# Charte d'usage du numérique",
    f"Cette charte s'applique à tous les élèves du {SCHOOL.replace('Lycée', 'lycée')}.",
    "## Accès au réseau",
    "Le réseau du lycée est réservé aux activités scolaires. Chaque élève utilise son propre compte.",
    "## Comptes et mots de passe",
    "Le mot de passe est personnel : il ne se prête pas et se change s'il a pu être vu.",
    "- Au moins 12 caractères.",
    "- Jamais le même que pour un autre site.",
    "## Messagerie",
    "La messagerie de l'ENT sert aux échanges avec les professeurs et entre élèves, avec politesse.",
    "## Impressions",
    "Chaque élève dispose d'un quota de 150 pages par trimestre.",
    "## Respect des règles",
    "Tout manquement peut entraîner la suspension du compte, décidée par le chef d'établissement.",
]

CVL_REPORT = [
    "# Compte rendu du conseil de la vie lycéenne",
    "Réunion du mardi 10 novembre 2026, de 12 h 30 à 13 h 30.",
    "Présents : 9 élèves élus, la CPE et deux professeurs.",
    "## Projets votés",
    "- Installation de bancs dans la cour",
    "- Tournoi de jeux de société le vendredi midi",
    "- Collecte de vieux téléphones pour le recyclage",
    "## Projet reporté",
    "- Radio du lycée (le budget reste à préciser)",
    "## Prochaine réunion",
    "Jeudi 10 décembre 2026 à 12 h 30, en salle polyvalente.",
]

ENERGY_SLIDES = [
    Slide("Économiser l'énergie au lycée", ["Projet des éco-délégués", "Classe de 2de 4"]),
    Slide("Le constat", ["Des ordinateurs restent allumés la nuit", "Des lumières restent allumées dans les salles vides"]),
    Slide("Nos mesures", ["Relevé des compteurs pendant un trimestre", "Comparaison avant / après"],
          ["Chiffre à citer à l'oral : 340 kWh économisés en un trimestre."]),
    Slide("Nos propositions", ["Éteindre les postes en fin de journée", "Une affiche près de chaque interrupteur"]),
    Slide("Conclusion", ["Des gestes simples, un effet mesurable", "Merci de votre attention"]),
]

# --- Video project and pictures -------------------------------------------------------------

REPORT_CLIPS = [
    Clip("Ouverture", 3, color="#ff1f3a5f"),
    Clip("Interview de la principale", 8, color="#ff5f1f3a"),
    Clip("Atelier robots", 6, color="#ff1f5f3a"),
    Clip("Stand astronomie", 5, color="#ff3a1f5f"),
    Clip("Générique", 3, color="#ff202020"),
]

POSTER_SIZE = (960, 540)
SURVEY = [("Bus", 14), ("Marche", 9), ("Vélo", 6), ("Voiture", 5), ("Train", 3)]
HIDDEN_WORD = "SOURIEZ"
NETWORK_BOXES = [
    TextBox(1, 1, 27.7, 2, "Salle B12 : schéma du réseau", fill=None, font_size_pt=20),
    TextBox(11, 4, 8, 2.2, "Box internet du lycée"),
    TextBox(11, 8, 8, 2.2, "Commutateur SW-B12"),
    TextBox(1.5, 13, 8, 2.5, "Poste enseignant PROF-B12"),
    TextBox(11, 13, 8, 2.5, "Postes élèves PC-B12-01 à PC-B12-15"),
    TextBox(20.5, 13, 8, 2.5, "Imprimante IMP-B12"),
    TextBox(11, 17.5, 8, 2, "Vidéoprojecteur VP-B12", fill="#fff5ce"),
]


def font(size: int, bold: bool = False) -> Font:
    """Return the server's DejaVu Sans at ``size`` pixels: accented French prints as written."""
    return load_font(size, BOLD if bold else REGULAR)


def poster_png() -> bytes:
    """The photo club poster whose pixel size a question asks for."""
    width, height = POSTER_SIZE
    image = Image.new("RGB", (width, height), (250, 244, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, 119), fill=(52, 101, 164))
    centred_text(draw, (0, 0, width, 120), "Expo photo", font(76, bold=True), (255, 255, 255))
    lines = ["Club photo du lycée", "Vendredi 13 novembre", "Hall d'entrée, 12\u00a0h\u00a030"]
    for y, line in zip((175, 245, 315), lines, strict=True):
        draw.text((60, y), line, font=font(40), fill=(40, 40, 40))
    draw.ellipse((780, 370, 920, 510), fill=(245, 121, 0))
    draw.ellipse((815, 405, 885, 475), fill=(250, 244, 230))
    return png_bytes(image)


def survey_png() -> bytes:
    """Bar chart illustration of a transport survey."""
    labels, values = zip(*SURVEY, strict=True)
    chart = bar_chart(labels, values, title="Comment venez-vous au lycée\u00a0?", font=font(18),
                      title_font=font(22, bold=True))
    return png_bytes(chart)


def phishing_png() -> bytes:
    """A suspicious e-mail, drawn as a picture for the phishing question."""
    image = Image.new("RGB", (760, 330), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 759, 329), outline=(120, 120, 120), width=2)
    draw.rectangle((2, 2, 757, 71), fill=(236, 236, 236))
    draw.text((16, 12), "De\u00a0: service@banque-h0rizon-securite.com", font=font(18), fill=(0, 0, 0))
    draw.text((16, 42), "Objet\u00a0: URGENT\u00a0! Votre compte sera bloqué", font=font(18, bold=True),
              fill=(0, 0, 0))
    body = ["Cher client,", "Votre compte sera suspendu dans 24\u00a0h.", "Confirmez vos codes bancaires ici\u00a0:"]
    for i, line in enumerate(body):
        draw.text((16, 92 + 32 * i), line, font=font(18), fill=(0, 0, 0))
    link = "http://banque-horizon.verif-compte.xyz/connexion"
    draw.text((16, 194), link, font=font(18), fill=(6, 69, 173))
    draw.line((16, 218, 16 + draw.textlength(link, font=font(18)), 218), fill=(6, 69, 173), width=2)
    draw.text((16, 258), "Le service client Banque Horizon", font=font(18), fill=(0, 0, 0))
    return png_bytes(image)


SCRIPT = [  # x, y, width, label, colour of each block; the pupil works out what the sprite says
    (20, 20, 380, "Quand le drapeau est cliqué", (230, 180, 40)),
    (20, 64, 380, "Mettre score à 0", (240, 120, 30)),
    (20, 108, 380, "Répéter 4 fois", (230, 160, 30)),
    (60, 152, 340, "Ajouter 3 à score", (240, 120, 30)),
    (20, 196, 380, "Fin de la boucle", (230, 160, 30)),
    (20, 240, 380, "Dire score", (150, 100, 230)),
]
BLOCK_FONT_SIZE = 18


def blocks_png() -> bytes:
    """A block-programming script (Scratch-like) drawn as coloured blocks."""
    image = Image.new("RGB", (420, 300), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for x, y, w, label, color in SCRIPT:
        draw.rectangle((x, y, x + w - 1, y + 37), fill=color)
        draw.text((x + 12, y + 19), label, font=font(BLOCK_FONT_SIZE, bold=True), fill=(255, 255, 255), anchor="lm")
    draw.rectangle((20, 152, 59, 195), fill=(230, 160, 30))  # the loop's left arm around its body
    return png_bytes(image)


def layered_ora() -> bytes:
    """The club logo with four layers, one of them hidden."""
    width, height = 480, 270

    def layer() -> tuple[Image.Image, ImageDraw.ImageDraw]:
        picture = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        return picture, ImageDraw.Draw(picture)

    background = Image.new("RGBA", (width, height), (31, 58, 95, 255))
    title, draw = layer()
    centred_text(draw, (0, 50, width, 130), "Club photo", font(60, bold=True), (255, 255, 255))
    frame, draw = layer()
    draw.rectangle((10, 10, width - 11, height - 11), outline=(245, 121, 0), width=6)
    old, draw = layer()
    centred_text(draw, (0, 150, width, 230), HIDDEN_WORD, font(60, bold=True), (255, 220, 0))
    return ora_image(width, height, [
        Layer("Fond", background),
        Layer("Titre", title),
        Layer("Ancien slogan", old, visible=False),
        Layer("Cadre", frame),
    ])


def project_zip() -> bytes:
    """The science-fair project folder, zipped."""
    def text(lines: list[str]) -> bytes:
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")

    measures = {}
    for day, base in (("lundi", 18), ("mardi", 20), ("mercredi", 17)):
        rows = ["heure;temperature_C"] + [f"{h}h;{base + (h - 8) // 2}" for h in range(8, 17, 2)]
        measures[f"projet-expo/donnees/mesures-{day}.csv"] = text(rows)
    logo = Image.new("RGB", (64, 64), (31, 58, 95))
    centred_text(ImageDraw.Draw(logo), (0, 0, 64, 64), "Expo", font(17, bold=True), (255, 255, 255))
    return zip_archive({
        "projet-expo/lisez-moi.txt": text([
            "Projet « Température de la serre » - groupe 3, classe de 2de 3.",
            "Les relevés sont dans le dossier donnees, l'affiche dans le dossier affiche.",
        ]),
        "projet-expo/contacts/referente.txt": text([
            "Professeure référente du projet : Mme Nadia Berthier (physique-chimie).",
        ]),
        "projet-expo/affiche/affiche-brouillon.odt": odt_document(
            ["# La serre du lycée", "Nos mesures de température sur trois jours."], "Affiche"),
        "projet-expo/affiche/logo.png": png_bytes(logo),
        **measures,
    })


def build_attachments() -> dict[str, bytes]:
    """Return every attachment of the demo pack: file name -> bytes."""
    return {
        "reglement-cdi.pdf": pdf_document(CDI_RULES, CDI_RULES_TITLE, author=SCHOOL, fonts=(REGULAR, BOLD)),
        "charte-numerique.odt": odt_document(CHARTER, "Charte d'usage du numérique", author=CHARTER_AUTHOR),
        "compte-rendu-cvl.docx": docx_document(CVL_REPORT, "Compte rendu du CVL", author="Secrétaire du CVL"),
        "budget-sortie.ods": ods_spreadsheet({"Budget": TRIP_BUDGET}, "Budget de la sortie", column_width_cm=5),
        "notes-2de3.xlsx": xlsx_workbook({"Notes": grades_sheet()}, "Notes de la 2de 3"),
        "inscriptions-ateliers.csv": signups_csv(),
        "expose-energie.odp": odp_presentation(ENERGY_SLIDES, "Économiser l'énergie au lycée"),
        "plan-reseau-b12.odg": odg_drawing([NETWORK_BOXES], "Réseau de la salle B12"),
        "affiche-expo-photo.png": poster_png(),
        "sondage-transport.png": survey_png(),
        "courriel-suspect.png": phishing_png(),
        "programme-blocs.png": blocks_png(),
        "logo-club-photo.ora": layered_ora(),
        "reportage-fete-science.mlt": mlt_project(REPORT_CLIPS, "Reportage : la fête de la science"),
        "projet-expo.zip": project_zip(),
    }


def main(target: Path | None = None) -> int:
    """Write the attachments and pack.json into ``target`` (default: the demo pack's folder).

    ``target`` gets ``attachments/`` and ``pack.json``, so a build elsewhere can be compared.
    """
    root = Path(target) if target else DEMO_PACK_DIR
    folder = root / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    files = build_attachments()
    for name, data in sorted(files.items()):
        (folder / name).write_bytes(data)
    stale = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in files)
    current = json.loads((DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8"))
    pack = build_pack(current)
    (root / "pack.json").write_text(pack_text(pack), encoding="utf-8")
    print(f"{len(files)} fichiers écrits dans {folder}")
    print(f"pack.json : {len(pack['tubes'])} tubes, {len(pack['skills'])} acquis, {len(pack['challenges'])} épreuves "
          f"dans {root}")
    if stale:
        print("Fichiers en trop (à supprimer ?) : " + ", ".join(stale), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
