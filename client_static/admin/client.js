// The administrator's connection: a bearer token kept in sessionStorage (closing the tab logs
// out; never a cookie, decision 0005), sent on every call; a 401 anywhere brings the login back.

import { ApiError, request } from "../shared/api.js";
import { API, ERROR } from "../shared/constants.js";

const TOKEN_KEY = "roomserver.admin.token";
const UPLOAD_TIMEOUT_MS = 60000;

export const tokenStore = {
  get() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return this.memory || null;
    }
  },
  set(token) {
    this.memory = token;
    try {
      window.sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // kept in memory: a reload will ask for the password again
    }
  },
  clear() {
    this.memory = null;
    try {
      window.sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // nothing to do
    }
  },
};

/** Calls to /api/v1/admin/…; onUnauthorised(message) runs on any 401. */
export class AdminClient {
  constructor(onUnauthorised) {
    this.onUnauthorised = onUnauthorised;
  }

  get token() {
    return tokenStore.get();
  }

  refused(error) {
    if (error instanceof ApiError && error.status === 401 && error.code !== "password_incorrect") {
      tokenStore.clear();
      this.onUnauthorised(error.message);
    }
    throw error;
  }

  /** JSON call; path relative to /api/v1/admin. */
  async call(method, path, body) {
    try {
      return await request(method, `${API}/admin${path}`, { body, token: this.token });
    } catch (error) {
      return this.refused(error);
    }
  }

  /** Fetch a file with the token: {blob, type}. path relative to /api/v1/admin, or absolute. */
  async file(path) {
    const url = path.startsWith("/api/") ? path : `${API}/admin${path}`;
    try {
      return await request("GET", url, { token: this.token, expect: "blob", timeoutMs: UPLOAD_TIMEOUT_MS });
    } catch (error) {
      return this.refused(error);
    }
  }

  /** Send a file as the multipart field "file". Refusals keep the server's `lines` (import reports). */
  async upload(path, file) {
    const form = new FormData();
    form.append("file", file, file.name);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), UPLOAD_TIMEOUT_MS);
    let response;
    let data = null;
    try {
      response = await fetch(`${API}/admin${path}`, {
        method: "POST", body: form, cache: "no-store", credentials: "omit", signal: controller.signal,
        headers: { Accept: "application/json", Authorization: `Bearer ${this.token}` },
      });
      const text = await response.text();
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = null;
      }
    } catch {
      throw new ApiError(0, ERROR.NETWORK, "Connexion au serveur de salle perdue\u00a0: le fichier n'a pas été envoyé.");
    } finally {
      clearTimeout(timer);
    }
    if (response.ok && data && typeof data === "object") return data;
    const error = data && data.error;
    let refusal;
    if (response.status === 413) {
      refusal = new ApiError(413, "body_too_large", `Le fichier «\u00a0${file.name}\u00a0» est trop gros pour le serveur de `
        + "salle\u00a0: rien n'a été importé. Le technicien peut relever la limite (réglage ROOMSERVER_MAX_BODY_BYTES).");
    } else if (error && typeof error.message === "string") {
      refusal = new ApiError(response.status, error.code || "error", error.message);
    } else {
      refusal = new ApiError(response.status, "http_error",
        `Le serveur de salle a répondu de façon inattendue (erreur ${response.status}).`);
    }
    refusal.lines = Array.isArray(data && data.lines) ? data.lines : [];
    return this.refused(refusal);
  }
}

/** Save a blob under a file name (the browser's download), then free it. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** Show a PDF in a new tab: the tab is opened at once (a popup blocker allows that), then
 * given the file fetched with the token. Resolves with the blob URL. */
export async function openPdf(client, url, filename) {
  const tab = window.open("", "_blank");
  try {
    const { blob } = await client.file(url);
    const pdf = blob.type === "application/pdf" ? blob : new Blob([blob], { type: "application/pdf" });
    const blobUrl = URL.createObjectURL(pdf);
    if (tab && !tab.closed) tab.location.href = blobUrl;
    else saveBlob(pdf, filename); // no new tab allowed here: a download instead
    setTimeout(() => URL.revokeObjectURL(blobUrl), 10 * 60000);
    return blobUrl;
  } catch (error) {
    if (tab && !tab.closed) tab.close();
    throw error;
  }
}
