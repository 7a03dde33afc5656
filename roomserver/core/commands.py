"""What may happen to a session: each command checks the rules and returns the events
to append, or raises a Refusal with a French reason. No I/O: the store appends the
events to the journal, fsyncs, then applies them with ``session.apply``.

An empty list means "nothing new to record" (an idempotent repeat).
"""

from __future__ import annotations

from typing import Any

from . import adaptive_flow
from .codes import normalise_code
from .downtime import question_elapsed
from .generation import Catalogue, Profile, generate_test, is_certifiable
from .identity import identity_key, is_birthdate
from .matching import Outcome, check_shape, outcome
from .refusal import Refusal
from .session import AnswerRecord, CandidateState, SessionState
from .states import AttemptStatus, SessionStatus, transition

Events = list[tuple[str, dict]]
RESUME_LIMIT_S = 24 * 3600
CLAIM_TOLERANCE_S = 10.0  # how far below the server's view a page's "on screen for" claim is believed
MOVED_MESSAGE = ("Votre test continue sur un autre poste : le surveillant a autorisé la reprise ailleurs. "
                 "Rien n'est enregistré depuis ce poste.")
ENTRY_CLOSED_MESSAGE = ("L'entrée est fermée\u00a0: la session a commencé sans que votre présence soit confirmée. "
                        "Allez voir le surveillant.")


def _finished(status: SessionStatus) -> bool:
    return status not in (SessionStatus.CREATED, SessionStatus.STARTED)


def refuse_if_closed(state: SessionState) -> None:
    if _finished(state.status):
        raise Refusal(409, "session_closed", "Cette session est close : plus rien ne peut y être modifié.")


def candidate(state: SessionState, candidate_id: str) -> CandidateState:
    try:
        return state.candidates[candidate_id]
    except KeyError:
        raise Refusal(404, "candidate_not_found", "Ce candidat n'est pas inscrit à cette session.") from None


# -- preparation ---------------------------------------------------------------------------

def create_session(session_id: str, number: int, access_code: str, invigilator_password: str,
                   details: dict, pack: dict, certification: dict | None = None) -> Events:
    """``certification``: an adaptive session's version settings (``preparation.certification_for``)."""
    data = {"session_id": session_id, "number": number, "access_code": access_code,
            "invigilator_password": invigilator_password, "details": details, "pack": pack}
    if certification is not None:
        data["certification"] = certification
    return [("session_created", data)]


def enrol_candidate(state: SessionState, candidate_id: str, first_name: str, last_name: str,
                    birthdate: str, extra_time_pct: int = 0, profile: Profile | None = None,
                    details: dict | None = None) -> Events:
    """Add a candidate; refused after the start and for a duplicate name + birthdate."""
    if state.status is not SessionStatus.CREATED:
        raise Refusal(409, "session_started", "La session a commencé : on ne peut plus inscrire de candidat.")
    if not is_birthdate(birthdate):
        raise Refusal(422, "birthdate_invalid", "La date de naissance doit être une date réelle au format AAAA-MM-JJ.")
    if not isinstance(extra_time_pct, int) or not 0 <= extra_time_pct <= 200:
        raise Refusal(422, "extra_time_invalid", "Le temps majoré est un pourcentage entier entre 0 et 200.")
    key = identity_key(first_name, last_name, birthdate)
    if not key[0] or not key[1]:
        raise Refusal(422, "identity_invalid", "Le nom et le prénom doivent contenir au moins une lettre ou un chiffre.")
    if any(c.key == key for c in state.candidates.values()):
        raise Refusal(409, "candidate_duplicate",
                      "Un candidat avec ce nom, ce prénom et cette date de naissance est déjà inscrit.")
    if candidate_id in state.candidates:
        raise Refusal(409, "candidate_duplicate", "Cet identifiant de candidat existe déjà.")
    return [("candidate_enrolled", {
        "candidate_id": candidate_id, "first_name": first_name.strip(), "last_name": last_name.strip(),
        "birthdate": birthdate, "extra_time_pct": extra_time_pct,
        "profile": (profile or Profile()).to_dict(), "details": details or {}})]


