"""Features `spot-window@2`: what the TSMixer sees of one pool at one time.

The TypeScript forecaster (plugins/forecaster-tsmixer/src/window-features.ts, signal-channels.ts) computes the same
numbers; a test compares both on a fixture this package writes. Change one, change both, and bump
FEATURES_VERSION.
"""
import math

import numpy as np

FEATURES_VERSION = "spot-window@2"
WINDOW_TICKS = 32
CHANNELS = ["available", "logGapMinutes", "priceZ", "hasPrice", "incidentScore", "capacityScore", "negativeNewsScore"]
# The channels from the pool's signals and their enrichments; the ablation leaves them out.
SIGNAL_CHANNELS = CHANNELS[4:]
SIGNAL_LOOKBACK_HOURS = 24.0
SIGNAL_HALF_LIFE_HOURS = 6.0
SEVERITY_WEIGHT = {"info": 0.1, "low": 0.3, "medium": 0.6, "high": 1.0}
PRICE_Z_LIMIT = 4.0
SIGNAL_CHANNEL_LIMIT = 3.0
NO_SIGNALS = (0.0, 0.0, 0.0)


def signal_channels(signals, asof_ms):
    """(incidentScore, capacityScore, negativeNewsScore) over the signals of the last 24 h, each decayed
    by 0.5^(age h / 6): sums of severity weight, B_capacity and negative sentiment, each capped at 3.
    signals are (time_ms, severity, b_capacity, negative_news, ...) (incidents.load_signals)."""
    incident = capacity = news = 0.0
    for at_ms, severity, b_capacity, negative_news, *_ in signals:
        age_hours = (asof_ms - at_ms) / 3_600_000
        if age_hours < 0 or age_hours > SIGNAL_LOOKBACK_HOURS:
            continue
        decay = 0.5 ** (age_hours / SIGNAL_HALF_LIFE_HOURS)
        incident += SEVERITY_WEIGHT.get(severity, 0.0) * decay
        capacity += b_capacity * decay
        news += negative_news * decay
    return (min(incident, SIGNAL_CHANNEL_LIMIT), min(capacity, SIGNAL_CHANNEL_LIMIT), min(news, SIGNAL_CHANNEL_LIMIT))


def window_features(times_ms, available, prices, signals):
    """A (WINDOW_TICKS, len(CHANNELS)) float64 matrix from the latest ticks, oldest first.

    times_ms, available, prices: the pool's ticks up to the forecast time (prices NaN when the tick
    has none); signals: signal_channels(...). Only the last WINDOW_TICKS count; fewer are left-padded with copies of the oldest.
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
    out[:, 4:7] = signals
    if count < WINDOW_TICKS:
        out = np.concatenate([np.repeat(out[:1], WINDOW_TICKS - count, axis=0), out], axis=0)
    return out
