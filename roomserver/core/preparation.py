"""Before the day: what the administrator may do to a session and its candidates.

Like ``commands``: each function checks the rules and returns the events to append, or
raises a Refusal with a French reason; no I/O. A session's details and its list can be
changed until the access code is given; after that only an identity can be corrected
(the C1 case of REFERENCE.md), and the journal keeps both the old and the new values.
"""

from __future__ import annotations

import datetime as dt
import re

from .commands import Events, candidate
from .generation import Profile
from .identity import identity_key, is_birthdate
from .refusal import Refusal
from .session import SessionState
from .states import SessionStatus

ALGORITHMS = {"classic": "classique (3 questions par compétence positionnée)",
              "adaptive": "adaptative (32 questions, chacune choisie selon les réponses précédentes)"}
INVIGILATORS_MAX = 10
CANDIDATES_PER_INVIGILATOR = 20
DETAIL_LIMITS = {"site": 120, "room": 60, "notes": 1000}
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _text(data: dict, name: str, label: str, *, required: bool) -> str:
    value = data.get(name, "")
    text = " ".join(str(value or "").split())
    if name == "notes":
        text = str(value or "").strip()
    if required and not text:
        raise Refusal(422, f"{name}_required", f"{label}\u00a0: ce champ est obligatoire.")
    if len(text) > DETAIL_LIMITS[name]:
        raise Refusal(422, f"{name}_too_long", f"{label}\u00a0: {DETAIL_LIMITS[name]} caractères au plus.")
    return text


def session_details(data: dict) -> dict:
    """The checked details of a session (site, room, date, start time, invigilators, notes,
    algorithm), or a Refusal naming the field."""
    details = {"site": _text(data, "site", "Établissement", required=True),
               "room": _text(data, "room", "Salle", required=True),
               "notes": _text(data, "notes", "Notes", required=False)}
    date = str(data.get("date", ""))
    if not is_birthdate(date):  # the same rule: a real calendar date written AAAA-MM-JJ
        raise Refusal(422, "date_invalid", "Date de la session\u00a0: une date réelle au format AAAA-MM-JJ.")
    details["date"] = date
    start = str(data.get("start_time", ""))
    if not _TIME.fullmatch(start):
        raise Refusal(422, "start_time_invalid", "Heure de début\u00a0: une heure réelle au format HH:MM (par exemple 09:00).")
    details["start_time"] = start
    names = [" ".join(str(n).split()) for n in data.get("invigilators") or []]
    names = [n for n in names if n]
    if not names:
        raise Refusal(422, "invigilators_required", "Indiquez le nom d'au moins un surveillant.")
    if len(names) > INVIGILATORS_MAX or any(len(n) > 60 for n in names):
        raise Refusal(422, "invigilators_invalid",
                      f"Surveillants\u00a0: {INVIGILATORS_MAX} au plus, 60 caractères au plus par nom.")
    details["invigilators"] = names
    algorithm = data.get("algorithm", "classic")
    if algorithm not in ALGORITHMS:
        raise Refusal(422, "algorithm_unknown",
                      "Algorithme de certification inconnu\u00a0: «\u00a0classic\u00a0» ou «\u00a0adaptive\u00a0».")
    details["algorithm"] = algorithm
    return details


def _refuse_if_started(state: SessionState, what: str) -> None:
    if state.status is not SessionStatus.CREATED:
        raise Refusal(409, "session_started", f"La session a commencé\u00a0: {what}.")


def certification_for(algorithm: str, catalogue, version_id: str | None = None) -> dict | None:
    """What an adaptive session records of its certification version (its settings, so a later
    pack never changes them): ``version_id`` or the pack's last version; None for classic."""
    if algorithm != "adaptive":
        return None
    versions = getattr(catalogue, "certification_versions", None) or {}
    if not versions or not len(getattr(catalogue, "bank", ()) or ()):
        raise Refusal(422, "adaptive_unavailable",
                      "Le contenu installé sur ce serveur n'a pas de version de certification adaptative\u00a0: "
                      "choisissez l'algorithme classique.")
    if version_id is None:
        version_id = list(versions)[-1]
    if version_id not in versions:
        raise Refusal(422, "certification_version_unknown",
                      f"Version de certification inconnue\u00a0: «\u00a0{version_id}\u00a0» "
                      f"(versions du contenu installé\u00a0: {', '.join(versions)}).")
    return versions[version_id].to_dict()


def edit_session(state: SessionState, data: dict, by: str, catalogue=None) -> Events:
    """Change the details until the start (the number and the codes never change). Choosing the
    adaptive algorithm (or another version) records the version's settings from ``catalogue``."""
    _refuse_if_started(state, "ses informations ne peuvent plus être modifiées")
    version_id = data.get("certification_version")
    details = session_details({**state.details, **{k: v for k, v in data.items() if k != "certification_version"}})
    changed = {k: v for k, v in details.items() if state.details.get(k) != v}
    event = {"details": changed, "by": by}
    current = (state.certification or {}).get("id")
    if "algorithm" in changed or (version_id is not None and version_id != current):
        event["certification"] = certification_for(details["algorithm"], catalogue, version_id)
    elif version_id is not None and details["algorithm"] != "adaptive":
        raise Refusal(422, "certification_version_unexpected",
                      "Une version de certification ne va qu'avec l'algorithme adaptatif.")
    if not changed and "certification" not in event:
        return []
    return [("session_edited", event)]


def deletable(state: SessionState) -> None:
    """A session can be deleted only before it starts."""
    _refuse_if_started(state, "elle ne peut plus être supprimée (son journal est conservé)")


