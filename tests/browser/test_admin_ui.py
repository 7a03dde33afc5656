"""The administrator's pages (/admin) through a real Chromium, on a real server process.

An administrator logs in, creates a session, imports a candidate list (Şahin, Nguyễn…) and
the positioning profiles, opens the attendance sheet PDF, and a pupil of that list joins on
the candidate page. Then: a refused import lists every wrong line and imports nothing; logging
out, and a revoked token, bring the login back; the pages fit 800 px without horizontal
scrolling and every button is reachable with Tab; the first-run page; editing a session and
its candidates, then deleting it; and, after a session taken and closed over the API, an
identity correction, the finalisation form and the results with their downloads.
"""

from __future__ import annotations

import io
import re

import pytest
from adminkit import (ADMIN_PASSWORD, NBSP, PUPILS, AdminAtDesk, Api, admin_server, candidate_csv, french,
                      horizontal_overflow, prepared_session, profiles_json, tab_through, taken_and_closed,
                      typography_mistakes, visible_buttons)
from browserkit import CandidateAtPC
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = admin_server(tmp_path_factory.mktemp("admin") / "data")
    yield process
    process.stop()


@pytest.fixture
def admin_page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# -- the whole preparation, then a pupil joins -----------------------------------------------------------

def test_admin_prepares_a_session_and_a_pupil_of_the_list_joins(server, admin_page, browser, tmp_path):
    admin = AdminAtDesk(admin_page, server.url)
    page = admin.page
    admin.log_in()
    assert admin.token, "the token is kept in sessionStorage"

    number = admin.create_session("Collège Jean Moulin", "B12", "2026-12-03", "09:00", ["Mme Martin", "M. Durand"],
                                  notes="Prévoir des écouteurs.")
    expect(page.locator(".session-number")).to_have_text(str(number))
    card = page.locator(".invigilator-card")
    expect(card).to_contain_text(re.compile(r"C-[A-Z0-9]{6}"))
    expect(card).to_contain_text(server.url + "/")
    details = page.locator("section", has=page.get_by_role("heading", name="Informations"))
    expect(details).to_contain_text("jeudi 3 décembre 2026")
    expect(details).to_contain_text(f"9{NBSP}h{NBSP}00")
    expect(details).to_contain_text("Mme Martin, M. Durand")
    expect(page.locator(".status-line")).to_contain_text("en préparation")

    # The candidate list: every line in, in one go.
    list_file = tmp_path / "candidats.csv"
    list_file.write_bytes(candidate_csv(PUPILS))
    admin.import_file("Importer la liste des candidats", list_file)
    expect(page.locator(".toast")).to_contain_text("3 candidats importés depuis")
    for p in PUPILS:
        row = admin.candidate_row(p["last_name"])
        expect(row).to_contain_text(p["first_name"])
        expect(row).to_contain_text(french(p["birthdate"]))
        expect(row).to_contain_text(f"non certifiable{NBSP}: aucune compétence sur 5 requises")
    expect(admin.candidate_row("Nguyễn")).to_contain_text(f"33{NBSP}%")
    expect(page.locator(".warnings")).to_contain_text("3 candidats non certifiables")

    # The positioning profiles make them certifiable.
    assert Api(server.url).has_path("/api/v1/admin/sessions/{session_number}/profiles/import")
    profile_file = tmp_path / "profils.json"
    profile_file.write_bytes(profiles_json(PUPILS))
    admin.import_file("Importer les profils de positionnement", profile_file)
    expect(page.locator(".toast")).to_contain_text("3 profils importés")
    for p in PUPILS:
        expect(admin.candidate_row(p["last_name"])).to_contain_text("certifiable")
        expect(admin.candidate_row(p["last_name"])).not_to_contain_text("non certifiable")
    expect(page.locator("table.candidates caption")).to_contain_text("3 candidats inscrits, tous certifiables")

    # The attendance sheet opens in a new tab; its bytes are a PDF naming the pupils.
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name=re.compile("^Feuille d'émargement")).click()
    tab = new_tab.value
    tab.wait_for_url(re.compile("^blob:"))  # opened at once, then given the file fetched with the token
    status, kind, data = admin.fetch_bytes(tab.url, with_token=False)
    assert status == 200 and kind == "application/pdf" and data.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Şahin" in text and "Nguyễn" in text, text[:500]
    tab.close()
    # The same document straight from the API needs the token.
    path = f"/api/v1/admin/sessions/{number}/documents/attendance-sheet.pdf"
    assert admin.fetch_bytes(path, with_token=False)[0] == 401
    assert admin.fetch_bytes(path)[2].startswith(b"%PDF-")

    assert typography_mistakes(page) == []

    # A pupil of that file joins on the candidate page, with the name typed in plain letters.
    pupil_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    try:
        candidate = CandidateAtPC(pupil_context.new_page(), server.url)
        candidate.page.set_default_timeout(10_000)
        candidate.open()
        candidate.join(number, {**PUPILS[0], "last_name": "SAHIN"})
        candidate.expect_waiting_for_presence()
        assert candidate.errors == []
    finally:
        pupil_context.close()
    page.reload()
    expect(admin.candidate_row("Şahin")).to_contain_text("inscrit")
    assert admin.errors == []


