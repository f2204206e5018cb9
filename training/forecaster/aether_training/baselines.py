"""The two baselines the TSMixer is compared with, on the same windows."""
import numpy as np


def heuristic(x):
    """heuristic-baseline@1 (plugins/forecaster) from the same window: no on-demand price in the traces."""
    unavailable_share = 1.0 - x[:, :, 0].mean(axis=1)
    price_z = np.clip(x[:, -1, 2], 0, 4)
    incident = np.minimum(x[:, -1, 4], 3)
    score = -3 + 5 * unavailable_share + 0.6 * price_z + 1.2 * incident
    return 1 / (1 + np.exp(-score))


def persistence_rates(x_train, y_train):
    """P(label) in training given whether the pool has capacity at the forecast time."""
    now = x_train[:, -1, 0] > 0
    return {"availableNow": float(y_train[now].mean()), "unavailableNow": float(y_train[~now].mean())}


def persistence(x, rates):
    return np.where(x[:, -1, 0] > 0, rates["availableNow"], rates["unavailableNow"])
