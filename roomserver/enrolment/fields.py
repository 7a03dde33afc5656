"""The enrolment fields, declared once, and the one validation path for a candidate.

The JSON API, the web form and the file import all call ``validate_candidate``; the
column labels of the import and of the templates come from the same declarations.
Messages are French fragments ("le 31/02/2011 n'existe pas.") that the caller places
after a label: ``str(error)`` gives the standalone sentence.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..core.identity import normalise_name, plain_letters
from ..core.refusal import Refusal

NBSP = "\u00a0"
NAME_MAX = 100
TEXT_MAX = 100
EXTERNAL_ID_MAX = 64
EXTRA_TIME_MAX = 200
EMAIL_MAX = 254
OLDEST_BIRTHDATE = dt.date(1900, 1, 1)


def quoted(text: str) -> str:
    """French quotation marks with their non-breaking spaces: «\u00a0text\u00a0»."""
    return f"«{NBSP}{text}{NBSP}»"


def french_date(day: dt.date) -> str:
    """14/03/2011, as the user writes it."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


class Problem(ValueError):
    """A value a parser refuses; its text is a French fragment ending with a full stop."""


@dataclass(frozen=True)
class FieldError:
    """One refused value: the field's name, its French label and a French fragment."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}{NBSP}: {self.message}"

    def to_dict(self) -> dict:
        return {"field": self.field, "label": self.label, "message": self.message}


@dataclass(frozen=True)
class Field:
    """One enrolment field: ``parse`` turns a raw value into the clean one or raises Problem.

    ``required`` fields are always present in the clean candidate and their column must be
    in an imported file; a blank value is refused unless ``blank`` gives its value (the extra
    time: blank means 0). Optional fields left blank are simply absent from ``details``.
    """

    name: str
    label: str
    required: bool
    parse: Callable[[Any, dt.date], Any]
    hint: str = ""                   # the template's bracketed format hint
    aliases: tuple[str, ...] = ()    # other column titles accepted (seeds, other tools)
    blank: Any = None


# -- parsers ------------------------------------------------------------------------------------

def _text(value: Any, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Problem(f"{what} doit être un texte.")
    text = unicodedata.normalize("NFC", str(value))
    text = " ".join(text.split())  # every Unicode space, tab or line break becomes one space
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise Problem(f"{what} contient un caractère de contrôle invisible.")
    return text


def _name(what: str) -> Callable[[Any, dt.date], str]:
    def parse(value: Any, today: dt.date) -> str:
        text = _text(value, what)
        if len(text) > NAME_MAX:
            raise Problem(f"{what} dépasse {NAME_MAX} caractères.")
        if not normalise_name(text):
            # identity_key keeps only [0-9A-Z]: a name without any would never match at the join
            raise Problem(f"{what} doit contenir au moins une lettre de l'alphabet latin ou un chiffre.")
        return text
    return parse


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_birthdate(value: Any, today: dt.date) -> str:
    """A real, plausible birthdate -> 'YYYY-MM-DD'; JJ/MM/AAAA and AAAA-MM-JJ accepted."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        iso, french = _ISO.fullmatch(text), _DAY_FIRST.fullmatch(text)
        if iso:
            year, month, dom = (int(g) for g in iso.groups())
        elif french:
            dom, month, year = (int(g) for g in french.groups())
            if len(french.group(3)) != 4:
                raise Problem(f"l'année de {quoted(text)} doit s'écrire avec quatre chiffres (JJ/MM/AAAA).")
        else:
            raise Problem(f"la date {quoted(text)} n'est pas au format JJ/MM/AAAA.")
        try:
            day = dt.date(year, month, dom)
        except ValueError:
            raise Problem(f"le {dom:02d}/{month:02d}/{year:04d} n'existe pas.") from None
    else:
        raise Problem("la date de naissance doit s'écrire JJ/MM/AAAA.")
    if day > today:
        raise Problem(f"le {french_date(day)} est dans le futur.")
    if day < OLDEST_BIRTHDATE:
        raise Problem(f"le {french_date(day)} n'est pas une date de naissance plausible (avant 1900).")
    return day.isoformat()


_PERCENT = re.compile(r"(-?\d+)(?:[.,]0+)?\s*%?")


