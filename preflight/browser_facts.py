"""Turn what the ``/preflight`` page measured (its "facts") into checks.

The page only measures; the verdicts are computed here, on the server, so every rule
lives in one tested place. Facts use integers only (the page rounds): sizes in CSS px,
the display scale in percent, times in ms, throughput in kbit/s.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from .browsers import browser_check
from .report import FAIL, PASS, WARN, Check

MIN_WIDTH = 800
CLOCK_PASS_MS, CLOCK_WARN_MS = 30_000, 600_000
LATENCY_PASS_MS, LATENCY_WARN_MS = 100, 500
THROUGHPUT_PASS_KBPS, THROUGHPUT_WARN_KBPS = 10_000, 2_000
DOWNLOAD_KINDS = ("pdf", "odt", "docx", "ods", "xlsx", "odp", "png", "jpg", "zip", "mlt")


def screen_check(css_width: int, scale_pct: int = 100, inner_width: int | None = None) -> Check:
    """Pass from 800 CSS px; say when the OS scaling (or the zoom) is what makes it too narrow."""
    label = "Largeur d'écran (au moins 800 px)"
    scale_pct = scale_pct or 100
    device = round(css_width * scale_pct / 100)
    scaled = f" ({device} px physiques, mise à l'échelle {scale_pct} %)" if scale_pct != 100 else ""
    detail = f"{css_width} px CSS{scaled}."
    if css_width < MIN_WIDTH:
        if device >= MIN_WIDTH:
            detail += (f" C'est la mise à l'échelle de l'affichage ({scale_pct} %) ou le zoom du navigateur qui réduit "
                       f"la largeur : {device} px physiques deviennent {css_width} px.")
            remedy = ("Réglez la mise à l'échelle de l'affichage à 100 % (Windows : Paramètres > Système > Affichage) "
                      "et le zoom du navigateur à 100 % (Ctrl+0), ou choisissez une définition d'écran plus grande.")
        else:
            remedy = "Choisissez une définition d'écran d'au moins 800 px de large, ou changez d'écran."
        return Check("screen", FAIL, detail, remedy, label)
    if inner_width is not None and 0 < inner_width < MIN_WIDTH:
        return Check("screen", WARN, detail + f" Mais la fenêtre ne fait que {inner_width} px de large.",
                     "Agrandissez la fenêtre du navigateur (plein écran : F11).", label)
    return Check("screen", PASS, detail, "", label)


def pointer_check(pointer: Mapping[str, Any]) -> Check:
    """A mouse (a fine pointer that can hover) is required: touch-only devices fail."""
    label = "Souris"
    fine, any_fine = bool(pointer.get("fine")), bool(pointer.get("any_fine"))
    hover = bool(pointer.get("hover") or pointer.get("any_hover"))
    if not (fine or any_fine):
        return Check("pointer", FAIL, "Aucune souris détectée : écran tactile seulement.",
                     "Branchez une souris : la certification ne se passe pas sur tablette ni au doigt.", label)
    detail = "Souris (ou pavé tactile) détectée" + (", survol possible." if hover else ", mais sans survol.")
    if not fine:
        detail += " Le pointeur principal est tactile."
    return Check("pointer", PASS if hover else WARN, detail,
                 "" if hover else "Vérifiez que la souris fonctionne (le survol des éléments doit être possible).", label)


def storage_checks(storage: Mapping[str, Any]) -> list[Check]:
    secure = bool(storage.get("secure_context"))
    checks = [
        Check("cookies", PASS if storage.get("cookies") else WARN,
              "Cookies acceptés." if storage.get("cookies") else "Cookies refusés.",
              "" if storage.get("cookies") else "Autorisez les cookies pour l'adresse du serveur de salle.", "Cookies"),
        Check("local_storage", PASS if storage.get("local_storage") else FAIL,
              "Stockage local utilisable." if storage.get("local_storage") else "Stockage local (localStorage) indisponible.",
              "" if storage.get("local_storage") else
              "Désactivez la navigation privée et autorisez le stockage des sites pour le serveur de salle.",
              "Stockage local"),
        Check("indexed_db", PASS if storage.get("indexed_db") else FAIL,
              "Base de données du navigateur (IndexedDB) utilisable : les réponses sont gardées sur le poste "
              "si le réseau coupe." if storage.get("indexed_db")
              else "Base de données du navigateur (IndexedDB) indisponible : les réponses ne pourraient pas être "
                   "gardées sur le poste pendant une coupure du réseau.",
              "" if storage.get("indexed_db") else
              "Désactivez la navigation privée et autorisez le stockage des sites pour le serveur de salle.",
              "Réponses gardées sur le poste"),
        Check("websocket", PASS if storage.get("websocket") else WARN,
              "Liaison en direct avec le serveur (WebSocket) disponible." if storage.get("websocket")
              else "Liaison en direct avec le serveur (WebSocket) indisponible.",
              "" if storage.get("websocket") else "Mettez à jour le navigateur ; vérifiez qu'aucun filtre ne bloque "
                                                  "les WebSocket.",
              "Liaison en direct"),
    ]
    label = "Page candidat hors ligne"
    if storage.get("service_worker"):
        checks.append(Check("service_worker", PASS, "La page candidat peut se recharger même sans réseau "
                                                    "(service worker disponible, page sécurisée).", "", label))
    elif not secure:
        checks.append(Check("service_worker", WARN,
                            "Page non sécurisée (http) : la page candidat ne pourra pas se recharger sans réseau "
                            "(pas de service worker). Elle fonctionne quand même, et les réponses restent gardées "
                            "sur le poste.",
                            "Pour qu'elle se recharge aussi sans réseau, servez la salle en HTTPS (voir docs/preflight.md).",
                            label))
    else:
        checks.append(Check("service_worker", WARN, "Le navigateur bloque ce qui permet à la page candidat de se "
                                                    "recharger sans réseau (service worker désactivé).",
                            "Autorisez les « service workers » dans les réglages de confidentialité du navigateur.",
                            label))
    return checks


def clock_check(offset_ms: int) -> Check:
    label = "Horloge du poste"
    seconds = abs(offset_ms) / 1000
    side = "en avance" if offset_ms > 0 else "en retard"  # offset = PC clock - server clock
    if abs(offset_ms) <= CLOCK_PASS_MS:
        shown = f"{seconds:.1f}".replace(".", ",")
        return Check("clock", PASS, f"Écart avec le serveur : {shown} s.", "", label)
    status = WARN if abs(offset_ms) <= CLOCK_WARN_MS else FAIL
    return Check("clock", status, f"L'horloge du poste est {side} de {round(seconds)} s sur le serveur de salle.",
                 "Mettez le poste à l'heure (synchronisation automatique de l'heure / NTP).", label)


def latency_check(latency_ms: int, errors: int = 0) -> Check:
    label = "Latence vers le serveur"
    if errors:
        return Check("latency", FAIL, f"{errors} requête(s) vers le serveur de salle sans réponse.",
                     "Vérifiez le câble réseau, le Wi-Fi et le commutateur de la salle.", label)
    status = PASS if latency_ms <= LATENCY_PASS_MS else WARN if latency_ms <= LATENCY_WARN_MS else FAIL
    return Check("latency", status, f"Aller-retour médian : {latency_ms} ms.",
                 "" if status == PASS else "Préférez le câble au Wi-Fi ; vérifiez la charge du réseau de la salle.", label)


def throughput_check(kbps: int) -> Check:
    label = "Débit depuis le serveur"
    status = PASS if kbps >= THROUGHPUT_PASS_KBPS else WARN if kbps >= THROUGHPUT_WARN_KBPS else FAIL
    mbps = f"{kbps / 1000:.1f}".replace(".", ",")
    return Check("throughput", status, f"{mbps} Mbit/s mesurés pour ce poste seul.",
                 "" if status == PASS else "Préférez le câble au Wi-Fi ; vérifiez le commutateur et le câblage.", label)


def download_checks(downloads: list[Mapping[str, Any]], expected: Mapping[str, str]) -> list[Check]:
    """One check per file type: the bytes received must hash to what the server sent."""
    by_kind = {d.get("kind"): d for d in downloads if isinstance(d, Mapping)}
    checks = []
    for kind, sha256 in expected.items():
        label = f"Téléchargement d'un fichier .{kind}"
        got = by_kind.get(kind)
        if got is None:
            checks.append(Check(f"download.{kind}", FAIL, "Non testé.", "Relancez la vérification.", label))
        elif got.get("error"):
            checks.append(Check(f"download.{kind}", FAIL, f"Échec du téléchargement : {str(got['error'])[:200]}",
                                "Vérifiez le réseau et le filtre web (proxy) de l'établissement.", label))
        elif got.get("sha256") == sha256:
            checks.append(Check(f"download.{kind}", PASS, f"Fichier reçu intact ({got.get('size', '?')} octets, "
                                                          f"empreinte SHA-256 vérifiée).", "", label))
        else:
            why = ("Une page HTML a été reçue à la place du fichier : un filtre web ou un proxy bloque ce type de "
                   "fichier." if got.get("html") else "Le fichier reçu ne correspond pas à celui envoyé (empreinte différente).")
            checks.append(Check(f"download.{kind}", FAIL, why,
                                "Faites exclure l'adresse du serveur de salle du proxy / filtre web de l'établissement.",
                                label))
    return checks


def pdf_viewer_check(enabled: bool | None) -> Check:
    label = "Lecteur PDF du navigateur"
    if enabled:
        return Check("pdf_viewer", PASS, "Le navigateur affiche les PDF lui-même.", "", label)
    return Check("pdf_viewer", WARN,
                 "Le navigateur n'affiche pas les PDF lui-même : ils seront enregistrés puis ouverts avec le lecteur "
                 "PDF du poste." if enabled is False else "Le navigateur ne dit pas s'il affiche les PDF.",
                 "Vérifiez la tâche pratique « PDF » : un lecteur PDF doit ouvrir le fichier.", label)


def evaluate(facts: Mapping[str, Any], expected_hashes: Mapping[str, str], today: date) -> list[Check]:
    """All the browser checks, in the order the page shows them."""
    screen = facts.get("screen") or {}
    network = facts.get("network") or {}
    checks = [browser_check(facts.get("user_agent", ""), facts.get("brands"), today),
              screen_check(int(screen.get("css_width", 0)), int(screen.get("scale_pct", 100) or 100),
                           screen.get("inner_width")),
              pointer_check(facts.get("pointer") or {})]
    checks += storage_checks(facts.get("storage") or {})
    clock = facts.get("clock") or {}
    if "offset_ms" in clock:
        checks.append(clock_check(int(clock["offset_ms"])))
    else:
        checks.append(Check("clock", WARN, "Écart d'horloge non mesuré.", "Relancez la vérification.", "Horloge du poste"))
    checks.append(latency_check(int(network.get("latency_ms", 0)), int(network.get("errors", 0))))
    checks.append(throughput_check(int(network.get("throughput_kbps", 0))))
    checks += download_checks(facts.get("downloads") or [], expected_hashes)
    checks.append(pdf_viewer_check(facts.get("pdf_viewer")))
    return checks
