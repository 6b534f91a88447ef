"""The logistic regression the confidences are learnt with (the reported-speech statements of
:mod:`.attribution_rules`, the calibration of :mod:`.statement_tagger`)."""
from __future__ import annotations

import numpy as np

# chosen by two-fold cross-fitting on the development part (docs/EVALUATION.md)
L2 = 2.0
ROUNDS = 300
RATE = 0.5


def train_weights(examples: list[tuple[list[str], bool]], l2: float = L2, rounds: int = ROUNDS) -> dict[str, float]:
    """Logistic regression over the statements' features (L2-regularised, full-batch AdaGrad from
    zero, so the same examples give the same weights)."""
    names: dict[str, int] = {}
    rows = [[names.setdefault(f, len(names)) for f in features] for features, _ in examples]
    if not rows:
        return {}
    flat = np.array([k for row in rows for k in row], dtype=np.int64)
    owner = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    target = np.array([ok for _, ok in examples], dtype=float)
    w = np.zeros(len(names))
    squares = np.full(len(names), 1e-8)
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-np.bincount(owner, weights=w[flat], minlength=len(rows))))
        grad = np.bincount(flat, weights=(p - target)[owner], minlength=len(names)) + l2 * w
        squares += grad * grad
        w -= RATE * grad / np.sqrt(squares)
    return {f: round(float(w[k]), 4) for f, k in sorted(names.items()) if abs(w[k]) >= 5e-5}
