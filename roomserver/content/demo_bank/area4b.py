"""Area 4 (continued): 4.2 personal data (what is personal, rights, photo metadata) and 4.3 health
and environment (energy of devices, healthy screen habits, data and CO2 with given factors)."""

from __future__ import annotations

import random
from fractions import Fraction

from .area1b import _date, _round
from .kit import Family, choice, choices, listed, number, qcm, qcu, qroc_number

# -- 4.2 personal data ---------------------------------------------------------------------------------

PERSONAL = Family("donnees-personnelles", "4.2", "Reconnaître et protéger ses données personnelles", {
    1: "Reconnaître une donnée personnelle", 2: "Limiter les informations partagées",
    3: "Reconnaître une donnée sensible", 4: "Comprendre le croisement de données",
    5: "Comprendre le consentement aux cookies", 6: "Connaître la majorité numérique"}, listed({
        1: [choices("Lesquelles de ces informations sont des données personnelles ?",
                    ["Votre nom et votre prénom", "Votre adresse électronique"], ["La capitale de la France",
                                                                           "La température moyenne en juillet"]),
            choice("Laquelle de ces informations est une donnée personnelle ?", "La photo de votre visage",
                   "Le nombre d'habitants de votre ville", "L'horaire d'ouverture du CDI", "Le prix d'un ticket de bus")],
        2: [choice("Un jeu en ligne demande votre date de naissance, votre adresse et votre numéro de téléphone pour jouer "
                   "gratuitement. Que faites-vous ?", "Je ne donne que ce qui est vraiment nécessaire, ou je renonce",
                   "Je donne tout, c'est gratuit", "Je donne les informations d'un camarade", "Je donne tout sauf mon prénom"),
            choice("Que vaut-il mieux ne pas publier sur un profil public ?", "Son adresse et son numéro de téléphone",
                   "Son film préféré", "Son sport favori", "Le nom de son groupe de musique préféré")],
        3: [choice("Laquelle de ces données est une donnée sensible, protégée plus strictement par la loi ?",
                   "Votre état de santé", "Votre couleur préférée", "Votre plat préféré", "Le nom de votre animal"),
            choices("Lesquelles de ces données sont des données sensibles ?", ["Vos opinions religieuses",
                                                                               "Vos données de santé"],
                    ["Votre pointure", "Votre classe"])],
        4: [choice("Votre pseudonyme ne dit rien de vous, mais vous publiez votre ville, votre lycée et votre date de naissance. "
                   "Quel est le risque ?", "En croisant ces informations, on peut vous identifier",
                   "Aucun, puisque le pseudonyme est anonyme", "Votre compte sera supprimé", "Aucun, ces données sont banales"),
            choice("Une application de sport enregistre vos parcours de course chaque matin. Que peut-on en déduire ?",
                   "Où vous habitez et vos horaires habituels", "Votre groupe sanguin", "Votre moyenne en maths",
                   "Rien du tout")],
        5: [choice("Un site affiche une fenêtre « Accepter tout » / « Refuser tout » pour ses cookies. Que permet "
                   "« Refuser tout » ?", "Refuser les cookies non nécessaires, comme le suivi publicitaire",
                   "Bloquer complètement l'accès au site", "Supprimer votre compte", "Effacer votre historique sur tous les sites"),
            choice("En France, un site peut-il vous empêcher de refuser les cookies publicitaires aussi facilement que de "
                   "les accepter ?", "Non : refuser doit être aussi simple qu'accepter", "Oui, s'il est gratuit",
                   "Oui, s'il est étranger", "Oui, toujours")],
        6: [choice("En France, à partir de quel âge peut-on consentir seul au traitement de ses données par un réseau "
                   "social ?", "15 ans", "10 ans", "13 ans", "21 ans"),
            choice("Vous avez 16 ans. Faut-il l'accord d'un parent pour vous inscrire à un réseau social en France ?",
                   "Non, à partir de 15 ans on peut donner son accord seul", "Oui, jusqu'à 18 ans",
                   "Oui, jusqu'à 21 ans", "Non, l'accord n'est jamais demandé")],
    }))

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def _deadline(rng: random.Random) -> dict:
    day, month = rng.randint(2, 28), rng.randrange(11)
    right = f"{day} {MONTHS[month + 1]}"
    week = day + 7 if day <= 21 else day - 7
    wrongs = [f"{day} {MONTHS[month]}", f"{week} {MONTHS[month]}", f"{day} {MONTHS[(month + 3) % 12]}"]
    return qcu(f"Le {day} {MONTHS[month]}, vous demandez à un site l'accès à vos données. Il doit vous répondre dans un "
               "délai d'un mois au plus. Jusqu'à quelle date peut-il répondre ?", right, wrongs, rng)


