// The room server's health warnings (disk, memory, battery, mirror...) on every admin page,
// read-only: a banner under the top bar, empty when all is well. The figures and the French
// messages come from GET /api/v1/health (roomserver/ops/health.py); it is public on the LAN,
// so it is read without the admin token and also shows on the login page.

const EVERY_MS = 60000;

const banner = document.createElement("div");
banner.id = "server-health";
banner.className = "banner";
banner.setAttribute("role", "status");
document.querySelector("header.topbar").after(banner);

function show(warnings) {
  banner.replaceChildren();
  if (!warnings.length) return;
  const title = document.createElement("p");
  title.textContent = "Le serveur de salle signale\u00a0:";
  const list = document.createElement("ul");
  for (const warning of warnings) {
    const item = document.createElement("li");
    item.textContent = warning.message;
    item.dataset.code = warning.code;
    list.append(item);
  }
  banner.append(title, list);
}

async function refresh() {
  try {
    const response = await fetch("/api/v1/health", { cache: "no-store", headers: { Accept: "application/json" } });
    if (response.ok) show((await response.json()).warnings || []);
  } catch {
    // the server unreachable is said by the page's own requests; nothing to add here
  }
}

refresh();
setInterval(refresh, EVERY_MS);