def server_started(state: SessionState, version: str, alive_at: float | None = None,
                   now: float | None = None) -> Events:
    """The server records its own start in every open session, with ``down_from``: its last sign
    of life before (the session's last event, or the alive mark it rewrites every second,
    whichever is later). The outage [down_from, start] is given back to every candidate."""
    if _finished(state.status):
        return []
    down_from = max(state.last_ts, alive_at or 0.0)
    if now is not None:
        down_from = min(down_from, now)  # an alive mark from a clock that ran ahead
    return [("server_started", {"version": version, "down_from": round(down_from, 3),
                                "alive_at": None if alive_at is None else round(alive_at, 3)})]


# -- joining ------------------------------------------------------------------------------------

def join(state: SessionState, first_name: str, last_name: str, birthdate: str,
         token_sha256: str, client: dict, now: float) -> tuple[str, Events]:
    """Match the typed identity and hand out a token. Returns (candidate id, events).

    The first browser of a candidate is theirs. Once they have one, any other browser joining
    with the same identity (a resume after a crash, or a classmate who knows their birthdate)
    waits for the invigilator, who sees both PCs and authorises or refuses it, before and after
    the start alike. A join sent again by the same form (its reply was lost: ``client["join_sha256"]``,
    the hash of an id only that page knows, is the one the candidate's token came with) is the
    candidate's own browser still, before the start."""
    refuse_if_closed(state)
    matches = state.find(first_name, last_name, birthdate)
    if not matches:
        raise Refusal(404, "identity_not_found",
                      "Nous ne trouvons pas de candidat avec ce nom, ce prénom et cette date de naissance "
                      "dans cette session. Vérifiez l'orthographe et la date, puis demandez au surveillant.")
    if len(matches) > 1:
        raise Refusal(409, "identity_ambiguous",
                      "Plusieurs candidats correspondent à ces informations. Appelez le surveillant.")
    found = matches[0]
    if not is_certifiable(found.profile):
        raise Refusal(403, "not_certifiable",
                      "Votre profil ne permet pas de passer la certification (il faut au moins 5 compétences "
                      "de niveau 1 ou plus). Appelez le surveillant.")
    if state.status is SessionStatus.STARTED and found.status is AttemptStatus.ENROLLED:
        raise Refusal(403, "late_arrival",
                      "La session a déjà commencé : l'entrée des retardataires n'est plus possible. "
                      "Adressez-vous au surveillant.")
    if found.status is AttemptStatus.IN_TEST and found.test_started_at is not None \
            and now - found.test_started_at > RESUME_LIMIT_S:
        raise Refusal(403, "resume_expired", "Votre test a commencé il y a plus de 24 heures : il ne peut plus être repris.")
    # A second browser (the candidate already has one, or the test runs): the invigilator decides.
    same_form = client.get("join_sha256") is not None and client.get("join_sha256") == found.client.get("join_sha256")
    authorised = (found.token is None or same_form) and found.status is not AttemptStatus.IN_TEST
    return found.id, [("candidate_joined", {"candidate_id": found.id, "token_sha256": token_sha256,
                                            "authorised": authorised, "client": client})]


def entry_refused(state: SessionState, candidate_id: str, reason: str) -> Events:
    """A late join (``late_arrival``) or a start without a confirmed presence (``entry_closed``) was
    refused: journaled, so the invigilator's row shows the attempt and its time."""
    if _finished(state.status) or candidate_id not in state.candidates:
        return []
    return [("entry_refused", {"candidate_id": candidate_id, "reason": reason})]


