"""The invigilator's kit: the session sheet to keep at the desk during the session.

It never prints the access code: that code is shown on the invigilator's dashboard and
written on the board only when everyone is ready (REFERENCE.md, Session), so a kit left
on a desk cannot start anyone's test early.
"""

from __future__ import annotations

import datetime as dt
import math

from roomserver.core.timing import BASE_TEST_S, allowed_s

from .base import FAMILY, SessionDocument
from .french import (
    DASH,
    at_time,
    clock,
    clock_text,
    duration,
    extra_time,
    invigilator_names,
    parse_clock,
    plural,
    sorted_candidates,
)
from .parts import codes_legend

SETTLING_S = 15 * 60
PER_INVIGILATOR = 20  # at least one invigilator, and one spare PC, per 20 candidates

READ_ALOUD = [
    "Bonjour à toutes et à tous. Vous allez passer la certification des compétences numériques. "
    "Je vous explique comment elle se déroule ; vous pourrez poser vos questions à la fin.",
    "Votre téléphone, votre montre connectée et vos écouteurs sont éteints et rangés dans votre sac. "
    "Sur la table, gardez seulement votre pièce d'identité et un stylo. Des feuilles de brouillon vierges "
    "sont à votre disposition.",
    "Ouvrez le navigateur et tapez l'adresse écrite au tableau.",
    "Écrivez le numéro de session écrit au tableau, puis votre prénom, votre nom de naissance et votre date "
    "de naissance, comme sur votre convocation. Les accents, les espaces et les tirets ne comptent pas.",
    "Restez à votre place. Je passe vérifier votre identité avec votre pièce d'identité et vous signez la "
    "feuille d'émargement. Si votre nom ou votre date de naissance est mal écrit, dites-le-moi : je le note "
    "pour qu'il soit corrigé.",
    "Quand tout le monde sera prêt, j'écrirai le code d'accès au tableau. Votre test commence quand vous le "
    "tapez : vous avez 1 h 45, plus votre temps majoré si vous en avez un. C'est moi qui donne le début et "
    "la fin du test.",
    "En haut de l'écran, vous voyez le numéro de la question et le nombre total de questions. Gérez votre "
    "temps.",
    "« Je valide » enregistre votre réponse. « Je passe » abandonne la question : vous ne pourrez plus y "
    "revenir et elle comptera comme non réussie.",
    "Vous pouvez faire des recherches sur le web. Vous ne devez communiquer avec personne, ni dans la salle "
    "ni en ligne (messagerie, réseaux sociaux, partage de fichiers).",
    "Certaines questions ressemblent à celles que vous avez déjà vues : lisez-les bien, la réponse peut être "
    "différente. Si un fichier doit être ouvert, enregistrez-le puis ouvrez-le avec le logiciel qui convient.",
    "Si une question s'affiche mal, rechargez d'abord la page. Si le problème continue, cliquez sur "
    "« Signaler un problème » : je suis prévenu et je viens vous voir. Votre question reste affichée.",
    "Si l'ordinateur s'éteint ou si la page se ferme, pas d'inquiétude : vos réponses sont enregistrées. "
    "Levez la main ; vous reprendrez à la même question, sur ce poste ou sur un autre.",
    "Quand vous avez terminé, l'écran de fin de test s'affiche. Ne fermez pas la page : levez la main et "
    "attendez que je vienne voir votre écran. C'est moi qui confirme l'avoir vu ; ensuite seulement vous "
    "pourrez quitter la salle.",
    "Toute fraude ou tentative de fraude fait l'objet d'un procès-verbal et peut entraîner l'annulation de "
    "la certification.",
    "Avez-vous des questions ?",
]

DURING = [
    "Passez régulièrement dans les rangs. Vous êtes maître du temps : le test ne s'arrête pas tout seul.",
    "Une question s'affiche mal : faites d'abord recharger la page. Si le candidat clique sur « Signaler un "
    "problème », l'alerte arrive sur votre tableau de bord : validez-la avec le code E qui convient (la "
    "question est remplacée et l'incident est noté) ou écartez-la.",
    "Identité mal écrite (nom, prénom, date ou lieu de naissance) : notez un incident C1 avec la bonne "
    "orthographe ou la bonne date ; l'administrateur la corrigera à la finalisation.",
    "Ordinateur en panne, page fermée : les réponses sont enregistrées. Le candidat rejoint la session sur "
    "un poste de secours et vous autorisez la reprise sur le tableau de bord. Après une panne, vous pouvez "
    "ajouter du temps (en indiquant pourquoi).",
    "Un candidat avec un temps majoré dépasse le chronomètre d'une question chronométrée : il peut répondre "
    "quand même ; notez un incident E8 avec le numéro de la question.",
    "Retard : avant le code d'accès, l'établissement décide d'accepter ou non le candidat. Une fois le code "
    "d'accès donné, aucun retardataire ne peut commencer.",
    "Suspicion de fraude : notez les faits sur le tableau de bord et remplissez un procès-verbal de fraude "
    "par cas (heure, faits, mesures prises), signé par vous et par le candidat.",
    "Fin du test : voyez l'écran de fin de chaque candidat, notez-le sur le tableau de bord et cochez la "
    "case « Écran de fin vu » de la feuille d'émargement. À la fin du temps, terminez le test de ceux qui "
    "n'ont pas fini (les questions restantes comptent comme passées), puis clôturez la session.",
]


