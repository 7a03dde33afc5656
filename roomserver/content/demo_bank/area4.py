"""Area 4, Protection et sécurité (4.1 Sécuriser l'environnement numérique): password strength,
phishing, securing accounts."""

from __future__ import annotations

import math
import random

from .kit import Family, choice, choices, listed, qcu, qroc_number

# -- 4.1 password strength --------------------------------------------------------------------------

WORDS = ["girafe", "tambour", "nuage", "citron", "voilier", "cactus", "falaise", "piano", "lanterne", "comète"]
WEAK = ["azerty", "123456789", "soleil2011", "motdepasse", "lea2011", "000000", "qwerty123"]


def _passwords(level: int, variant: int, rng: random.Random) -> dict:
    if level == 1:
        words = rng.sample(WORDS, 3)
        strong = f"{words[0].capitalize()}-{words[1]}-{rng.randint(10, 99)}-{words[2]}!"
        return qcu("Lequel de ces mots de passe est le plus robuste ?", strong, rng.sample(WEAK, 3), rng)
    if level == 2:
        n = 4 if variant == 0 else 6
        return qroc_number(f"Un code PIN est formé de {n} chiffres, chacun de 0 à 9. Combien de codes différents "
                           "existe-t-il ?", "Nombre de codes", 10 ** n)
    if level == 3:
        n = 2 if variant == 0 else 3
        return qroc_number(f"Combien de mots de passe différents de {n} lettres minuscules peut-on former (26 lettres "
                           "possibles, une même lettre peut revenir) ?", "Nombre", 26 ** n)
    if level == 4:
        if variant == 0:
            k = rng.choice([26, 36, 62, 94])
            return qroc_number(f"Un mot de passe utilise des caractères choisis parmi {k}. Si on lui ajoute un caractère, "
                               "combien de fois plus de mots de passe possibles y a-t-il ?", "Nombre de fois", k)
        a, b = rng.choice([(4, 6), (4, 8), (6, 8)])
        return qroc_number(f"Combien de fois plus de codes possibles y a-t-il avec un code de {b} chiffres qu'avec un "
                           f"code de {a} chiffres ?", "Nombre de fois", 10 ** (b - a))
    if level == 5:
        rate = rng.choice([100, 1000, 10_000])
        n = rng.choice([6, 7, 8])
        total = 10 ** n // rate
        shown = f"{rate:,}".replace(",", " ")
        if variant == 0:
            return qroc_number(f"Un logiciel pirate teste {shown} codes par seconde. Combien de secondes lui faut-il, "
                               f"au maximum, pour essayer tous les codes de {n} chiffres ?", "Secondes", total)
        return qroc_number(f"Un logiciel pirate teste {shown} codes par seconde. Combien de minutes lui faut-il, au "
                           f"maximum, pour essayer tous les codes de {n} chiffres ? Arrondissez à la minute supérieure.",
                           "Minutes", math.ceil(total / 60))
    bits, size = rng.choice([(4, 16), (5, 32), (6, 64), (8, 256)])
    length = rng.randint(8, 16)
    return qroc_number(f"Un mot de passe de {length} caractères est tiré au hasard parmi {size} symboles (chaque symbole "
                       f"apporte {bits} bits car 2 puissance {bits} = {size}). Combien de bits d'entropie a-t-il ?",
                       "Bits", length * bits)


PASSWORDS = Family("robustesse-mots-de-passe", "4.1", "Mesurer la robustesse d'un mot de passe", {
    1: "Choisir le mot de passe le plus robuste", 2: "Compter les codes possibles d'un code PIN",
    3: "Compter les mots de passe possibles", 4: "Mesurer l'effet de la longueur d'un mot de passe",
    5: "Estimer la durée d'une attaque par force brute", 6: "Calculer l'entropie d'un mot de passe"}, _passwords)

