"""Area 2 (continued): 2.3 Collaborer (shared calendars, time zones, version history) and
2.4 S'insérer dans le monde numérique (online services, digital identity, recommendations)."""

from __future__ import annotations

import random

from .kit import Family, choice, choices, listed, qcu, qroc_number

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
PEOPLE = ["Nina", "Tom", "Inès", "Hugo", "Zoé", "Sami"]
ACTIVITIES = ["maths", "anglais", "histoire", "sport", "physique", "club théâtre", "SVT", "français"]

# -- 2.3 shared calendars --------------------------------------------------------------------------


def _busy(rng: random.Random) -> set[tuple[int, int]]:
    """Busy one-hour slots (day, hour) between 8 h and 17 h."""
    return {(d, h) for d in range(5) for h in range(8, 17) if rng.random() < 0.55}


def _agenda(name: str, busy: set[tuple[int, int]], days: list[int]) -> str:
    parts = []
    for d in days:
        hours = sorted(h for dd, h in busy if dd == d)
        blocks, start = [], None
        for h in hours + [None]:
            if start is None:
                start = end = h
            elif h == end + 1:
                end = h
            else:
                blocks.append(f"{start} h-{end + 1} h")
                start = end = h
        parts.append(f"{DAYS[d]} : " + (", ".join(blocks) if blocks else "libre"))
    return f"{name} — " + " ; ".join(parts)


def _slot(d: int, h: int, length: int = 1) -> str:
    return f"{DAYS[d]} de {h} h à {h + length} h"


def _calendar(level: int, variant: int, rng: random.Random) -> dict:
    days = sorted(rng.sample(range(5), 2))
    count = 1 if level <= 2 else 2 if level in (3, 5) else 3
    length = 2 if level >= 5 else 1
    for _ in range(200):
        names = rng.sample(PEOPLE, count)
        busy = [_busy(rng) for _ in names]
        if level == 1:
            events = {(d, h): rng.choice(ACTIVITIES) for d, h in busy[0] if d in days}
            if len(set(events.values())) < 4:
                continue
            (d, h), right = rng.choice(sorted(events.items()))
            wrongs = sorted({v for v in events.values() if v != right})
            rng.shuffle(wrongs)
            listing = "Agenda de " + names[0] + " : " + " ; ".join(
                f"{DAYS[dd]} {hh} h-{hh + 1} h : {events[(dd, hh)]}" for dd, hh in sorted(events))
            return qcu(f"{listing}\n\nQue fait {names[0]} le {DAYS[d]} à {h} h ?", right, wrongs[:3], rng)
        slots = [(d, h) for d in days for h in range(8, 17 - length + 1)]
        free = [s for s in slots if all((s[0], s[1] + k) not in b for b in busy for k in range(length))]
        taken = [s for s in slots if s not in free]
        if level == 6:  # the meeting must also be in the afternoon: a free morning slot is a wrong answer
            taken += [s for s in free if s[1] < 13]
            free = [s for s in free if s[1] >= 13]
        if len(free) < 1 or len(taken) < 3:
            continue
        right = rng.choice(free)
        wrongs = rng.sample(taken, 3)
        agendas = "\n".join(_agenda(n, b, days) for n, b in zip(names, busy))
        who = names[0] if count == 1 else " et ".join([", ".join(names[:-1]), names[-1]])
        extra = " La réunion doit avoir lieu l'après-midi (à partir de 13 h)." if level == 6 else ""
        duration = "de 2 heures" if length == 2 else "d'une heure"
        question = (f"Quel créneau est libre pour {who} ?" if count == 1
                    else f"Quel créneau {duration} convient à la fois à {who} ?{extra}")
        return qcu(f"Agendas partagés (heures occupées, entre 8 h et 17 h) :\n{agendas}\n\n{question}",
                   _slot(*right, length), [_slot(*w, length) for w in wrongs], rng)
    raise ValueError("no calendar found")


CALENDARS = Family("agenda-partage", "2.3", "Organiser un rendez-vous avec un agenda partagé", {
    1: "Lire un agenda partagé", 2: "Repérer un créneau libre", 3: "Trouver un créneau commun à deux personnes",
    4: "Trouver un créneau commun à trois personnes", 5: "Tenir compte de la durée d'une réunion",
    6: "Planifier une réunion sous plusieurs contraintes"}, _calendar)

# -- 2.3 time zones --------------------------------------------------------------------------------

ZONES = [("Montréal", -6), ("La Réunion", 3), ("Tokyo", 8), ("Pointe-à-Pitre", -5), ("Nouméa", 10), ("Dakar", -1)]


