// The files of a question (its image and attachments), fetched ahead for the current and the
// next question and kept in IndexedDB: a question shown while the room server is unreachable
// still has them.

import * as api from "../shared/api.js";
import { API, ERROR } from "../shared/constants.js";
import * as db from "./localdb.js";

const key = (challengeId, name) => `${challengeId}/${name}`;
const url = (challengeId, name) => `${API}/candidate/attachments/${encodeURIComponent(challengeId)}/${encodeURIComponent(name)}`;
const namesOf = (question) => [question.illustration, ...(question.attachments || [])].filter(Boolean).map((f) => f.name);

/** The file as a Blob: the copy kept on this PC, else from the server (then kept). */
export async function fileBlob(token, challengeId, name, { mediaType = "", timeoutMs } = {}) {
  const kept = await db.getFile(key(challengeId, name)).catch(() => null);
  if (kept) return kept;
  const { blob, type } = await api.request("GET", url(challengeId, name), { token, expect: "blob", timeoutMs });
  if (type.startsWith("text/html") && !mediaType.startsWith("text/html")) {
    throw new api.ApiError(502, ERROR.BAD_RESPONSE, "Le fichier reçu n'est pas le bon (un filtre du réseau l'a peut-être remplacé).");
  }
  await db.putFile(key(challengeId, name), blob).catch(() => {});
  return blob;
}

let running = null;

/** Keep the files of `questions` (current and next) on this PC; forget the others. */
export function prefetch(token, questions) {
  const wanted = questions.filter(Boolean).flatMap((q) => namesOf(q).map((name) => [q.challenge_id, name]));
  const previous = running || Promise.resolve();
  running = previous.then(async () => {
    for (const [challengeId, name] of wanted) {
      try {
        await fileBlob(token, challengeId, name, { timeoutMs: 120000 });
      } catch {
        // the question's own screen will try again and say so if it cannot
      }
    }
    await db.keepFiles(wanted.map(([challengeId, name]) => key(challengeId, name))).catch(() => {});
  });
  return running;
}
