"""Features `spot-window@1`: what the TSMixer sees of one pool at one time.

The TypeScript forecaster (plugins/forecaster-tsmixer/src/window-features.ts) computes the same
numbers; a test compares both on a fixture this package writes. Change one, change both, and bump
FEATURES_VERSION.
"""
import math

import numpy as np

FEATURES_VERSION = "spot-window@1"
WINDOW_TICKS = 32
CHANNELS = ["available", "logGapMinutes", "priceZ", "hasPrice", "incidentScore"]
SIGNAL_LOOKBACK_HOURS = 24.0
SIGNAL_HALF_LIFE_HOURS = 6.0
SEVERITY_WEIGHT = {"info": 0.1, "low": 0.3, "medium": 0.6, "high": 1.0}
PRICE_Z_LIMIT = 4.0
INCIDENT_LIMIT = 3.0


def incident_score(signals, asof_ms):
    """Severity-weighted, time-decayed signals of the last 24 h; signals are (time_ms, severity)."""
    score = 0.0
    for at_ms, severity in signals:
        age_hours = (asof_ms - at_ms) / 3_600_000
        if age_hours < 0 or age_hours > SIGNAL_LOOKBACK_HOURS:
            continue
        score += SEVERITY_WEIGHT.get(severity, 0.0) * 0.5 ** (age_hours / SIGNAL_HALF_LIFE_HOURS)
    return min(score, INCIDENT_LIMIT)


def window_features(times_ms, available, prices, incident):
    """A (WINDOW_TICKS, len(CHANNELS)) float64 matrix from the latest ticks, oldest first.

    times_ms, available, prices: the pool's ticks up to the forecast time (prices NaN when the tick
    has none). Only the last WINDOW_TICKS count; fewer are left-padded with copies of the oldest.
    """
    times_ms = np.asarray(times_ms, dtype=np.float64)[-WINDOW_TICKS:]
    available = np.asarray(available, dtype=np.float64)[-WINDOW_TICKS:]
    prices = np.asarray(prices, dtype=np.float64)[-WINDOW_TICKS:]
    count = len(times_ms)
    out = np.zeros((count, len(CHANNELS)), dtype=np.float64)
    out[:, 0] = (available > 0).astype(np.float64)
    gaps = np.zeros(count)
    if count > 1:
        gaps[1:] = np.diff(times_ms) / 60_000
        gaps[0] = gaps[1]
    out[:, 1] = np.log1p(np.maximum(gaps, 0))
    has_price = ~np.isnan(prices)
    out[:, 3] = has_price.astype(np.float64)
    known = prices[has_price]
    if len(known) >= 3:
        mean = known.mean()
        deviation = math.sqrt(((known - mean) ** 2).mean())
        # All-equal prices give 0 exactly, whatever last bits the mean's summation order leaves.
        if deviation > 0 and known.max() > known.min():
            z = np.clip((prices - mean) / deviation, -PRICE_Z_LIMIT, PRICE_Z_LIMIT)
            out[:, 2] = np.where(has_price, z, 0.0)
    out[:, 4] = incident
    if count < WINDOW_TICKS:
        out = np.concatenate([np.repeat(out[:1], WINDOW_TICKS - count, axis=0), out], axis=0)
    return out
