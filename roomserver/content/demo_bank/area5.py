"""Area 5, Environnement numérique: 5.1 solving problems (IP addresses, a method, disk space) and
5.2 building an environment (folders and paths, connectors, download speeds)."""

from __future__ import annotations

import math
import random
from fractions import Fraction

from .kit import Family, choice, choices, listed, number, qcu, qroc_number, qroc_text

# -- 5.1 IP addresses ----------------------------------------------------------------------------------


def _ip(rng: random.Random, first: str = "192.168") -> tuple[int, ...]:
    head = tuple(int(x) for x in first.split("."))
    return head + tuple(rng.randint(1, 254) for _ in range(4 - len(head)))


def _dotted(parts: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in parts)


def _addresses(level: int, variant: int, rng: random.Random) -> dict:
    ip = _ip(rng, "192.168" if variant == 0 else "10")
    if level == 1:
        return qcu("Laquelle de ces écritures est une adresse IPv4 ?", _dotted(ip),
                   ["www.lycee-tilleuls.fr", "00:1A:2B:3C:4D:5E", _dotted(ip[:3])], rng)
    if level == 2:
        bad = list(ip)
        bad[2] = rng.randint(256, 420)
        valid = [_dotted(_ip(rng, "172.16")), _dotted(_ip(rng, "10")), _dotted(_ip(rng))]
        return qcu("Laquelle de ces adresses IPv4 est impossible ?", _dotted(tuple(bad)), valid, rng)
    if level == 3:
        same = ip[:3] + (rng.choice([n for n in range(1, 255) if n != ip[3]]),)
        others = [ip[:2] + ((ip[2] + 1) % 255, ip[3]), ip[:2] + ((ip[2] + 7) % 255, rng.randint(1, 254)),
                  (ip[0], (ip[1] + 1) % 255) + ip[2:]]
        return qcu(f"Le poste {_dotted(ip)} a le masque 255.255.255.0 (les trois premiers nombres désignent le réseau). "
                   "Lequel de ces postes est dans le même réseau local ?", _dotted(same), [_dotted(o) for o in others], rng)
    if level == 4:
        if variant == 0:
            return qroc_number("Avec le masque 255.255.255.0, le dernier nombre de l'adresse va de 0 à 255. L'adresse "
                               "en .0 désigne le réseau et celle en .255 sert à la diffusion. Combien d'adresses "
                               "restent pour les appareils ?", "Nombre d'adresses", 254)
        taken = rng.randint(2, 6)
        return qroc_number(f"Le réseau de la salle est {_dotted(ip[:3])}.0 avec le masque 255.255.255.0 : 254 adresses "
                           f"sont utilisables. Le routeur, l'imprimante et d'autres appareils fixes en occupent déjà "
                           f"{taken}. Combien d'adresses restent pour les postes ?", "Nombre d'adresses", 254 - taken)
    if level == 5:
        private = _dotted(_ip(rng, rng.choice(["192.168", "10", "172.20"])))
        public = [_dotted(_ip(rng, f"{n}")) for n in rng.sample([90, 151, 212, 81, 37], 3)]
        return qcu("Laquelle de ces adresses est une adresse privée, utilisable seulement à l'intérieur d'un réseau "
                   "local (10.x.x.x, 172.16 à 172.31.x.x, 192.168.x.x) ?", private, public, rng)
    if variant == 0:
        return qroc_text(f"Quelle est l'adresse du réseau du poste {_dotted(ip)} avec le masque 255.255.255.0 ?",
                         "Adresse du réseau", [_dotted(ip[:3] + (0,))], ["T1"])
    return qroc_text(f"Quelle est l'adresse du réseau du poste {_dotted(ip)} avec le masque 255.255.0.0 ?",
                     "Adresse du réseau", [_dotted(ip[:2] + (0, 0))], ["T1"])


IP = Family("adresses-ip", "5.1", "Comprendre les adresses d'un réseau", {
    1: "Reconnaître une adresse IPv4", 2: "Repérer une adresse IPv4 impossible",
    3: "Reconnaître deux appareils du même réseau local", 4: "Compter les adresses d'un réseau local",
    5: "Reconnaître une adresse privée", 6: "Trouver l'adresse d'un réseau"}, _addresses)

