// The live channel: Socket.IO namespace /invigilator (docs/live-dashboard.md). The server
// pushes; this module feeds the store and says in words when the channel is down.
// The client library (vendor/socket.io.min.js) is a classic script that defines window.io.

import { ERROR } from "../shared/constants.js";

const NAMESPACE = "/invigilator";
const REFUSED_MESSAGE = "Connexion refusée\u00a0: identifiez-vous de nouveau avec le numéro de session et le mot de passe surveillant.";

/** True when a connect_error is the server refusing the token (not the network failing). */
function refused(error) {
  const data = error && error.data;
  if (data && data.code === ERROR.UNAUTHORISED) return true;
  // python-socketio sends a single-argument refusal as {message: str(arg)}: the code is then
  // only found inside the message text.
  return Boolean(error && typeof error.message === "string" && error.message.includes(ERROR.UNAUTHORISED));
}

function refusalMessage(error) {
  const data = error && error.data;
  return (data && typeof data.message === "string" && data.message) || REFUSED_MESSAGE;
}

/**
 * Connect and keep connected. onState("up" | "down", {since}) tells the page when data may be
 * old; onRefused(message) when the token is no longer valid. Returns {close()}.
 */
export function connectLive({ token, store, onState, onRefused, onHealth = () => {} }) {
  if (typeof window.io !== "function") {
    onState("unavailable");
    return { close() {} };
  }
  const socket = window.io(NAMESPACE, {
    // A function: each reconnection sends the highest seq seen so far, so the server sends
    // only what was missed (or a fresh roster when it cannot).
    auth: (send) => send(store.since === null ? { token } : { token, since: store.since }),
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 10000,
  });
  let closed = false;

  const live = (event, handler) => socket.on(event, (payload) => {
    if (!payload || typeof payload !== "object") return;
    handler(payload);
    store.noteLiveSeq(payload.seq);
  });

  live("roster", (payload) => store.applyRoster(payload));
  live("candidate_updated", (payload) => {
    store.noteServerTime(payload.server_time);
    store.applyRow(payload.candidate, payload.server_time);
  });
  live("session_updated", (payload) => {
    store.noteServerTime(payload.server_time);
    store.applySummary(payload.session);
  });
  live("connections", (payload) => store.applyConnections(payload));

  // The server's health: pushed when its warnings change, and asked after each (re)connection
  // (a change may have been missed while the channel was down).
  socket.on("server_health", (payload) => { if (payload && typeof payload === "object") onHealth(payload); });
  const askHealth = () => fetch("/api/v1/health", { cache: "no-store" })
    .then((response) => (response.ok ? response.json() : null))
    .then((payload) => { if (payload && !closed) onHealth(payload); })
    .catch(() => {});
  socket.on("connect", () => {
    onState("up");
    askHealth();
  });
  socket.on("disconnect", (reason) => {
    if (closed) return;
    onState("down");
    // The server hung up on purpose (restart, kicked): the client does not retry by itself.
    if (reason === "io server disconnect") setTimeout(() => { if (!closed) socket.connect(); }, 1000);
  });
  socket.on("connect_error", (error) => {
    if (closed) return;
    if (refused(error)) {
      closed = true;
      socket.disconnect();
      onRefused(refusalMessage(error));
      return;
    }
    onState("down");
    // A refusal by the namespace is not retried by the client; anything else is.
    if (!socket.active) setTimeout(() => { if (!closed) socket.connect(); }, 3000);
  });

  return {
    close() {
      closed = true;
      socket.off();
      socket.disconnect();
    },
  };
}