# -- refusals ----------------------------------------------------------------------------------------------

def test_a_refused_import_lists_every_line_and_imports_nothing(server, admin_page, tmp_path):
    session = prepared_session(server, people=[], profiles=False)
    admin = AdminAtDesk(admin_page, server.url)
    admin.log_in()
    admin.page.goto(f"{server.url}/admin/sessions/{session['session_number']}")
    bad = tmp_path / "liste.csv"
    bad.write_bytes("Nom de naissance;Prénom;Date de naissance;Temps majoré\n"
                    "Martin;Léa;31/02/2011;0\nDupont;;12/05/2010;0\nBernard;Hugo;03/04/2011;beaucoup\n".encode())
    admin.import_file("Importer la liste des candidats", bad)
    report = admin.page.locator(".import-report.error")
    expect(report).to_be_focused()
    expect(report).to_contain_text("Rien n'a été importé")
    lines = report.locator("ol li")
    expect(lines).to_have_count(3)
    expect(lines.nth(0)).to_contain_text("Ligne 2")
    expect(lines.nth(0)).to_contain_text("31/02/2011")
    expect(lines.nth(1)).to_contain_text("Ligne 3")
    expect(lines.nth(2)).to_contain_text("Ligne 4")
    expect(report).to_contain_text("Aucun candidat n'a été importé")
    expect(admin.page.locator("table.candidates")).to_have_count(0)

    # The template to start from (fetched with the token, saved under its name).
    with admin.page.expect_download() as info:
        admin.page.get_by_role("link", name="Modèle de liste (CSV)").click()
    assert info.value.suggested_filename == "modele-candidats.csv"
    header = info.value.path().read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("* Nom de naissance;* Prénom;* Date de naissance"), header

    # Session creation refused by the page: the message is shown and takes focus.
    admin.page.get_by_role("link", name="← Toutes les sessions").click()
    form = admin.page.locator("form.create")
    form.get_by_label("Établissement").fill("Collège")
    form.get_by_role("button", name="Créer la session").click()
    error = form.locator(".message.error")
    expect(error).to_have_text(f"Indiquez la salle.")
    expect(form.get_by_label("Salle")).to_be_focused()
    expect(form.get_by_label("Salle")).to_have_attribute("aria-invalid", "true")
    assert admin.errors == []


def test_a_revoked_token_brings_the_login_back_and_the_same_page_after(server, admin_page):
    session = prepared_session(server, people=PUPILS[:1])
    admin = AdminAtDesk(admin_page, server.url)
    page = admin.page
    page.goto(f"{server.url}/admin/sessions/{session['session_number']}")
    expect(page.get_by_role("heading", name="Connexion de l'administrateur")).to_be_visible()
    page.get_by_label("Mot de passe administrateur").fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".message.error")).to_have_text("Mot de passe administrateur incorrect.")
    page.get_by_label("Mot de passe administrateur").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n°{NBSP}{session['session_number']}")

    # « Se déconnecter »: the token is worthless on the server too.
    token = admin.token
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("status").filter(has_text="Vous êtes déconnecté.")).to_be_visible()
    assert admin.token is None
    assert Api(server.url, token).call("GET", "/api/v1/admin/sessions")[0] == 401
    page.get_by_label("Mot de passe administrateur").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n°{NBSP}{session['session_number']}")

    # Another tab logs this token out: the next action comes back to the login, with the reason.
    Api(server.url, admin.token).ok("POST", "/api/v1/admin/logout")
    page.get_by_role("button", name="Ajouter un candidat").click()
    dialog = page.get_by_role("dialog", name="Ajouter un candidat")
    dialog.get_by_label("Nom de naissance").fill("Lefèvre")
    dialog.get_by_label("Prénom").fill("Inès")
    dialog.get_by_label("Date de naissance").fill("05/06/2011")
    dialog.get_by_role("button", name="Inscrire ce candidat").click()
    expect(page.get_by_role("heading", name="Connexion de l'administrateur")).to_be_visible()
    # (the closed dialog keeps its own, empty, message element: the login's is the one with the reason)
    expect(page.locator(".message.error").filter(has_text="n'est plus valable")).to_be_visible()
    expect(page.locator("dialog[open]")).to_have_count(0)
    assert admin.token is None
    assert admin.errors == []