def edit_candidate(state: SessionState, candidate_id: str, changes: dict, by: str) -> Events:
    """Change a candidate's enrolment (names, birthdate, extra time, optional details)
    until the start; the duplicate rule still holds."""
    found = candidate(state, candidate_id)
    _refuse_if_started(state, "utilisez la correction d'identité")
    merged = {"first_name": found.first_name, "last_name": found.last_name, "birthdate": found.birthdate,
              "extra_time_pct": found.extra_time_pct, "details": found.details, **changes}
    _check_identity(state, candidate_id, merged["first_name"], merged["last_name"], merged["birthdate"])
    check_external_id(state, candidate_id, merged["details"])
    extra = merged["extra_time_pct"]
    if isinstance(extra, bool) or not isinstance(extra, int) or not 0 <= extra <= 200:
        raise Refusal(422, "extra_time_invalid", "Le temps majoré est un pourcentage entier entre 0 et 200.")
    current = {"first_name": found.first_name, "last_name": found.last_name, "birthdate": found.birthdate,
               "extra_time_pct": found.extra_time_pct, "details": found.details}
    diff = {k: merged[k] for k in current if merged[k] != current[k]}
    if not diff:
        return []
    return [("candidate_edited", {"candidate_id": candidate_id, "changes": diff, "by": by})]


def _check_identity(state: SessionState, candidate_id: str, first_name: str, last_name: str, birthdate: str) -> None:
    if not is_birthdate(birthdate):
        raise Refusal(422, "birthdate_invalid", "La date de naissance doit être une date réelle au format AAAA-MM-JJ.")
    key = identity_key(first_name, last_name, birthdate)
    if not key[0] or not key[1]:
        raise Refusal(422, "identity_invalid", "Le nom et le prénom doivent contenir au moins une lettre ou un chiffre.")
    if any(c.key == key for cid, c in state.candidates.items() if cid != candidate_id):
        raise Refusal(409, "candidate_duplicate",
                      "Un autre candidat de cette session a déjà ce nom, ce prénom et cette date de naissance.")


def check_external_id(state: SessionState, candidate_id: str, details: dict) -> None:
    """An external id names one pupil of the session (profiles are matched by it), as the import says."""
    external_id = (details or {}).get("external_id")
    if external_id and any(c.details.get("external_id") == external_id
                           for cid, c in state.candidates.items() if cid != candidate_id):
        raise Refusal(409, "external_id_duplicate",
                      f"L'identifiant externe «\u00a0{external_id}\u00a0» est déjà celui d'un autre candidat "
                      "de cette session.")


def remove_candidate(state: SessionState, candidate_id: str, by: str) -> Events:
    candidate(state, candidate_id)
    _refuse_if_started(state, "on ne peut plus retirer de candidat")
    return [("candidate_removed", {"candidate_id": candidate_id, "by": by})]


def set_profile(state: SessionState, candidate_id: str, profile: Profile, by: str) -> Events:
    """The candidate's positioning profile (what the test is generated from), until the start."""
    found = candidate(state, candidate_id)
    _refuse_if_started(state, "le profil de positionnement ne peut plus changer")
    if found.profile == profile:
        return []
    return [("profile_set", {"candidate_id": candidate_id, "profile": profile.to_dict(), "by": by})]


CORRECTABLE = ("first_name", "last_name", "birthdate", "birth_city", "birth_postal_code", "birth_insee_code",
               "birth_country")


def correct_identity(state: SessionState, candidate_id: str, after: dict, by: str) -> Events:
    """After the start: record a corrected identity (C1). The journal keeps the values
    before and after; the documents and results use the corrected ones."""
    found = candidate(state, candidate_id)
    if state.status in (SessionStatus.FINALISED, SessionStatus.SYNCED):
        raise Refusal(409, "session_finalised", "Cette session est finalisée\u00a0: plus rien ne peut y être corrigé.")
    unknown = set(after) - set(CORRECTABLE)
    if unknown:
        raise Refusal(422, "field_not_correctable", "Seuls le nom, le prénom, la date et le lieu de naissance "
                                                    "peuvent être corrigés.")
    current = {"first_name": found.first_name, "last_name": found.last_name, "birthdate": found.birthdate,
               **{k: found.details.get(k, "") for k in CORRECTABLE[3:]}}
    changed = {k: v for k, v in after.items() if current.get(k) != v}
    if not changed:
        return []
    merged = {**current, **changed}
    _check_identity(state, candidate_id, merged["first_name"], merged["last_name"], merged["birthdate"])
    return [("identity_corrected", {"candidate_id": candidate_id, "before": {k: current[k] for k in changed},
                                    "after": changed, "by": by})]


def warnings(state: SessionState, today: dt.date) -> list[str]:
    """What the administrator should know before the day (not refusals)."""
    found = []
    invigilators = len(state.details.get("invigilators", [])) or 1
    count = len(state.candidates)
    if count > CANDIDATES_PER_INVIGILATOR * invigilators:
        found.append(f"{count} candidats pour {invigilators} surveillant{'s' if invigilators > 1 else ''}\u00a0: "
                     f"il faut au moins un surveillant pour {CANDIDATES_PER_INVIGILATOR} candidats.")
    not_certifiable = sum(1 for c in state.candidates.values() if not c.certifiable)
    if not_certifiable:
        found.append(f"{not_certifiable} candidat{'s' if not_certifiable > 1 else ''} "
                     f"non certifiable{'s' if not_certifiable > 1 else ''} (moins de 5 compétences de niveau 1 "
                     "ou plus)\u00a0: ils ne pourront pas commencer le test.")
    try:
        day = dt.date.fromisoformat(state.details.get("date", ""))
    except ValueError:
        day = None
    if day is not None and state.status is SessionStatus.CREATED and day < today:
        found.append("La date de la session est passée.")
    return found
