"""Area 2, Communication et collaboration (2.1 Interagir, 2.2 Partager et publier)."""

from __future__ import annotations

import math
import random
import unicodedata

from .kit import Family, choice, choices, listed, number, qcu, qroc_number, qroc_text

FIRST_NAMES = ["Léa", "Tom", "Zoé", "Hugo", "Inès", "Nina", "Max", "Lou", "Jade", "Paul", "Sami", "Emma"]
LAST_NAMES = ["Martin", "Roussel", "Fabre", "Garnier", "Lemaire", "Perrot", "Colin", "Morel"]
DOMAINS = ["lycee-tilleuls.fr", "college-prevert.fr", "mairie-bellevue.fr", "club-escalade.org"]


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


# -- 2.1 recipients -------------------------------------------------------------------------------

FIELDS = ["À", "Cc", "Cci", "Objet"]

RECIPIENTS = Family("courriel-destinataires", "2.1", "Adresser un courriel", {
    1: "Choisir le destinataire principal d'un courriel", 2: "Mettre une personne en copie",
    3: "Utiliser la copie cachée", 4: "Répondre à l'expéditeur ou à tous", 5: "Transférer un courriel à bon escient",
    6: "Protéger les adresses d'un envoi groupé"}, listed({
        1: [choice("Vous écrivez à votre professeure principale, Mme Roussel, pour justifier une absence. Dans quel champ "
                   "mettez-vous son adresse ?", "À", "Cc", "Cci", "Objet"),
            choice("Vous envoyez votre devoir à M. Fabre, votre professeur d'histoire. Dans quel champ écrivez-vous son "
                   "adresse ?", "À", "Cci", "Objet", "Cc")],
        2: [choice("Vous écrivez au CPE au sujet d'une sortie et vous voulez que vos parents soient informés, sans qu'on "
                   "attende de réponse de leur part. Où mettez-vous l'adresse de vos parents ?", "Cc", "À", "Objet",
                   "Dans le texte du message"),
            choice("Le délégué écrit à la professeure principale et veut que la déléguée suppléante voie le "
                   "message. Où met-il l'adresse de la suppléante ?", "Cc", "Objet", "Dans la signature",
                   "Dans la pièce jointe")],
        3: [choice("Vous invitez 25 familles à la fête du club. Elles ne se connaissent pas et ne doivent pas voir les "
                   "adresses des autres. Où mettez-vous leurs adresses ?", "Cci", "À", "Cc", "Objet"),
            choice("Le foyer annonce une réunion à 40 adhérents sans dévoiler leurs adresses les uns aux autres. "
                   "Quel champ utilise-t-il pour les adhérents ?", "Cci", "Cc", "À", "Objet")],
        4: [choice("Le secrétariat écrit à toute la classe : « Merci de confirmer votre présence à la réunion ». Vous "
                   "confirmez. Que choisissez-vous ?", "Répondre (à l'expéditeur seulement)", "Répondre à tous",
                   "Transférer à toute la classe", "Écrire un nouveau message à toute la classe"),
            choice("Dans un échange entre les quatre membres de votre groupe d'exposé, Inès propose de se retrouver "
                   "samedi et demande l'avis de chacun. Vous voulez que tout le groupe voie votre réponse. Que choisissez-vous ?",
                   "Répondre à tous", "Répondre (à Inès seulement)", "Transférer à Inès",
                   "Répondre en mettant Inès en Cci")],
        5: [choice("Vous recevez par erreur un courriel destiné à votre professeur de maths, avec les notes de toute la "
                   "classe. Que faites-vous ?", "Je préviens l'expéditeur de son erreur, sans transférer le message",
                   "Je le transfère à la classe pour que chacun connaisse sa note",
                   "Je le transfère à mes parents", "Je réponds à tous pour commenter les notes"),
            choice("Une amie vous a écrit un message personnel. Un camarade vous demande de le lui transférer. Que faites-vous ?",
                   "Je ne le transfère pas sans l'accord de mon amie", "Je le transfère, puisque je l'ai reçu",
                   "Je le transfère en Cci pour que mon amie ne le sache pas",
                   "Je le transfère en retirant seulement sa signature")],
        6: [choices("Chaque mois, vous envoyez la lettre du foyer à 200 élèves. Quelles pratiques protègent leurs "
                    "adresses ?", ["Mettre toutes les adresses en Cci", "Utiliser la liste de diffusion de l'ENT"],
                    ["Mettre toutes les adresses dans le champ À", "Mettre toutes les adresses en Cc"]),
            choices("Un message transféré plusieurs fois contient une longue liste d'adresses d'inconnus. Avant de le "
                    "transférer à votre tour, que faites-vous ?",
                    ["J'efface du message les adresses des anciens destinataires", "Je mets mes destinataires en Cci"],
                    ["Je le transfère tel quel", "Je réponds à tous pour prévenir tout le monde"])],
    }))