# -- 800 px, keyboard ----------------------------------------------------------------------------------------

def test_pages_fit_800_px_and_every_button_is_reachable_with_tab(server, browser):
    session = prepared_session(server)
    context = browser.new_context(viewport={"width": 800, "height": 700}, locale="fr-FR")
    try:
        admin = AdminAtDesk(context.new_page(), server.url)
        page = admin.page
        page.set_default_timeout(10_000)
        admin.log_in()
        expect(page.locator("table.sessions")).to_be_visible()
        assert horizontal_overflow(page) == 0
        reached = tab_through(page)
        missing = {k: v for k, v in visible_buttons(page).items() if k not in reached}
        assert not missing, f"buttons Tab never reaches on the list: {missing}"

        page.get_by_role("link", name=f"Session n°{NBSP}{session['session_number']}").click()
        expect(page.locator("table.candidates tbody tr")).to_have_count(len(PUPILS))
        assert horizontal_overflow(page) == 0
        reached = tab_through(page)
        missing = {k: v for k, v in visible_buttons(page).items() if k not in reached}
        assert not missing, f"buttons Tab never reaches on the session page: {missing}"
        assert typography_mistakes(page) == []

        # A dialog from the keyboard: focus goes in, Escape closes it, focus comes back.
        remove = page.get_by_role("button", name=f"Retirer {PUPILS[1]['first_name']} {PUPILS[1]['last_name']}")
        remove.focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog", name=re.compile("^Retirer Thị Lan Nguyễn de la session"))
        expect(dialog).to_be_visible()
        expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
        expect(remove).to_be_focused()
        assert admin.errors == []
    finally:
        context.close()


# -- words -----------------------------------------------------------------------------------------------------

def test_typo_gives_one_non_breaking_space_even_to_a_text_that_has_it(server, admin_page):
    """The server's words carry their NBSP already (« Envoyer maintenant »): typo() never doubles it."""
    page = admin_page
    page.goto(server.url + "/admin/premier-demarrage")
    nb = NBSP
    samples = ["Cliquez sur « Envoyer maintenant ».", f"Cliquez sur «{nb}Envoyer maintenant{nb}».",
               f"Statut {nb}: prêt", f"Statut{nb}\u202f; prêt ?", "Prêt\u202f!", "«Mme Martin»",
               "session n° 12 à 09:00, http://salle.local:8000/admin"]
    fixed = page.evaluate("async (samples) => {"
                          " const w = await import('/static/admin/words.js'); return samples.map((s) => w.typo(s)); }",
                          samples)
    assert fixed == [f"Cliquez sur «{nb}Envoyer maintenant{nb}».", f"Cliquez sur «{nb}Envoyer maintenant{nb}».",
                     f"Statut{nb}: prêt", f"Statut{nb}; prêt{nb}?", f"Prêt{nb}!", f"«{nb}Mme Martin{nb}»",
                     f"session n°{nb}12 à 09:00, http://salle.local:8000/admin"]


# -- first run ------------------------------------------------------------------------------------------------

def test_first_run_page_refuses_when_a_password_exists(server, admin_page):
    page = admin_page
    page.goto(server.url + "/admin/premier-demarrage")
    expect(page.get_by_role("heading", name="Le mot de passe administrateur est déjà défini")).to_be_visible()
    expect(page.locator("main")).to_contain_text("roomserver admin set-password")
    expect(page.get_by_label("Nouveau mot de passe administrateur")).to_have_count(0)
    assert typography_mistakes(page) == []