def refused_join(state: SessionState, first_name: str, last_name: str, birthdate: str) -> Events:
    """A join that matched nobody: counted on every enrolled candidate it names with another
    birthdate (someone may be guessing it), so the invigilator sees it on their row."""
    if _finished(state.status):
        return []
    return [("join_refused", {"candidate_id": c.id, "reason": "wrong_birthdate"})
            for c in state.named(first_name, last_name) if c.birthdate != birthdate]


def authorise_resume(state: SessionState, candidate_id: str, now: float, by: str = "") -> Events:
    found = candidate(state, candidate_id)
    refuse_if_closed(state)
    if not found.pending_token:
        raise Refusal(409, "no_resume_pending", "Ce candidat n'a pas demandé à reprendre son test.")
    if found.test_started_at is not None and now - found.test_started_at > RESUME_LIMIT_S:
        raise Refusal(409, "resume_expired", "Ce test a commencé il y a plus de 24 heures : il ne peut plus être repris.")
    return [("resume_authorised", {"candidate_id": candidate_id, "by": by})]


def refuse_resume(state: SessionState, candidate_id: str, by: str = "") -> Events:
    """The other browser is not the candidate's (or not wanted): it is turned away, the
    candidate's own page goes on."""
    found = candidate(state, candidate_id)
    refuse_if_closed(state)
    if not found.pending_token:
        raise Refusal(409, "no_resume_pending", "Aucun autre poste ne demande à prendre la place de ce candidat.")
    return [("resume_refused", {"candidate_id": candidate_id, "by": by})]


def leave(state: SessionState, candidate_id: str, token_sha256: str) -> Events:
    """"Ce n'est pas moi": the browser gives the candidate back before the test starts. The
    candidate's own browser leaves (the row is "pas encore connecté" again, the next join of that
    identity is the candidate's first browser); a browser waiting to take over withdraws its
    request. After the start, changing candidate or PC is the invigilator's decision."""
    found = candidate(state, candidate_id)
    if found.status not in (AttemptStatus.ENROLLED, AttemptStatus.PRESENT):
        raise Refusal(409, "test_already_started",
                      "Votre test a commencé : pour changer de candidat ou de poste, appelez le surveillant.")
    if token_sha256 == found.token:
        return [("candidate_left", {"candidate_id": candidate_id, "browser": "own"})]
    if token_sha256 == found.pending_token:
        return [("candidate_left", {"candidate_id": candidate_id, "browser": "pending"})]
    return []  # already left (a retry): nothing more


# -- invigilator ----------------------------------------------------------------------------------

def password_matches(state: SessionState, password: str) -> bool:
    expected = normalise_code(state.invigilator_password)  # "C-ABC234" -> "CABC234"
    given = normalise_code(password)
    return given in (expected, expected[1:])


def invigilator_login(state: SessionState, token_sha256: str, name: str = "") -> Events:
    """A new invigilator token; the name (optional) shows who did what on every screen."""
    return [("invigilator_logged_in", {"token_sha256": token_sha256, "name": name.strip()[:60]})]


def confirm_presence(state: SessionState, candidate_id: str, by: str = "") -> Events:
    found = candidate(state, candidate_id)
    if state.status is not SessionStatus.CREATED:
        raise Refusal(409, "session_started",
                      "La session a commencé : la présence ne peut plus être confirmée (retardataire).")
    if found.status is AttemptStatus.PRESENT:
        return []
    if not found.certifiable:
        raise Refusal(409, "not_certifiable", "Ce candidat n'est pas certifiable : il ne peut pas passer le test.")
    transition(found.status, AttemptStatus.PRESENT)
    return [("presence_confirmed", {"candidate_id": candidate_id, "by": by})]


def cancel_presence(state: SessionState, candidate_id: str, by: str = "") -> Events:
    found = candidate(state, candidate_id)
    if state.status is not SessionStatus.CREATED:
        raise Refusal(409, "session_started", "La session a commencé : la présence ne peut plus être annulée.")
    if found.status is AttemptStatus.ENROLLED:
        return []
    transition(found.status, AttemptStatus.ENROLLED)
    return [("presence_cancelled", {"candidate_id": candidate_id, "by": by})]