def _offset_text(city: str, offset: int) -> str:
    hours = f"{abs(offset)} heure{'s' if abs(offset) > 1 else ''}"
    return f"En hiver, {city} a {hours} {'de plus' if offset > 0 else 'de moins'} que Paris."


def _zones(level: int, variant: int, rng: random.Random) -> dict:
    east = [z for z in ZONES if z[1] > 0]
    west = [z for z in ZONES if z[1] < 0]
    if level == 1:
        city, offset = rng.choice(ZONES)
        local = 12 + offset
        right = f"{city} a {abs(offset)} h {'de plus' if offset > 0 else 'de moins'} que Paris"
        wrong = f"{city} a {abs(offset)} h {'de moins' if offset > 0 else 'de plus'} que Paris"
        return qcu(f"En hiver, quand il est 12 h à Paris, il est {local} h à {city}. Que peut-on en dire ?", right,
                   [wrong, f"{city} a {abs(offset) + 2} h {'de plus' if offset > 0 else 'de moins'} que Paris",
                    f"{city} est à la même heure que Paris"], rng)
    if level in (2, 3, 4):
        city, offset = rng.choice(east if level == 2 or (level == 4 and variant == 0) else west)
        if level == 4:
            paris = rng.randint(24 - offset, 23) if offset > 0 else rng.randint(0, -offset - 1)
        else:
            paris = rng.randint(max(0, -offset) + 1, min(23, 23 - offset) - 1)
        local = (paris + offset) % 24
        return qroc_number(f"{_offset_text(city, offset)} Il est {paris} h à Paris. Quelle heure est-il à {city} ?",
                           "Heure (de 0 à 23)", local)
    if level == 5:
        city, offset = rng.choice(west)
        start = rng.randint(10, 15)
        return qroc_number(f"{_offset_text(city, offset)} Votre correspondante à {city} n'est disponible qu'entre {start} h "
                           f"et {start + 2} h, heure de {city}. À quelle heure de Paris pouvez-vous l'appeler au plus tôt ?",
                           "Heure à Paris (de 0 à 23)", (start - offset) % 24)
    (city1, off1), (city2, off2) = rng.choice(west), rng.choice(east)

    def fits(paris: int) -> bool:
        return all(7 <= paris + o <= 22 for o in (0, off1, off2))

    valid = [h for h in range(7, 23) if fits(h)]
    wrong = [h for h in range(7, 23) if not fits(h)]
    if not valid:
        return _zones(level, variant, random.Random(rng.random()))
    right = rng.choice(valid)
    return qcu(f"{_offset_text(city1, off1)} {_offset_text(city2, off2)} Un appel d'une heure réunit des élèves de "
               f"Paris, {city1} et {city2}. Pour chacun, à l'heure locale, l'appel doit commencer à 7 h ou plus tard et "
               "finir au plus tard à 23 h, le même jour. À quelle heure de Paris peut-il commencer ?",
               f"{right} h", [f"{h} h" for h in rng.sample(wrong, 3)], rng)


TIME_ZONES = Family("fuseaux-horaires", "2.3", "Collaborer à distance malgré le décalage horaire", {
    1: "Lire un décalage horaire", 2: "Calculer l'heure dans un fuseau à l'est", 3: "Calculer l'heure dans un fuseau à l'ouest",
    4: "Calculer une heure qui passe minuit", 5: "Trouver une heure d'appel dans deux fuseaux",
    6: "Planifier un appel entre trois fuseaux"}, _zones)

# -- 2.3 version history -----------------------------------------------------------------------------


def _history(rng: random.Random) -> tuple[list[tuple[int, str, str, int]], str, int]:
    """Versions (number, time, author, words added or removed), the history as text, the first word count."""
    authors = rng.sample(PEOPLE, 3)
    words = rng.randint(20, 40) * 10
    versions = []
    hour, minute = 14, 0
    for n in range(2, 8):
        minute += rng.randint(7, 25)
        hour, minute = hour + minute // 60, minute % 60
        change = rng.choice([1, 1, -1]) * rng.randint(3, 15) * 10
        if words + sum(v[3] for v in versions) + change < 100:
            change = -change
        versions.append((n, f"{hour} h {minute:02d}", rng.choice(authors), change))
    lines = [f"version 1 — 14 h 00 — {authors[0]} crée le document ({words} mots)"]
    for n, time, author, change in versions:
        verb = f"ajoute {change} mots" if change > 0 else f"supprime {-change} mots"
        lines.append(f"version {n} — {time} — {author} {verb}")
    return versions, "Historique des versions de l'exposé partagé :\n" + "\n".join(lines), words