def test_first_run_sets_the_password_from_the_server_itself(browser, tmp_path):
    fresh = admin_server(tmp_path / "data", password=None)
    context = browser.new_context(viewport={"width": 800, "height": 800}, locale="fr-FR")
    remote = browser.new_context(viewport={"width": 800, "height": 800}, locale="fr-FR",
                                 extra_http_headers={"X-Forwarded-For": "10.0.0.5"})  # as if through a proxy
    try:
        elsewhere = remote.new_page()
        elsewhere.goto(fresh.url + "/admin/premier-demarrage")
        expect(elsewhere.get_by_role("heading", name=f"Premier démarrage{NBSP}: depuis le serveur seulement")).to_be_visible()
        expect(elsewhere.get_by_label("Nouveau mot de passe administrateur")).to_have_count(0)
        assert typography_mistakes(elsewhere) == []

        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(fresh.url + "/admin")
        page.get_by_label("Mot de passe administrateur").fill("nimporte quoi")
        page.get_by_role("button", name="Se connecter").click()
        expect(page.locator(".message.error")).to_contain_text("Aucun mot de passe administrateur")
        page.get_by_role("link", name="Définir le mot de passe administrateur").click()
        expect(page.get_by_role("heading", name="Premier démarrage")).to_be_visible()
        page.get_by_label("Nouveau mot de passe administrateur").fill("court")
        page.get_by_label("Le même mot de passe, encore une fois").fill("court")
        page.get_by_role("button", name="Enregistrer le mot de passe").click()
        expect(page.locator(".message.error")).to_contain_text("au moins 10")
        expect(page.get_by_label("Nouveau mot de passe administrateur")).to_be_focused()
        page.get_by_label("Nouveau mot de passe administrateur").fill("une phrase de passe")
        page.get_by_label("Le même mot de passe, encore une fois").fill("une phrase de passe")
        page.get_by_role("button", name="Enregistrer le mot de passe").click()
        expect(page.get_by_role("heading", name="Sessions", level=1)).to_be_visible()
        assert Api(fresh.url).ok("GET", "/api/v1/admin/first-run")["password_set"] is True
    finally:
        remote.close()
        context.close()
        fresh.stop()


# -- after the test: finalisation, results ---------------------------------------------------------------------