def invigilator_kit(state, candidate_url: str, *, now: dt.datetime | None = None) -> bytes:
    """Return the invigilator's session sheet as PDF bytes (never the access code)."""
    pdf = SessionDocument(state, "Fiche du surveillant", now=now)
    pdf.add_page()
    _identity(pdf, state, candidate_url)
    _people(pdf, state)
    pdf.heading("Les documents à avoir sur le bureau")
    pdf.bullets(["la feuille d'émargement (imprimée après le dernier changement de la liste) ;",
                 "le procès-verbal d'incident et le procès-verbal de fraude vierges ;",
                 "cette fiche, et des feuilles de brouillon vierges pour les candidats."], size=9.5)
    code_at = _timetable(pdf, state)
    pdf.add_page()
    pdf.big_title("Consignes à lire aux candidats", size=14)
    pdf.para("À lire à voix haute, calmement, une fois tout le monde installé et avant de donner le code d'accès.",
             size=9, muted=True)
    pdf.bullets(READ_ALOUD, size=10)
    pdf.heading("Pendant la session")
    pdf.bullets(DURING, size=9.5)
    _extra_time(pdf, state, code_at)
    pdf.heading("Codes d'incident", keep=60)
    codes_legend(pdf)
    return pdf.finish()


def _identity(pdf: SessionDocument, state, candidate_url: str) -> None:
    pdf.big_title("Fiche du surveillant")
    pdf.para("Numéro de session, à écrire au tableau :", size=10)
    pdf.set_font(FAMILY, "B", 44)
    pdf.cell(0, 20, str(state.number), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.para("Adresse à écrire au tableau (les candidats la tapent dans le navigateur) :", size=10)
    pdf.para(candidate_url, size=18, bold=True, gap=3)
    pdf.para(f"Mot de passe surveillant : {state.invigilator_password}", size=14, bold=True, gap=0.5)
    pdf.para("Il ouvre votre tableau de bord : ne l'écrivez pas au tableau.", size=9, muted=True, gap=2)
    pdf.framed("Le code d'accès n'est pas sur cette fiche. Votre tableau de bord l'affiche en grand au moment "
               "de démarrer : écrivez-le au tableau seulement quand tout le monde est prêt et que les consignes "
               "ont été lues. C'est ce moment qui lance la 1 h 45.", size=9.5)


def _people(pdf: SessionDocument, state) -> None:
    count = len(state.candidates)
    names = invigilator_names(state)
    needed = max(1, math.ceil(count / PER_INVIGILATOR))
    pdf.heading("Surveillance")
    pdf.fields([("Surveillants" if len(names) > 1 else "Surveillant", ", ".join(names) or DASH),
                ("Candidats inscrits", plural(count, "candidat")),
                ("Postes de secours", f"au moins {plural(needed, 'poste')}")], label_width=42)
    if len(names) < needed:
        pdf.para(f"Attention : il faut au moins un surveillant pour {PER_INVIGILATOR} candidats, soit "
                 f"{plural(needed, 'surveillant')} pour cette session.", bold=True, size=9.5)


def _timetable(pdf: SessionDocument, state) -> dt.datetime | None:
    """Print the timetable; return when the access code is (or was) given, when known."""
    details = state.details
    start = parse_clock(details.get("start_time"))
    pdf.heading("Horaires")
    if start is None:
        pdf.para(f"Heure de début : {clock_text(details.get('start_time'))}.")
        code_at = None
    else:
        begin = dt.datetime.combine(dt.date.today(), dt.time(*start))
        code_at = begin + dt.timedelta(seconds=SETTLING_S)
        pdf.grid(("Moment", "Horaire", "Durée"), [
            ("Accueil, vérification des identités, émargement, consignes",
             f"{_hm(begin)} – {_hm(code_at)}", duration(SETTLING_S)),
            ("Test, à partir du moment où le code d'accès est donné",
             f"{_hm(code_at)} – {_hm(code_at + dt.timedelta(seconds=BASE_TEST_S))}", duration(BASE_TEST_S)),
        ], (110, 45, 25), size=9.5)
    if state.started_at is not None:
        code_at = dt.datetime.fromtimestamp(state.started_at)
        pdf.para(f"Le code d'accès a été donné à {at_time(state.started_at)} (heure locale du serveur) : "
                 "les fins prévues des temps majorés en partent.", size=9.5)
    pdf.para("Le test ne s'arrête pas tout seul : c'est vous qui y mettez fin. Le temps ajouté après un "
             "incident s'ajoute à ces durées (tableau de bord).", size=9, muted=True)
    extra = [c for c in state.candidates.values() if c.extra_time_pct]
    if extra:
        pdf.para(f"Temps majorés : {plural(len(extra), 'candidat')}, voir leur liste et leurs horaires dans la "
                 "partie « Temps majorés » plus loin.", size=9.5, bold=True)
    else:
        pdf.para("Aucun candidat n'a de temps majoré.", size=9.5)
    return code_at


def _extra_time(pdf: SessionDocument, state, code_at: dt.datetime | None) -> None:
    extra = [c for c in sorted_candidates(state.candidates.values()) if c.extra_time_pct]
    if not extra:
        return
    pdf.heading(f"Temps majorés ({plural(len(extra), 'candidat')})", keep=40)
    rows = []
    for candidate in extra:
        seconds = allowed_s(candidate.extra_time_pct)
        end = _hm(code_at + dt.timedelta(seconds=seconds)) if code_at else DASH
        rows.append((candidate.last_name, candidate.first_name, extra_time(candidate.extra_time_pct),
                     duration(seconds), end))
    pdf.grid(("Nom de naissance", "Prénom", "Temps majoré", "Durée du test", "Fin prévue"), rows,
             (50, 45, 28, 28, 29), aligns=("LEFT", "LEFT", "CENTER", "CENTER", "CENTER"), size=9)


def _hm(moment: dt.datetime) -> str:
    return clock(moment.hour, moment.minute)
