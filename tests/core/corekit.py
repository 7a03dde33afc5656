"""Test kit for the exam core: a small in-memory catalogue, challenge builders, and a
``Room`` that runs commands the way the store does (decide -> journal -> apply).

Everything here is built from ``roomserver.core`` dataclasses only: no pack file, no
Flask, no disk. Imported by the test modules of this folder (pytest puts the folder on
``sys.path``; the module name is unique so it cannot clash with other test folders).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterable

from hypothesis import HealthCheck, settings

from roomserver.core import commands, invigilation
from roomserver.core.content import (
    ALL_TOLERANCES,
    Attachment,
    Challenge,
    ChallengeType,
    Competence,
    Field,
    InputKind,
    Proposal,
    Skill,
    Solution,
    Tolerance,
)
from roomserver.core.generation import PIX_PER_LEVEL, Profile
from roomserver.core.refusal import Refusal
from roomserver.core.session import SessionState, apply, fold

# Hypothesis: never write an example database outside tests/core, no flaky deadlines.
PROPERTY = settings(database=None, deadline=None, max_examples=200,
                    suppress_health_check=[HealthCheck.too_slow])

COMPETENCE_IDS = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
                  "4.1", "4.2", "4.3", "5.1", "5.2")


# -- challenge builders -------------------------------------------------------------------------

def qcu(id: str = "qcu", right: str = "b", proposals: Iterable[str] = ("a", "b", "c"), **kw) -> Challenge:
    return Challenge(id=id, skill_id=kw.pop("skill_id", "skill"), competence_id=kw.pop("competence_id", "1.1"),
                     level=kw.pop("level", 1), type=ChallengeType.QCU, instruction="Choisissez une réponse.",
                     solution=Solution(choices=frozenset({right})),
                     proposals=tuple(Proposal(p, f"Proposition {p}") for p in proposals), **kw)


def qcm(id: str = "qcm", right: Iterable[str] = ("a", "c"), proposals: Iterable[str] = ("a", "b", "c", "d"),
        **kw) -> Challenge:
    return Challenge(id=id, skill_id=kw.pop("skill_id", "skill"), competence_id=kw.pop("competence_id", "1.1"),
                     level=kw.pop("level", 1), type=ChallengeType.QCM, instruction="Cochez les bonnes réponses.",
                     solution=Solution(choices=frozenset(right)),
                     proposals=tuple(Proposal(p, f"Proposition {p}") for p in proposals), **kw)


def qroc(id: str = "qroc", accepted: Iterable[str] = ("Paris",), tolerances: Iterable[Tolerance] = ALL_TOLERANCES,
         input: InputKind = InputKind.TEXT, options: Iterable[str] = (), **kw) -> Challenge:
    return Challenge(id=id, skill_id=kw.pop("skill_id", "skill"), competence_id=kw.pop("competence_id", "1.1"),
                     level=kw.pop("level", 1), type=ChallengeType.QROC, instruction="Répondez.",
                     solution=Solution(accepted=MappingProxyType({"r": tuple(accepted)})),
                     fields=(Field("r", "Réponse", input, tuple(options)),),
                     tolerances=frozenset(tolerances), **kw)


def qrocm_ind(id: str = "qrocm-ind", accepted: dict | None = None, inputs: dict | None = None,
              options: dict | None = None, tolerances: Iterable[Tolerance] = ALL_TOLERANCES, **kw) -> Challenge:
    accepted = accepted or {"ville": ("Paris",), "annee": ("1789",)}
    inputs = inputs or {"annee": InputKind.NUMBER}
    options = options or {}
    fields = tuple(Field(fid, fid.capitalize(), inputs.get(fid, InputKind.TEXT), tuple(options.get(fid, ())))
                   for fid in accepted)
    return Challenge(id=id, skill_id=kw.pop("skill_id", "skill"), competence_id=kw.pop("competence_id", "1.1"),
                     level=kw.pop("level", 1), type=ChallengeType.QROCM_IND, instruction="Remplissez les cases.",
                     solution=Solution(accepted=MappingProxyType({k: tuple(v) for k, v in accepted.items()})),
                     fields=fields, tolerances=frozenset(tolerances), **kw)


def qrocm_dep(id: str = "qrocm-dep", groups: Iterable[Iterable[str]] = (("Paris",), ("Lyon",)),
              field_ids: Iterable[str] = ("v1", "v2"), tolerances: Iterable[Tolerance] = ALL_TOLERANCES,
              **kw) -> Challenge:
    return Challenge(id=id, skill_id=kw.pop("skill_id", "skill"), competence_id=kw.pop("competence_id", "1.1"),
                     level=kw.pop("level", 1), type=ChallengeType.QROCM_DEP,
                     instruction="Citez deux villes.", solution=Solution(groups=tuple(tuple(g) for g in groups)),
                     fields=tuple(Field(fid, f"Ville {i + 1}") for i, fid in enumerate(field_ids)),
                     tolerances=frozenset(tolerances), **kw)


def every_kind(**kw) -> list[Challenge]:
    """One challenge of every type and input kind, with attachments and an illustration."""
    pdf = Attachment("consignes.pdf", "attachments/consignes.pdf", "application/pdf")
    png = Attachment("plan.png", "attachments/plan.png", "image/png")
    return [
        qcu("k-qcu", attachments=(pdf,), illustration=png, **kw),
        qcm("k-qcm", timer_s=90, **kw),
        qroc("k-qroc-text", accepted=("SECRET-texte-cache",), focused=True, **kw),
        qroc("k-qroc-number", accepted=("4242,5",), input=InputKind.NUMBER, **kw),
        qroc("k-qroc-select", accepted=("Lundi",), input=InputKind.SELECT, options=("Lundi", "Mardi"), **kw),
        qrocm_ind("k-qrocm-ind", accepted={"ville": ("SECRET-ville-cachee",), "annee": ("17890",)}, **kw),
        qrocm_dep("k-qrocm-dep", groups=(("SECRET-groupe-un",), ("SECRET-groupe-deux",)), **kw),
    ]


def right_answer(challenge: Challenge) -> Any:
    s = challenge.solution
    if challenge.type is ChallengeType.QCU:
        return next(iter(s.choices))
    if challenge.type is ChallengeType.QCM:
        return sorted(s.choices)
    if challenge.type is ChallengeType.QROC:
        return s.accepted[challenge.fields[0].id][0]
    if challenge.type is ChallengeType.QROCM_IND:
        return {f.id: s.accepted[f.id][0] for f in challenge.fields}
    return {f.id: group[0] for f, group in zip(challenge.fields, s.groups)}


def wrong_answer(challenge: Challenge) -> Any:
    """A well-shaped answer that is not right."""
    s = challenge.solution
    if challenge.type is ChallengeType.QCU:
        return next(p.id for p in challenge.proposals if p.id not in s.choices)
    if challenge.type is ChallengeType.QCM:
        return [next(p.id for p in challenge.proposals if p.id not in s.choices)]

    def wrong(f: Field) -> str:
        if f.input is InputKind.SELECT:
            return next(o for o in f.options if o not in s.accepted.get(f.id, ()))
        if f.input is InputKind.NUMBER:
            return "-987654"
        return "réponse complètement différente"

    if challenge.type is ChallengeType.QROC:
        return wrong(challenge.fields[0])
    return {f.id: wrong(f) for f in challenge.fields}


# -- catalogue ------------------------------------------------------------------------------------

@dataclass
class Catalogue:
    """The ``generation.Catalogue`` protocol, in memory."""

    competences: dict[str, Competence]
    skills: dict[str, Skill] = field(default_factory=dict)
    challenges: dict[str, Challenge] = field(default_factory=dict)

    def skills_of(self, competence_id: str) -> list[Skill]:
        return [s for s in self.skills.values() if s.competence_id == competence_id]

    def skill_of(self, challenge_id: str) -> Skill:
        return self.skills[self.challenges[challenge_id].skill_id]


_KINDS = (ChallengeType.QCU, ChallengeType.QCM, ChallengeType.QROC, ChallengeType.QROCM_IND,
          ChallengeType.QROCM_DEP)


def build_catalogue(levels: Iterable[int] = range(1, 9), skills_per_level: int = 1, variants: int = 2,
                    kinds: Iterable[ChallengeType] = _KINDS, competences: Iterable[str] = COMPETENCE_IDS,
                    **challenge_kw) -> Catalogue:
    """16 competences (by default), ``skills_per_level`` skills at each level, ``variants`` challenges
    per skill. Challenge types cycle through ``kinds``; ``challenge_kw`` (timer_s, focused...)
    applies to every challenge. Ids: skill ``1.1/L3/0``, challenge ``1.1/L3/0#v1``."""
    kinds = tuple(kinds)
    builders = {ChallengeType.QCU: qcu, ChallengeType.QCM: qcm, ChallengeType.QROC: qroc,
                ChallengeType.QROCM_IND: qrocm_ind, ChallengeType.QROCM_DEP: qrocm_dep}
    catalogue = Catalogue({cid: Competence(cid, int(cid[0]), f"Compétence {cid}") for cid in competences})
    n = 0
    for cid in catalogue.competences:
        for level in levels:
            for k in range(skills_per_level):
                skill_id = f"{cid}/L{level}/{k}"
                ids = []
                for v in range(variants):
                    challenge_id = f"{skill_id}#v{v}"
                    make = builders[kinds[n % len(kinds)]]
                    n += 1
                    catalogue.challenges[challenge_id] = make(challenge_id, skill_id=skill_id, competence_id=cid,
                                                              level=level, **challenge_kw)
                    ids.append(challenge_id)
                catalogue.skills[skill_id] = Skill(skill_id, cid, level, f"Acquis {skill_id}", tuple(ids))
    return catalogue


