"""One logistic model over named features, shipped as plain JSON and scored with a dot product.

Passage fusion, the exact-answer reader and the decision to decline (which adds its threshold)
are each fitted by a script in `bench/` with scikit-learn; at question time only these weights
are read, so neither pickle nor scikit-learn is on the question path.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Logistic:
    """sigmoid(bias + weights . features); a feature the weights do not name counts nothing."""

    bias: float
    weights: dict[str, float] = field(default_factory=dict)
    trained_on: str = ""  # what the training script says of its data

    def score(self, values: Mapping[str, float]) -> float:
        logit = self.bias + sum(self.weights.get(name, 0.0) * v for name, v in values.items())
        return 1.0 / (1.0 + math.exp(-max(min(logit, 40.0), -40.0)))

    def to_json(self) -> str:
        fields = {"bias": self.bias, "weights": self.weights, "trained_on": self.trained_on}
        return json.dumps(fields, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Logistic:
        raw = json.loads(text)
        weights = {str(k): float(v) for k, v in raw["weights"].items()}
        return cls(float(raw["bias"]), weights, str(raw.get("trained_on", "")))


@cache
def shipped(name: str) -> Logistic:
    """A model file of the qa.answering package, read once."""
    return Logistic.from_json(resources.files("qa.answering").joinpath(name).read_text(encoding="utf-8"))
