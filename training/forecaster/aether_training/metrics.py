"""Scores of probabilities against 0/1 labels; plugins/forecaster-tsmixer/src/metrics.ts is the same."""
import numpy as np


def average_precision(scores, labels):
    """AUC-PR as average precision: sum over distinct thresholds of (recall step) x precision."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.float64)
    positives = labels.sum()
    if positives == 0:
        return float("nan")
    order = np.argsort(-scores, kind="stable")
    scores, labels = scores[order], labels[order]
    true_pos = np.cumsum(labels)
    seen = np.arange(1, len(labels) + 1)
    last_of_tie = np.r_[scores[1:] != scores[:-1], True]
    tp, n = true_pos[last_of_tie], seen[last_of_tie]
    recall = tp / positives
    precision = tp / n
    steps = np.diff(np.r_[0.0, recall])
    return float((steps * precision).sum())


def brier(scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.float64)
    return float(((scores - labels) ** 2).mean())