def profile_at(catalogue: Catalogue, levels: dict[str, int], seen: Iterable[str] = ()) -> Profile:
    """A positioning: ``levels[competence]`` (pix = level * 8), every skill up to that level validated."""
    pix = {cid: level * PIX_PER_LEVEL for cid, level in levels.items()}
    validated = {s.id for cid, level in levels.items() for s in catalogue.skills_of(cid) if s.level <= level}
    return Profile(pix, frozenset(validated), frozenset(seen))


def small_profile(catalogue: Catalogue, competences: int = 5, level: int = 1) -> Profile:
    """Certifiable with the fewest questions: 5 competences at level 1 -> 5 questions (1 skill per level)."""
    return profile_at(catalogue, {cid: level for cid in list(catalogue.competences)[:competences]})


def full_profile(catalogue: Catalogue, level: int = 3) -> Profile:
    return profile_at(catalogue, {cid: level for cid in catalogue.competences})


NOT_CERTIFIABLE = Profile({cid: 8 for cid in COMPETENCE_IDS[:4]} | {cid: 7 for cid in COMPETENCE_IDS[4:]})


# -- journal ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FakeEvent:
    """What the store's journal hands to ``session.apply``: seq, ts, type, data, hash."""

    seq: int
    ts: float
    type: str
    data: dict
    hash: str


