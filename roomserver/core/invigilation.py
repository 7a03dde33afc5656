"""What the invigilator may do during the session, once it runs: handle live alerts, add
time, end a test, tick end screens, record incidents and frauds, comment, close.

Like ``commands``: each function checks the rules and returns the events to append, or
raises a Refusal with a French reason; no I/O. ``by`` is the invigilator's id (s1, s2...)
and goes into every event, for the audit trail. Ids of new records (incident, fraud,
time addition) come from the caller, so a retried request records nothing twice.
"""

from __future__ import annotations

from . import adaptive_flow
from .commands import Events, candidate, refuse_if_closed
from .generation import Catalogue, replacement_challenge
from .incidents import (ADDED_MINUTES_MAX, COMMENT_MAX, QUESTION_CODES, REASON_MAX, TEXT_MAX, is_incident_code,
                        is_question_code)
from .french import plural
from .refusal import Refusal
from .session import CandidateState, SessionState
from .states import AttemptStatus, SessionStatus, transition

ENDED = (AttemptStatus.ENDED, AttemptStatus.ENDED_BY_INVIGILATOR)
SITTING = (AttemptStatus.PRESENT, AttemptStatus.IN_TEST)


def _refuse_if_finalised(state: SessionState) -> None:
    """Records (incidents, end screens, comment) may still be written after closing, until finalisation."""
    if state.status not in (SessionStatus.CREATED, SessionStatus.STARTED, SessionStatus.CLOSED):
        raise Refusal(409, "session_finalised", "Cette session est finalisée : plus rien ne peut y être ajouté.")


