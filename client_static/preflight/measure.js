// What the /preflight page measures on the PC. Only facts: the server turns them into verdicts.
import { api } from "./status.js";
import { sha256Hex } from "./sha256.js";

const API = "/api/v1/preflight";

function withTimeout(promise, ms, fallback) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(fallback), ms))]);
}

export function screenFacts() {
  return {
    css_width: Math.round(screen.width),
    css_height: Math.round(screen.height),
    scale_pct: Math.max(10, Math.min(1000, Math.round((window.devicePixelRatio || 1) * 100))),
    inner_width: Math.round(window.innerWidth),
  };
}

export function pointerFacts() {
  const q = (query) => window.matchMedia(query).matches;
  return {
    fine: q("(pointer: fine)"), any_fine: q("(any-pointer: fine)"), coarse: q("(pointer: coarse)"),
    hover: q("(hover: hover)"), any_hover: q("(any-hover: hover)"),
    touch_points: Math.min(1000, navigator.maxTouchPoints || 0),
  };
}

function cookiesWork() {
  try {
    document.cookie = "crash_test=1; SameSite=Strict; path=/";
    const ok = document.cookie.includes("crash_test=1");
    document.cookie = "crash_test=; Max-Age=0; path=/";
    return ok && navigator.cookieEnabled;
  } catch { return false; }
}

function localStorageWorks() {
  try {
    localStorage.setItem("crash-test", "1");
    const ok = localStorage.getItem("crash-test") === "1";
    localStorage.removeItem("crash-test");
    return ok;
  } catch { return false; }
}

function indexedDbWorks() {
  return withTimeout(new Promise((resolve) => {
    try {
      const name = "crash-test";
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore("essai");
      open.onerror = () => resolve(false);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction("essai", "readwrite");
        tx.objectStore("essai").put("ok", "clé");
        tx.oncomplete = () => {
          const read = db.transaction("essai").objectStore("essai").get("clé");
          read.onsuccess = () => { db.close(); indexedDB.deleteDatabase(name); resolve(read.result === "ok"); };
          read.onerror = () => { db.close(); resolve(false); };
        };
        tx.onerror = () => { db.close(); resolve(false); };
      };
    } catch { resolve(false); }
  }), 3000, false);
}

export async function storageFacts() {
  return {
    cookies: cookiesWork(), local_storage: localStorageWorks(), indexed_db: await indexedDbWorks(),
    websocket: "WebSocket" in window, service_worker: "serviceWorker" in navigator && window.isSecureContext,
    secure_context: window.isSecureContext,
  };
}

/** Five pings: median round trip, and the PC clock minus the server clock (NTP-style midpoint). */
export async function clockAndLatency(count = 5) {
  const samples = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    try {
      const before = performance.now();
      const sent = Date.now();
      const { server_time_ms: server } = await api(`${API}/ping`);
      const rtt = performance.now() - before;
      samples.push({ rtt, offset: sent + rtt / 2 - server });
    } catch { errors++; }
  }
  samples.sort((a, b) => a.rtt - b.rtt);
  const best = samples[0];
  const median = samples[Math.floor(samples.length / 2)];
  return {
    clock: best ? { offset_ms: Math.round(best.offset), rtt_ms: Math.round(best.rtt) } : {},
    latency_ms: median ? Math.round(median.rtt) : 0, errors,
  };
}

export async function throughputKbps(kib = 2048) {
  try {
    const started = performance.now();
    const response = await fetch(`${API}/payload?kib=${kib}`, { cache: "no-store" });
    const bytes = (await response.arrayBuffer()).byteLength;
    const ms = Math.max(1, performance.now() - started);
    return Math.round((bytes * 8) / ms); // bits per ms = kbit/s
  } catch { return 0; }
}

function looksLikeHtml(bytes, contentType) {
  if ((contentType || "").includes("text/html")) return true;
  const head = new TextDecoder().decode(bytes.slice(0, 64)).trim().toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}

/** Download every sample and hash what arrived. */
export async function downloadFacts(onEach = () => {}) {
  const { samples } = await api(`${API}/samples`);
  const results = [];
  for (const sample of samples) {
    const started = performance.now();
    try {
      const response = await fetch(sample.url, { cache: "no-store" });
      const buffer = await response.arrayBuffer();
      const bytes = new Uint8Array(buffer);
      const result = {
        kind: sample.kind, sha256: await sha256Hex(buffer), size: bytes.length,
        ms: Math.round(performance.now() - started), html: looksLikeHtml(bytes, response.headers.get("Content-Type")),
      };
      if (!response.ok) result.error = `réponse HTTP ${response.status}`;
      results.push(result);
    } catch (error) {
      results.push({ kind: sample.kind, error: String(error.message || error).slice(0, 300) });
    }
    onEach(sample.kind);
  }
  return results;
}

export async function collectFacts(progress = () => {}) {
  const started = performance.now();
  progress("Écran, souris et stockage…");
  const facts = {
    user_agent: navigator.userAgent.slice(0, 1000),
    brands: (navigator.userAgentData?.brands || []).slice(0, 20).map((b) => ({
      brand: String(b.brand).slice(0, 100), version: String(b.version).slice(0, 50) })),
    screen: screenFacts(), pointer: pointerFacts(), storage: await storageFacts(),
    pdf_viewer: typeof navigator.pdfViewerEnabled === "boolean" ? navigator.pdfViewerEnabled : null,
  };
  progress("Horloge et latence…");
  const ping = await clockAndLatency();
  facts.clock = ping.clock;
  progress("Débit…");
  facts.network = { latency_ms: ping.latency_ms, errors: ping.errors, throughput_kbps: await throughputKbps() };
  progress("Téléchargements…");
  facts.downloads = await downloadFacts((kind) => progress(`Téléchargement\u00a0: .${kind}`));
  facts.duration_ms = Math.round(performance.now() - started);
  return facts;
}