METHOD = Family("depannage-methode", "5.1", "Suivre une démarche de dépannage", {
    1: "Vérifier les branchements", 2: "Redémarrer un appareil", 3: "Fermer un programme qui ne répond plus",
    4: "Lire un message d'erreur", 5: "Isoler l'origine d'une panne", 6: "Décrire un problème pour obtenir de l'aide"},
    listed({
        1: [choice("L'écran de votre ordinateur reste noir alors que l'unité centrale est allumée. Que vérifiez-vous "
                   "d'abord ?", "Que l'écran est allumé et bien branché", "La version du système",
                   "Le mot de passe de ma session", "La date de l'ordinateur"),
            choice("La souris ne répond plus. Quel est le premier geste ?", "Vérifier son branchement ou ses piles",
                   "Réinstaller le système", "Changer d'ordinateur", "Appeler le fabricant")],
        2: [choice("Votre ordinateur est très lent depuis plusieurs jours sans être éteint. Que tentez-vous d'abord ?",
                   "Le redémarrer", "Le démonter", "Acheter plus de mémoire", "Supprimer tous mes documents"),
            choice("La box internet ne donne plus accès à Internet. Quel geste simple essayer en premier ?",
                   "La redémarrer et attendre qu'elle se reconnecte", "Changer de fournisseur d'accès",
                   "Réinitialiser tous mes comptes", "Débrancher l'imprimante")],
        3: [choice("Un logiciel ne répond plus et bloque l'écran. Sous Windows, quel outil permet de le fermer ?",
                   "Le gestionnaire des tâches", "La corbeille", "Le panneau de configuration de l'imprimante",
                   "Le lecteur multimédia"),
            choice("Un onglet du navigateur est figé. Que faites-vous ?", "Je ferme cet onglet", "J'éteins la box",
                   "Je supprime le navigateur", "Je débranche le clavier")],
        4: [choice("Un message indique « Espace disque insuffisant ». Que faites-vous ?",
                   "Je libère de la place en supprimant ou déplaçant des fichiers", "Je redémarre sans rien changer",
                   "J'augmente la luminosité", "Je change le fond d'écran"),
            choice("Une erreur affiche un code et une phrase. Que faites-vous pour comprendre le problème ?",
                   "Je note le message exact et je le cherche dans l'aide ou sur un moteur de recherche",
                   "Je ferme le message sans le lire", "Je tape des touches au hasard", "Je débranche l'ordinateur")],
        5: [choice("Un site ne s'affiche pas. Quel test aide à savoir si le problème vient de votre connexion ?",
                   "Essayer d'ouvrir un autre site", "Changer la couleur du navigateur", "Vider la corbeille",
                   "Redémarrer l'imprimante"),
            choice("Votre casque ne produit aucun son sur l'ordinateur. Comment savoir si le casque est en panne ?",
                   "L'essayer sur un autre appareil", "Augmenter la luminosité", "Changer de fond d'écran",
                   "Fermer tous les onglets")],
        6: [choices("Vous écrivez au référent numérique pour signaler un problème. Quelles informations sont utiles ?",
                    ["Ce que vous faisiez quand le problème est apparu", "Le message d'erreur exact"],
                    ["Votre mot de passe", "Votre couleur préférée"]),
            choice("Quelle description d'un problème aide le plus le technicien ?",
                   "« Depuis ce matin, le poste 12 de la salle B12 affiche “Aucun réseau” au démarrage »",
                   "« Ça ne marche pas »", "« L'ordinateur est nul »", "« Tout est cassé depuis toujours »")],
    }))