RIGHTS = Family("droits-donnees", "4.2", "Exercer ses droits sur ses données", {
    1: "Savoir à qui s'adresser pour protéger ses données", 2: "Connaître le droit d'accès",
    3: "Connaître le droit de rectification", 4: "Connaître le droit à l'effacement", 5: "Connaître le droit d'opposition",
    6: "Connaître le délai de réponse à une demande"}, listed({
        1: [choice("Quelle autorité française veille à la protection des données personnelles ?", "La CNIL",
                   "L'Arcom", "La SNCF", "Le CDI"),
            choice("Un site refuse de répondre à votre demande sur vos données. À qui pouvez-vous adresser une plainte ?",
                   "À la CNIL", "Au CPE", "À votre fournisseur d'accès", "À un moteur de recherche")],
        2: [choice("Que permet le droit d'accès à vos données ?",
                   "Savoir quelles données un organisme détient sur vous et en obtenir une copie",
                   "Accéder aux données des autres", "Accéder gratuitement à tous les sites", "Ouvrir un compte sans mot de passe"),
            choice("Vous voulez savoir ce qu'une application de jeux a enregistré sur vous. Quel droit utilisez-vous ?",
                   "Le droit d'accès", "Le droit à l'image", "Le droit d'auteur", "Le droit de vote")],
        3: [choice("Votre adresse est fausse dans le fichier de votre club de sport. Quel droit vous permet de la faire "
                   "corriger ?", "Le droit de rectification", "Le droit d'opposition", "Le droit d'auteur",
                   "Le droit de citation"),
            choice("Que permet le droit de rectification ?", "Faire corriger des données inexactes",
                   "Corriger les copies des autres", "Modifier un article de loi", "Changer de nom")],
        4: [choice("Vous voulez que le site d'un ancien club supprime votre compte et vos données. Quel droit invoquez-vous ?",
                   "Le droit à l'effacement", "Le droit d'accès", "Le droit de citation", "Le droit de réponse"),
            choice("Une photo de vous publiée quand vous aviez 12 ans vous gêne. Que prévoit la loi pour les données "
                   "publiées quand on était mineur ?", "Un droit à l'effacement renforcé", "Rien du tout",
                   "Un droit de la modifier vous-même sur le site", "Une amende pour vous")],
        5: [choice("Vous ne voulez plus recevoir les publicités d'une enseigne qui a votre adresse. Quel droit utilisez-vous ?",
                   "Le droit d'opposition", "Le droit de rectification", "Le droit d'auteur", "Le droit de grève"),
            choice("Que permet le droit d'opposition ?",
                   "Refuser que ses données servent, par exemple, à de la publicité ciblée",
                   "S'opposer à une note", "Empêcher toute publication sur Internet", "Refuser de payer un service")],
        6: [_deadline, _deadline],
    }))

# -- 4.2 photo metadata ----------------------------------------------------------------------------------

DEVICES = ["Téléphone Lumio A52", "Appareil Kado Z3", "Tablette Nova 8", "Téléphone Pixo 7"]


def _photos(rng: random.Random) -> tuple[list[dict], str]:
    photos = []
    day = rng.randint(100, 250)
    for n in range(3):
        minute = rng.randint(8 * 60, 19 * 60)
        photos.append({"file": f"IMG_{rng.randint(1000, 9999)}.jpg", "day": day + rng.randint(0, 2), "minute": minute,
                       "device": rng.choice(DEVICES), "lat": round(rng.uniform(43, 50), 4),
                       "lon": round(rng.uniform(-4, 7), 4), "size": rng.choice(["4000 × 3000", "3264 × 2448"])})
    lines = []
    for p in photos:
        lines.append(f"{p['file']} : prise le {_date(p['day'])} à {p['minute'] // 60}:{p['minute'] % 60:02d} ; "
                     f"appareil : {p['device']} ; dimensions : {p['size']} ; latitude : {str(p['lat']).replace('.', ',')}"
                     f" ; longitude : {str(p['lon']).replace('.', ',')}")
    return photos, "Métadonnées (données EXIF) de trois photos :\n" + "\n".join(lines)