def _versions(level: int, variant: int, rng: random.Random) -> dict:
    versions, history, words = _history(rng)
    authors = sorted({v[2] for v in versions})
    if level == 1:
        last = versions[-1][2]
        others = [p for p in PEOPLE if p != last]
        return qcu(f"{history}\n\nQui a fait la dernière modification ?", last, rng.sample(others, 3), rng)
    if level == 2:
        who = rng.choice(authors)
        return qroc_number(f"{history}\n\nCombien de modifications ont été faites par {who} après la version 1 ?",
                           "Nombre", sum(1 for v in versions if v[2] == who))
    if level == 3:
        n = rng.randint(2, 6)
        time = versions[n - 2][1]
        return qroc_number(f"{history}\n\nQuel est le numéro de la version enregistrée à {time} ?", "Numéro", n)
    if level == 4:
        n = rng.randint(3, 7)
        who = versions[n - 2][2]
        return qroc_number(f"{history}\n\nLa modification de {who} à {versions[n - 2][1]} était une erreur. Quelle "
                           "version restaurez-vous pour revenir juste avant elle ?", "Numéro de version", n - 1)
    if level == 5:
        n = rng.randint(2, 5)
        return qroc_number(f"{history}\n\nCombien de modifications ont été enregistrées après la version {n} ?",
                           "Nombre", len(versions) + 1 - n)
    n = rng.randint(3, 6)
    count = words + sum(v[3] for v in versions if v[0] <= n)
    return qroc_number(f"{history}\n\nOn restaure la version {n}. Combien de mots compte alors le document ?",
                       "Nombre de mots", count)


VERSIONS = Family("historique-versions", "2.3", "Suivre les versions d'un document partagé", {
    1: "Lire l'historique d'un document partagé", 2: "Repérer les modifications d'un collaborateur",
    3: "Retrouver une version par son heure", 4: "Choisir la version à restaurer",
    5: "Compter les modifications depuis une version", 6: "Reconstituer l'état d'une version"}, _versions)

# -- 2.4 online services ------------------------------------------------------------------------------

SERVICES = Family("services-en-ligne", "2.4", "Utiliser les services publics en ligne", {
    1: "Se connecter à l'espace numérique de travail", 2: "Reconnaître un site officiel de l'État",
    3: "Utiliser une identité numérique officielle", 4: "Faire une démarche en ligne en sécurité",
    5: "Repérer un faux site de démarches", 6: "Lire les conditions d'utilisation d'un service"}, listed({
        1: [choice("Vous voulez consulter votre cahier de textes et vos messages du lycée. Où vous connectez-vous ?",
                   "Sur l'ENT (espace numérique de travail) avec vos identifiants", "Sur un réseau social",
                   "Sur le site d'un moteur de recherche", "Sur la boîte mail d'un camarade"),
            choice("Vous avez oublié le mot de passe de votre ENT. Que faites-vous ?",
                   "J'utilise la procédure « mot de passe oublié » ou je demande au référent numérique",
                   "J'utilise le compte d'un camarade", "Je crée un nouveau compte à mon nom sur un autre site",
                   "J'essaie des mots de passe au hasard jusqu'au blocage")],
        2: [choice("Quelle adresse est celle d'un site officiel de l'administration française ?",
                   "https://www.service-public.fr", "https://www.service-public-fr.com",
                   "https://www.demarches-service-public.info", "https://www.service-public.fr.aide-en-ligne.net"),
            choice("Comment reconnaître le site d'un ministère français ?", "Son nom de domaine se termine par gouv.fr",
                   "Il affiche un drapeau tricolore", "Il apparaît en premier dans les résultats",
                   "Il demande un paiement par carte")],
        3: [choice("À quoi sert FranceConnect ?",
                   "À se connecter à de nombreux services publics avec un compte officiel déjà existant",
                   "À payer ses achats en ligne", "À créer un réseau social entre élèves", "À stocker ses photos"),
            choice("Sur un site public, le bouton « S'identifier avec FranceConnect » vous propose de choisir un compte. "
                   "Que faites-vous ?", "Je choisis un compte officiel que je possède et je m'identifie sur sa page",
                   "Je tape mon mot de passe de l'ENT dans la fenêtre de chat", "J'envoie mes identifiants par courriel",
                   "Je crée un compte avec le nom d'un parent")],
        4: [choice("Pour une démarche en ligne, vous devez envoyer la copie d'une pièce d'identité. Quelle précaution "
                   "prenez-vous ?", "Je l'envoie seulement sur le site officiel de la démarche",
                   "Je la publie sur un réseau social pour la retrouver", "Je l'envoie à qui me la demande par SMS",
                   "Je la laisse sur un ordinateur partagé du CDI"),
            choice("Vous terminez une démarche en ligne sur un ordinateur du CDI. Que faites-vous avant de partir ?",
                   "Je me déconnecte et je ferme le navigateur", "Je laisse la page ouverte pour le suivant",
                   "J'enregistre mon mot de passe dans le navigateur", "J'éteins seulement l'écran")],
        5: [choice("Un site propose, contre 49 €, de faire pour vous une démarche qui est gratuite sur le site officiel. "
                   "Qu'en pensez-vous ?", "C'est un intermédiaire inutile : la démarche officielle est gratuite",
                   "C'est obligatoire pour aller plus vite", "C'est le site officiel, puisqu'il est payant",
                   "C'est sans risque s'il a un joli logo"),
            choice("Quel indice doit vous faire douter d'un site qui se présente comme officiel ?",
                   "Son adresse ne se termine pas par gouv.fr et il demande un paiement",
                   "Il est écrit en français", "Il contient un formulaire", "Il a une page « contact »")],
        6: [choice("Avant de vous inscrire à une application gratuite, que vérifiez-vous dans ses conditions d'utilisation ?",
                   "Quelles données sont collectées et à qui elles sont transmises", "La couleur de l'application",
                   "Le nombre de téléchargements", "Rien : une application gratuite ne collecte rien"),
            choice("En France, un réseau social doit avoir l'accord d'un parent pour inscrire un jeune de moins de "
                   "15 ans. Lola a 13 ans. Que faut-il pour qu'elle s'inscrive ?", "L'accord de l'un de ses parents",
                   "Rien de particulier", "Qu'elle indique un faux âge", "L'accord de son professeur principal")],
    }))

