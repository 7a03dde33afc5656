"""Which browser is this, how old is its version, and is that recent enough?

The release table (``releases.json``) is bundled: a room has no internet. Age rules:
pass up to 2 years, warn up to 3, fail beyond. A Firefox whose major number is an ESR
major is judged on its ESR support end: while maintained it counts as current.
Every function takes ``today`` as a parameter so tests pin the date.
"""

from __future__ import annotations

import json
import pkgutil
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .report import FAIL, PASS, WARN, Check

PASS_DAYS, WARN_DAYS = 2 * 365, 3 * 365
NAMES = {"chrome": "Chrome/Chromium", "edge": "Edge", "firefox": "Firefox", "opera": "Opera", "safari": "Safari",
         "edge_legacy": "Edge (ancien moteur EdgeHTML)", "ie": "Internet Explorer"}
_BRANDS = {"Microsoft Edge": "edge", "Opera": "opera", "Google Chrome": "chrome", "Chromium": "chrome"}


@lru_cache(maxsize=1)
def release_table() -> dict:
    """The bundled table (works from a source tree, an installed package or a zipapp)."""
    return json.loads(pkgutil.get_data(__package__, "releases.json").decode("utf-8"))


@dataclass(frozen=True)
class BrowserId:
    family: str  # a key of NAMES, or "" when unknown
    version: str  # as written in the user agent: "156.0.0.0", "17.4"

    @property
    def major(self) -> int:
        match = re.match(r"\d+", self.version)
        return int(match.group()) if match else 0

    @property
    def name(self) -> str:
        return NAMES.get(self.family, "navigateur inconnu")


def identify(user_agent: str, brands: list[dict] | None = None) -> BrowserId:
    """Name and version from the user agent, preferring User-Agent Client Hints brands when given.

    Order matters: Edge and Opera also say "Chrome/", Chrome also says "Safari/".
    """
    for brand_name, family in _BRANDS.items():
        for brand in brands or ():
            if isinstance(brand, dict) and brand.get("brand") == brand_name and str(brand.get("version", "")).strip():
                return BrowserId(family, str(brand["version"]))
    ua = user_agent or ""
    patterns = (
        ("edge", r"\b(?:Edg|EdgA|EdgiOS)/(\d+[\d.]*)"),
        ("edge_legacy", r"\bEdge/(\d+[\d.]*)"),
        ("opera", r"\b(?:OPR|Opera)/(\d+[\d.]*)"),
        ("firefox", r"\b(?:Firefox|FxiOS)/(\d+[\d.]*)"),
        ("chrome", r"\b(?:Chrome|Chromium|CriOS)/(\d+[\d.]*)"),
        ("safari", r"\bVersion/(\d+[\d.]*).*\bSafari/"),
        ("ie", r"\b(?:MSIE |Trident/.*rv:)(\d+[\d.]*)"),
    )
    for family, pattern in patterns:
        match = re.search(pattern, ua)
        if match:
            if family == "opera" and match.group(0).startswith("Opera/"):
                # Presto-era Opera writes "Opera/9.80 ... Version/12.16": the real version is after Version/.
                version = re.search(r"Version/(\d+[\d.]*)", ua)
                return BrowserId("opera", version.group(1) if version else match.group(1))
            return BrowserId(family, match.group(1))
    return BrowserId("", "")


def _as_date(text: str) -> date:
    return date.fromisoformat(text)


def _safari_key(version: str) -> tuple[int, int]:
    parts = (version.split(".") + ["0"])[:2]
    return int(parts[0] or 0), int(re.match(r"\d*", parts[1]).group() or 0)


def release_date(browser: BrowserId) -> tuple[date | None, str]:
    """The release date of this version and a note; None when older than the table."""
    table = release_table()
    if browser.family == "safari":
        wanted = _safari_key(browser.version)
        known = sorted((_safari_key(k), v) for k, v in table["safari"].items())
        older = [(k, v) for k, v in known if k <= wanted]
        if not older:
            return None, ""
        if wanted > known[-1][0]:
            return _as_date(known[-1][1]), "version plus récente que la table embarquée"
        return _as_date(older[-1][1]), ""
    if browser.family not in ("chrome", "edge", "firefox", "opera"):
        return None, ""
    majors = sorted((int(k), v) for k, v in table[browser.family].items())
    if browser.major > majors[-1][0]:
        return _as_date(majors[-1][1]), "version plus récente que la table embarquée"
    older = [(m, v) for m, v in majors if m <= browser.major]
    if not older:
        return None, ""
    return _as_date(older[-1][1]), ""


def esr_support(browser: BrowserId) -> dict | None:
    if browser.family != "firefox":
        return None
    return release_table()["firefox_esr"].get(str(browser.major))


def _age_status(days: int) -> str:
    return PASS if days <= PASS_DAYS else WARN if days <= WARN_DAYS else FAIL


def _years(days: int) -> str:
    months = round(days / 30.44)
    if months < 24:
        return f"{months} mois"
    return f"{days / 365.25:.1f} ans".replace(".", ",")


REMEDY = ("Mettez à jour le navigateur (ou installez une version récente de Firefox, Chrome, Chromium ou Edge) "
          "et relancez la vérification.")


def browser_check(user_agent: str, brands: list[dict] | None, today: date) -> Check:
    """The ``browser`` check: name, version, and age of that version on ``today``."""
    browser = identify(user_agent, brands)
    label = "Navigateur récent"
    if browser.family in ("ie", "edge_legacy"):
        return Check("browser", FAIL, f"{browser.name} {browser.version} : ce navigateur n'est plus maintenu.", REMEDY, label)
    if not browser.family:
        return Check("browser", WARN, "Navigateur non reconnu : son âge ne peut pas être vérifié.",
                     "Utilisez Firefox, Chrome, Chromium, Edge, Opera ou Safari à jour.", label)
    esr = esr_support(browser)
    name = f"{browser.name} {browser.major}" + (" ESR" if esr else "")
    if esr:
        released, end = _as_date(esr["released"]), _as_date(esr["end_of_life"])
        if today <= end:
            return Check("browser", PASS, f"{name} (numéro de version d'une version à support étendu, "
                                          f"maintenue jusqu'au {end.strftime('%d/%m/%Y')}).", "", label)
        days = (today - end).days
        status = WARN if _age_status(days) == PASS else _age_status(days)
        return Check("browser", status, f"{name} : version à support étendu qui n'est plus maintenue depuis le "
                                        f"{end.strftime('%d/%m/%Y')} ({_years(days)}).",
                     "Passez à la version ESR suivante ou à la version courante de Firefox.", label)
    released, note = release_date(browser)
    if released is None:
        return Check("browser", FAIL, f"{name} : version antérieure à 2019.", REMEDY, label)
    days = max(0, (today - released).days)
    status = _age_status(days)
    detail = f"{name}, version sortie le {released.strftime('%d/%m/%Y')} ({_years(days)})"
    detail += f" ; {note}." if note else "."
    return Check("browser", status, detail, "" if status == PASS else REMEDY, label)
