// Status words and icons shared by the preflight pages.
// Keep in sync with preflight/report.py (STATUSES) and roomserver/api/preflight_export.py (STATUS_WORDS, PC_WORDS).
export const STATUS = {
  pass: { word: "Réussi", icon: "✔" },
  warn: { word: "À surveiller", icon: "⚠" },
  fail: { word: "Échec", icon: "✖" },
  pending: { word: "En cours", icon: "…" },
};
export const PC_STATUS = {
  ready: { word: "Prêt", icon: "✔", css: "pass" },
  incomplete: { word: "Incomplet", icon: "…", css: "warn" },
  not_ready: { word: "Pas prêt", icon: "✖", css: "fail" },
};

/** A badge: icon (hidden from screen readers) + word, so colour is never the only signal. */
export function badge(status, table = STATUS) {
  const entry = table[status] || { word: status, icon: "?" };
  const span = document.createElement("span");
  span.className = `badge ${entry.css || status}`;
  const icon = document.createElement("span");
  icon.setAttribute("aria-hidden", "true");
  icon.textContent = entry.icon + " ";
  span.append(icon, entry.word);
  return span;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

export async function api(path, options = {}) {
  const init = { cache: "no-store", ...options, headers: { Accept: "application/json", ...(options.headers || {}) } };
  if (options.json !== undefined) {
    init.method = init.method || "POST";
    init.body = JSON.stringify(options.json);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data?.error?.message || `Erreur ${response.status}`);
    error.status = response.status;
    error.code = data?.error?.code;
    throw error;
  }
  return data;
}

/** "1 poste", "2 postes", "0 poste" (French: 0 and 1 are singular), with a non-breaking space. */
export function plural(count, singular, pluralForm) {
  return `${count}\u00a0${Math.abs(count) < 2 ? singular : (pluralForm || `${singular}s`)}`;
}
