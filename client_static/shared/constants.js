// Names and codes shared with the server. Keep in sync with:
//   roomserver/core/states.py   (AttemptStatus, SessionStatus, ATTEMPT_LABELS, SESSION_LABELS)
//   roomserver/core/views.py    (candidate_status: "awaiting_resume", "moved"; algorithm)
//   roomserver/core/content.py  (ChallengeType, InputKind)
//   roomserver/core/codes.py    (access code alphabet)
//   roomserver/core/commands.py, roomserver/api/*.py (Refusal codes the pages react to)
//   roomserver/core/dashboard.py (display_status, connection states)
//   roomserver/core/incidents.py (INCIDENT_CODES, QUESTION_CODES, limits)

export const API = "/api/v1";

export const ATTEMPT = Object.freeze({
  ENROLLED: "enrolled",
  PRESENT: "present",
  IN_TEST: "in_test",
  ENDED: "ended",
  ENDED_BY_INVIGILATOR: "ended_by_invigilator",
  AWAITING_RESUME: "awaiting_resume", // not an attempt status: a new browser waiting for the invigilator
  MOVED: "moved", // not an attempt status: the PC the test moved away from (resume authorised elsewhere)
});

export const ATTEMPT_LABELS = Object.freeze({
  enrolled: "inscrit",
  present: "présent",
  in_test: "en test",
  ended: "test terminé",
  ended_by_invigilator: "test terminé par le surveillant",
});

export const SESSION = Object.freeze({
  CREATED: "created",
  STARTED: "started",
  CLOSED: "closed",
  FINALISED: "finalised",
  SYNCED: "synced",
});

export const SESSION_LABELS = Object.freeze({
  created: "en préparation",
  started: "commencée",
  closed: "clôturée",
  finalised: "finalisée",
  synced: "transmise",
});

export const CHALLENGE = Object.freeze({
  QCU: "QCU",
  QCM: "QCM",
  QROC: "QROC",
  QROCM_IND: "QROCM-ind",
  QROCM_DEP: "QROCM-dep",
});

export const INPUT = Object.freeze({ TEXT: "text", NUMBER: "number", SELECT: "select" });

// Access code: 4 letters then 2 digits (the exact alphabets are checked by the server).
export const ACCESS_CODE_SHAPE = /^[A-Z]{4}[0-9]{2}$/;

export const ERROR = Object.freeze({
  NETWORK: "network", // made by the browser (shared/api.js), never sent by the server
  BAD_RESPONSE: "bad_response", // idem: a reply that is not the server's JSON (proxy page…)
  UNAUTHORISED: "unauthorised",
  PRESENCE_NOT_CONFIRMED: "presence_not_confirmed",
  SESSION_NOT_STARTED: "session_not_started",
  ENTRY_CLOSED: "entry_closed", // 403: the session started without this candidate's presence confirmed
  LATE_ARRIVAL: "late_arrival", // 403: a first join after the start
  ACCESS_CODE_INCORRECT: "access_code_incorrect",
  TOO_MANY_ATTEMPTS: "too_many_attempts",
  RESUME_NOT_AUTHORISED: "resume_not_authorised",
  NOT_CURRENT_CHALLENGE: "not_current_challenge",
  TEST_FINISHED: "test_finished",
  TEST_NOT_STARTED: "test_not_started",
  ANSWER_INVALID: "answer_invalid",
  TEST_MOVED: "test_moved",
  RESUME_PENDING: "resume_pending",
  STORAGE_FAILED: "storage_failed",
});

// -- the invigilators' dashboard (roomserver/core/dashboard.py) ----------------------------------

/** What a roster row shows: the attempt status, or one of the three overrides below. */
export const DISPLAY = Object.freeze({
  ENROLLED: "enrolled",
  PRESENT: "present",
  IN_TEST: "in_test",
  ALERT: "alert", // an alert is open
  ENDED: "ended",
  ENDED_BY_INVIGILATOR: "ended_by_invigilator",
  END_SCREEN_SEEN: "end_screen_seen",
  AWAITING_RESUME: "awaiting_resume", // a new browser waits for the invigilator
});

/** Label and symbol of each display status: the words carry the meaning, never the colour alone. */
export const DISPLAY_LABELS = Object.freeze({
  enrolled: { label: "inscrit", icon: "○" },
  present: { label: "présent", icon: "✓" },
  in_test: { label: "en test", icon: "▶" },
  alert: { label: "alerte en cours", icon: "⚠" },
  ended: { label: "test terminé", icon: "■" },
  ended_by_invigilator: { label: "terminé par le surveillant", icon: "⊠" },
  end_screen_seen: { label: "écran de fin vu", icon: "☑" },
  awaiting_resume: { label: "reprise en attente", icon: "↻" },
});

export const CONNECTION = Object.freeze({ CONNECTED: "connected", DISCONNECTED: "disconnected", NEVER: "never" });

export const ALERT_STATUS = Object.freeze({ OPEN: "open", DISMISSED: "dismissed", VALIDATED: "validated" });

// roomserver/core/incidents.py: the current codes, the only ones a new record may use.
export const INCIDENT_CODES = Object.freeze({
  C1: "Nom ou date de naissance à corriger",
  C2: "Temps majoré",
  C4: "Signature",
  C6: "Suspicion de fraude",
  C7: "Problème technique non bloquant",
  C8: "Problème non bloquant du candidat",
  E1: "L'image ne s'affiche pas",
  E2: "L'application intégrée ne s'affiche pas",
  E3: "La pièce jointe ne s'ouvre pas",
  E4: "Le site est indisponible",
  E5: "Le site est bloqué par le filtre de l'établissement",
  E8: "Temps majoré dépassé sur une question chronométrée",
  E9: "Problème logiciel",
  E10: "Sortie de la fenêtre (question focus)",
  E11: "Question passée par erreur",
  E12: "Accessibilité",
});

/** A live alert is about one question: only the E-codes can validate it. */
export const QUESTION_CODES = Object.freeze(Object.keys(INCIDENT_CODES).filter((code) => code.startsWith("E")));

export const LIMITS = Object.freeze({
  COMMENT_MAX: 500, // the global session comment
  TEXT_MAX: 2000, // an incident description, a fraud report field
  REASON_MAX: 300, // why time was added
  ADDED_MINUTES_MAX: 120, // one addition; several may be made
  OBSERVED_AT_MAX: 20, // the time written on a fraud report
  QUESTIONS_MAX: 48,
});
