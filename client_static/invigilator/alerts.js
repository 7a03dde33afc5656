// The live alerts panel: every open alert (a candidate reported a problem on a question),
// oldest first, each with "Écarter" and "Valider" (an E-code: the incident is recorded and
// the question replaced). A new alert is announced at once and shown with an icon and words.

import { INCIDENT_CODES, QUESTION_CODES } from "../shared/constants.js";
import { focusOn, h, storage } from "../shared/dom.js";
import { busy } from "./client.js";
import { field, FormError, formDialog } from "./dialogs.js";
import { atWords, elapsedWords, fullName, NBSP, ofName, plural } from "./words.js";

export const UNDO_MS = 115_000; // the server allows 2 minutes (core/invigilation.py: UNDO_WINDOW_S)
const SOUND_KEY = "roomserver.invigilator.alertSound"; // "on" when the invigilator switched it on

/** A short, soft two-tone beep made with the Web Audio API (no sound file). */
export class AlertSound {
  constructor() {
    this.on = storage.get(SOUND_KEY) === "on";
    this.context = null;
    this.played = 0; // how many beeps were played (read by the tests)
  }

  set(on) {
    this.on = on;
    storage.set(SOUND_KEY, on ? "on" : "off");
    if (on) this.beep(); // the click is the user gesture that lets the page play sound
  }

  beep() {
    if (!this.on) return;
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      this.context = this.context || new Context();
      if (this.context.state === "suspended") this.context.resume();
      const now = this.context.currentTime;
      [880, 660].forEach((frequency, i) => {
        const oscillator = this.context.createOscillator();
        const gain = this.context.createGain();
        oscillator.type = "sine";
        oscillator.frequency.value = frequency;
        const start = now + i * 0.18;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.16);
        oscillator.connect(gain).connect(this.context.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.17);
      });
      this.played += 1;
    } catch {
      // no sound on this PC: the bar and the title still say it
    }
  }
}

export class AlertsPanel {
  /** ctx: {store, call, toast}; announceUrgent(text): the assertive live region. */
  constructor(ctx, announceUrgent) {
    this.ctx = ctx;
    this.announceUrgent = announceUrgent;
    this.known = null; // alert ids already shown (null before the first roster)
    this.heading = h("h2", { id: "alerts-title" });
    this.list = h("ul", { class: "alert-list" });
    this.empty = h("p", { class: "no-alert", text: "Aucune alerte en cours." });
    this.sound = new AlertSound();
    this.soundButton = h("button", { type: "button", class: "small sound", onclick: () => {
      this.sound.set(!this.sound.on);
      this.showSound();
    } });
    this.showSound();
    // Sticky while alerts are open (style.css): seen at every scroll position of the roster.
    this.element = h("section", { class: "alerts", "aria-labelledby": "alerts-title" },
      h("div", { class: "alerts-head" }, this.heading, this.empty, this.soundButton), this.list);
    this.items = new Map(); // alert_id -> {key, li}
  }

  showSound() {
    this.soundButton.setAttribute("aria-pressed", String(this.sound.on));
    this.soundButton.textContent = `Son des alertes${NBSP}: ${this.sound.on ? "activé" : "coupé"}`;
  }

  render() {
    const open = this.ctx.store.openAlerts();
    this.element.dataset.count = String(open.length);
    this.heading.replaceChildren(h("span", { class: "icon", "aria-hidden": "true", text: open.length ? "⚠ " : "" }),
      open.length ? `Alertes en cours${NBSP}: ${open.length}` : "Alertes");
    this.empty.hidden = open.length > 0;

    const active = document.activeElement;
    const focusKey = active && this.list.contains(active) ? active.dataset.focusKey : null;
    const ids = new Set(open.map(({ alert }) => alert.alert_id));
    for (const [id, item] of this.items) {
      if (!ids.has(id)) {
        item.li.remove();
        this.items.delete(id);
      }
    }
    open.forEach(({ row, alert }, i) => {
      const key = JSON.stringify([row.first_name, row.last_name, alert]);
      let item = this.items.get(alert.alert_id);
      if (!item || item.key !== key) {
        const li = this.item(row, alert);
        if (item) item.li.replaceWith(li);
        item = { key, li };
        this.items.set(alert.alert_id, item);
      }
      if (this.list.children[i] !== item.li) this.list.insertBefore(item.li, this.list.children[i] || null);
    });
    if (focusKey && document.activeElement !== active) {
      const again = this.list.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      focusOn(again || this.list.querySelector("button") || this.heading);
    }

    // Announce what is new (not what was already there when the page opened).
    const fresh = open.filter(({ alert }) => this.known && !this.known.has(alert.alert_id));
    if (this.known === null && open.length) {
      this.announceUrgent(`${plural(open.length, "alerte en cours", "alertes en cours")}.`);
    }
    for (const { row, alert } of fresh) {
      this.announceUrgent(`Alerte${NBSP}: ${fullName(row)} signale un problème à la question ${alert.question_number}.`);
    }
    if (fresh.length) {
      this.sound.beep();
      this.element.classList.remove("flash");
      void this.element.offsetWidth; // restart the animation
      this.element.classList.add("flash");
    }
    this.known = new Set([...(this.known || []), ...ids]);
    this.tick();
  }