# -- 2.1 e-mail addresses -------------------------------------------------------------------------


def _addresses(level: int, variant: int, rng: random.Random) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    domain = DOMAINS[(level + variant) % len(DOMAINS)]
    user = f"{_plain(first)}.{_plain(last)}"
    address = f"{user}@{domain}"
    if level == 1:
        return qcu("Laquelle de ces informations est une adresse électronique (de courriel) ?", address,
                   [f"www.{domain}", f"@{_plain(first)}{_plain(last)}", f"{first} {last}, {domain}"], rng)
    if level == 2:
        return qroc_text(f"Dans l'adresse {address}, quel est le nom de domaine (ce qui suit le @) ?", "Domaine",
                         [domain], ["T1"])
    if level == 3:
        return qcu("Laquelle de ces adresses électroniques est correctement écrite ?", address,
                   [f"{_plain(first)} {_plain(last)}@{domain}", f"{user}@@{domain}", f"{user}.{domain}"], rng)
    if level == 4:
        people = rng.sample(FIRST_NAMES, 6)
        sender, to, cc, bcc = people[0], people[1:3], people[3:5], people[5]
        replier = to[0]
        hidden = f", et {bcc} en copie cachée (Cci)" if variant == 1 else ""
        count = 1 + (len(to) - 1) + len(cc)  # the sender, the other direct recipients, the copies
        return qroc_number(f"{sender} écrit à {to[0]} et {to[1]}, avec {cc[0]} et {cc[1]} en copie (Cc){hidden}. "
                           f"{replier} clique sur « Répondre à tous ». Combien de personnes reçoivent sa réponse ?",
                           "Nombre de personnes", count)
    if level == 5:
        jade, paul, lou, max_ = rng.sample(FIRST_NAMES, 4)
        setup = f"{jade} écrit un courriel à {paul}, avec {lou} en copie (Cc) et {max_} en copie cachée (Cci)."
        if variant == 0:
            return qcu(f"{setup} Parmi les destinataires, qui ne sait pas que {max_} a reçu le message ?",
                       f"{paul} et {lou}", [f"{paul} seulement", f"{lou} seulement",
                                            "Personne : tout le monde le voit"], rng)
        return qcu(f"{setup} Quels destinataires apparaissent dans le message que reçoit {paul} ?", f"{paul} et {lou}",
                   [f"{paul}, {lou} et {max_}", f"{paul} seulement", f"{lou} et {max_}"], rng)
    school = DOMAINS[0]
    name = school.split(".")[0]
    if variant == 0:
        fake = f"scolarite.{name}@messagerie-gratuite.fr"
        return qcu(f"Vous recevez un courriel affiché « Service scolarité » dont l'adresse réelle est {fake}. Votre lycée "
                   f"utilise le domaine {school}. Que concluez-vous ?",
                   "L'adresse n'est pas celle du lycée : le nom affiché ne prouve rien",
                   ["Le message vient du lycée, puisque le nom affiché est « Service scolarité »",
                    "Le message est sûr, car le nom du lycée figure dans l'adresse",
                    "Le message est sûr s'il contient le logo du lycée"], rng)
    return qcu(f"Lequel de ces expéditeurs appartient vraiment au domaine {school} ?", f"vie-scolaire@{school}",
               [f"vie-scolaire@{school}.info-eleves.com", f"vie-scolaire.{name}@messagerie-gratuite.fr",
                f"vie-scolaire@{name}-fr.net"], rng)