IDENTITY = Family("identite-numerique", "2.4", "Gérer son identité numérique", {
    1: "Choisir un pseudonyme", 2: "Savoir ce que révèle un profil", 3: "Surveiller ses traces en ligne",
    4: "Comprendre l'e-réputation", 5: "Faire retirer une information en ligne",
    6: "Séparer vie personnelle et vie professionnelle en ligne"}, listed({
        1: [choice("Quel pseudonyme protège le mieux votre identité sur un forum de jeux ?", "Renard-Bleu",
                   "Lea.Martin.2011", "Lea-Lycee-Tilleuls-Rennes", "LeaMartin06"),
            choice("Pourquoi utiliser un pseudonyme sur un forum public ?",
                   "Pour ne pas révéler son nom à des inconnus", "Pour pouvoir insulter sans risque",
                   "Pour avoir plus d'abonnés", "Pour ne jamais avoir à respecter les règles")],
        2: [choices("Quelles informations d'un profil public permettent de vous retrouver dans la vraie vie ?",
                    ["Le nom de votre lycée", "Une photo devant votre maison"], ["Votre film préféré", "Votre couleur préférée"]),
            choice("Votre profil est public et indique votre prénom, votre lycée et votre classe. Quel est le risque ?",
                   "Un inconnu peut savoir où vous trouver", "Aucun, ces informations sont banales",
                   "Votre compte sera supprimé", "Votre téléphone sera plus lent")],
        3: [choice("Comment savoir ce qu'Internet montre de vous ?",
                   "Chercher votre nom et votre prénom dans un moteur de recherche", "Vider la corbeille de votre ordinateur",
                   "Changer de fond d'écran", "Supprimer l'historique de votre navigateur"),
            choice("Que deviennent en général les commentaires publics que vous écrivez sur un site ?",
                   "Ils peuvent rester visibles et être copiés pendant des années", "Ils disparaissent au bout d'un jour",
                   "Seuls vos amis peuvent les voir", "Ils sont effacés quand vous éteignez votre ordinateur")],
        4: [choice("Qu'appelle-t-on l'e-réputation ?", "L'image d'une personne que donnent les contenus en ligne",
                   "La vitesse de sa connexion", "Le nombre de ses appareils", "La qualité de son antivirus"),
            choice("Un recruteur de stage cherche votre nom en ligne. Qu'est-ce qui peut vous desservir ?",
                   "Des photos et propos moqueurs publiés publiquement", "Un profil bien rempli sur un site d'orientation",
                   "Un article sur votre projet de club", "Aucun résultat")],
        5: [choice("Une ancienne publication gênante à votre sujet apparaît quand on cherche votre nom. Que pouvez-vous "
                   "demander au moteur de recherche ?", "Le déréférencement de cette page",
                   "La suppression de tout Internet", "La fermeture du moteur de recherche",
                   "La modification de votre nom"),
            choice("Une personne publie votre numéro de téléphone sur un forum. Que faites-vous d'abord ?",
                   "Je demande au responsable du forum de retirer l'information",
                   "Je publie son numéro à mon tour", "Je change de nom", "Je n'en parle à personne")],
        6: [choice("Pour votre orientation, vous créez un profil sur un réseau professionnel. Que faites-vous ?",
                   "J'y mets des informations sérieuses, distinctes de mon compte personnel",
                   "J'y copie les photos de mes soirées", "J'y mets le mot de passe de mon ENT",
                   "J'utilise le même pseudonyme moqueur que sur mes jeux"),
            choices("Quelles pratiques séparent bien vie privée et vie publique en ligne ?",
                    ["Des comptes distincts pour le personnel et pour l'orientation",
                     "Des réglages de confidentialité vérifiés régulièrement"],
                    ["Le même mot de passe partout", "Tous ses comptes en mode public"])],
    }))