# -- 5.1 disk space ------------------------------------------------------------------------------------


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _space(level: int, variant: int, rng: random.Random) -> dict:
    total = rng.choice([128, 256, 500, 512, 1000])
    if level == 1:
        free = rng.randint(10, total - 10)
        return qroc_number(f"Un disque de {_thousands(total)} Go a {free} Go d'espace libre. Combien de Go sont utilisés ?",
                           "Espace utilisé en Go", total - free)
    if level == 2:
        total = rng.choice([200, 250, 500, 1000])
        used_pct = rng.randint(12, 95)
        used = Fraction(total * used_pct, 100)
        return qroc_number(f"Un disque de {_thousands(total)} Go contient {number(used)} Go de fichiers. Quel pourcentage du disque "
                           "est utilisé ?", "Pourcentage", used_pct)
    if level == 3:
        need = rng.randint(8, 30)
        sizes = rng.sample(range(1, need), 3) + [need + rng.randint(1, 20)]
        names = ["Vidéos", "Téléchargements", "Jeux", "Musique"]
        rng.shuffle(names)
        texts = [f"{n} ({s} Go)" for n, s in zip(names, sizes)]
        return qcu(f"Vous devez libérer au moins {need} Go en supprimant un seul dossier. Lequel suffit ?", texts[3],
                   texts[:3], rng)
    if level == 4:
        sizes = sorted(rng.sample(range(2, 40), 7), reverse=True)
        keep = rng.randint(2, 4)
        need = sum(sizes[:keep]) - rng.randint(1, sizes[keep - 1] - 1)
        shown = rng.sample(sizes, len(sizes))
        count, freed = 0, 0
        for s in sizes:
            if freed >= need:
                break
            freed, count = freed + s, count + 1
        return qroc_number(f"Voici la taille de fichiers vidéo : {', '.join(f'{s} Go' for s in shown)}. Combien de "
                           f"fichiers au minimum devez-vous supprimer pour libérer au moins {need} Go ?",
                           "Nombre de fichiers", count)
    if level == 5:
        speed = rng.choice([20, 40, 50, 80, 100])
        size = rng.choice([2, 4, 6, 8, 10])
        seconds = Fraction(size * 1000, speed)
        if variant == 0:
            return qroc_number(f"Vous copiez {size} Go sur une clé USB qui écrit {speed} Mo par seconde. Combien de "
                               "secondes dure la copie ? (1 Go = 1 000 Mo)", "Secondes", seconds)
        return qroc_number(f"Vous copiez {size} Go sur une clé USB qui écrit {speed} Mo par seconde. Combien de minutes "
                           "dure la copie, arrondies à la minute supérieure ? (1 Go = 1 000 Mo)", "Minutes",
                           math.ceil(seconds / 60))
    free = rng.randint(40, 200)
    weekly = rng.randint(6, 25)
    return qroc_number(f"Votre disque a {free} Go libres et vous y enregistrez {weekly} Go de vidéos chaque semaine. Combien "
                       "de semaines complètes pouvez-vous enregistrer avant que le disque soit plein ?", "Semaines",
                       free // weekly)


SPACE = Family("espace-disque", "5.1", "Gérer l'espace de stockage", {
    1: "Calculer l'espace utilisé", 2: "Calculer un taux d'occupation", 3: "Choisir quoi supprimer pour libérer de la place",
    4: "Libérer de la place en supprimant le moins de fichiers", 5: "Estimer la durée d'une copie",
    6: "Prévoir la saturation d'un disque"}, _space)

# -- 5.2 folders and paths -----------------------------------------------------------------------------

TREE = {
    "Documents": {
        "Lycée": {"Maths": ["dm1.odt", "formulaire.pdf"], "Histoire": ["frise.odg", "expose.odp"],
                  "Anglais": ["vocabulaire.ods"]},
        "Club": {"Affiches": ["concert.png", "tournoi.png"], "Budget": ["budget-2026.ods"]},
        "Perso": ["cv.odt", "lettre.odt"],
    },
}


def _walk(node, path: tuple[str, ...]):
    """(path of each file) for the tree."""
    if isinstance(node, list):
        for name in node:
            yield path + (name,)
        return
    for name, child in node.items():
        yield from _walk(child, path + (name,))


def _paths(level: int, variant: int, rng: random.Random) -> dict:
    files = list(_walk(TREE, ()))
    # every file with its whole path: nothing depends on indentation, which a page may not keep
    tree = "Voici tous les fichiers du dossier Documents, avec leur chemin :\n" + "\n".join("/".join(f) for f in files)
    deep = [f for f in files if len(f) >= 4]
    path = deep[(2 * level + 3 * variant + rng.randrange(2)) % len(deep)]  # the two variants ask about other files
    if level == 1:
        right = path[-2]
        folders = sorted({p for f in files for p in f[:-1]} - {right})
        return qcu(f"{tree}\n\nDans quel dossier se trouve directement le fichier {path[-1]} ?", right,
                   rng.sample(folders, 3), rng)
    if level == 2:
        return qroc_text(f"{tree}\n\nLe dossier Documents est dans /home/lea. Écrivez le chemin complet du fichier "
                         f"{path[-1]}, à la manière de Linux (avec des /).", "Chemin",
                         ["/home/lea/" + "/".join(path)], ["T1"])
    if level == 3:
        full = "/home/lea/" + "/".join(path)
        parent = "/home/lea/" + "/".join(path[:-2])
        return qroc_text(f"Vous êtes dans le dossier qui contient le fichier {full}. Vous remontez d'un niveau (dossier "
                         "parent). Quel est le chemin complet du dossier où vous arrivez ?", "Chemin",
                         [parent, parent + "/"], ["T1"])
    if level == 4:
        folder = ["Club", "Lycée"][variant]
        count = sum(1 for f in files if folder in f[:-1])
        return qroc_number(f"{tree}\n\nCombien de fichiers contient le dossier {folder}, en comptant ceux de ses "
                           "sous-dossiers ?", "Nombre de fichiers", count)
    if level == 5:
        moved = path[-2]
        target = "Archives"
        new = "/home/lea/Documents/" + target + "/" + moved + "/" + path[-1]
        return qroc_text(f"{tree}\n\nLe dossier Documents est dans /home/lea. Vous créez le dossier Documents/{target} et vous "
                         f"y déplacez tout le dossier {moved}. Quel est le nouveau chemin complet de {path[-1]} ?",
                         "Chemin", [new], ["T1"])
    other = rng.choice([f for f in files if f[-2] != path[-2] and len(f) >= 4 and f[1] == path[1]] or
                       [f for f in files if f[-2] != path[-2] and len(f) >= 4])
    common = 0
    while common < min(len(path), len(other)) - 1 and path[common] == other[common]:
        common += 1
    up = len(path) - 1 - common
    relative = "../" * up + "/".join(other[common:])
    return qroc_text(f"{tree}\n\nVous travaillez dans le dossier qui contient {path[-1]}. Écrivez le chemin relatif (avec ../ "
                     f"pour remonter d'un dossier) qui mène au fichier {other[-1]}.", "Chemin relatif",
                     [relative], ["T1"])


PATHS = Family("chemins-dossiers", "5.2", "Se repérer dans une arborescence", {
    1: "Repérer le dossier qui contient un fichier", 2: "Écrire le chemin d'un fichier", 3: "Remonter au dossier parent",
    4: "Compter les fichiers d'un dossier et de ses sous-dossiers", 5: "Prévoir le chemin après un déplacement",
    6: "Écrire un chemin relatif"}, _paths)

CONNECTORS = Family("connectique", "5.2", "Connecter ses appareils", {
    1: "Brancher un périphérique USB", 2: "Relier un écran ou un vidéoprojecteur", 3: "Connecter un appareil sans fil",
    4: "Choisir une connexion au réseau", 5: "Choisir un support de stockage", 6: "Choisir le périphérique utilisé par défaut"},
    listed({
        1: [choice("Quel port sert le plus souvent à brancher une clé de stockage sur un ordinateur ?", "USB", "HDMI",
                   "Jack audio", "RJ45"),
            choice("Avant de retirer une clé USB, que faut-il faire ?", "L'éjecter proprement depuis le système",
                   "Éteindre l'écran", "La secouer", "Fermer le navigateur")],
        2: [choice("Quel câble relie le plus souvent un ordinateur portable à un vidéoprojecteur récent ?", "HDMI",
                   "USB-A vers micro-USB", "RJ45", "Jack audio"),
            choice("Le vidéoprojecteur est branché mais n'affiche rien. Quel réglage vérifiez-vous sur l'ordinateur ?",
                   "Le mode d'affichage (dupliquer ou étendre l'écran)", "Le volume du son", "Le fond d'écran",
                   "La langue du clavier")],
        3: [choice("Quelle technologie sert à relier des écouteurs sans fil à un téléphone ?", "Bluetooth", "HDMI",
                   "RJ45", "VGA"),
            choice("Pour connecter une enceinte Bluetooth pour la première fois, que faut-il faire ?",
                   "Mettre l'enceinte en mode appairage puis la choisir sur le téléphone", "La brancher en HDMI",
                   "Redémarrer la box internet", "Changer le mot de passe du Wi-Fi")],
        4: [choice("Pour une connexion stable et rapide à la box, sans Wi-Fi, quel câble utiliser ?",
                   "Un câble Ethernet (RJ45)", "Un câble HDMI", "Un câble jack audio", "Un câble VGA"),
            choice("Pourquoi le Wi-Fi peut-il être lent au fond du jardin ?",
                   "Le signal s'affaiblit avec la distance et les obstacles", "Le Wi-Fi ne marche que le matin",
                   "Les ordinateurs portables refusent le Wi-Fi dehors", "Le Wi-Fi ne traverse que le verre")],
        5: [choice("Quel support garde une copie de vos fichiers même si votre ordinateur est volé ?",
                   "Un espace de stockage en ligne (ou un disque gardé ailleurs)", "Le bureau de l'ordinateur",
                   "La corbeille", "La mémoire vive"),
            choice("Quel avantage a un disque SSD sur un disque dur à plateaux ?", "Il est plus rapide et plus résistant aux chocs",
                   "Il est toujours moins cher", "Il ne peut jamais tomber en panne", "Il n'a pas besoin d'électricité")],
        6: [choice("Votre document part sur l'imprimante de la salle voisine. Que réglez-vous ?",
                   "L'imprimante par défaut de l'ordinateur", "La taille de la police", "La luminosité de l'écran",
                   "Le fond d'écran"),
            choice("Le son sort des haut-parleurs de l'écran au lieu de votre casque USB. Que réglez-vous ?",
                   "Le périphérique de sortie audio par défaut", "La résolution de l'écran", "Le clavier par défaut",
                   "La carte réseau")],
    }))

# -- 5.2 download speeds ----------------------------------------------------------------------------------


def _speeds(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        offers = ["1 Gbit/s", "300 Mbit/s", "50 Mbit/s", "8 Mbit/s"]
        right = offers[0] if variant == 0 else offers[-1]
        word = "la plus rapide" if variant == 0 else "la plus lente"
        return qcu(f"Quelle connexion est {word} ? (1 Gbit/s = 1 000 Mbit/s)", right, [o for o in offers if o != right], rng)
    if level == 2:
        speed = 8 * rng.randint(2, 40)
        return qroc_number(f"Un débit de {speed} Mbit/s correspond à combien de mégaoctets par seconde (Mo/s) ? "
                           "(1 octet = 8 bits)", "Mo par seconde", speed // 8)
    if level == 3:
        speed = rng.choice([8, 16, 40, 80, 100])
        size = rng.randint(2, 50) * 10
        return qroc_number(f"Combien de secondes faut-il pour télécharger un fichier de {size} Mo avec un débit de "
                           f"{speed} Mbit/s ? (1 octet = 8 bits)", "Secondes", Fraction(size * 8, speed))
    if level == 4:
        speed = rng.choice([20, 50, 100, 200])
        size = rng.randint(3, 60)
        minutes = math.ceil(Fraction(size * 1000 * 8, speed) / 60)
        return qroc_number(f"Un jeu de {size} Go se télécharge avec un débit de {speed} Mbit/s. Combien de minutes "
                           "faut-il, arrondies à la minute supérieure ? (1 Go = 1 000 Mo, 1 octet = 8 bits)",
                           "Minutes", minutes)
    if level == 5:
        down, up = rng.choice([(100, 8), (300, 40), (1000, 200), (50, 4)])
        size = rng.randint(2, 30) * 10
        return qroc_number(f"Votre connexion a {down} Mbit/s en réception et {up} Mbit/s en envoi. Combien de secondes "
                           f"faut-il pour envoyer une vidéo de {size} Mo ? (1 octet = 8 bits)", "Secondes",
                           Fraction(size * 8, up))
    posts = rng.randint(10, 30)
    size = rng.choice([100, 200, 250, 400])
    speed = rng.choice([100, 200, 500])
    return qroc_number(f"Dans la salle, {posts} postes téléchargent en même temps une mise à jour de {size} Mo. La "
                       f"connexion de {speed} Mbit/s est partagée également entre eux. Combien de secondes faut-il ? "
                       "(1 octet = 8 bits)", "Secondes", Fraction(posts * size * 8, speed))


SPEEDS = Family("debits", "5.2", "Comprendre le débit d'une connexion", {
    1: "Comparer des débits", 2: "Convertir des mégabits en mégaoctets", 3: "Calculer une durée de téléchargement",
    4: "Calculer une longue durée de téléchargement", 5: "Comparer débit en réception et en envoi",
    6: "Partager un débit entre plusieurs postes"}, _speeds)

FAMILIES = (IP, METHOD, SPACE, PATHS, CONNECTORS, SPEEDS)