ADDRESSES = Family("adresses-courriel", "2.1", "Lire une adresse électronique", {
    1: "Reconnaître une adresse électronique", 2: "Repérer le domaine d'une adresse électronique",
    3: "Repérer une adresse mal écrite", 4: "Compter les destinataires d'une réponse à tous",
    5: "Savoir qui voit les destinataires en copie cachée", 6: "Repérer un expéditeur usurpé"}, _addresses)

# -- 2.1 attachments ------------------------------------------------------------------------------


def _attachments(level: int, variant: int, rng: random.Random) -> dict:
    limit = rng.choice([10, 15, 20, 25])
    rule = f"Votre messagerie accepte au plus {limit} Mo de pièces jointes par courriel."
    if level == 1:
        sizes = [limit - rng.randint(2, 5), limit + rng.randint(3, 9), 2 * limit, limit * 3 + 5]
        names = ["exposé.odp", "vidéo-sortie.mp4", "photos.zip", "reportage.mp4"]
        if variant == 1:
            names = ["affiche.pdf", "film-classe.mp4", "album.zip", "interview.wav"]
        texts = [f"{n} ({s} Mo)" for n, s in zip(names, sizes)]
        return qcu(f"{rule} Lequel de ces fichiers pouvez-vous joindre ?", texts[0], texts[1:], rng)
    if level == 2:
        sizes = [round(rng.uniform(0.5, 6), 1) for _ in range(3)]
        listing = ", ".join(f"{number(s)} Mo" for s in sizes)
        total = round(sum(sizes), 1)
        return qroc_number(f"Vous joignez trois fichiers de {listing}. Quelle est la taille totale des pièces jointes, "
                           "en Mo ?", "Taille en Mo", total)
    photo = rng.choice([2.5, 3, 3.5, 4, 4.5])
    per_mail = math.floor(limit / photo)
    if level == 3:
        return qroc_number(f"{rule} Combien de photos de {number(photo)} Mo pouvez-vous joindre au maximum à un seul "
                           "courriel ?", "Nombre de photos", per_mail)
    count = rng.randint(12, 30)
    if level == 4:
        return qroc_number(f"{rule} Vous devez envoyer {count} photos de {number(photo)} Mo chacune. Combien de courriels "
                           "faut-il au minimum ?", "Nombre de courriels", math.ceil(count / per_mail))
    if level == 5:
        small = photo / 4
        per_small = math.floor(limit / small)
        return qroc_number(f"{rule} Vous devez envoyer {count} photos de {number(photo)} Mo. En divisant leur largeur et "
                           "leur hauteur par 2, chaque photo pèse 4 fois moins. Combien de courriels faut-il alors au "
                           "minimum ?", "Nombre de courriels", math.ceil(count / per_small))
    if variant == 0:
        video = limit * rng.randint(4, 9)
        return qcu(f"{rule} Vous devez envoyer à votre classe une vidéo de {video} Mo. Quelle est la meilleure solution ?",
                   "Déposer la vidéo dans l'espace de stockage de l'ENT et envoyer le lien",
                   [f"La joindre à {math.ceil(video / limit)} courriels en la coupant en morceaux",
                    "La renommer en .txt pour qu'elle passe", "L'envoyer en Cci pour contourner la limite"], rng)
    return qcu("Vous compressez en .zip 30 photos JPEG de 4 Mo chacune. L'archive fait encore 117 Mo. Pourquoi si peu "
               "de gain ?", "Les photos JPEG sont déjà compressées",
               ["Le format .zip ne compresse que le texte en majuscules", "L'archive n'a pas été enregistrée",
                "Les photos sont trop nombreuses pour être compressées"], rng)


