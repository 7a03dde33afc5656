// Small DOM helpers: build elements without innerHTML (text from the server is never parsed
// as HTML), announce to screen readers, and manage focus.

/** h("p", {class: "hint", id: "x"}, "text", child…). on* props add listeners; true adds a bare attribute. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replace everything inside el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Plain text with blank lines between paragraphs -> <p> elements (single newlines -> <br>). */
export function paragraphs(text, className) {
  return String(text || "")
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const p = h("p", { class: className });
      block.split("\n").forEach((line, i) => {
        if (i > 0) p.append(h("br"));
        p.append(line);
      });
      return p;
    });
}

/** Text with `code` between backticks -> text and <code> nodes (content-pack.md: inline code). */
export function inlineCode(text) {
  const parts = String(text || "").split("`");
  if (parts.length % 2 === 0) return [String(text)]; // an odd backtick: shown as written
  return parts.map((part, i) => (i % 2 ? h("code", { text: part }) : part)).filter((part) => part !== "");
}

const CODE_LINE = /^( {4}|\t)/;

/** A question's text (content-pack.md): blank lines separate paragraphs, a single newline is a
 * line break; a paragraph whose every line starts with four spaces is code (<pre>, monospace,
 * the four spaces removed, the rest of the indentation kept); `x = 7` is inline code. */
export function richParagraphs(text, className) {
  const blocks = [];
  for (const block of String(text || "").split(/\n[ \t]*\n/)) {
    const lines = block.replace(/^\n+|\s+$/g, "").split("\n");
    if (!lines.join("").trim()) continue;
    const code = lines.every((line) => !line.trim() || CODE_LINE.test(line));
    const last = blocks[blocks.length - 1];
    // A blank line inside a program (between two functions) does not split it in two boxes.
    if (code && last && last.code) last.lines.push("", ...lines);
    else blocks.push({ code, lines });
  }
  return blocks.map(({ code, lines }) => {
    if (code) {
      return h("pre", { class: "code" }, h("code", { text: lines.map((line) => line.replace(CODE_LINE, "")).join("\n") }));
    }
    const p = h("p", { class: className });
    lines.forEach((line, i) => {
      if (i > 0) p.append(h("br"));
      p.append(...inlineCode(i === 0 ? line.trimStart() : line));
    });
    return p;
  });
}

let counter = 0;
/** A fresh id for label / aria-describedby pairs. */
export function uid(prefix = "id") {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Say something to screen readers through the page's polite live region (#announcer). */
export function announce(text) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A separate task, so that the same sentence twice is announced twice.
  setTimeout(() => { region.textContent = text; }, 50);
}

/** Move keyboard focus to el (made focusable when it is a heading or a message). */
export function focusOn(el) {
  if (!el) return;
  if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
    el.setAttribute("tabindex", "-1");
  }
  el.focus({ preventScroll: false });
}

/** Open a <dialog> as modal, focusing `initial`; resolves with the returnValue when it closes,
 * and gives focus back to what had it before. */
export function openDialog(dialog, initial) {
  const before = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (before && document.contains(before) && typeof before.focus === "function") before.focus();
      resolve(dialog.returnValue);
    }, { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    if (initial) initial.focus();
  });
}

/** localStorage that never throws (storage can be disabled or full on a locked-down PC). */
export const storage = {
  memory: new Map(),
  get(key) {
    try {
      const value = window.localStorage.getItem(key);
      return value === null ? (this.memory.has(key) ? this.memory.get(key) : null) : value;
    } catch {
      return this.memory.has(key) ? this.memory.get(key) : null;
    }
  },
  set(key, value) {
    this.memory.set(key, value);
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // kept in memory only: a reload will ask to join again
    }
  },
  remove(key) {
    this.memory.delete(key);
    try {
      window.localStorage.removeItem(key);
    } catch {
      // nothing to do
    }
  },
  getJSON(key) {
    const raw = this.get(key);
    if (raw === null) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  },
  setJSON(key, value) {
    this.set(key, JSON.stringify(value));
  },
};
