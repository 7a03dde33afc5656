// The live dashboard: wires the store (fed by the live channel and by the answers to the
// page's actions) to the views, counts time down every second, and says in words when the
// data on screen may be old.

import { SESSION } from "../shared/constants.js";
import { focusOn, h } from "../shared/dom.js";
import { AlertsPanel } from "./alerts.js";
import { makeClient, Toast } from "./client.js";
import { choiceDialog } from "./dialogs.js";
import { SessionHeader } from "./header.js";
import { connectLive } from "./live.js";
import { RoomPlan } from "./plan.js";
import { RecordsList } from "./records.js";
import { Roster } from "./roster.js";
import { availableActions, runAction } from "./rowactions.js";
import { SessionActions } from "./sessionactions.js";
import { DashboardStore } from "./store.js";
import { SyncState } from "./syncstate.js";
import {
  clockWords, connectionNow, connectionWords, fullName, happenedWords, NBSP, pcWords, statusDetail, statusLabel, timesNow,
} from "./words.js";

const RENDER_DELAY_MS = 30; // a burst of pushes (a roster of 300, a catch-up) is drawn once

/** Open the dashboard in main. login: {token, invigilatorId}; banner: the #connection element;
 * onLoggedOut(message): the token was refused. Returns {close()}. */
export function openDashboard({ main, login, banner, onLoggedOut }) {
  const store = new DashboardStore();
  const toast = new Toast();
  let closed = false;
  let live = null;

  const loggedOut = (message) => {
    if (closed) return;
    close();
    onLoggedOut(message);
  };
  const call = makeClient({ token: login.token, store, onUnauthorised: loggedOut });
  const urgent = document.getElementById("urgent");
  const announceUrgent = (text) => {
    if (!urgent) return;
    urgent.textContent = "";
    setTimeout(() => { urgent.textContent = text; }, 50);
  };

  const ctx = { store, call, toast, focusAlert: (id) => alerts.focus(id), onStarted: () => schedule() };
  const sessionActions = new SessionActions(ctx);
  const plan = new RoomPlan(store, call, (row, button) => onRowAction("menu", row, button));
  const roster = new Roster(store, onRowAction, plan);
  const header = new SessionHeader(store, sessionActions, login.invigilatorId, () => roster.disconnectedCount());
  const alerts = new AlertsPanel(ctx, announceUrgent);
  const records = new RecordsList(store, ctx);
  const sync = new SyncState(store, call); // after the closing: did the session reach the certification body?
  header.addLine(sync.element);
  const loading = h("p", { class: "loading", role: "status", text: "Connexion au serveur de salle…" });
  const health = h("section", { class: "health", role: "status", "aria-live": "polite", hidden: true });
  const content = h("div", { class: "dashboard", hidden: true },
    health, header.element, alerts.element, roster.element, records.element);
  main.replaceChildren(loading, content);
  document.body.append(toast.element);

  let liveUp = false;
  let everUp = false;
  let lastHeard = null; // when the live channel last brought news (Date.now())
  let bannerTimer = null;

  // -- drawing -------------------------------------------------------------------------------------
  let timer = null;
  let shown = false;
  function schedule() {
    if (timer === null && !closed) timer = setTimeout(draw, RENDER_DELAY_MS);
  }
  function draw() {
    timer = null;
    if (closed || !store.loaded) return;
    header.render();
    alerts.render();
    roster.render();
    records.render();
    document.title = SessionHeader.titleFor(store);
    if (!shown) {
      shown = true;
      loading.remove();
      content.hidden = false;
      focusOn(header.title);
    }
  }
  const unsubscribe = store.subscribe((change) => {
    if (liveUp) lastHeard = Date.now();
    if (change.summary || change.roster) sync.update();
    schedule();
  });
  const ticker = setInterval(() => {
    if (!shown) return;
    roster.tick();
    alerts.tick();
    header.renderCounters();
  }, 1000);

  // -- the live channel and its banner -----------------------------------------------------------------
  function setBanner(text, state) {
    clearTimeout(bannerTimer);
    banner.textContent = text;
    if (state) banner.dataset.state = state;
    else delete banner.dataset.state;
  }
  function onState(state) {
    if (closed) return;
    if (state === "up") {
      liveUp = true;
      lastHeard = Date.now();
      content.removeAttribute("data-stale");
      if (everUp) {
        setBanner("Connexion rétablie\u00a0: les informations sont à jour.", "ok");
        bannerTimer = setTimeout(() => setBanner("", null), 4000);
      } else {
        setBanner("", null);
      }
      everUp = true;
      return;
    }
    liveUp = false;
    if (state === "unavailable") {
      setBanner("Le suivi en direct n'a pas pu être chargé (fichier socket.io manquant)\u00a0: rechargez la page.", "lost");
      return;
    }
    content.dataset.stale = "true";
    const since = lastHeard ? new Date(lastHeard).toLocaleTimeString("fr-FR") : null;
    const text = since
      ? `Connexion au serveur de salle perdue, reconnexion… Les informations affichées datent de ${since} et peuvent ne plus être à jour.`
      : "Connexion au serveur de salle perdue, reconnexion… Aucune information n'a encore été reçue.";
    if (banner.textContent !== text) setBanner(text, "lost");
  }
  /** The server's warnings (disk, memory, battery, slow writes…), calmly: for the technician. */
  function onHealth({ warnings }) {
    const list = (Array.isArray(warnings) ? warnings : []).map((w) => (typeof w === "string" ? w : w && w.message))
      .filter(Boolean);
    health.hidden = list.length === 0;
    health.replaceChildren(...(list.length ? [
      h("p", {}, h("strong", { text: `État du serveur de salle${NBSP}:` }),
        " à signaler au technicien, le test continue."),
      h("ul", {}, list.map((text) => h("li", { text })))] : []));
  }
  live = connectLive({ token: login.token, store, onState, onRefused: loggedOut, onHealth });

  // -- a candidate's actions --------------------------------------------------------------------------
  async function onRowAction(key, row, button) {
    const current = store.rows.get(row.candidate_id) || row;
    if (key !== "menu") return runAction(key, current, button, ctx);
    const choices = availableActions(current, store.summary);
    const chosen = await choiceDialog({
      title: `Actions pour ${fullName(current)}`,
      intro: [rowDetails(current), h("p", { class: "hint", text: "Choisissez une action. Échap pour fermer." })],
      choices,
      opener: button,
    });
    if (chosen === null || closed) return null;
    const fresh = store.rows.get(row.candidate_id) || current;
    return runAction(chosen, fresh, button.isConnected ? button : findMenuButton(row.candidate_id) || button, ctx);
  }

  /** The row's details, as the list tells them: status, what happened, progress, time, PC. */
  function rowDetails(row) {
    const now = store.serverNow();
    const { icon, label } = statusLabel(row);
    const detail = statusDetail(row, store.summary && store.summary.status === SESSION.CREATED);
    const times = timesNow(row, now);
    const connection = connectionWords(connectionNow(row, now, store.timeoutS));
    const pc = pcWords(row.pc);
    const line = (term, ...value) => h("div", {}, h("dt", { text: term }), h("dd", {}, ...value));
    return h("dl", { class: "row-details" },
      line("Statut", h("span", { "aria-hidden": "true", text: `${icon} ` }), label, detail ? ` — ${detail}` : ""),
      happenedWords(row).map(({ text }) => line("Signalé", text)),
      row.total ? line("Avancement", `${row.answered} sur ${row.total} questions`) : null,
      times ? line("Temps", `utilisé ${clockWords(times.used)}`,
        row.clock_running ? `, reste ${clockWords(times.left)}` : "") : null,
      line("Poste", `${connection.text}${pc ? `, poste ${pc}` : ""}`));
  }

  function findMenuButton(candidateId) {
    return document.querySelector(`[data-focus-key="${CSS.escape(`${candidateId}:menu`)}"]`);
  }

  function close() {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    clearInterval(ticker);
    clearTimeout(bannerTimer);
    plan.stop();
    sync.stop();
    unsubscribe();
    if (live) live.close();
    toast.element.remove();
    setBanner("", null);
    document.title = "Surveillant — serveur de salle";
  }

  return { close };
}