ATTACHMENTS = Family("pieces-jointes", "2.1", "Envoyer des pièces jointes", {
    1: "Savoir si un fichier peut être joint", 2: "Calculer la taille de plusieurs pièces jointes",
    3: "Respecter la taille maximale d'un courriel", 4: "Répartir des pièces jointes en plusieurs courriels",
    5: "Réduire la taille des pièces jointes", 6: "Choisir entre pièce jointe et lien de partage"}, _attachments)

# -- 2.2 licences ----------------------------------------------------------------------------------

LICENCES = Family("licences-libres", "2.2", "Utiliser une œuvre sous licence", {
    1: "Savoir qu'une œuvre en ligne a un auteur", 2: "Citer l'auteur d'une œuvre sous licence BY",
    3: "Comprendre la clause NC", 4: "Comprendre la clause ND", 5: "Comprendre la clause SA",
    6: "Choisir une œuvre selon sa licence"}, listed({
        1: [choice("Vous trouvez une photo sur un blog, sans aucune mention de licence. Pouvez-vous la publier sur le site "
                   "de votre club ?", "Non, pas sans l'autorisation de son auteur", "Oui, tout ce qui est en ligne est libre",
                   "Oui, si je la recadre", "Oui, si le site du club est gratuit"),
            choice("Un dessin est publié en accès public sur un réseau social. À qui appartiennent les droits sur ce "
                   "dessin ?", "À son auteur", "À tout le monde, puisqu'il est public",
                   "À la première personne qui le partage", "À personne")],
        2: [choice("Une image est sous licence Creative Commons BY. Que devez-vous faire pour l'utiliser dans votre "
                   "exposé ?", "Citer son auteur et la licence", "Payer son auteur", "Demander un devis",
                   "Rien, elle est libre de droits"),
            choice("Que signifie « BY » dans une licence Creative Commons ?", "Il faut citer l'auteur",
                   "L'œuvre est gratuite", "L'œuvre a été achetée", "L'œuvre ne peut pas être copiée")],
        3: [choice("Une musique est sous licence CC BY-NC. Dans quel projet pouvez-vous l'utiliser ?",
                   "Une vidéo d'exposé en classe, en citant l'auteur", "La publicité d'un commerce du quartier",
                   "Un jeu vendu en ligne", "Un film vendu à une chaîne de télévision"),
            choice("Que signifie « NC » dans une licence Creative Commons ?", "Pas d'utilisation commerciale",
                   "Pas de copie", "Non citée", "Nouvelle création")],
        4: [choice("Une photo est sous licence CC BY-ND. Que n'avez-vous pas le droit de faire ?",
                   "La recadrer et changer ses couleurs avant de la publier",
                   "La publier telle quelle en citant l'auteur", "La montrer en classe", "La télécharger"),
            choice("Que signifie « ND » dans une licence Creative Commons ?", "Pas de modification",
                   "Pas de diffusion", "Non daté", "Pas de téléchargement")],
        5: [choice("Vous faites un remix d'une musique sous licence CC BY-SA. Sous quelle licence devez-vous partager votre "
                   "remix ?", "CC BY-SA, la même licence", "La licence de votre choix", "Tous droits réservés",
                   "CC BY-NC-ND obligatoirement"),
            choices("Vous modifiez un schéma sous licence CC BY-SA trouvé en ligne. Que devez-vous faire en le publiant ?",
                    ["Citer l'auteur du schéma d'origine", "Publier votre schéma sous la même licence CC BY-SA"],
                    ["Payer l'auteur du schéma d'origine", "Retirer le nom de l'auteur, puisque vous l'avez modifié"])],
        6: [choice("Pour l'affiche d'un concert payant, vous voulez retoucher une photo trouvée en ligne. Avec laquelle de "
                   "ces licences est-ce permis ?", "CC BY", "CC BY-NC", "CC BY-ND", "CC BY-NC-ND"),
            choices("Pour une vidéo publiée sur la chaîne du lycée (gratuite, sans publicité), vous voulez couper et "
                    "mixer une musique. Quelles licences le permettent ?", ["CC BY", "CC BY-NC", "CC BY-SA"],
                    ["CC BY-ND", "CC BY-NC-ND"])],
    }))

