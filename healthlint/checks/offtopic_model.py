"""The learned combiner of the off-topic detector, trained by ``train/offtopic.py fit`` and shipped as
``data/offtopic-model.json``: gradient-boosted trees over the block features of ``offtopic_features``
and gradient-boosted trees (or, in older model files, a logistic regression) over the link features.

Both explain themselves. A linear model's contribution of a feature is its standardised value times
its weight; a tree ensemble's is the change of value at each split along the path the block takes,
summed per feature (Saabas), so a finding can name the signs that weighed most. The trees are
evaluated here in plain Python: scikit-learn is needed to train, not to run.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MODEL_FILE = "offtopic-model.json"


@dataclass(frozen=True)
class LinearModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        return {
            name: (values.get(name, 0.0) - m) / s * w
            for name, m, s, w in zip(self.features, self.mean, self.scale, self.coef)
        }

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(self.contributions(values).values())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@dataclass(frozen=True)
class TreeEnsemble:
    features: tuple[str, ...]
    baseline: float
    trees: tuple[tuple[tuple[int, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...],
                       tuple[float, ...]], ...]

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        row = [values.get(name, 0.0) for name in self.features]
        out = dict.fromkeys(self.features, 0.0)
        for feature, threshold, left, right, leaf, value in self.trees:
            node = 0
            while not leaf[node]:
                child = left[node] if row[feature[node]] <= threshold[node] else right[node]
                out[self.features[feature[node]]] += value[child] - value[node]
                node = child
        return out

    def probability(self, values: dict[str, float]) -> float:
        row = [values.get(name, 0.0) for name in self.features]
        z = self.baseline
        for feature, threshold, left, right, leaf, value in self.trees:
            node = 0
            while not leaf[node]:
                node = left[node] if row[feature[node]] <= threshold[node] else right[node]
            z += value[node]
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def _trees(spec: dict) -> TreeEnsemble:
    trees = tuple(
        (tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]), tuple(t["right"]), tuple(t["leaf"]),
         tuple(t["value"]))
        for t in spec["trees"]
    )
    return TreeEnsemble(tuple(spec["features"]), float(spec["baseline"]), trees)


def _linear(spec: dict) -> LinearModel:
    return LinearModel(tuple(spec["features"]), tuple(spec["mean"]), tuple(spec["scale"]), tuple(spec["coef"]),
                       float(spec["intercept"]))


@lru_cache(maxsize=1)
def load_models() -> tuple[TreeEnsemble | LinearModel, TreeEnsemble | LinearModel | None, float, float]:
    """The block model, the link model, the block threshold the training chose, and the floor under
    which the default detector drops a rules finding."""
    text = resources.files("healthlint.data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    spec = json.loads(text)
    link = _model(spec["link"]) if spec.get("link") else None
    floor = float((spec.get("combined") or {}).get("rules_floor", 0.0))
    return _model(spec["block"]), link, float(spec.get("threshold", 0.5)), floor


def model_backs(start: int, end: int, scored: Iterable[tuple[int, int, float]], floor: float) -> bool:
    """Whether the model gives a block on lines ``start``..``end`` at least ``floor`` (``scored``: each
    block's first line, last line and probability): where a rules finding of the default detector stands."""
    return max((p for first, last, p in scored if first <= end and start <= last), default=0.0) >= floor


def _model(spec: dict) -> TreeEnsemble | LinearModel:
    return _linear(spec) if "coef" in spec else _trees(spec)


def group_flags(lines: list[tuple[int, int]], probabilities: list[float], threshold: float) -> list[tuple[int, int]]:
    """Line ranges of the runs of consecutive candidate blocks at or above the threshold: a bridge of
    two or three paragraphs is one finding."""
    groups: list[tuple[int, int]] = []
    previous = False
    for (start, end), probability in zip(lines, probabilities):
        flagged = probability >= threshold
        if flagged and previous:
            groups[-1] = (groups[-1][0], end)
        elif flagged:
            groups.append((start, end))
        previous = flagged
    return groups