def event(seq: int, ts: float, type: str, data: dict) -> FakeEvent:
    # data goes through JSON, as it does through the journal file
    return FakeEvent(seq, ts, type, json.loads(json.dumps(data)), f"hash-{seq}")


ACCESS_CODE = "KMPT47"
PASSWORD = "C-BX3H7Q"
SESSION_ID = "sess-1"
T0 = 1_700_000_000.0


class Room:
    """One session run the way the store runs it: a command decides, its events are
    appended to the journal (JSON round trip), then applied to the state."""

    def __init__(self, catalogue: Catalogue | None = None, *, session_id: str = SESSION_ID, number: int = 4821,
                 access_code: str = ACCESS_CODE, password: str = PASSWORD, now: float = T0):
        self.catalogue = catalogue or build_catalogue()
        self.now = now
        self.events: list[FakeEvent] = []
        self.state: SessionState | None = None
        self.details = {"site": "Collège Jean Moulin", "room": "B12", "date": "2026-05-12", "start_time": "09:00",
                        "invigilators": ["Mme Martin"], "notes": ""}
        self.pack = {"id": "test-pack", "version": "1", "digest": "0" * 64}
        self.record(commands.create_session(session_id, number, access_code, password, self.details, self.pack))

    # journal
    def record(self, events: list[tuple[str, dict]]) -> list[FakeEvent]:
        appended = []
        for type_, data in events:
            e = event(len(self.events) + 1, self.now, type_, data)
            self.events.append(e)
            appended.append(e)
            self.state = fold([e]) if self.state is None else apply(self.state, e)
        return appended

    def run(self, command, *args, **kwargs) -> list[tuple[str, dict]]:
        """Decide with ``command(state, *args, **kwargs)`` and record what it returns."""
        events = command(self.state, *args, **kwargs)
        self.record(events)
        return events

    def tick(self, seconds: float) -> None:
        self.now += seconds

    def refold(self) -> SessionState:
        return fold(self.events)

    # people
    def candidate(self, candidate_id: str):
        return self.state.candidates[candidate_id]

    def enrol(self, candidate_id: str, first: str, last: str, birthdate: str = "2011-03-14",
              profile: Profile | None = None, extra_time_pct: int = 0, details: dict | None = None):
        profile = profile if profile is not None else small_profile(self.catalogue)
        return self.run(commands.enrol_candidate, candidate_id, first, last, birthdate, extra_time_pct, profile,
                        details)

    def join(self, first: str, last: str, birthdate: str = "2011-03-14", token: str = "tok",
             client: dict | None = None) -> tuple[str, list]:
        candidate_id, events = commands.join(self.state, first, last, birthdate, token,
                                             client or {"ip": "10.0.0.12", "ua": "Firefox"}, self.now)
        self.record(events)
        return candidate_id, events

    def ready(self, candidate_id: str, first: str, last: str, birthdate: str = "2011-03-14",
              profile: Profile | None = None, token: str | None = None, extra_time_pct: int = 0) -> str:
        """Enrolled, joined and present."""
        self.enrol(candidate_id, first, last, birthdate, profile, extra_time_pct)
        self.join(first, last, birthdate, token or f"tok-{candidate_id}")
        self.run(commands.confirm_presence, candidate_id)
        return candidate_id

    def start_session(self):
        return self.run(commands.start_session)

    def start_test(self, candidate_id: str, code: str = ACCESS_CODE):
        return self.run(commands.start_test, candidate_id, code, self.catalogue)

    def in_test(self, candidate_id: str = "c1", first: str = "Élodie", last: str = "Martin",
                profile: Profile | None = None, **kw) -> str:
        """A fresh room's candidate, present, session started, test running."""
        self.ready(candidate_id, first, last, profile=profile, **kw)
        self.start_session()
        self.start_test(candidate_id)
        return candidate_id

    # the test
    def current(self, candidate_id: str) -> Challenge:
        return self.catalogue.challenges[self.candidate(candidate_id).current_challenge_id]

    def show(self, candidate_id: str):
        return self.run(commands.show_question, candidate_id)

    def answer(self, candidate_id: str, value: Any = None, *, right: bool | None = None, skip: bool = False,
               answer_id: str | None = None, challenge_id: str | None = None):
        challenge = self.current(candidate_id) if challenge_id is None else self.catalogue.challenges[challenge_id]
        if right is True:
            value = right_answer(challenge)
        elif right is False:
            value = wrong_answer(challenge)
        answer_id = answer_id or f"ans-{len(self.events) + 1}"
        return self.run(commands.record_answer, candidate_id, answer_id, challenge.id, value, skip,
                        self.catalogue, self.now)

    def finish(self, candidate_id: str, *, right: bool = True) -> None:
        """Answer every question left, so the test ends by itself."""
        while self.candidate(candidate_id).current_index is not None:
            self.answer(candidate_id, right=right)

    def report(self, candidate_id: str, alert_id: str = "al-1", message: str = "L'image ne s'affiche pas"):
        """The candidate reports a problem on the question on screen (a live alert)."""
        return self.run(commands.report_problem, candidate_id, self.current(candidate_id).id, alert_id, message)

    # the invigilator
    def invigilate(self, action, *args, **kwargs) -> list[tuple[str, dict]]:
        """An invigilator's action (``invigilation.*``), decided on the state and recorded."""
        return self.run(action, *args, **kwargs)

    def refuse(self, action, *args, **kwargs) -> Refusal:
        """Run a command that must be refused; check that nothing was recorded or changed."""
        before, journal = copy.deepcopy(self.state), len(self.events)
        try:
            events = action(self.state, *args, **kwargs)
        except Refusal as refusal:
            assert len(self.events) == journal and self.state == before, "a refused command changed the state"
            return refusal
        raise AssertionError(f"{getattr(action, '__name__', action)} was not refused: {events!r}")


