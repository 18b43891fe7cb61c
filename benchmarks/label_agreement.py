"""How often two people label the same message alike, and how the advisor does where they agree.

A 97 % accuracy target only means something if the labels themselves are that consistent. This reads
`benchmarks/data/second-labels.yaml` (a second, blind labelling of 700 single-turn held-out cases),
compares it with the labels in `tests/data/`, and runs the advisor on the same cases:

    .venv/bin/python benchmarks/label_agreement.py

Two labellings agree *exactly* when they give the same set of labels, and *in part* when they share one
(a message one labeller reads as two questions and the other as one of them).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.core import Advisor  # noqa: E402
from advisor.evaluation import load_cases, run_cases  # noqa: E402
from advisor.intents import OUT_OF_SCOPE  # noqa: E402

SECOND_LABELS = ROOT / "benchmarks" / "data" / "second-labels.yaml"


def _as_set(labels: str | list[str]) -> frozenset[str]:
    return frozenset(labels if isinstance(labels, list) else [labels])


def main() -> None:
    second = {key: _as_set(value) for key, value in yaml.safe_load(SECOND_LABELS.read_text(encoding="utf-8")).items()}
    advisor = Advisor.load()
    counts: Counter[str] = Counter()
    disagreements: Counter[tuple[str, str]] = Counter()
    for name in sorted({key.split(":")[0] for key in second}):
        for outcome in run_cases(advisor, load_cases(ROOT / "tests" / "data" / name)):
            other = second.get(f"{name}:{outcome.case.id}")
            if other is None or len(outcome.case.turns) > 1:
                continue
            first = frozenset(outcome.expected.intents)
            kind = "out of scope" if first == {OUT_OF_SCOPE} else "in scope"
            agreed = bool(first & other)
            counts[kind] += 1
            counts[f"{kind}: exact"] += first == other
            counts[f"{kind}: in part"] += agreed
            counts[f"{kind}: advisor right"] += outcome.intent_ok
            counts[f"{kind}: agreed, advisor right"] += agreed and outcome.intent_ok
            if not agreed:
                disagreements["/".join(sorted(first)), "/".join(sorted(other))] += 1
    for kind in ("in scope", "out of scope"):
        total = counts[kind]
        share = lambda key: f"{counts[key]} / {total} ({100 * counts[key] / max(total, 1):.1f} %)"  # noqa: E731
        agreed = counts[f"{kind}: in part"]
        print(f"{kind}: {total} cases")
        print(f"  labellers agree exactly: {share(f'{kind}: exact')}; in part: {share(f'{kind}: in part')}")
        print(f"  advisor right (against the set's labels): {share(f'{kind}: advisor right')}")
        right = counts[f"{kind}: agreed, advisor right"]
        print(f"  advisor right where the labellers agree: {right} / {agreed} ({100 * right / max(agreed, 1):.1f} %)")
    print("disagreements (set's label -> second label):")
    for (first, other), count in disagreements.most_common():
        print(f"  {count} x {first} -> {other}")


if __name__ == "__main__":
    main()