def _text(value: str, limit: int, what: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Refusal(422, "text_required", f"{what} : ce champ est obligatoire.")
    if len(text) > limit:
        raise Refusal(422, "text_too_long", f"{what} : {limit} caractères au plus ({len(text)} saisis).")
    return text


def _name(found: CandidateState) -> str:
    return f"{found.first_name} {found.last_name}"


# -- live alerts ---------------------------------------------------------------------------------

def _open_alert(state: SessionState, candidate_id: str, alert_id: str, decision: str, code: str | None = None):
    """The alert to decide on, or None when the same decision was already recorded."""
    found = candidate(state, candidate_id)
    alert = next((a for a in found.alerts if a.alert_id == alert_id), None)
    if alert is None:
        raise Refusal(404, "alert_not_found", "Ce signalement n'existe pas pour ce candidat.")
    if alert.status == decision and (code is None or alert.code == code):
        return found, None
    if alert.status != "open":
        done = "écarté" if alert.status == "dismissed" else f"validé ({alert.code})"
        raise Refusal(409, "alert_already_handled", f"Ce signalement a déjà été traité : {done}.")
    _refuse_if_finalised(state)  # after the close it is still recorded (nothing is replaced then)
    return found, alert


def dismiss_alert(state: SessionState, candidate_id: str, alert_id: str, by: str) -> Events:
    """The problem is not confirmed: the candidate goes on with the same question."""
    _, alert = _open_alert(state, candidate_id, alert_id, "dismissed")
    if alert is None:
        return []
    return [("alert_dismissed", {"candidate_id": candidate_id, "alert_id": alert_id, "by": by})]


def validate_alert(state: SessionState, candidate_id: str, alert_id: str, code: str, catalogue: Catalogue,
                   by: str, incident_id: str) -> Events:
    """The problem is confirmed: record the incident and, if the question is still on screen,
    replace it by another of the same competence."""
    if not is_question_code(code):
        raise Refusal(422, "incident_code_invalid",
                      f"Choisissez un code d'incident de question ({', '.join(QUESTION_CODES)}).")
    found, alert = _open_alert(state, candidate_id, alert_id, "validated", code)
    if alert is None:
        return []
    if found.adaptive:  # a question chosen for the candidate's capacity, that skill excluded
        extra, after = adaptive_flow.on_alert_validated(state, found, alert, catalogue)
        return [("alert_validated", {"candidate_id": candidate_id, "alert_id": alert_id, "code": code,
                                     "incident_id": incident_id, **extra, "by": by})] + after
    replacement = None
    if found.current_index == alert.index:
        replaced = frozenset(c for ids in found.replaced.values() for c in ids)
        replacement = replacement_challenge(catalogue, found.profile, found.challenge_ids, alert.index, replaced,
                                            seed=f"{state.id}:{candidate_id}:{alert_id}")
    return [("alert_validated", {"candidate_id": candidate_id, "alert_id": alert_id, "code": code,
                                 "incident_id": incident_id, "replacement": replacement, "by": by})]


# -- time and the end of a test ---------------------------------------------------------------------

def add_time(state: SessionState, candidate_ids: list[str] | None, minutes: int, reason: str, by: str,
             addition_id: str) -> Events:
    """Add minutes to one candidate (a list of one) or, with None, to everyone still sitting."""
    earlier = next((a for a in state.time_additions if a["addition_id"] == addition_id), None)
    if earlier is not None:
        same = earlier.get("everyone") if candidate_ids is None else \
            (not earlier.get("everyone") and list(dict.fromkeys(candidate_ids)) == earlier["candidate_ids"])
        if same:
            return []  # the same request again: recorded once
        raise Refusal(409, "request_id_reused",
                      "Cet identifiant de demande a déjà servi pour un autre ajout de temps : rien n'a été ajouté. "
                      "Rechargez la page et recommencez.")
    refuse_if_closed(state)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= ADDED_MINUTES_MAX:
        raise Refusal(422, "minutes_invalid", f"Indiquez un nombre entier de minutes entre 1 et {ADDED_MINUTES_MAX}.")
    reason = _text(reason, REASON_MAX, "Motif de l'ajout de temps")
    if candidate_ids is None:
        targets = [c.id for c in state.candidates.values() if c.status in SITTING]
        if not targets:
            raise Refusal(409, "nobody_sitting", "Aucun candidat n'est présent ou en test : il n'y a personne à qui ajouter du temps.")
    else:
        targets = []
        for candidate_id in dict.fromkeys(candidate_ids):
            found = candidate(state, candidate_id)
            if found.status in ENDED:
                raise Refusal(409, "test_finished", f"Le test de {_name(found)} est terminé : on ne peut plus lui ajouter de temps.")
            if found.status not in SITTING:
                raise Refusal(409, "not_present", f"La présence de {_name(found)} n'est pas confirmée : "
                                                   "on ne peut pas lui ajouter de temps.")
            targets.append(candidate_id)
    return [("time_added", {"addition_id": addition_id, "candidate_ids": targets, "seconds": minutes * 60,
                            "reason": reason, "everyone": candidate_ids is None, "by": by})]


def end_test(state: SessionState, candidate_id: str, by: str) -> Events:
    """End a candidate's test (irreversible): the questions left count as skipped."""
    found = candidate(state, candidate_id)
    if found.status is AttemptStatus.ENDED_BY_INVIGILATOR:
        return []
    refuse_if_closed(state)
    if found.status is AttemptStatus.ENDED:
        raise Refusal(409, "test_finished", f"{_name(found)} a déjà terminé son test.")
    if found.status is not AttemptStatus.IN_TEST:
        raise Refusal(409, "test_not_started", f"{_name(found)} n'a pas commencé son test : il n'y a rien à terminer.")
    transition(found.status, AttemptStatus.ENDED_BY_INVIGILATOR)
    return [("test_ended_by_invigilator", {"candidate_id": candidate_id,
                                           "skipped_indexes": list(range(found.answered, found.total)), "by": by})]


def mark_end_screen_seen(state: SessionState, candidate_id: str | None, by: str) -> Events:
    """The invigilator saw the candidate's end screen (this replaces the paper tick box).
    With None: every candidate whose test is over and whose screen is not ticked yet."""
    _refuse_if_finalised(state)
    if candidate_id is None:
        targets = [c.id for c in state.candidates.values() if c.status in ENDED and not c.end_screen_seen]
    else:
        found = candidate(state, candidate_id)
        if found.status not in ENDED:
            raise Refusal(409, "test_not_finished",
                          f"Le test de {_name(found)} n'est pas terminé : son écran de fin n'est pas encore affiché.")
        targets = [] if found.end_screen_seen else [candidate_id]
    if not targets:
        return []
    return [("end_screen_seen", {"candidate_ids": targets, "by": by})]


# -- records ------------------------------------------------------------------------------------------

def record_incident(state: SessionState, candidate_id: str | None, code: str, text: str, by: str,
                    incident_id: str, question_number: int | None = None) -> Events:
    """An incident with its code, for one candidate (optionally one question) or the session."""
    if any(i.incident_id == incident_id for i in state.incidents) or _withdrawn_before(state, "incident", incident_id):
        return []  # a retried request (even of a record since withdrawn) records nothing twice
    _refuse_if_finalised(state)
    if not is_incident_code(code):
        raise Refusal(422, "incident_code_invalid", "Ce code d'incident n'existe pas : choisissez-le dans la liste.")
    text = _text(text, TEXT_MAX, "Description de l'incident")
    data = {"incident_id": incident_id, "code": code, "text": text, "candidate_id": candidate_id, "by": by}
    if candidate_id is not None:
        found = candidate(state, candidate_id)
        if question_number is not None:
            asked = len(found.challenge_ids)  # the whole test (classic), the questions asked so far (adaptive)
            if isinstance(question_number, bool) or not isinstance(question_number, int) \
                    or not 1 <= question_number <= asked:
                raise Refusal(422, "question_number_invalid",
                              f"Le numéro de question doit être entre 1 et {asked} pour {_name(found)}.")
            data["index"] = question_number - 1
            data["challenge_id"] = found.challenge_ids[question_number - 1]
    elif question_number is not None:
        raise Refusal(422, "question_number_invalid", "Un numéro de question ne va qu'avec un candidat.")
    return [("incident_recorded", data)]


def report_fraud(state: SessionState, candidate_ids: list[str], observed_at: str, facts: str, measures: str,
                 by: str, fraud_id: str) -> Events:
    """A fraud report (procès-verbal): who, when, what was seen, what was done."""
    if any(f.fraud_id == fraud_id for f in state.frauds) or _withdrawn_before(state, "fraud", fraud_id):
        return []
    _refuse_if_finalised(state)
    if not candidate_ids:
        raise Refusal(422, "candidates_required", "Indiquez au moins un candidat concerné.")
    for candidate_id in candidate_ids:
        candidate(state, candidate_id)
    return [("fraud_reported", {
        "fraud_id": fraud_id, "candidate_ids": list(dict.fromkeys(candidate_ids)),
        "observed_at": _text(observed_at, 20, "Heure des faits"),
        "facts": _text(facts, TEXT_MAX, "Ce qui a été constaté"),
        "measures": _text(measures, TEXT_MAX, "Les mesures prises"), "by": by})]


def set_comment(state: SessionState, comment: str, by: str) -> Events:
    """The global comment of the session (at most 500 characters)."""
    _refuse_if_finalised(state)
    comment = _text(comment, COMMENT_MAX, "Commentaire de session", required=False)
    if comment == state.comment:
        return []
    return [("comment_set", {"comment": comment, "by": by})]


def close_session(state: SessionState, by: str) -> Events:
    """Close the room once nobody is still in their test."""
    if state.status is SessionStatus.CLOSED:
        return []
    transition(state.status, SessionStatus.CLOSED)
    still = [c for c in state.candidates.values() if c.status is AttemptStatus.IN_TEST]
    if still:
        names = ", ".join(_name(c) for c in still[:5]) + (" …" if len(still) > 5 else "")
        raise Refusal(409, "tests_running",
                      f"Clôture impossible : {plural(len(still), 'candidat')} encore en test ({names}). "
                      "Attendez la fin de leur test ou terminez-le avant de clôturer.")
    return [("session_closed", {"by": by})]


# -- correcting mistakes (new events; the journal keeps the original) ---------------------------------

UNDO_WINDOW_S = 120  # "Écarter" an alert and "Écran de fin vu" can be undone for two minutes
RECORD_KINDS = ("incident", "fraud", "time_addition")
CORRECTABLE = {"incident": ("code", "text"), "fraud": ("observed_at", "facts", "measures"),
               "time_addition": ("reason",)}


def _within_window(done_at: float | None, now: float, what: str) -> None:
    if done_at is None or now - done_at > UNDO_WINDOW_S:
        raise Refusal(409, "undo_too_late", f"Trop tard pour annuler {what}\u00a0: c'est possible pendant "
                                            f"{UNDO_WINDOW_S // 60} minutes seulement.")


def undo_alert_dismissal(state: SessionState, candidate_id: str, alert_id: str, by: str, now: float) -> Events:
    """Reopen an alert dismissed by mistake (within the undo window): it shows again as open."""
    from .room_events import ledger  # room_events imports session, which imports this module's siblings
    found = candidate(state, candidate_id)
    alert = next((a for a in found.alerts if a.alert_id == alert_id), None)
    if alert is None:
        raise Refusal(404, "alert_not_found", "Ce signalement n'existe pas pour ce candidat.")
    if alert.status == "open":
        return []
    if alert.status != "dismissed":
        raise Refusal(409, "alert_already_handled", f"Ce signalement a été validé ({alert.code}) : "
                                                    "il n'y a pas d'écartement à annuler.")
    _refuse_if_finalised(state)
    _within_window(ledger(state)["dismissed_at"].get(alert_id), now, "l'écartement de ce signalement")
    return [("alert_dismissal_undone", {"candidate_id": candidate_id, "alert_id": alert_id, "by": by})]


def undo_end_screen_seen(state: SessionState, candidate_id: str, by: str, now: float) -> Events:
    """Untick an end screen ticked by mistake (within the undo window)."""
    from .room_events import ledger
    found = candidate(state, candidate_id)
    if not found.end_screen_seen:
        return []
    _refuse_if_finalised(state)
    _within_window(ledger(state)["seen_at"].get(candidate_id), now, f"«\u00a0Écran de fin vu\u00a0» pour {_name(found)}")
    return [("end_screen_unseen", {"candidate_id": candidate_id, "by": by})]


def _record(state: SessionState, kind: str, record_id: str):
    """(the record, the candidates it names, whether it is already withdrawn)."""
    if kind == "incident":
        found = next((i for i in state.incidents if i.incident_id == record_id), None)
        return found, ([found.candidate_id] if found and found.candidate_id else []), False
    if kind == "fraud":
        found = next((f for f in state.frauds if f.fraud_id == record_id), None)
        return found, (list(found.candidate_ids) if found else []), False
    if kind == "time_addition":
        found = next((a for a in state.time_additions if a["addition_id"] == record_id), None)
        return found, (list(found["candidate_ids"]) if found else []), bool(found and found.get("withdrawn"))
    raise Refusal(422, "record_kind_invalid", "Ce type d'entrée du registre n'existe pas "
                                              "(incident, fraude ou ajout de temps).")


def _withdrawn_before(state: SessionState, kind: str, record_id: str) -> bool:
    from .room_events import ledger
    return any(w["kind"] == kind and w["id"] == record_id for w in ledger(state)["withdrawn"])


def withdraw_record(state: SessionState, kind: str, record_id: str, reason: str, by: str) -> Events:
    """Withdraw an incident, a fraud report or an added time before finalisation, with a reason.
    Scoring and documents no longer see it; the journal keeps the original and the withdrawal."""
    found, candidate_ids, withdrawn = _record(state, kind, record_id)
    if withdrawn or (found is None and kind != "time_addition" and _withdrawn_before(state, kind, record_id)):
        return []
    if found is None:
        raise Refusal(404, "record_not_found", "Cette entrée du registre n'existe pas.")
    _refuse_if_finalised(state)
    reason = _text(reason, REASON_MAX, "Motif du retrait")
    return [("record_withdrawn", {"kind": kind, "id": record_id, "reason": reason, "candidate_ids": candidate_ids,
                                  "by": by})]


def correct_record(state: SessionState, kind: str, record_id: str, changes: dict, by: str) -> Events:
    """Correct an incident (code, text), a fraud report (time, facts, measures) or the reason of an
    added time, before finalisation. To change the minutes, withdraw the addition and add again."""
    found, candidate_ids, withdrawn = _record(state, kind, record_id)
    if found is None or withdrawn:
        raise Refusal(404, "record_not_found", "Cette entrée du registre n'existe pas ou a été retirée.")
    _refuse_if_finalised(state)
    allowed = CORRECTABLE[kind]
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise Refusal(422, "field_not_correctable", f"Ces champs ne se corrigent pas ici : {', '.join(unknown)}.")
    current = (lambda key: found[key]) if isinstance(found, dict) else (lambda key: getattr(found, key))
    after = {}
    for key, value in changes.items():
        if key == "code":
            if not is_incident_code(value):
                raise Refusal(422, "incident_code_invalid", "Ce code d'incident n'existe pas : choisissez-le dans la liste.")
            if found.index is not None and not is_question_code(value):
                raise Refusal(422, "incident_code_invalid", "Un incident sur une question garde un code E.")
        else:
            limit = {"observed_at": 20, "reason": REASON_MAX}.get(key, TEXT_MAX)
            value = _text(value, limit, {"text": "Description de l'incident", "observed_at": "Heure des faits",
                                         "facts": "Ce qui a été constaté", "measures": "Les mesures prises",
                                         "reason": "Motif de l'ajout de temps"}[key])
        if value != current(key):
            after[key] = value
    if not after:
        return []
    return [("record_corrected", {"kind": kind, "id": record_id, "before": {k: current(k) for k in after},
                                  "after": after, "candidate_ids": candidate_ids, "by": by})]