def _metadata(level: int, variant: int, rng: random.Random) -> dict:
    photos, listing = _photos(rng)
    first = photos[0]
    if len({(p["day"], p["minute"]) for p in photos}) < 3 or len({p["file"] for p in photos}) < 3:
        return _metadata(level, variant, random.Random(rng.random()))
    if level == 1:
        right = _date(first["day"])
        wrongs = list(dict.fromkeys(_date(first["day"] + d) for d in (-3, 4, 9, 30)))
        return qcu(f"{listing}\n\nQuel jour la photo {first['file']} a-t-elle été prise ?", right, wrongs[:3], rng)
    if level == 2:
        right = first["device"]
        return qcu(f"{listing}\n\nAvec quel appareil la photo {first['file']} a-t-elle été prise ?", right,
                   [d for d in DEVICES if d != right], rng)
    if level == 3:
        return qcu(f"{listing}\n\nQuelles métadonnées révèlent où la photo a été prise ?", "La latitude et la longitude",
                   ["Les dimensions", "Le modèle de l'appareil", "L'heure de la prise de vue"], rng)
    if level == 4:
        a, b = sorted(photos[:2], key=lambda p: (p["day"], p["minute"]))
        gap = (b["day"] - a["day"]) * 24 * 60 + b["minute"] - a["minute"]
        return qroc_number(f"{listing}\n\nCombien de minutes se sont écoulées entre la prise de {a['file']} et celle de "
                           f"{b['file']} ?", "Minutes", gap)
    if level == 5:
        return qcm(f"{listing}\n\nAvant de publier ces photos, quelles métadonnées faut-il retirer pour ne pas révéler où "
                   "vous étiez ?", ["La latitude", "La longitude"], ["Les dimensions", "Le modèle de l'appareil"], rng)
    order = sorted(photos, key=lambda p: (p["day"], p["minute"]))
    rank = 2 if variant == 0 else 1
    right = order[rank - 1]["file"]
    others = [p["file"] for p in photos if p["file"] != right]
    question = "la plus ancienne" if rank == 1 else "la deuxième dans l'ordre chronologique"
    return qcu(f"{listing}\n\nQuelle photo a été prise {'en premier' if rank == 1 else 'en deuxième'} ({question}) ?",
               right, others + ["IMG_0001.jpg"], rng)


METADATA = Family("metadonnees", "4.2", "Maîtriser les métadonnées de ses fichiers", {
    1: "Lire la date d'une photo dans ses métadonnées", 2: "Lire l'appareil utilisé dans les métadonnées",
    3: "Repérer une information de localisation", 4: "Calculer un écart entre deux prises de vue",
    5: "Choisir les métadonnées à retirer avant de publier", 6: "Retrouver l'ordre des prises de vue"}, _metadata)

# -- 4.3 energy of devices ------------------------------------------------------------------------------

DEVICES_W = [("chargeur de téléphone", 5), ("box internet", 10), ("ordinateur portable", 45),
             ("console de salon", 150), ("téléviseur", 90), ("ordinateur fixe avec écran", 200)]


