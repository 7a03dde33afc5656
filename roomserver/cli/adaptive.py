"""``roomserver adaptive-simulate``: the adaptive certification measured on the demo bank.

Simulated candidates of known capacity answer by the two-parameter model, once through the
adaptive test and once through the classic fixed test built for them; the command prints, at
8, 16, 24 and 32 questions, the RMSE and bias of the capacity estimate and the correlation of
the score with the true capacity, then the selection time on a synthetic bank of 2 000
challenges. ``--json`` prints one object (``adaptive.rmse_by_length``, ``classic.rmse_by_length``
map "8", "16", "24", "32" to the RMSE).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

NBSP = "\u00a0"
TARGET_RMSE = 0.3
TARGET_RANGE = (-2.0, 4.0)
WIDE_RANGE = (-4.0, 5.0)
TIMING_BANK = 2000
TIMING_CANDIDATES = 20


def register(sub) -> None:
    simulate = sub.add_parser(
        "adaptive-simulate",
        help="Simuler des candidats de capacité connue sur la banque calibrée\u00a0: précision de la certification "
             "adaptative et du test classique, temps de sélection.")
    simulate.add_argument("--candidates", type=int, default=200, metavar="N",
                          help="Nombre de candidats simulés par intervalle de capacités (200 par défaut).")
    simulate.add_argument("--seed", default="1", metavar="VALEUR", help="Graine des tirages (1 par défaut).")
    simulate.add_argument("--content-pack", type=Path, metavar="DOSSIER",
                          help="Pack de contenu calibré (par défaut\u00a0: le pack de démonstration).")
    simulate.add_argument("--version", metavar="NOM",
                          help="Version de certification du pack (par défaut\u00a0: la première).")
    simulate.add_argument("--timing-candidates", type=int, default=TIMING_CANDIDATES, metavar="N",
                          help=f"Tests simulés pour mesurer le temps de sélection ({TIMING_CANDIDATES} par défaut).")
    simulate.add_argument("--json", action="store_true", help="Sortie JSON (un seul objet).")
    simulate.set_defaults(func=run_simulate)


def run_simulate(args) -> int:
    from ..content import DEMO_PACK_DIR, PackError, load_pack

    if args.candidates < 2 or args.timing_candidates < 1:
        print("Il faut au moins 2 candidats simulés et 1 test pour la mesure du temps.", file=sys.stderr)
        return 2
    try:
        pack = load_pack(args.content_pack or DEMO_PACK_DIR)
    except PackError as exc:
        print(f"Pack de contenu inutilisable{NBSP}: {exc}", file=sys.stderr)
        return 2
    versions = pack.certification_versions
    if not versions:
        print(f"Le pack «{NBSP}{pack.id}{NBSP}» n'a aucune version de certification adaptative.", file=sys.stderr)
        return 2
    if args.version is not None and args.version not in versions:
        print(f"Version de certification inconnue{NBSP}: {args.version} (possibles{NBSP}: {', '.join(versions)}).",
              file=sys.stderr)
        return 2
    version = versions[args.version] if args.version else next(iter(versions.values()))
    report = simulate(pack, version, args.candidates, args.seed, args.timing_candidates)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(render(report))
    return 0


def simulate(pack, version, candidates: int, seed: str, timing_candidates: int = TIMING_CANDIDATES) -> dict:
    """Every figure of the command, as one JSON-ready object."""
    from ..core.adaptive.simulation import compare

    main = compare(pack, pack.bank, version, candidates, seed, *TARGET_RANGE)
    wide = compare(pack, pack.bank, version, candidates, seed, *WIDE_RANGE)
    rmse_32 = main["adaptive"]["rmse_by_length"]["32"]
    return {
        "pack": {"id": pack.id, "version": pack.version, "challenges": len(pack.bank), "tubes": len(pack.bank.tubes())},
        "certification_version": version.id, "seed": seed, "candidates": candidates,
        "capacities": list(TARGET_RANGE), "adaptive": main["adaptive"], "classic": main["classic"],
        "wide": {"capacities": list(WIDE_RANGE), "adaptive": wide["adaptive"], "classic": wide["classic"]},
        "target": {"rmse_after_32": TARGET_RMSE, "met": rmse_32 is not None and rmse_32 <= TARGET_RMSE},
        "selection_ms": selection_times(version, seed, timing_candidates),
    }


def selection_times(version, seed: str, candidates: int = TIMING_CANDIDATES) -> dict:
    """Time ``next_question`` over whole simulated tests on a synthetic bank of 2 000 challenges.

    "warm": as in the server, which keeps the recent estimates (each choice replays one answer);
    "cold": the estimate replayed from the start before every choice (after a restart). Each
    choice is timed twice: CPU time of this thread (what the selection costs) and wall-clock
    time (what it costs on a machine that other programs share: preemption included).
    """
    import random

    from ..content import FRAMEWORK_COMPETENCES
    from ..core.adaptive import Asked, estimator, next_question, probability
    from ..core.adaptive.simulation import synthetic_bank

    bank = synthetic_bank(TIMING_BANK, seed, list(FRAMEWORK_COMPETENCES))
    times: dict[str, list[float]] = {"cpu": [], "wall": [], "cold_cpu": [], "cold_wall": []}
    rng = random.Random(f"timing:{seed}")

    def timed(prefix: str, call):
        cpu, wall = time.thread_time(), time.perf_counter()
        result = call()
        times[prefix + "cpu"].append(time.thread_time() - cpu)
        times[prefix + "wall"].append(time.perf_counter() - wall)
        return result

    for n in range(candidates):
        theta = rng.uniform(*TARGET_RANGE)
        history: list = []
        for q in range(version.max_questions):
            choice = timed("", lambda: next_question(version, bank, history, None, (), False, f"{seed}:{n}:{q}"))
            if choice is None:
                break
            estimator.clear_cache()
            timed("cold_", lambda: next_question(version, bank, history, None, (), False, f"{seed}:{n}:{q}"))
            history.append(Asked(choice.challenge_id, choice.a, choice.b,
                                 rng.random() < probability(choice.a, choice.b, theta)))
        estimator.clear_cache()
    out: dict = {"bank_size": len(bank), "choices": len(times["cpu"])}
    for key, values in times.items():
        out[key] = {"median": _ms(statistics.median(values)), "p99": _ms(_quantile(values, 0.99)),
                    "max": _ms(max(values))}
    return out


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _int(value: int) -> str:
    return f"{value:,}".replace(",", NBSP)


def _num(value: float | None, digits: int = 2, sign: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    if float(text) == 0:  # no "−0,00"
        text = text.replace("-", "+" if sign else "")
    return text.replace(".", ",").replace("-", "\u2212")


def _bin(key: str) -> str:
    low, high = (int(x) for x in key.strip("[)").split(", "))
    return f"[{_num(low, 0)}{NBSP}; {_num(high, 0)}["


def _table(figures: dict, classic: dict) -> list[str]:
    lines = [f"questions │ adaptatif{NBSP}: RMSE   biais   corr. │ classique{NBSP}: RMSE   biais   corr."]
    for n in ("8", "16", "24", "32"):
        a = (figures["rmse_by_length"][n], figures["bias_by_length"][n], figures["correlation_by_length"][n])
        c = (classic["rmse_by_length"][n], classic["bias_by_length"][n], classic["correlation_by_length"][n])
        lines.append(f"{n:>9} │ {'':>11}{_num(a[0]):>5}  {_num(a[1], sign=True):>6}  {_num(a[2], 3):>5} │ "
                     f"{'':>11}{_num(c[0]):>5}  {_num(c[1], sign=True):>6}  {_num(c[2], 3):>5}")
    return lines


def render(report: dict) -> str:
    """The report in French, for a terminal."""
    low, high = (_num(x, 0) for x in report["capacities"])
    wide_low, wide_high = (_num(x, 0) for x in report["wide"]["capacities"])
    classic = report["classic"]
    lines = [f"Certification adaptative simulée — pack {report['pack']['id']} {report['pack']['version']} "
             f"({report['pack']['challenges']} épreuves calibrées, {report['pack']['tubes']} tubes), version "
             f"{report['certification_version']}, graine {report['seed']}.",
             f"RMSE et biais de la capacité estimée, corrélation du score avec la vraie capacité, après 8, 16, 24 et "
             "32 questions. Test classique\u00a0: profil de positionnement tiré de la vraie capacité, test généré "
             f"comme en session (en moyenne {_num(classic['mean_length'], 1)} questions), même estimateur.", "",
             f"{report['candidates']} candidats, capacités uniformes dans [{low}{NBSP}; {high}]\u00a0:",
             *_table(report["adaptive"], classic),
             f"Corrélation du score classique (pix certifiés) avec la vraie capacité\u00a0: "
             f"{_num(classic['classic_pix_correlation'], 3)}.", "",
             f"{report['candidates']} candidats, capacités uniformes dans [{wide_low}{NBSP}; {wide_high}]\u00a0:",
             *_table(report["wide"]["adaptive"], report["wide"]["classic"])]
    bins = report["wide"]["adaptive"]["rmse_32_by_capacity"]
    lines.append(f"RMSE adaptatif après 32 questions, par capacité{NBSP}: " + f"{NBSP}; ".join(
        f"{_bin(k)}{NBSP}: {_num(v)}" for k, v in bins.items()) + ".")
    if report["wide"]["classic"]["not_certifiable"]:
        n = report["wide"]["classic"]["not_certifiable"]
        lines.append(f"({n}{NBSP}candidat{'s' if n > 1 else ''} non certifiable{'s' if n > 1 else ''} au test "
                     "classique, hors de ses chiffres.)")
    rmse = report["adaptive"]["rmse_by_length"]["32"]
    verdict = "atteint" if report["target"]["met"] else "NON atteint"
    lines += ["", f"Objectif RMSE ≤ {_num(TARGET_RMSE, 1)} après 32 questions pour des capacités dans "
                  f"[{low}{NBSP}; {high}]\u00a0: {verdict} ({_num(rmse)})."]
    t = report["selection_ms"]

    def figures(key: str) -> str:
        f = t[key]
        return (f"médiane {_num(f['median'], 2)}{NBSP}ms, p99 {_num(f['p99'], 2)}{NBSP}ms, "
                f"max {_num(f['max'], 2)}{NBSP}ms")
    lines += [f"Temps de sélection d'une question (banque synthétique de {_int(t['bank_size'])} épreuves, "
              f"{_int(t['choices'])} choix) :",
              f"  temps processeur{NBSP}: {figures('cpu')}{NBSP};",
              f"  temps écoulé (machine partagée){NBSP}: {figures('wall')}{NBSP};",
              f"  estimation rejouée depuis le début (après un redémarrage), temps processeur{NBSP}: "
              f"{figures('cold_cpu')}."]
    return "\n".join(lines)