def test_finalisation_then_results(server, admin_page):
    api = Api(server.url)
    if not api.has_path("/api/v1/admin/sessions/{session_number}/finalise"):
        pytest.skip("POST /api/v1/admin/sessions/<n>/finalise is not served yet")
    number = taken_and_closed(server)["session_number"]

    admin = AdminAtDesk(admin_page, server.url)
    page = admin.page
    admin.log_in()
    page.goto(f"{server.url}/admin/sessions/{number}")
    # After the start, an identity is corrected, not edited: the row keeps both values.
    row = admin.candidate_row("N'Diaye")
    expect(row.get_by_role("button", name=re.compile("^Modifier"))).to_have_count(0)
    row.get_by_role("button", name="Corriger l'identité d'Élodie N'Diaye").click()
    dialog = page.get_by_role("dialog", name="Corriger l'identité d'Élodie N'Diaye")
    dialog.get_by_role("button", name="Enregistrer la correction").click()
    expect(dialog.locator(".message.error")).to_contain_text("Rien n'a changé")
    dialog.get_by_label("Date de naissance").fill("31/01/2011")
    dialog.get_by_role("button", name="Enregistrer la correction").click()
    expect(row).to_contain_text(re.compile(r"Identité corrigée le .+ date de naissance 30/01/2011 → 31/01/2011"))
    expect(row).to_contain_text("31/01/2011")

    section = page.locator("section.finalisation")
    expect(section).to_contain_text(re.compile(f"Il reste 4[78]{NBSP}h pour finaliser"))
    expect(section.get_by_role("group", name=re.compile("^Thị Lan Nguyễn"))).to_be_visible()

    # Without the abort reason, the page says what is missing and where.
    section.get_by_role("button", name="Vérifier puis finaliser…").click()
    expect(section.locator(".message.error")).to_contain_text("Indiquez pourquoi le test de Thị Lan Nguyễn")
    stopped = section.get_by_role("group", name=re.compile("^Thị Lan Nguyễn"))
    expect(stopped.get_by_label("Abandon du candidat")).to_be_focused()
    stopped.get_by_label("Problème technique").check()

    # Incident codes per candidate, end screens (all at once), the comment and its counter.
    codes = section.locator("details.codes", has_text="Thị Lan Nguyễn")
    codes.locator("summary").click()
    codes.get_by_label(re.compile("^E9 ")).check()
    expect(codes.locator("summary")).to_have_text(f"Thị Lan Nguyễn{NBSP}: E9")
    section.get_by_role("button", name="Tout cocher").click()
    expect(section.get_by_role("button", name="Tout décocher")).to_be_visible()
    comment = section.get_by_label("Commentaire sur la session (facultatif)")
    text = "Coupure du réseau à 14 h 40 pendant deux minutes."
    comment.fill(text)
    expect(section.locator(".counter")).to_contain_text(f"{len(text)} / 500 caractères (encore {500 - len(text)})")
    section.get_by_role("group", name=re.compile("^Un incident a-t-il eu lieu")).get_by_label("Oui").check()
    section.get_by_role("group", name=re.compile("^Un candidat a-t-il eu du mal")).get_by_label("Non").check()

    section.get_by_role("button", name="Vérifier puis finaliser…").click()
    dialog = page.get_by_role("dialog", name=f"Finaliser la session n°{NBSP}{number}{NBSP}?")
    expect(dialog).to_contain_text("Finaliser scelle la session")
    expect(dialog).to_contain_text(f"Thị Lan Nguyễn{NBSP}: problème technique")
    expect(dialog).to_contain_text(f"Écrans de fin vus{NBSP}: 2 sur 2")
    expect(dialog.get_by_role("button", name="Revenir au formulaire")).to_be_focused()
    dialog.get_by_role("button", name="Revenir au formulaire").click()
    reached = tab_through(page)
    missing = {k: v for k, v in visible_buttons(page).items() if k not in reached}
    assert not missing, f"buttons Tab never reaches on the finalisation form: {missing}"
    section.get_by_role("button", name="Vérifier puis finaliser…").click()
    dialog.get_by_role("button", name="Finaliser la session").click()

    results = page.locator("section.results")
    expect(results.get_by_role("heading", name="Résultats")).to_be_visible()
    expect(page.locator(".status-line")).to_contain_text("finalisée")
    expect(results.locator(".hash-value")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    rows = results.locator("table.result-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="N'Diaye")).to_contain_text("absent")
    expect(results.locator("details.report")).to_have_count(3)
    assert typography_mistakes(page) == []
    page.set_viewport_size({"width": 800, "height": 700})
    results.locator("details.report").first.locator("summary").click()
    assert horizontal_overflow(page) == 0

    with page.expect_download() as info:
        results.get_by_role("button", name="Télécharger : Résultats (CSV)").click()
    saved = info.value.path().read_bytes().decode("utf-8-sig")
    assert "Nguyễn" in saved and "Şahin" in saved
    assert info.value.suggested_filename == f"session-{number}-resultats.csv"
    with page.expect_download() as info:
        results.get_by_role("button", name="Télécharger : Résultats (PDF)").click()
    assert "Nguyễn" in PdfReader(info.value.path()).pages[0].extract_text()
    with page.expect_download() as info:
        results.get_by_role("button", name="Télécharger : Archive de la session (ZIP)").click()
    assert info.value.path().read_bytes()[:2] == b"PK"
    assert admin.errors == []


# -- editing before the day --------------------------------------------------------------------------------

def test_admin_edits_the_session_and_its_candidates_then_deletes_it(server, admin_page):
    session = prepared_session(server, people=[dict(PUPILS[0])], profiles=False)
    number = session["session_number"]
    admin = AdminAtDesk(admin_page, server.url)
    page = admin.page
    admin.log_in()

    # Filters: by status, by date.
    page.get_by_label("Statut").select_option(label="en préparation")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name=f"Session n°{NBSP}{number}")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?status=created$"))
    page.get_by_label("Du").fill("2027-01-01")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator(".list-area")).to_contain_text("Aucune session ne correspond à ces filtres.")
    page.get_by_role("button", name="Tout afficher").click()
    page.get_by_role("link", name=f"Session n°{NBSP}{number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n°{NBSP}{number}")
    page.go_back()  # the browser's history moves between the views
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions")
    page.go_forward()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n°{NBSP}{number}")

    # Add a candidate with the optional fields; a wrong date is caught in the dialog.
    page.get_by_role("button", name="Ajouter un candidat").click()
    dialog = page.get_by_role("dialog", name="Ajouter un candidat")
    dialog.get_by_label("Nom de naissance").fill("Lefèvre")
    dialog.get_by_label("Prénom").fill("Inès")
    dialog.get_by_label("Date de naissance").fill("31/02/2011")
    dialog.get_by_role("button", name="Inscrire ce candidat").click()
    expect(dialog.locator(".message.error")).to_contain_text("n'est pas une date réelle")
    expect(dialog.get_by_label("Date de naissance")).to_be_focused()
    dialog.get_by_label("Date de naissance").fill("28/02/2011")
    dialog.get_by_label("Temps majoré").fill("33")
    dialog.get_by_label("Sexe").select_option("F")
    dialog.get_by_label("Commune de naissance").fill("Saint-Étienne")
    dialog.get_by_label("Code postal de naissance").fill("42000")
    dialog.get_by_label("E-mail de convocation").fill("ines.lefevre@example.org")
    dialog.get_by_role("button", name="Inscrire ce candidat").click()
    expect(dialog).to_have_count(0)
    row = admin.candidate_row("Lefèvre")
    expect(row).to_contain_text("28/02/2011")
    expect(row).to_contain_text(f"33{NBSP}%")
    expect(page.get_by_role("button", name="Ajouter un candidat")).to_be_focused()
    added = [c for c in session["api"].ok("GET", f"/api/v1/admin/sessions/{number}")["candidates_list"]
             if c["last_name"] == "Lefèvre"][0]
    assert added["details"]["birth_city"] == "Saint-Étienne" and added["details"]["sex"] == "F"

    # Edit it: the dialog comes filled in.
    row.get_by_role("button", name="Modifier l'inscription d'Inès Lefèvre").click()
    dialog = page.get_by_role("dialog", name="Modifier l'inscription d'Inès Lefèvre")
    expect(dialog.get_by_label("Commune de naissance")).to_have_value("Saint-Étienne")
    dialog.get_by_label("Temps majoré").fill("0")
    dialog.get_by_role("button", name="Enregistrer").click()
    expect(row).to_contain_text("aucun")
    expect(row.get_by_role("button", name="Modifier l'inscription d'Inès Lefèvre")).to_be_focused()

    # Remove the other one, after a confirmation naming her.
    admin.candidate_row("Şahin").get_by_role("button", name="Retirer Elif Şahin").click()
    dialog = page.get_by_role("dialog", name=f"Retirer Elif Şahin de la session{NBSP}?")
    expect(dialog).to_contain_text("14/03/2011")
    dialog.get_by_role("button", name="Retirer ce candidat").click()
    expect(admin.candidate_row("Şahin")).to_have_count(0)
    expect(page.locator("table.candidates caption")).to_contain_text("1 candidat inscrit")

    # Edit the session: a second invigilator, another room.
    page.get_by_role("button", name="Modifier la session").click()
    dialog = page.get_by_role("dialog", name=f"Modifier la session n°{NBSP}{number}")
    expect(dialog.get_by_label("Surveillant 1")).to_have_value("M. Petit")
    dialog.get_by_role("button", name="Ajouter un surveillant").click()
    expect(dialog.get_by_label("Surveillant 2")).to_be_focused()
    page.keyboard.type("Mme Roux")
    dialog.get_by_label("Salle").fill("C03")
    dialog.get_by_role("button", name="Enregistrer").click()
    details = page.locator("section", has=page.get_by_role("heading", name="Informations"))
    expect(details).to_contain_text("M. Petit, Mme Roux")
    expect(details).to_contain_text("C03")

    # Delete it: the confirmation names it; back to the list, where it is gone.
    page.get_by_role("button", name="Supprimer la session").click()
    dialog = page.get_by_role("dialog", name=f"Supprimer la session n°{NBSP}{number}{NBSP}?")
    expect(dialog).to_contain_text("jeudi 3 décembre 2026 (Lycée Marie Curie, salle C03)")
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
    dialog.get_by_role("button", name="Supprimer la session").click()
    expect(page).to_have_url(f"{server.url}/admin")
    expect(page.get_by_role("heading", name="Sessions", level=1)).to_be_focused()
    expect(page.get_by_role("link", name=f"Session n°{NBSP}{number}")).to_have_count(0)
    assert session["api"].call("GET", f"/api/v1/admin/sessions/{number}")[0] == 404
    assert typography_mistakes(page) == []
    assert admin.errors == []
