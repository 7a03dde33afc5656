"""The demo session: 24 candidates with varied positioning profiles, two of them not
certifiable, in a fresh data directory. Started again on the same directory, it
serves what is there without re-seeding (tokens already handed out stay valid).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import socket
import uuid
from pathlib import Path

from .admin import passwords
from .core import codes, commands
from .core.generation import PIX_PER_LEVEL, Profile
from .store.atomic import atomic_write_bytes

# (first name, last name, birthdate, extra time %, competences at level >= 1 or None for a full profile)
CANDIDATES = [
    ("Élodie", "Martin", "2011-03-14", 0, None), ("Lucas", "Bernard", "2011-07-02", 0, None),
    ("Inès", "N'Diaye", "2010-12-23", 33, None), ("Noah", "Dupont-Moreau", "2011-01-30", 0, None),
    ("Chloé", "Le Gall", "2011-05-09", 0, None), ("Hugo", "Petit", "2011-09-17", 0, None),
    ("Léa", "Durand", "2011-02-11", 0, None), ("Adam", "Lefèvre", "2010-11-05", 33, None),
    ("Jade", "Roux", "2011-04-21", 0, None), ("Louis", "Fournier", "2011-08-08", 0, None),
    ("Manon", "Girard", "2011-06-27", 0, None), ("Gabriel", "Bonnet", "2011-10-12", 0, None),
    ("Zoé", "Lambert", "2011-03-03", 0, None), ("Arthur", "Fontaine", "2011-12-01", 0, None),
    ("Camille", "Rousseau", "2011-01-19", 0, None), ("Yanis", "Benali", "2011-02-28", 0, None),
    ("Anaïs", "Mercier", "2011-07-15", 25, None), ("Théo", "Garnier", "2011-05-31", 0, None),
    ("Sarah", "Faure", "2011-09-09", 0, None), ("Mathis", "Chevalier", "2011-11-22", 0, None),
    ("Lina", "Robin", "2011-04-04", 0, 6), ("Ethan", "Nguyen", "2011-06-06", 0, 5),
    ("Maëlys", "Perrin", "2011-08-18", 0, 4), ("Rayan", "Morel", "2011-10-29", 0, 3),
]


def demo_profile(pack, rng: random.Random, competences_at_level: int | None) -> Profile:
    """A plausible positioning: levels 1-5 on some competences, skills validated up to that level."""
    ids = list(pack.competences)
    chosen = ids if competences_at_level is None else rng.sample(ids, competences_at_level)
    pix, validated, seen = {}, set(), set()
    for competence_id in ids:
        if competence_id not in chosen:
            pix[competence_id] = rng.randint(0, PIX_PER_LEVEL - 1)
            continue
        level = rng.randint(1, 5)
        pix[competence_id] = level * PIX_PER_LEVEL + rng.randint(0, PIX_PER_LEVEL - 1)
        for skill in pack.skills_of(competence_id):
            if skill.level <= level:
                validated.add(skill.id)
                if skill.challenge_ids and rng.random() < 0.5:
                    seen.add(skill.challenge_ids[0])  # seen during positioning
    return Profile(pix, frozenset(validated), frozenset(seen))


def seed(store, pack) -> dict:
    """Create the demo session; return what demo.json holds (without the URL)."""
    system = secrets.SystemRandom()
    rng = random.Random(2026)
    number = codes.session_number(system, store.taken_numbers())
    details = {"site": "Collège Jean Moulin (démonstration)", "room": "Salle B12",
               "date": dt.date.today().isoformat(), "start_time": "09:00",
               "invigilators": ["Mme Martin", "M. Diallo"], "notes": "Session de démonstration."}
    pack_ref = {"id": pack.id, "version": pack.version, "digest": pack.digest}
    handle = store.create(lambda sid: commands.create_session(
        sid, number, codes.access_code(system), codes.invigilator_password(system), details, pack_ref))
    listed = []
    for first, last, birthdate, extra, at_level in CANDIDATES:
        candidate_id = uuid.uuid4().hex[:12]
        profile = demo_profile(pack, rng, at_level)
        store.execute(handle, lambda s: commands.enrol_candidate(s, candidate_id, first, last, birthdate, extra, profile))
        listed.append({"candidate_id": candidate_id, "first_name": first, "last_name": last,
                       "birthdate": birthdate, "extra_time_pct": extra,
                       "certifiable": handle.state.candidates[candidate_id].certifiable})
    admin_password = secrets.token_urlsafe(12)  # the demo administrator's real password (16 characters)
    passwords.set_password(store.tables, admin_password)
    return {"session_number": number, "access_code": handle.state.access_code,
            "invigilator_password": handle.state.invigilator_password, "admin_password": admin_password,
            "candidates": listed}


def urls(settings) -> dict[str, str]:
    host = settings["host"]
    if host in ("0.0.0.0", "::"):
        try:
            host = socket.gethostbyname(socket.gethostname())
        except OSError:
            host = "127.0.0.1"
    base = f"{'https' if settings.get('cert_file') else 'http'}://{host}:{settings['port']}"
    return {"Candidats\u00a0:": base + "/", "Surveillant\u00a0:": base + "/surveillant", "Administration\u00a0:": base + "/admin",
            "Santé\u00a0:": base + "/healthz", "API\u00a0:": base + "/api/v1/openapi.json"}


def seed_and_announce(app, settings) -> None:
    svc = app.extensions["roomserver"]
    path = Path(settings["data_dir"]) / "demo.json"
    if path.exists():
        demo = json.loads(path.read_text(encoding="utf-8"))
        print(f"Session de démonstration existante reprise ({path}).", flush=True)
    elif svc.store.sessions():
        print("Le dossier contient déjà des sessions\u00a0: aucune démonstration n'est ajoutée.", flush=True)
        demo = None
    else:
        demo = seed(svc.store, svc.pack)
    site = urls(settings)
    if demo is not None:
        demo["url"] = site["Candidats\u00a0:"]
        atomic_write_bytes(path, json.dumps(demo, ensure_ascii=False, indent=2).encode("utf-8"))
        print(f"Session de démonstration n°{demo['session_number']}", flush=True)
        print(f"  mot de passe surveillant\u00a0: {demo['invigilator_password']}", flush=True)
        print(f"  code d'accès (donné au démarrage)\u00a0: {demo['access_code']}", flush=True)
        print(f"  mot de passe administrateur\u00a0: {demo['admin_password']}", flush=True)
        print(f"  détails et candidats\u00a0: {path}", flush=True)
    for label, url in site.items():
        print(f"  {label:<14} {url}", flush=True)