SHARING = Family("droits-partage", "2.2", "Régler les droits d'un partage", {
    1: "Partager un document en lecture seule", 2: "Donner le droit de modifier un document",
    3: "Choisir le droit de commenter", 4: "Limiter un lien de partage", 5: "Retirer un accès",
    6: "Choisir les droits d'un projet de groupe"}, listed({
        1: [choice("Vous voulez que votre classe puisse lire votre exposé sans pouvoir le modifier. Quel droit donnez-vous ?",
                   "Lecture seule", "Modification", "Propriétaire", "Aucun accès"),
            choice("Votre professeure partage le sujet d'un devoir en « lecture seule ». Que pouvez-vous faire ?",
                   "Le lire, sans le modifier", "Le modifier pour tout le monde", "Le supprimer",
                   "Changer les droits des autres élèves")],
        2: [choice("Pour un exposé à trois, vos deux camarades doivent pouvoir écrire dans le document partagé. Quel "
                   "droit leur donnez-vous ?", "Modification", "Lecture seule", "Commentaire", "Aucun accès"),
            choice("Qui doit pouvoir modifier le compte rendu du conseil de la vie lycéenne pendant sa rédaction ?",
                   "Le secrétaire qui le rédige", "Tous les parents d'élèves", "Toute personne qui a le lien",
                   "Les élèves des autres lycées")],
        3: [choice("Votre professeur doit pouvoir annoter votre brouillon sans changer votre texte. Quel droit lui donnez-vous ?",
                   "Commentaire", "Modification", "Aucun accès", "Propriétaire"),
            choice("Des camarades relisent votre article pour le journal du lycée et proposent des corrections que vous "
                   "accepterez ou non. Que choisissez-vous ?", "Le mode suggestion (ou le droit de commenter)",
                   "Le droit de modification sans suivi", "La suppression du document", "Un lien public")],
        4: [choice("Vous partagez les photos de la sortie par un lien. Quel réglage limite le mieux les risques ?",
                   "Un lien réservé aux élèves de la classe, qui expire à la fin du mois",
                   "Un lien public, sans date d'expiration", "Un lien public publié sur un réseau social",
                   "Un lien qui donne à tous le droit de modification"),
            choice("Un document contient les numéros de téléphone des membres du club. Quel partage est le plus sûr ?",
                   "Un partage nominatif avec les seuls membres du club", "Un lien « toute personne ayant le lien »",
                   "Un lien public visible par les moteurs de recherche", "Un lien affiché dans le hall du lycée")],
        5: [choice("Un élève a quitté le club robotique mais peut encore modifier le dossier partagé. Que faites-vous ?",
                   "Je retire son accès au dossier", "Je lui demande de ne plus y toucher, sans rien changer",
                   "Je supprime tout le dossier", "Je change le nom du dossier"),
            choice("Un lien de partage de votre dossier personnel circule sur un réseau social. Que faites-vous d'abord ?",
                   "Je désactive ce lien de partage", "Je renomme les fichiers du dossier",
                   "Je publie un message demandant de ne pas l'utiliser", "J'attends que le lien soit oublié")],
        6: [choices("Journal du lycée : 4 rédacteurs écrivent le brouillon, une professeure le valide, tous les élèves "
                    "lisent le numéro publié. Quels réglages conviennent ?",
                    ["Rédacteurs : modification du brouillon", "Professeure : modification du brouillon",
                     "Élèves : lecture seule du numéro publié"],
                    ["Élèves : modification du brouillon", "Rédacteurs : aucun accès au brouillon"]),
            choices("Un dossier de classe contient les sujets, déposés par la professeure, et un sous-dossier où chaque "
                    "élève rend son devoir. Quels réglages conviennent ?",
                    ["Sujets : lecture seule pour les élèves", "Devoirs : chaque élève dépose le sien"],
                    ["Sujets : modification pour tous les élèves", "Devoirs : chaque élève modifie ceux des autres"])],
    }))