def start_session(state: SessionState, by: str = "") -> Events:
    if state.status is SessionStatus.STARTED:
        return []
    transition(state.status, SessionStatus.STARTED)
    if not any(c.status is AttemptStatus.PRESENT for c in state.candidates.values()):
        raise Refusal(409, "nobody_present", "Confirmez la présence d'au moins un candidat avant de démarrer.")
    return [("session_started", {"by": by})]


# -- the test ---------------------------------------------------------------------------------------

def start_test(state: SessionState, candidate_id: str, access_code: str, catalogue: Catalogue) -> Events:
    found = candidate(state, candidate_id)
    if found.status is AttemptStatus.IN_TEST or found.status in (AttemptStatus.ENDED, AttemptStatus.ENDED_BY_INVIGILATOR):
        return []  # already started: typing the code again changes nothing
    if found.status is AttemptStatus.ENROLLED:
        if state.status is not SessionStatus.CREATED:
            raise Refusal(403, "entry_closed", ENTRY_CLOSED_MESSAGE)
        raise Refusal(403, "presence_not_confirmed",
                      "Le surveillant n'a pas encore confirmé votre présence. Patientez, il va passer.")
    refuse_if_closed(state)
    if state.status is not SessionStatus.STARTED:
        raise Refusal(403, "session_not_started",
                      "Le surveillant n'a pas encore donné le code d'accès. Patientez.")
    if normalise_code(access_code) != state.access_code:
        raise Refusal(422, "access_code_incorrect",
                      "Ce code d'accès n'est pas le bon. Recopiez-le depuis le tableau (4 lettres puis 2 chiffres).")
    if adaptive_flow.is_adaptive(state):  # the first question only: the next ones follow the answers
        return adaptive_flow.start(state, found, catalogue) + [("question_shown", {"candidate_id": candidate_id,
                                                                                   "index": 0})]
    challenge_ids = generate_test(catalogue, found.profile, seed=f"{state.id}:{candidate_id}")
    if not challenge_ids:
        raise Refusal(409, "no_questions", "Aucune question n'a pu être préparée pour ce profil. Appelez le surveillant.")
    # The answer to the access code shows the first question: its timer starts there.
    return [("test_started", {"candidate_id": candidate_id, "challenge_ids": challenge_ids,
                              "seed": f"{state.id}:{candidate_id}"}),
            ("question_shown", {"candidate_id": candidate_id, "index": 0})]


def show_question(state: SessionState, candidate_id: str) -> Events:
    """Record when the current question was first shown (timed challenges count from there)."""
    found = candidate(state, candidate_id)
    index = found.current_index
    if _finished(state.status) or index is None or index in found.shown_at:
        return []
    return [("question_shown", {"candidate_id": candidate_id, "index": index})]


def show_next_if_timed(state: SessionState, candidate_id: str, catalogue: Catalogue) -> Events:
    """The display of the question an answer leads to, when it is timed, decided right after the
    answer and written with it: the page already shows the question it held, and a reload must
    not restart its timer. An untimed question's display changes nothing (its time is the
    answer's, see ``downtime.became_current``): it is recorded when a state read shows it."""
    found = candidate(state, candidate_id)
    challenge_id = found.current_challenge_id
    if challenge_id is None or challenge_id not in catalogue.challenges \
            or catalogue.challenges[challenge_id].timer_s is None:
        return []
    return show_question(state, candidate_id)


def _current(found: CandidateState, challenge_id: str) -> int:
    """The index of the current question, refusing an answer meant for another one."""
    if found.status in (AttemptStatus.ENDED, AttemptStatus.ENDED_BY_INVIGILATOR):
        raise Refusal(409, "test_finished", "Votre test est terminé : cette réponse n'a pas été enregistrée.")
    if found.status is not AttemptStatus.IN_TEST:
        raise Refusal(403, "test_not_started", "Votre test n'a pas encore commencé.")
    index = found.current_index
    if index is None or challenge_id != found.current_challenge_id:
        raise Refusal(409, "not_current_challenge",
                      "Cette question n'est plus celle qui est affichée : la page va se mettre à jour.")
    return index