def refusal_of(call, *args, **kwargs) -> Refusal:
    """The Refusal that ``call(*args, **kwargs)`` raises (fails when it raises none)."""
    try:
        result = call(*args, **kwargs)
    except Refusal as refusal:
        return refusal
    raise AssertionError(f"{getattr(call, '__name__', call)} was not refused: {result!r}")


def refused(excinfo_value: Refusal, status: int, code: str) -> Refusal:
    """Assert a Refusal's status and code, and that it carries a French sentence."""
    assert isinstance(excinfo_value, Refusal)
    assert (excinfo_value.status, excinfo_value.code) == (status, code), excinfo_value.message
    assert excinfo_value.message and excinfo_value.message[0].isupper()
    assert excinfo_value.body() == {"error": {"code": code, "message": excinfo_value.message}}
    return excinfo_value


# -- rooms for the invigilator's actions --------------------------------------------------------------

NAMES = [("Élodie", "Martin"), ("Inès", "N'Diaye"), ("Noah", "Dupont-Moreau"), ("Léa", "Durand"),
         ("Hugo", "Bernard"), ("Chloé", "Petit"), ("Adam", "Robert")]


def room_of(*statuses: str) -> Room:
    """A started session with one candidate c1, c2... per status given (enrolled, present, in_test,
    ended, ended_by_invigilator), named after ``NAMES`` in order."""
    room = Room()
    for i, status in enumerate(statuses, start=1):
        first, last = NAMES[i - 1]
        if status == "enrolled":
            room.enrol(f"c{i}", first, last)
        else:
            room.ready(f"c{i}", first, last)
    room.start_session()
    for i, status in enumerate(statuses, start=1):
        if status in ("in_test", "ended", "ended_by_invigilator"):
            room.start_test(f"c{i}")
        if status == "ended":
            room.finish(f"c{i}")
        if status == "ended_by_invigilator":
            room.invigilate(invigilation.end_test, f"c{i}", "s1")
    return room


