// Names and codes shared with the server. Keep in sync with:
//   roomserver/core/states.py   (AttemptStatus, SessionStatus, ATTEMPT_LABELS, SESSION_LABELS)
//   roomserver/core/views.py    (candidate_status: "awaiting_resume")
//   roomserver/core/content.py  (ChallengeType, InputKind)
//   roomserver/core/codes.py    (access code alphabet)
//   roomserver/core/commands.py, roomserver/api/*.py (Refusal codes the pages react to)

export const API = "/api/v1";

export const ATTEMPT = Object.freeze({
  ENROLLED: "enrolled",
  PRESENT: "present",
  IN_TEST: "in_test",
  ENDED: "ended",
  ENDED_BY_INVIGILATOR: "ended_by_invigilator",
  AWAITING_RESUME: "awaiting_resume", // not an attempt status: a new browser waiting for the invigilator
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
  ACCESS_CODE_INCORRECT: "access_code_incorrect",
  TOO_MANY_ATTEMPTS: "too_many_attempts",
  RESUME_NOT_AUTHORISED: "resume_not_authorised",
  NOT_CURRENT_CHALLENGE: "not_current_challenge",
  TEST_FINISHED: "test_finished",
  TEST_NOT_STARTED: "test_not_started",
  ANSWER_INVALID: "answer_invalid",
});