def record_answer(state: SessionState, candidate_id: str, answer_id: str, challenge_id: str,
                  value: Any, skip: bool, catalogue: Catalogue, now: float, *, shown_s: float | None = None,
                  focus_lost: bool = False, tolerance_s: float = CLAIM_TOLERANCE_S) -> Events:
    """Check and score one answer. The same answer_id again records nothing.

    ``shown_s``: how long the page says the question was on screen before the answer (its own
    clock; the answer may have waited on the PC during a blip): bounded by what the server saw
    (``downtime.question_elapsed``). ``focus_lost``: the page says the window was left (the
    report may not have reached the server before the answer)."""
    found = candidate(state, candidate_id)
    if answer_id in found.answer_ids:
        return []
    if _finished(state.status):
        raise Refusal(409, "test_finished", "La session est close : cette réponse n'a pas été enregistrée.")
    index = _current(found, challenge_id)
    challenge = catalogue.challenges[challenge_id]
    data = {"candidate_id": candidate_id, "answer_id": answer_id, "index": index, "challenge_id": challenge_id}
    if skip:
        result, value = Outcome.SKIPPED, None
    else:
        check_shape(challenge, value)
        elapsed = None
        if challenge.timer_s is not None:
            elapsed = question_elapsed(state, found, index, now, shown_s, tolerance_s)
            data["elapsed_s"] = None if elapsed is None else round(elapsed, 3)
            if shown_s is not None:
                data["shown_s"] = round(float(shown_s), 3)
        result = outcome(challenge, value, answered_after_s=elapsed,
                         focus_lost=index in found.focus_lost or bool(focus_lost),
                         extra_time=found.extra_time_pct > 0)
    events = [("answer_recorded", {**data, "value": value, "outcome": str(result)})]
    if found.adaptive:  # the next question is chosen now, journaled in the same write as the answer
        events += adaptive_flow.after_answer(state, found, catalogue,
                                             AnswerRecord(answer_id, index, challenge_id, result, value, now))
    return events


def check_page(state: SessionState, candidate_id: str, token_sha256: str) -> None:
    """Refuse an action from a page that may no longer act for the candidate: the test moved to
    another PC (told so, never sent back to the join form), or a resume elsewhere is pending
    (the question the new PC will show must be the one left here)."""
    found = candidate(state, candidate_id)
    if token_sha256 in found.moved_tokens:
        raise Refusal(409, "test_moved", MOVED_MESSAGE)
    if found.pending_token is not None and token_sha256 == found.token and found.status is AttemptStatus.IN_TEST:
        raise Refusal(409, "resume_pending",
                      "Votre test a été ouvert sur un autre poste : le surveillant doit autoriser la reprise. "
                      "Vos réponses restent gardées sur ce poste. Levez la main.")


def record_focus_lost(state: SessionState, candidate_id: str, challenge_id: str, catalogue: Catalogue) -> Events:
    found = candidate(state, candidate_id)
    refuse_if_closed(state)
    index = _current(found, challenge_id)
    if not catalogue.challenges[challenge_id].focused or index in found.focus_lost:
        return []
    return [("focus_lost", {"candidate_id": candidate_id, "index": index})]


def report_problem(state: SessionState, candidate_id: str, challenge_id: str, alert_id: str, message: str) -> Events:
    """A live alert for the invigilator about the current question."""
    found = candidate(state, candidate_id)
    refuse_if_closed(state)
    index = _current(found, challenge_id)
    if any(a.index == index and a.status == "open" for a in found.alerts):
        return []
    return [("problem_reported", {"candidate_id": candidate_id, "index": index, "challenge_id": challenge_id,
                                  "alert_id": alert_id, "message": message})]