  /** "il y a 2 min" next to each alert. */
  tick() {
    const now = this.ctx.store.serverNow();
    for (const li of this.list.children) {
      const at = Number(li.dataset.at);
      const since = li.querySelector(".since");
      if (since && at) since.textContent = ` (il y a ${elapsedWords(now - at)})`;
    }
  }

  /** Put keyboard focus on an alert's first button (from the row's "Traiter l'alerte"). */
  focus(alertId) {
    const item = this.items.get(alertId);
    const target = item ? item.li.querySelector("button") : null;
    if (target) {
      target.scrollIntoView({ block: "center" });
      focusOn(target);
    }
  }

  item(row, alert) {
    const name = fullName(row);
    const about = `${NBSP}: ${name}, question ${alert.question_number}`;
    const keyOf = (action) => `alert:${alert.alert_id}:${action}`;
    const dismiss = h("button", { type: "button", dataset: { focusKey: keyOf("dismiss") },
      onclick: (event) => this.dismiss(row, alert, event.currentTarget) },
    "Écarter", h("span", { class: "visually-hidden", text: about }));
    const validate = h("button", { type: "button", class: "primary", dataset: { focusKey: keyOf("validate") },
      "aria-haspopup": "dialog", onclick: (event) => this.validate(row, alert, event.currentTarget) },
    "Valider…", h("span", { class: "visually-hidden", text: about }));
    return h("li", { class: "alert-item", dataset: { alertId: alert.alert_id, candidateId: row.candidate_id, at: String(alert.at || "") } },
      h("p", { class: "alert-what" },
        h("span", { class: "icon", "aria-hidden": "true", text: "⚠" }), " ",
        h("strong", { text: name }), ` — question ${alert.question_number}`),
      h("p", { class: "alert-message", text: alert.message ? `«${NBSP}${alert.message}${NBSP}»` : "(pas de message)" }),
      h("p", { class: "alert-when" }, `Signalé à ${atWords(alert.at)}`, h("span", { class: "since" })),
      h("div", { class: "alert-actions" }, dismiss, validate));
  }

  async dismiss(row, alert, button) {
    const path = `/candidates/${encodeURIComponent(row.candidate_id)}/alerts/${encodeURIComponent(alert.alert_id)}/dismiss`;
    const done = await busy(button, this.ctx.toast, () => this.ctx.call("POST", path));
    if (done) {
      this.ctx.toast.show(`Alerte ${ofName(row)} écartée${NBSP}: le candidat garde sa question.`, "ok", {
        label: "Annuler l'écartement",
        forMs: UNDO_MS,
        done: `Alerte ${ofName(row)} de nouveau en cours.`,
        run: () => this.ctx.call("POST", `${path.slice(0, -"/dismiss".length)}/undo-dismiss`),
      });
    }
  }

  async validate(row, alert, opener) {
    const code = field("Code d'incident", "select", { required: true }, {
      hint: "Le code E qui décrit le problème constaté sur la question.",
      options: [{ value: "", label: "Choisissez un code E…" },
        ...QUESTION_CODES.map((c) => ({ value: c, label: `${c} — ${INCIDENT_CODES[c]}` }))],
    });
    const path = `/candidates/${encodeURIComponent(row.candidate_id)}/alerts/${encodeURIComponent(alert.alert_id)}/validate`;
    const done = await formDialog({
      title: `Valider l'alerte ${ofName(row)}`,
      body: [
        h("p", { text: `Question ${alert.question_number}${alert.message ? ` — «${NBSP}${alert.message}${NBSP}»` : ""}` }),
        h("p", { text: "L'incident est enregistré avec ce code, et la question est remplacée par une autre de la même compétence si le candidat y est encore." }),
        code.element,
      ],
      submitLabel: "Valider et remplacer la question",
      opener,
      fallback: () => this.list.querySelector("button") || this.heading,
      onSubmit: async () => {
        if (!code.input.value) throw new FormError("Choisissez un code E dans la liste.", code.input);
        return this.ctx.call("POST", path, { code: code.input.value });
      },
    });
    if (done) this.ctx.toast.show(`Alerte ${ofName(row)} validée (${code.input.value}).`, "ok");
  }
}
