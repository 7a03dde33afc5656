// The /preflight page: register this PC, measure, show the server's verdicts, run the practical tasks.
import { api, badge, el, plural } from "./status.js";
import { collectFacts } from "./measure.js";

const API = "/api/v1/preflight";
const KEY = "preflight.pc_id";
const $ = (id) => document.getElementById(id);
let pc = null;

function rememberedId() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

async function register() {
  const known = rememberedId();
  try {
    pc = await api(`${API}/pcs`, { json: known ? { pc_id: known } : {} });
  } catch (error) {
    if (error.status !== 404) throw error;
    pc = await api(`${API}/pcs`, { json: {} }); // the server forgot this PC: start afresh
  }
  try { localStorage.setItem(KEY, pc.pc_id); } catch { /* reported by the storage check */ }
  $("pc-code").textContent = pc.pc_id;
  $("pc-label").textContent = pc.label ? `(${pc.label})` : "";
  $("agent-command").textContent = `python3 roomserver-preflight.pyz --server ${location.origin} --pc ${pc.pc_id}`;
}

function checkItem(check) {
  return el("li", { class: `check ${check.status}`, "data-check": check.id, "data-status": check.status },
    badge(check.status), " ", el("strong", {}, check.label || check.id), "\u00a0: ", check.detail,
    check.remedy && check.status !== "pass" ? el("p", { class: "remedy" }, "Que faire\u00a0: ", check.remedy) : null);
}

async function runBrowserChecks() {
  document.body.dataset.state = "running";
  $("rerun").disabled = true;
  $("browser-checks").replaceChildren();
  $("browser-summary").textContent = "";
  const progress = (text) => { $("browser-progress").textContent = `Vérifications en cours\u00a0: ${text}`; };
  try {
    const started = performance.now();
    const facts = await collectFacts(progress);
    const result = await api(`${API}/pcs/${pc.pc_id}/browser`, { json: facts });
    $("browser-checks").replaceChildren(...result.checks.map(checkItem));
    const fails = result.checks.filter((c) => c.status === "fail").length;
    const warns = result.checks.filter((c) => c.status === "warn").length;
    $("browser-summary").replaceChildren(badge(result.status), " ",
      fails ? `${plural(fails, "échec")}, ${plural(warns, "point")} à surveiller.` :
        warns ? `Aucun échec, ${plural(warns, "point")} à surveiller.` : "Tout est bon.");
    const seconds = ((performance.now() - started) / 1000).toFixed(1).replace(".", ",");
    $("browser-progress").textContent = `Vérifications terminées en ${seconds} s.`;
    window.__preflight = { facts, checks: result.checks, ms: Math.round(performance.now() - started) };
    document.body.dataset.state = "done";
  } catch (error) {
    $("browser-progress").textContent = `Les vérifications n'ont pas pu aboutir\u00a0: ${error.message}`;
    document.body.dataset.state = "error";
  } finally {
    $("rerun").disabled = false;
  }
}

function taskItem(task) {
  const inputId = `code-${task.id}`;
  const result = el("p", { class: "task-result", "aria-live": "polite", id: `result-${task.id}` });
  if (task.status) result.replaceChildren(badge(task.status), " ", task.status === "pass" ? "Code correct." : "Code incorrect.");
  const input = el("input", { id: inputId, name: "code", autocomplete: "off", spellcheck: "false", maxlength: "40",
    required: true, "aria-describedby": `result-${task.id}` });
  const form = el("form", { class: "task-form", onsubmit: async (event) => {
    event.preventDefault();
    result.textContent = "Vérification…";
    try {
      const check = await api(`${API}/pcs/${pc.pc_id}/tasks/${task.id}/answer`, { json: { code: input.value } });
      // replaceChildren writes a null as the text "null": only the nodes there are.
      result.replaceChildren(...[badge(check.status), " ", check.detail,
        check.remedy ? el("span", { class: "remedy" }, " Que faire\u00a0: ", check.remedy) : null].filter(Boolean));
    } catch (error) {
      result.textContent = error.message;
    }
  } }, el("label", { for: inputId }, "Code lu dans le fichier\u00a0: "), input, " ", el("button", { type: "submit" }, "Vérifier"));
  return el("li", { class: "task", "data-task": task.id },
    el("h3", {}, task.label), el("p", {}, task.instructions),
    el("p", {}, el("a", { href: task.file_url, download: task.filename }, `Télécharger ${task.filename}`)),
    form, result);
}

async function showTasks(data) {
  const tasks = data || await api(`${API}/pcs/${pc.pc_id}`);
  $("tasks").replaceChildren(...tasks.tasks.map(taskItem));
}

async function main() {
  try {
    await register();
  } catch (error) {
    $("browser-progress").textContent = `Le serveur de salle ne répond pas\u00a0: ${error.message}`;
    document.body.dataset.state = "error";
    return;
  }
  $("rerun").addEventListener("click", runBrowserChecks);
  $("new-codes").addEventListener("click", async () => showTasks(await api(`${API}/pcs/${pc.pc_id}/tasks`, { method: "POST" })));
  await Promise.all([runBrowserChecks(), showTasks()]);
}

main();