def parse_extra_time(value: Any, today: dt.date) -> int:
    """33, '33', '33%', '33 %' -> 33: a whole percentage from 0 to 200."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        shown, pct = str(value), value
    elif isinstance(value, str):
        shown = " ".join(value.split())
        match = _PERCENT.fullmatch(shown)
        if not match:
            raise Problem(f"{quoted(shown)} n'est pas un pourcentage entier. Indiquez par exemple 33 ou 33{NBSP}%.")
        pct = int(match.group(1))
    else:
        raise Problem(f"le temps majoré est un pourcentage entier, par exemple 33 ou 33{NBSP}%.")
    if pct < 0:
        raise Problem(f"{quoted(shown)} est négatif. Indiquez un pourcentage de 0 à {EXTRA_TIME_MAX}.")
    if pct > EXTRA_TIME_MAX:
        raise Problem(f"{pct}{NBSP}% dépasse le maximum de {EXTRA_TIME_MAX}{NBSP}%.")
    return pct


_SEXES = {"m": "M", "h": "M", "masculin": "M", "homme": "M", "garcon": "M",
          "f": "F", "feminin": "F", "femme": "F", "fille": "F"}


def parse_sex(value: Any, today: dt.date) -> str:
    """'M' or 'F' (also H, masculin, féminin, homme, femme, in any case)."""
    text = _text(value, "le sexe")
    found = _SEXES.get(plain_letters(text).lower())
    if not found:
        raise Problem(f"{quoted(text)} n'est pas reconnu. Indiquez M ou F.")
    return found


def _plain_text(what: str, limit: int) -> Callable[[Any, dt.date], str]:
    def parse(value: Any, today: dt.date) -> str:
        text = _text(value, what)
        if len(text) > limit:
            raise Problem(f"{what} dépasse {limit} caractères.")
        return text
    return parse


def parse_postal_code(value: Any, today: dt.date) -> str:
    """A French postal code: 5 digits."""
    text = "".join(_text(value, "le code postal").split())
    if not re.fullmatch(r"\d{5}", text):
        hint = " S'il commence par 0, vérifiez que le tableur ne l'a pas effacé." if re.fullmatch(r"\d{4}", text) else ""
        raise Problem(f"{quoted(text)} n'est pas un code postal français (5 chiffres).{hint}")
    return text


def parse_insee_code(value: Any, today: dt.date) -> str:
    """An INSEE commune code: 5 digits, or 2A/2B and 3 digits for Corsica."""
    text = "".join(_text(value, "le code INSEE").split()).upper()
    if not re.fullmatch(r"\d{5}|2[AB]\d{3}", text):
        raise Problem(f"{quoted(text)} n'est pas un code INSEE de commune (5 chiffres, ou 2A / 2B suivi de 3 chiffres pour la Corse).")
    return text


_EMAIL = re.compile(r"[^\s@\"(),:;<>\[\]\\]+@(?:[^\s@\"(),:;<>\[\]\\.]+\.)+[^\s@\"(),:;<>\[\]\\.]{2,}")


def parse_email(value: Any, today: dt.date) -> str:
    """A plausible address: something@domain.tld, no spaces."""
    text = _text(value, "l'adresse e-mail")
    local = text.partition("@")[0]
    if (len(text) > EMAIL_MAX or not _EMAIL.fullmatch(text) or len(local) > 64
            or local.startswith(".") or local.endswith(".") or ".." in text):
        raise Problem(f"{quoted(text)} n'est pas une adresse e-mail valide.")
    return text


_YES = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
_NO = {"non", "n", "no", "false", "faux", "0"}


def parse_yes_no(value: Any, today: dt.date) -> bool:
    """True or False: oui / non (also o, n, x, 1, 0, vrai, faux, true, false), or a JSON boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = plain_letters(_text(value, "la réponse")).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise Problem(f"{quoted(str(value).strip())} n'est pas reconnu. Indiquez oui ou non.")


# -- the declarations -----------------------------------------------------------------------------

