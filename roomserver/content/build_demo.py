"""Regenerate the attachments of the demo pack: ``python -m roomserver.content.build_demo``.

Every file comes from ``roomserver.docgen`` and is byte-identical from one run to the next,
so the generated files are committed and a test checks they are up to date. The data below
are the facts the demo questions ask about; the tests recompute the answers from the files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from roomserver.content.pack import DEMO_PACK_DIR
from roomserver.docgen import (
    Canvas, Clip, Layer, Slide, TextBox, bar_chart, docx_document, mlt_project, odg_drawing,
    odp_presentation, ods_spreadsheet, odt_document, ora_image, pdf_document, text_width,
    xlsx_workbook, zip_archive,
)

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


def poster_png() -> bytes:
    """The photo club poster whose pixel size a question asks for."""
    width, height = POSTER_SIZE
    canvas = Canvas(width, height, (250, 244, 230))
    canvas.fill_rect(0, 0, width, 120, (52, 101, 164))
    canvas.text((width - text_width("EXPO PHOTO", 9)) // 2, 30, "EXPO PHOTO", (255, 255, 255), 9)
    canvas.text(60, 180, "Club photo du lycée", (40, 40, 40), 5)
    canvas.text(60, 250, "Vendredi 13 novembre", (40, 40, 40), 5)
    canvas.text(60, 320, "Hall d'entrée, 12 h 30", (40, 40, 40), 5)
    canvas.disc(850, 440, 70, (245, 121, 0))
    canvas.disc(850, 440, 35, (250, 244, 230))
    return canvas.to_png(alpha=False)


def survey_png() -> bytes:
    """Bar chart illustration of a transport survey."""
    labels, values = zip(*SURVEY, strict=True)
    return bar_chart(labels, values, title="Comment venez-vous au lycée ?").to_png(alpha=False)


def phishing_png() -> bytes:
    """A suspicious e-mail, drawn as a picture for the phishing question."""
    canvas = Canvas(760, 330, (255, 255, 255))
    canvas.rect(0, 0, 760, 330, (120, 120, 120), 2)
    canvas.fill_rect(2, 2, 756, 70, (236, 236, 236))
    canvas.text(16, 14, "De : service@banque-h0rizon-securite.com", (0, 0, 0), 2)
    canvas.text(16, 44, "Objet : URGENT ! Votre compte sera bloqué", (0, 0, 0), 2)
    body = [
        "Cher client,",
        "Votre compte sera suspendu dans 24 h.",
        "Confirmez vos codes bancaires ici :",
    ]
    for i, line in enumerate(body):
        canvas.text(16, 96 + 32 * i, line, (0, 0, 0), 2)
    canvas.text(16, 200, "http://banque-horizon.verif-compte.xyz/connexion", (6, 69, 173), 2)
    canvas.line(16, 218, 16 + text_width("http://banque-horizon.verif-compte.xyz/connexion", 2), 218, (6, 69, 173), 2)
    canvas.text(16, 260, "Le service client Banque Horizon", (0, 0, 0), 2)
    return canvas.to_png(alpha=False)


def blocks_png() -> bytes:
    """A block-programming script (Scratch-like) drawn as coloured blocks."""
    canvas = Canvas(420, 300, (255, 255, 255))
    blocks = [
        (20, 20, 380, "QUAND LE DRAPEAU EST CLIQUÉ", (230, 180, 40)),
        (20, 64, 380, "METTRE SCORE À 0", (240, 120, 30)),
        (20, 108, 380, "RÉPÉTER 4 FOIS", (230, 160, 30)),
        (60, 152, 340, "AJOUTER 3 À SCORE", (240, 120, 30)),
        (20, 196, 380, "FIN DE LA BOUCLE", (230, 160, 30)),
        (20, 240, 380, "DIRE SCORE", (150, 100, 230)),
    ]
    for x, y, w, label, color in blocks:
        canvas.fill_rect(x, y, w, 38, color)
        canvas.text(x + 12, y + 12, label, (255, 255, 255), 2)
    canvas.fill_rect(20, 152, 40, 44, (230, 160, 30))
    return canvas.to_png(alpha=False)


def layered_ora() -> bytes:
    """The club logo with four layers, one of them hidden."""
    width, height = 480, 270
    background = Canvas(width, height, (31, 58, 95))
    title = Canvas(width, height, (0, 0, 0, 0))
    title.text((width - text_width("CLUB PHOTO", 6)) // 2, 60, "CLUB PHOTO", (255, 255, 255), 6)
    frame = Canvas(width, height, (0, 0, 0, 0))
    frame.rect(10, 10, width - 20, height - 20, (245, 121, 0), 6)
    old = Canvas(width, height, (0, 0, 0, 0))
    old.text((width - text_width(HIDDEN_WORD, 6)) // 2, 160, HIDDEN_WORD, (255, 220, 0), 6)
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
    logo = Canvas(64, 64, (31, 58, 95))
    logo.text(8, 25, "EXPO", (255, 255, 255), 2)
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
        "projet-expo/affiche/logo.png": logo.to_png(alpha=False),
        **measures,
    })


def build_attachments() -> dict[str, bytes]:
    """Return every attachment of the demo pack: file name -> bytes."""
    return {
        "reglement-cdi.pdf": pdf_document(CDI_RULES, CDI_RULES_TITLE, author=SCHOOL),
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
    """Write the attachments into ``target`` (default: the demo pack's attachments folder)."""
    folder = Path(target) if target else DEMO_PACK_DIR / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    files = build_attachments()
    for name, data in sorted(files.items()):
        (folder / name).write_bytes(data)
    stale = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in files)
    print(f"{len(files)} fichiers écrits dans {folder}")
    if stale:
        print("Fichiers en trop (à supprimer ?) : " + ", ".join(stale), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