def _energy(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        picked = rng.sample(DEVICES_W, 4)
        best = max(picked, key=lambda d: d[1])
        texts = [f"{n} ({w} W)" for n, w in picked]
        word = "le plus" if variant == 0 else "le moins"
        pick = best if variant == 0 else min(picked, key=lambda d: d[1])
        return qcu(f"Lequel de ces appareils consomme {word} d'énergie en une heure d'utilisation ?",
                   f"{pick[0]} ({pick[1]} W)", [t for t in texts if t != f"{pick[0]} ({pick[1]} W)"], rng)
    name, watts = rng.choice(DEVICES_W[2:])
    hours = rng.randint(2, 6)
    if level == 2:
        return qroc_number(f"Un appareil de {watts} W ({name}) fonctionne {hours} heures. Quelle énergie consomme-t-il, "
                           "en wattheures (Wh) ?", "Énergie en Wh", watts * hours)
    if level == 3:
        return qroc_number(f"Un appareil de {watts} W ({name}) fonctionne {hours} heures par jour pendant 7 jours. "
                           "Combien de kilowattheures (kWh) consomme-t-il ? (1 kWh = 1 000 Wh)", "Énergie en kWh",
                           Fraction(watts * hours * 7, 1000))
    price = rng.choice([Fraction(20, 100), Fraction(25, 100), Fraction(30, 100)])
    if level == 4:
        days = rng.randint(10, 30)
        energy = Fraction(watts * hours * days, 1000)
        return qroc_number(f"Un appareil de {watts} W ({name}) fonctionne {hours} heures par jour pendant {days} jours. "
                           f"Le kWh coûte {str(float(price)).replace('.', ',')} €. Combien coûte cette énergie, en euros "
                           "arrondis au centime ?", "Coût en euros", _round(energy * price, 2))
    standby = rng.choice([5, 8, 12, 15])
    if level == 5:
        return qroc_number(f"Une box internet consomme {standby} W en permanence, 24 heures sur 24. Combien de kWh "
                           "consomme-t-elle en un an (365 jours) ? Arrondissez à l'unité.", "Énergie en kWh",
                           _round(Fraction(standby * 24 * 365, 1000), 0))
    night = rng.randint(7, 10)
    return qroc_number(f"Votre box internet consomme {standby} W. En l'éteignant {night} heures chaque nuit pendant un an "
                       f"(365 jours), combien d'euros économisez-vous si le kWh coûte "
                       f"{str(float(price)).replace('.', ',')} € ? Arrondissez au centime.", "Économie en euros",
                       _round(Fraction(standby * night * 365, 1000) * price, 2))


ENERGY = Family("energie-appareils", "4.3", "Estimer l'énergie consommée par ses appareils", {
    1: "Comparer la puissance d'appareils", 2: "Calculer une énergie en wattheures",
    3: "Convertir une énergie en kilowattheures", 4: "Calculer le coût d'une consommation",
    5: "Estimer la consommation d'un appareil toujours allumé", 6: "Calculer une économie d'énergie"}, _energy)

HEALTH = Family("sante-ecrans", "4.3", "Préserver sa santé face aux écrans", {
    1: "Régler son poste de travail", 2: "Faire des pauses", 3: "Protéger son audition", 4: "Protéger son sommeil",
    5: "Réagir au cyberharcèlement", 6: "Garder la maîtrise de son attention"}, listed({
        1: [choice("Comment placer votre écran pour travailler confortablement ?",
                   "Le haut de l'écran à hauteur des yeux, à un bras de distance", "Le plus près possible des yeux",
                   "Posé sur les genoux", "Face à une fenêtre très lumineuse derrière lui"),
            choice("Quelle position est la meilleure devant l'ordinateur ?", "Le dos droit, les pieds à plat au sol",
                   "Penché en avant, le nez sur l'écran", "Allongé sur le lit", "Les jambes croisées sous la chaise")],
        2: [choice("Que conseille la règle « 20-20-20 » pour reposer les yeux ?",
                   "Toutes les 20 minutes, regarder à environ 6 mètres pendant 20 secondes",
                   "Travailler 20 heures par semaine", "Mettre l'écran à 20 cm des yeux", "Cligner 20 fois par minute"),
            choice("Après une heure de jeu vidéo, que vaut-il mieux faire ?", "Faire une pause et bouger un peu",
                   "Enchaîner sans arrêt", "Augmenter la luminosité", "Se rapprocher de l'écran")],
        3: [choice("Pour protéger votre audition avec un casque, que faire ?",
                   "Ne pas dépasser environ 60 % du volume et faire des pauses",
                   "Mettre le volume au maximum pour couvrir le bruit", "Dormir avec le casque",
                   "Prêter le casque pour partager le son"),
            choice("Dans le bus, pourquoi un casque qui atténue les bruits extérieurs protège-t-il l'audition ?",
                   "On n'a pas besoin de monter le volume pour couvrir le bruit", "Il rend la musique plus forte",
                   "Il empêche la batterie de se vider", "Il coupe les notifications")],
        4: [choice("Pourquoi éviter les écrans juste avant de dormir ?",
                   "Ils retardent l'endormissement et réduisent la qualité du sommeil", "Ils usent la batterie",
                   "Ils font grossir", "Ils abîment les cheveux"),
            choice("Quel réglage aide à préserver votre sommeil ?", "Ranger le téléphone hors de la chambre la nuit",
                   "Laisser les notifications sonores activées", "Dormir avec une vidéo en fond",
                   "Mettre le téléphone sous l'oreiller")],
        5: [choice("Quel numéro national, gratuit et anonyme, aide les victimes de cyberharcèlement ?", "3018",
                   "33700", "17", "3939"),
            choice("Une camarade reçoit des messages humiliants en continu dans un groupe de classe. Que faites-vous ?",
                   "Je la soutiens, je garde des captures et j'en parle à un adulte", "Je like pour ne pas être exclu",
                   "Je quitte le groupe sans rien dire", "Je transfère les messages à d'autres")],
        6: [choice("Pourquoi certaines applications envoient-elles des notifications sans arrêt ?",
                   "Pour capter votre attention et vous faire revenir souvent", "Pour économiser votre batterie",
                   "Parce que la loi les y oblige", "Pour protéger votre vie privée"),
            choice("Quel réglage vous aide à vous concentrer pendant vos devoirs ?",
                   "Le mode « ne pas déranger » et les notifications coupées", "Le son des notifications au maximum",
                   "La lecture automatique des vidéos", "Plusieurs réseaux sociaux ouverts en même temps")],
    }))

# -- 4.3 data and CO2 (the factors are given in each question) ---------------------------------------------


def _sober(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        if variant == 0:
            return qcu("Pour un smartphone, quelle étape de sa vie pèse en général le plus sur l'environnement ?",
                       "Sa fabrication", ["Sa recharge quotidienne", "L'envoi de SMS", "Le réglage de la luminosité"],
                       rng)
        return qcu("Quel geste réduit le plus l'impact environnemental de votre téléphone ?",
                   "Le garder longtemps et le faire réparer",
                   ["Changer de coque chaque mois", "Le recharger la nuit plutôt que le jour", "Supprimer ses SMS"], rng)
    per_hour = rng.choice([Fraction(3, 2), Fraction(2), Fraction(5, 2), Fraction(3)])
    hours = rng.randint(3, 12)
    if level == 2:
        return qroc_number(f"Regarder une heure de vidéo en haute définition utilise environ {_num(per_hour)} Go de "
                           f"données. Combien de Go pour {hours} heures ?", "Données en Go", per_hour * hours)
    low = Fraction(1, 2)
    if level == 3:
        if variant == 0:
            return qroc_number(f"Une heure de vidéo utilise environ {_num(per_hour)} Go en haute définition et "
                               f"{_num(low)} Go en basse définition. Combien de Go économisez-vous en regardant {hours} "
                               "heures en basse définition plutôt qu'en haute définition ?", "Économie en Go",
                               (per_hour - low) * hours)
        weekly = rng.randint(3, 9)
        return qroc_number(f"Une heure de vidéo utilise environ {_num(per_hour)} Go en haute définition et "
                           f"{_num(low)} Go en basse définition. Vous regardez {weekly} heures de vidéo par semaine. "
                           "Combien de Go économisez-vous en 4 semaines en passant à la basse définition ?",
                           "Économie en Go", (per_hour - low) * weekly * 4)
    grams = rng.choice([10, 20, 30, 50])
    if level == 4:
        data = rng.randint(5, 40)
        return qroc_number(f"Dans cet exercice, on compte {grams} g de CO2 par Go de données transférées. Combien de "
                           f"grammes de CO2 pour {data} Go ?", "CO2 en grammes", grams * data)
    if level == 5:
        made = rng.choice([120, 180, 240, 300])
        short, long_ = rng.choice([(2, 4), (2, 5), (3, 5), (3, 6)])
        return qroc_number(f"La fabrication d'un ordinateur portable émet environ {made} kg de CO2. Réparti sur ses "
                           f"années d'utilisation, de combien de kg par an cet impact baisse-t-il si vous le gardez "
                           f"{long_} ans au lieu de {short} ?", "Baisse en kg par an",
                           Fraction(made, short) - Fraction(made, long_))
    days = 30
    stream = per_hour * 2 * days
    download = Fraction(rng.choice([4, 6, 8]), 10)
    return qroc_number(f"Vous écoutez un album en vidéo, 2 heures par jour pendant {days} jours, à {_num(per_hour)} Go par "
                       f"heure. Télécharger l'album une seule fois en audio utiliserait {_num(download)} Go, puis plus "
                       f"rien pour l'écouter. Combien de Go économiseriez-vous sur ces {days} jours ?", "Économie en Go",
                       stream - download)


def _num(value: Fraction) -> str:
    return number(value)


SOBER = Family("numerique-sobre", "4.3", "Réduire l'impact environnemental du numérique", {
    1: "Repérer ce qui pèse le plus sur l'environnement", 2: "Calculer un volume de données",
    3: "Comparer les volumes de données selon la qualité", 4: "Estimer des émissions de CO2",
    5: "Mesurer l'effet de la durée de vie d'un appareil", 6: "Comparer deux usages"}, _sober)

FAMILIES = (PERSONAL, RIGHTS, METADATA, ENERGY, HEALTH, SOBER)