# -- a whole invigilated session ----------------------------------------------------------------------

INVIGILATOR_TOKENS = ("inv-token-1", "inv-token-2")


def invigilated_room() -> Room:
    """A whole session where the invigilators use every action, so that the state holds every
    kind of record: alerts (validated with and without a replacement, dismissed, validated after
    the end), added time (one and everyone), a resume on a spare PC, tests ended by the
    candidate and by the invigilator, end screens, incidents (session, candidate, question,
    before the start and after the close), a fraud report, the comment, the close.

    c1..c4 took the test, c5 stayed present without starting, c6 never came."""
    inv = invigilation
    catalogue = build_catalogue(timer_s=40, focused=True, variants=3)
    room = Room(catalogue)
    room.run(commands.invigilator_login, INVIGILATOR_TOKENS[0], "Mme Martin")
    room.run(commands.invigilator_login, INVIGILATOR_TOKENS[1], "M. Diallo")
    room.run(commands.server_started, "0.1.0")
    room.ready("c1", "Élodie", "Martin", extra_time_pct=33)
    room.ready("c2", "Inès", "N'Diaye", birthdate="2010-12-23")
    room.ready("c3", "Noah", "Dupont-Moreau", birthdate="2011-01-30")
    room.ready("c4", "Hugo", "Bernard", birthdate="2011-05-02")
    room.ready("c5", "Chloé", "Petit", birthdate="2011-06-07")
    room.enrol("c6", "Léa", "Durand", birthdate="2011-02-11", details={"sex": "F", "birth_city": "Lyon"})
    room.run(inv.record_incident, "c6", "C1", "Date de naissance à corriger", "s1", "inc-0")
    room.tick(60)
    room.start_session()
    for cid in ("c1", "c2", "c3", "c4"):
        room.start_test(cid)
    room.tick(30)
    # c1: an alert validated while on screen (replaced), one dismissed, one validated after moving on
    room.show("c1")
    room.tick(10)
    room.report("c1", "al-1", "L'image ne s'affiche pas")
    room.tick(20)
    room.run(inv.validate_alert, "c1", "al-1", "E1", catalogue, "s1", "inc-al-1")
    room.show("c1")
    room.tick(15)
    room.answer("c1", right=True)
    room.run(commands.record_focus_lost, "c1", room.current("c1").id, catalogue)
    room.report("c1", "al-2", "Je ne comprends pas la consigne")
    room.run(inv.dismiss_alert, "c1", "al-2", "s2")
    room.answer("c1", right=True)
    room.report("c1", "al-3", "La pièce jointe ne s'ouvre pas")
    room.answer("c1", skip=True)
    room.run(inv.validate_alert, "c1", "al-3", "E3", catalogue, "s2", "inc-al-3")
    # time: one candidate, then everyone sitting (c1, c2, c3, c4, c5)
    room.run(inv.add_time, ["c2"], 10, "Panne de son PC", "s1", "add-1")
    room.run(inv.add_time, None, 5, "Alarme incendie", "s2", "add-2")
    # c2 goes on on a spare PC, then the invigilator ends the test
    room.join("Inès", "N'Diaye", "2010-12-23", token="spare-pc", client={"ip": "10.0.0.50", "host": "PC-SECOURS"})
    room.run(commands.authorise_resume, "c2", room.now)
    room.answer("c2", right=True)
    room.tick(600)
    room.run(inv.end_test, "c2", "s1")
    # c3 finishes; c4 reports a problem, is ended, then the alert is validated
    room.finish("c3")
    room.report("c4", "al-4", "Écran noir")
    room.run(inv.end_test, "c4", "s2")
    room.run(inv.validate_alert, "c4", "al-4", "E9", catalogue, "s2", "inc-al-4")
    # c1 asks to resume on another PC (left pending), then the invigilator ends the test
    room.join("Élodie", "Martin", token="c1-new-pc", client={"ip": "10.0.0.51"})
    room.run(inv.end_test, "c1", "s1")
    room.run(inv.mark_end_screen_seen, "c3", "s1")
    room.run(inv.record_incident, None, "C7", "Coupure du réseau pendant 2 minutes", "s1", "inc-1")
    room.run(inv.record_incident, "c1", "E4", "Le site était indisponible", "s2", "inc-2", 2)
    room.run(inv.report_fraud, ["c4", "c2", "c4"], "10:42", "Échange de réponses", "Avertissement oral", "s1",
             "fr-1")
    room.run(inv.set_comment, "Session perturbée par une alarme.", "s2")
    room.run(commands.server_started, "0.1.0")
    room.tick(120)
    room.run(inv.close_session, "s1")
    # still allowed after the close, until finalisation
    room.tick(60)
    room.run(inv.mark_end_screen_seen, None, "s2")
    room.run(inv.record_incident, "c4", "C4", "N'a pas signé la feuille d'émargement", "s1", "inc-3")
    room.run(inv.set_comment, "Session perturbée par une alarme ; close à l'heure.", "s2")
    return room