FIELDS: tuple[Field, ...] = (
    Field("last_name", "Nom de naissance", True, _name("le nom de naissance"),
          aliases=("Nom", "Nom de famille")),
    Field("first_name", "Prénom", True, _name("le prénom")),
    Field("birthdate", "Date de naissance", True, parse_birthdate, hint=f"format{NBSP}: JJ/MM/AAAA"),
    Field("extra_time_pct", "Temps majoré", True, parse_extra_time, hint="en %", blank=0,
          aliases=("Temps majoré en %", "Temps majoré en pourcentage")),
    Field("sex", "Sexe", False, parse_sex, hint="M ou F"),
    Field("birth_city", "Commune de naissance", False, _plain_text("la commune de naissance", TEXT_MAX),
          aliases=("Ville de naissance",)),
    Field("birth_postal_code", "Code postal de naissance", False, parse_postal_code,
          aliases=("Code postal de la commune de naissance",)),
    Field("birth_insee_code", "Code INSEE de naissance", False, parse_insee_code,
          aliases=("Code INSEE de la commune de naissance", "Code INSEE")),
    Field("birth_country", "Pays de naissance", False, _plain_text("le pays de naissance", TEXT_MAX)),
    Field("email", "E-mail de convocation", False, parse_email,
          aliases=("Adresse e-mail de convocation", "Adresse e-mail", "E-mail", "Courriel")),
    Field("external_id", "Identifiant externe", False, _plain_text("l'identifiant externe", EXTERNAL_ID_MAX),
          aliases=("Identifiant local",)),
    # The adaptive test then asks only challenges marked accessible (ADAPTIVE.md, step 3).
    Field("accessibility", "Aménagement d'accessibilité", False, parse_yes_no, hint="oui ou non",
          aliases=("Accessibilité", "Besoin d'accessibilité")),
)
FIELDS_BY_NAME: Mapping[str, Field] = {f.name: f for f in FIELDS}
REQUIRED_FIELDS = tuple(f.name for f in FIELDS if f.required)
DETAIL_FIELDS = tuple(f.name for f in FIELDS if not f.required)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate_candidate(data: Mapping[str, Any], *, today: dt.date | None = None,
                       ignore_unknown: bool = False) -> tuple[dict | None, list[FieldError]]:
    """Check one candidate; return (clean candidate or None, every error found).

    ``data`` is flat (field name -> raw value); the optional fields may also come nested
    under ``"details"``, as ``clean`` gives them back. Clean shape:
    ``{"last_name", "first_name", "birthdate": "YYYY-MM-DD", "extra_time_pct": int,
    "details": {only the optional fields given}}``.
    """
    today = today or dt.date.today()
    flat, errors = _flatten(data, ignore_unknown)
    clean: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for field in FIELDS:
        value = flat.get(field.name)
        if is_blank(value):
            if field.blank is not None:
                clean[field.name] = field.blank
            elif field.required:
                errors.append(FieldError(field.name, field.label, f"{_article(field)} obligatoire."))
            continue
        try:
            parsed = field.parse(value, today)
        except Problem as problem:
            errors.append(FieldError(field.name, field.label, str(problem)))
            continue
        (clean if field.required else details)[field.name] = parsed
    if errors:
        return None, errors
    clean["details"] = details
    return clean, []


def _flatten(data: Mapping[str, Any], ignore_unknown: bool) -> tuple[dict, list[FieldError]]:
    flat = {k: v for k, v in data.items() if k != "details"}
    errors = []
    nested = data.get("details")
    if isinstance(nested, Mapping):
        for key, value in nested.items():
            if key in FIELDS_BY_NAME and not FIELDS_BY_NAME[key].required and key not in flat:
                flat[key] = value
            elif not ignore_unknown:
                errors.append(FieldError(str(key), str(key), "n'est pas un champ facultatif connu, ou est donné deux fois."))
    elif nested is not None and not ignore_unknown:
        errors.append(FieldError("details", "details", "doit être un objet (champ → valeur)."))
    if not ignore_unknown:
        errors += [FieldError(str(k), str(k), "champ inconnu.") for k in flat if k not in FIELDS_BY_NAME]
    return flat, errors


_ARTICLES = {"last_name": "le nom de naissance est", "first_name": "le prénom est",
             "birthdate": "la date de naissance est"}


def _article(field: Field) -> str:
    return _ARTICLES.get(field.name, f"{quoted(field.label)} est")


def refusal(errors: list[FieldError]) -> Refusal:
    """The API's answer to a refused candidate: 422, every error in one French message."""
    return Refusal(422, "candidate_invalid", " ".join(str(e) for e in errors))