# -- 2.4 recommendations -----------------------------------------------------------------------------

VIDEOS = ["Recette de crêpes", "Tuto guitare", "Match de handball", "Expérience de chimie", "Astuces de révision",
          "Voyage en Islande"]


def _recommend(level: int, variant: int, rng: random.Random) -> dict:
    titles = rng.sample(VIDEOS, 4)
    views = rng.sample(range(1200, 9800, 100), 4)
    likes = [rng.randint(5, 60) * 10 for _ in titles]
    dislikes = [rng.randint(1, 20) * 10 for _ in titles]
    table = "\n".join(f"{t} : {v} vues, {lk} « j'aime », {d} « je n'aime pas »"
                      for t, v, lk, d in zip(titles, views, likes, dislikes))
    if level == 1:
        score, rule = views, "la vidéo la plus vue"
    elif level == 2:
        score, rule = likes, "la vidéo qui a le plus de « j'aime »"
    elif level == 3:
        score, rule = [lk - d for lk, d in zip(likes, dislikes)], \
            "la vidéo dont la différence « j'aime » moins « je n'aime pas » est la plus grande"
    elif level == 4:
        score, rule = [lk / v for lk, v in zip(likes, views)], \
            "la vidéo qui a la plus grande proportion de « j'aime » par rapport à ses vues"
    elif level == 5:
        watched = rng.choice(titles)
        score = [(0 if t == watched else 1) * (2 * lk - d) for t, lk, d in zip(titles, likes, dislikes)]
        rule = (f"parmi les vidéos que vous n'avez pas vues (vous avez déjà vu « {watched} »), celle dont le score "
                "2 × « j'aime » − « je n'aime pas » est le plus grand")
    else:
        users = {n: set(rng.sample(titles, 2)) for n in rng.sample(PEOPLE, 5)}
        seen = titles[0]
        co = [sum(1 for liked in users.values() if seen in liked and t in liked) if t != seen else -1 for t in titles]
        if sorted(co)[-1] == sorted(co)[-2]:
            return _recommend(level, variant, random.Random(rng.random()))
        best = titles[co.index(max(co))]
        lines = "\n".join(f"{n} a aimé : {', '.join(sorted(v))}" for n, v in users.items())
        return qcu(f"Une plateforme recommande, après une vidéo, celle qui a été aimée le plus souvent par les mêmes "
                   f"personnes.\n{lines}\n\nVous venez d'aimer « {seen} ». Quelle vidéo vous sera recommandée ?", best,
                   [t for t in titles if t != best], rng)
    ranked = sorted(range(4), key=lambda i: score[i], reverse=True)
    if score[ranked[0]] == score[ranked[1]]:
        return _recommend(level, variant, random.Random(rng.random()))
    best = titles[ranked[0]]
    return qcu(f"Voici des vidéos :\n{table}\n\nUne plateforme recommande {rule}. Laquelle recommande-t-elle ?", best,
               [t for t in titles if t != best], rng)


RECOMMENDATIONS = Family("recommandations", "2.4", "Comprendre comment les contenus nous sont proposés", {
    1: "Comprendre un classement par popularité", 2: "Comprendre un classement par « j'aime »",
    3: "Comprendre un score de recommandation", 4: "Comprendre un classement par proportion",
    5: "Comprendre une recommandation personnalisée", 6: "Comprendre le filtrage collaboratif"}, _recommend)
