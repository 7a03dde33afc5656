// The session header: number, place and date, status in words, the access code once
// started, counters, who is watching, and the session's buttons (made once, shown or hidden
// with the session's status, so that keyboard focus stays put).

import { ATTEMPT, SESSION, SESSION_LABELS } from "../shared/constants.js";
import { h } from "../shared/dom.js";
import { clockTime } from "../shared/format.js";
import { SESSION_BUTTONS, spell } from "./sessionactions.js";
import { frenchDay, isEnded, NBSP, plural } from "./words.js";

const STATUS_ICONS = { created: "○", started: "▶", closed: "■", finalised: "■", synced: "■" };

export class SessionHeader {
  /** actions: SessionActions; you: this dashboard's invigilator id; disconnected(): count. */
  constructor(store, actions, you, disconnected) {
    this.store = store;
    this.actions = actions;
    this.you = you;
    this.disconnected = disconnected;
    this.title = h("h1", { tabindex: "-1" });
    this.details = h("p", { class: "details" });
    this.status = h("p", { class: "session-status" });
    this.code = h("strong", { id: "access-code", class: "code-inline" });
    this.codeSpelled = h("span", { class: "visually-hidden" });
    this.codeLine = h("p", { class: "code-line", hidden: true }, `Code d'accès${NBSP}: `, this.code, this.codeSpelled);
    this.counters = h("ul", { class: "counters", "aria-label": "Compteurs" });
    this.invigilators = h("p", { class: "invigilators" });
    this.buttons = new Map(SESSION_BUTTONS.map((b) => [b.key, h("button", {
      type: "button", class: b.className || null, dataset: { sessionAction: b.key }, "aria-haspopup": "dialog",
      text: b.label, onclick: (event) => actions.run(b.key, event.currentTarget),
    })]));
    this.identity = h("div", { class: "session-id" }, this.title, this.details, this.status, this.codeLine);
    this.element = h("section", { class: "session-header", "aria-labelledby": "session-title" }, this.identity,
      h("div", { class: "session-side" }, this.counters, this.invigilators),
      h("div", { class: "session-buttons", role: "group", "aria-label": "Actions sur la session" }, [...this.buttons.values()],
        this.closeHint = h("p", { class: "close-hint", id: "close-hint", hidden: true })));
    this.title.id = "session-title";
    this.lastCounters = "";
  }

  /** A line under the session's status (the delivery to the certification body after closing). */
  addLine(element) {
    this.identity.append(element);
  }

  render() {
    const s = this.store.summary;
    if (!s) return;
    const d = s.details || {};
    this.title.textContent = `Session n°${NBSP}${s.session_number}${d.room ? ` — ${d.room}` : ""}`;
    this.details.textContent = [d.site, d.date ? frenchDay(d.date) : null, d.start_time ? `début prévu ${d.start_time}` : null]
      .filter(Boolean).join(" · ");
    const label = SESSION_LABELS[s.status] || s.status;
    const when = s.status === SESSION.STARTED && s.started_at ? ` à ${clockTime(s.started_at)}`
      : s.status === SESSION.CLOSED && s.closed_at ? ` à ${clockTime(s.closed_at)}` : "";
    this.status.dataset.status = s.status;
    this.status.replaceChildren(h("span", { class: "icon", "aria-hidden": "true", text: STATUS_ICONS[s.status] || "•" }),
      ` Session ${label}${when}`);

    const code = this.actions.accessCode();
    this.codeLine.hidden = !code;
    if (code && this.code.textContent !== code) {
      this.code.textContent = code;
      this.codeSpelled.textContent = ` (${spell(code)})`;
    }
    for (const spec of SESSION_BUTTONS) this.buttons.get(spec.key).hidden = !spec.visible(s, code);
    // "Clôturer la session" waits until nobody is in test, and says who still is.
    const close = this.buttons.get("close");
    const inTest = [...this.store.rows.values()].filter((r) => r.status === ATTEMPT.IN_TEST)
      .map((r) => `${r.first_name} ${r.last_name}`).sort((a, b) => a.localeCompare(b, "fr"));
    const blocked = !close.hidden && inTest.length > 0;
    close.disabled = blocked;
    this.closeHint.hidden = !blocked;
    if (blocked) {
      const shown = inTest.slice(0, 6).join(", ") + (inTest.length > 6 ? ` et ${inTest.length - 6} autres` : "");
      this.closeHint.textContent = `Clôture possible quand plus personne n'est en test. Encore en test${NBSP}: ${shown}.`;
      close.setAttribute("aria-describedby", "close-hint");
    } else {
      close.removeAttribute("aria-describedby");
    }

    const names = [...new Set(this.store.connected)].map((id) => {
      const name = (s.invigilators || {})[id] || `surveillant ${id}`;
      return id === this.you ? `${name} (vous)` : name;
    });
    this.invigilators.textContent = names.length
      ? `Surveillants connectés${NBSP}: ${names.join(", ")}` : `Surveillants connectés${NBSP}: aucun`;
    this.renderCounters();
  }

  /** Also called every second: the disconnected count moves with the clock. */
  renderCounters() {
    const rows = [...this.store.rows.values()];
    const count = (test) => rows.filter(test).length;
    const items = [
      ["present", count((r) => r.status !== ATTEMPT.ENROLLED), (n) => `présent${n > 1 ? "s" : ""} sur ${rows.length}`],
      ["in-test", count((r) => r.status === ATTEMPT.IN_TEST), () => "en test"],
      ["alerts", this.store.openAlerts().length, (n) => `alerte${n > 1 ? "s" : ""}`],
      ["ended", count(isEnded),
        (n) => `terminé${n > 1 ? "s" : ""}`],
      ["disconnected", this.disconnected(), (n) => `déconnecté${n > 1 ? "s" : ""}`],
    ];
    const key = JSON.stringify(items.map(([k, n]) => [k, n]));
    if (key === this.lastCounters) return;
    this.lastCounters = key;
    this.counters.replaceChildren(...items.map(([kind, n, words]) => h("li", { dataset: { kind, zero: n === 0 ? "yes" : "no" } },
      h("span", { class: "count", text: String(n) }), ` ${words(n)}`)));
  }

  /** The document title says when alerts wait (seen from another tab or window). */
  static titleFor(store) {
    const alerts = store.openAlerts().length;
    const base = store.summary ? `Session n°${NBSP}${store.summary.session_number} — surveillant` : "Surveillant — serveur de salle";
    return alerts ? `⚠ ${plural(alerts, "alerte")} — ${base}` : base;
  }
}