PUBLISHING = Family("publier-responsable", "2.2", "Publier de façon responsable", {
    1: "Savoir ce que l'on rend public", 2: "Demander l'accord avant de publier une photo", 3: "Citer ses sources",
    4: "Vérifier une information avant de la partager", 5: "Connaître le droit à l'image",
    6: "Connaître les limites de la liberté d'expression"}, listed({
        1: [choice("Vous publiez une photo en mode « public » sur un réseau social. Qui peut la voir ?",
                   "N'importe qui, même sans vous connaître", "Seulement vos abonnés", "Seulement votre famille",
                   "Personne tant que vous ne l'avez pas partagée"),
            choice("Une « story » visible 24 heures est-elle sans risque ?",
                   "Non : n'importe quel spectateur peut en faire une capture d'écran",
                   "Oui, elle disparaît partout au bout de 24 heures", "Oui, on ne peut pas la copier",
                   "Oui, si elle est drôle")],
        2: [choice("Vous voulez publier sur le site du club une photo où l'on reconnaît trois camarades. Que faites-vous "
                   "d'abord ?", "Je leur demande leur accord (et celui de leurs parents s'ils sont mineurs)",
                   "Rien, c'est une photo de groupe", "Je la publie et je la retirerai s'ils se plaignent",
                   "J'ajoute un filtre de couleur"),
            choice("Un ami publie sans votre accord une photo gênante de vous. Que pouvez-vous faire ?",
                   "Lui demander de la retirer, puis la signaler à la plateforme s'il refuse",
                   "Rien, une photo publiée ne peut plus être retirée", "Publier une photo gênante de lui",
                   "Supprimer votre propre compte")],
        3: [choice("Dans votre exposé, vous reprenez un paragraphe d'un article en ligne. Que faites-vous ?",
                   "Je le mets entre guillemets et je cite l'auteur et la source",
                   "Je change quelques mots pour qu'il devienne le mien", "Je le recopie sans rien indiquer",
                   "Je cite seulement le moteur de recherche utilisé"),
            choice("Quel élément n'est pas utile pour citer une page web dans une bibliographie ?",
                   "La couleur du site", "L'auteur ou l'organisme", "Le titre de la page",
                   "L'adresse et la date de consultation")],
        4: [choice("Une information choquante circule sur un réseau social, sans source. Que faites-vous avant de la "
                   "partager ?", "Je cherche si des sources fiables (médias, sites officiels) la confirment",
                   "Je la partage vite pour prévenir mes amis", "Je la partage si elle a beaucoup de « j'aime »",
                   "Je la partage en ajoutant « à vérifier »"),
            choice("Une image montrerait une inondation survenue « hier » dans votre ville. Quel outil aide à savoir si "
                   "l'image est en fait plus ancienne ?", "Une recherche d'image inversée", "Un correcteur d'orthographe",
                   "Un tableur", "Un traducteur en ligne")],
        5: [choice("Un professeur filme un débat en classe et veut publier la vidéo sur le site du lycée. Que faut-il ?",
                   "L'autorisation des élèves filmés et de leurs représentants légaux",
                   "Rien, c'est une activité scolaire", "L'accord du seul professeur", "L'accord de l'hébergeur du site"),
            choice("Sur une photo de foule prise à la fête du quartier, personne n'est isolé ni cadré de près. Quelle "
                   "affirmation est juste ?",
                   "Une photo de foule peut en général être publiée si personne n'y est isolé ou mis en avant",
                   "Il faut l'accord écrit de chaque personne visible, même de loin",
                   "On ne peut jamais publier la photo d'un événement public", "Il suffit de flouter le photographe")],
        6: [choice("Parmi ces publications, laquelle est punie par la loi ?",
                   "Un message insultant visant un élève à cause de sa religion", "Une critique argumentée d'un film",
                   "Un avis négatif et poli sur un restaurant", "Une caricature d'un personnage de fiction"),
            choice("Un élève crée un faux compte au nom d'un professeur pour publier des messages moqueurs. De quoi "
                   "s'agit-il ?", "D'une usurpation d'identité, punie par la loi", "D'une simple blague sans conséquence",
                   "D'un droit, puisque c'est de l'humour", "D'un problème seulement si le professeur a un compte")],
    }))