PHISHING = Family("hameconnage", "4.1", "Déjouer l'hameçonnage", {
    1: "Reconnaître un message trop beau pour être vrai", 2: "Repérer l'urgence et la menace",
    3: "Vérifier l'adresse de l'expéditeur", 4: "Vérifier un lien avant de cliquer", 5: "Réagir à un SMS frauduleux",
    6: "Signaler une tentative d'hameçonnage"}, listed({
        1: [choice("Un message vous annonce que vous avez gagné le dernier téléphone à la mode et vous demande 2 € de frais "
                   "d'envoi. Que faites-vous ?", "Je l'ignore : c'est une arnaque classique", "Je paie, 2 € ce n'est rien",
                   "Je donne ma carte bancaire pour vérifier", "Je le transfère à mes amis pour qu'ils gagnent aussi"),
            choice("Une publicité promet une carte cadeau de 500 € à qui répond à trois questions. Qu'en pensez-vous ?",
                   "C'est trop beau pour être vrai : probablement une arnaque", "C'est une offre sérieuse",
                   "C'est sûr si la page est jolie", "C'est sûr si un ami l'a partagée")],
        2: [choice("Un courriel annonce : « Votre compte sera supprimé dans 24 h si vous ne confirmez pas votre mot de "
                   "passe ». Quel signe doit vous alerter ?", "L'urgence et la menace", "La présence d'un logo",
                   "Le fait qu'il soit en français", "L'heure d'envoi"),
            choice("Pourquoi les fraudeurs écrivent-ils souvent « URGENT » ?", "Pour que vous agissiez sans réfléchir",
                   "Parce que la loi l'exige", "Pour que le message soit mieux classé", "Pour éviter les fautes")],
        3: [choice("Un message signé « Service des impôts » vient de l'adresse impots-remboursement@messagerie-rapide.com. "
                   "Qu'en concluez-vous ?", "Ce n'est pas une adresse de l'administration : c'est suspect",
                   "C'est normal, l'administration utilise des messageries gratuites", "C'est sûr, le nom est écrit",
                   "C'est sûr si le message contient un numéro de dossier"),
            choice("Quel expéditeur peut vraiment être votre ENT ?", "ne-pas-repondre@ent.lycee-tilleuls.fr",
                   "ent.lycee-tilleuls@messagerie-gratuite.com", "support@ent-lycee-tilleuls-verif.net",
                   "lycee-tilleuls.fr@securite-compte.info")],
        4: [choice("Avant de cliquer sur un lien dans un courriel, comment vérifier où il mène ?",
                   "Je survole le lien pour lire l'adresse réelle qui s'affiche", "Je regarde la couleur du lien",
                   "Je clique pour voir", "Je vérifie que le texte du lien dit « sécurisé »"),
            choice("Le texte d'un lien indique « www.banque-horizon.fr » mais l'adresse réelle est "
                   "« banque-horizon.verif-compte.xyz ». Où mène ce lien ?", "Sur le site verif-compte.xyz",
                   "Sur le site de la banque Horizon", "Sur les deux sites à la fois", "Nulle part")],
        5: [choice("Vous recevez un SMS : « Votre colis est bloqué, payez 1,99 € ici : http://colis-suivi.info ». Vous "
                   "n'attendez rien. Que faites-vous ?", "Je ne clique pas et je le signale au 33700",
                   "Je paie pour débloquer le colis", "Je réponds STOP en donnant mon adresse",
                   "Je clique pour voir de quel colis il s'agit"),
            choice("À quel numéro pouvez-vous transférer gratuitement un SMS frauduleux pour le signaler ?", "33700",
                   "3018", "112", "15")],
        6: [choice("Vous avez repéré un courriel d'hameçonnage. Que faites-vous ?",
                   "Je le signale (par exemple sur signal-spam.fr) puis je le supprime",
                   "Je réponds pour dire que je ne suis pas dupe", "Je le transfère à tous mes contacts",
                   "Je clique sur le lien de désinscription"),
            choice("Vous avez saisi votre mot de passe sur une fausse page de connexion. Que faites-vous d'abord ?",
                   "Je change ce mot de passe tout de suite, partout où je l'utilise", "J'attends de voir ce qui arrive",
                   "Je supprime le courriel et je n'en parle pas", "J'éteins mon ordinateur pour effacer la trace")],
    }))

