// Talking to the room server: JSON in, JSON out, one error shape ({"error": {code, message}}),
// and a retry loop with back-off for when the network or the server drops.

import { ERROR } from "./constants.js";

const TIMEOUT_MS = 15000;
const NETWORK_MESSAGE = "Connexion au serveur de salle perdue.";

export class ApiError extends Error {
  /** status 0 means the request never got an answer (network down, timeout). */
  constructor(status, code, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }

  /** Worth trying again later with the very same request. */
  get retryable() {
    return this.status === 0 || this.status >= 500 || this.code === ERROR.BAD_RESPONSE;
  }
}

/**
 * One request. Resolves with the parsed JSON (or {blob, type} when expect is "blob");
 * rejects with an ApiError whose message is French and can be shown as is.
 */
export async function request(method, path, { body, token, expect = "json", timeoutMs = TIMEOUT_MS } = {}) {
  const headers = { Accept: expect === "json" ? "application/json" : "*/*" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response;
    try {
      response = await fetch(path, {
        method, headers, cache: "no-store", credentials: "omit", signal: controller.signal,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, ERROR.NETWORK, NETWORK_MESSAGE);
    }
    if (response.ok && expect === "blob") {
      const blob = await readBody(() => response.blob());
      return { blob, type: response.headers.get("Content-Type") || "" };
    }
    const text = await readBody(() => response.text());
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (response.ok) {
      if (data === null || typeof data !== "object") {
        throw new ApiError(502, ERROR.BAD_RESPONSE,
          "Le serveur de salle a envoyé une réponse illisible (un filtre ou un proxy s'intercale peut-être).");
      }
      return data;
    }
    const error = data && data.error;
    if (error && typeof error.message === "string") {
      throw new ApiError(response.status, error.code || "error", error.message);
    }
    throw new ApiError(response.status, "http_error",
      `Le serveur de salle a répondu de façon inattendue (erreur ${response.status}).`);
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(read) {
  try {
    return await read();
  } catch {
    throw new ApiError(0, ERROR.NETWORK, NETWORK_MESSAGE);
  }
}

export const get = (path, token, options = {}) => request("GET", path, { token, ...options });
export const post = (path, body, token, options = {}) => request("POST", path, { body, token, ...options });
export const del = (path, token, options = {}) => request("DELETE", path, { token, ...options });

/** Delay before try number attempt+1: doubling from baseMs up to maxMs, with jitter so that
 * thirty PCs do not all come back at the same instant after a server restart. */
export function backoff(attempt, baseMs = 1000, maxMs = 15000) {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(cap * (0.5 + Math.random() * 0.5));
}

/** Wait ms milliseconds, or less if the browser says the network is back. */
export function pause(ms) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener("online", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener("online", done);
  });
}

/**
 * Run action() until it succeeds or fails for a reason that retrying cannot fix.
 * The caller must make action() safe to repeat (the same answer_id for an answer).
 */
export async function withRetry(action, { onRetry = () => {}, isRetryable = (e) => e instanceof ApiError && e.retryable,
  baseMs = 1000, maxMs = 15000 } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const delay = backoff(attempt, baseMs, maxMs);
      onRetry(error, attempt + 1, delay);
      await pause(delay);
    }
  }
}

/** A random UUID v4. crypto.randomUUID only exists in secure contexts (https, localhost),
 * and the room server is plain http on the LAN: getRandomValues works everywhere. */
export function newId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function" && window.isSecureContext) {
    return window.crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  if (window.crypto && window.crypto.getRandomValues) {
    window.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