ACCOUNTS = Family("securiser-comptes", "4.1", "Sécuriser ses comptes et ses appareils", {
    1: "Verrouiller sa session", 2: "Garder un mot de passe secret", 3: "Activer la double authentification",
    4: "Utiliser un gestionnaire de mots de passe", 5: "Se méfier des réseaux Wi-Fi publics",
    6: "Réagir à un compte piraté"}, listed({
        1: [choice("Vous quittez votre poste au CDI pour aller chercher un livre. Que faites-vous ?", "Je verrouille ma session",
                   "Je laisse ma session ouverte", "Je baisse seulement la luminosité", "Je ferme la fenêtre du navigateur"),
            choice("Pourquoi verrouiller son téléphone avec un code ?",
                   "Pour que personne ne puisse l'utiliser si vous le perdez", "Pour économiser la batterie",
                   "Pour recevoir plus de messages", "Pour accélérer les applications")],
        2: [choice("Votre meilleure amie vous demande votre mot de passe de l'ENT pour regarder vos notes. Que faites-vous ?",
                   "Je refuse : un mot de passe ne se prête pas", "Je le lui donne, c'est ma meilleure amie",
                   "Je le lui écris sur un papier", "Je lui donne seulement la moitié"),
            choice("Où est-il risqué de noter son mot de passe ?", "Sur un post-it collé sous le clavier",
                   "Dans un gestionnaire de mots de passe protégé", "Nulle part, je le retiens",
                   "Dans ma mémoire avec une phrase secrète")],
        3: [choice("À quoi sert la double authentification ?",
                   "À demander une seconde preuve (code reçu, application) en plus du mot de passe",
                   "À se connecter deux fois plus vite", "À avoir deux mots de passe identiques",
                   "À partager son compte avec deux personnes"),
            choice("Vous recevez un code de connexion par SMS alors que vous n'essayez pas de vous connecter. Qu'est-ce que cela "
                   "signifie ?", "Quelqu'un connaît peut-être votre mot de passe : je le change",
                   "C'est un cadeau de l'opérateur", "Rien, c'est normal", "Mon téléphone est en panne")],
        4: [choice("Quel est l'intérêt d'un gestionnaire de mots de passe ?",
                   "Avoir un mot de passe différent et solide pour chaque site", "Utiliser le même mot de passe partout",
                   "Publier ses mots de passe en sécurité", "Ne plus avoir besoin de mot de passe nulle part"),
            choice("Pourquoi ne pas utiliser le même mot de passe sur tous les sites ?",
                   "Si un site se le fait voler, tous vos comptes sont exposés", "Parce que c'est interdit par la loi",
                   "Parce que les sites le refusent toujours", "Parce que cela ralentit la connexion")],
        5: [choice("Au café, un Wi-Fi gratuit et sans mot de passe est disponible. Que faut-il éviter d'y faire ?",
                   "Me connecter à mon compte bancaire ou saisir des mots de passe importants",
                   "Lire les horaires de bus", "Consulter la météo", "Regarder une carte"),
            choice("Deux réseaux Wi-Fi s'appellent « Gare-WiFi » et « Gare-WiFi-Gratuit ». Quel est le risque ?",
                   "L'un des deux peut être un faux réseau créé pour espionner", "Aucun, plus il y en a mieux c'est",
                   "Le téléphone peut exploser", "Les deux sont forcément officiels")],
        6: [choices("Votre compte de réseau social publie des messages que vous n'avez pas écrits. Que faites-vous ?",
                    ["Je change mon mot de passe", "Je préviens mes contacts de ne pas cliquer sur ces messages"],
                    ["J'attends que cela s'arrête", "Je supprime mon antivirus"]),
            choice("Un ami vous écrit depuis son compte piraté pour vous demander un code reçu par SMS. Que faites-vous ?",
                   "Je ne donne jamais ce code et je préviens mon ami par un autre moyen",
                   "Je donne le code, c'est un ami", "Je donne le code seulement s'il insiste",
                   "Je publie le code pour qu'il le trouve")],
    }))

FAMILIES = (PASSWORDS, PHISHING, ACCOUNTS)
