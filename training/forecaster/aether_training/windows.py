"""Labelled windows from measured traces, and their split by time.

Label: the pool has no instance available at some tick within the next HORIZON_MINUTES after the
forecast time (measured capacity loss, including a pool already without capacity staying so).
"""
import math
from dataclasses import dataclass, field

import numpy as np

from .features import CHANNELS, WINDOW_TICKS, signal_channels, window_features

HORIZON_MINUTES = 60
STRIDE_MINUTES = 10
TRAIN_END = 0.7  # share of each trace's ticks
TEST_START = 0.8


@dataclass
class Windows:
    features: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    available_now: list = field(default_factory=list)
    trace: list = field(default_factory=list)
    end_tick: list = field(default_factory=list)

    def add(self, features, label, available_now, trace, end_tick):
        self.features.append(features)
        self.labels.append(label)
        self.available_now.append(available_now)
        self.trace.append(trace)
        self.end_tick.append(end_tick)

    def arrays(self):
        x = np.stack(self.features).astype(np.float32) if self.features else np.zeros((0, WINDOW_TICKS, len(CHANNELS)), np.float32)
        return x, np.asarray(self.labels, dtype=np.float32), np.asarray(self.available_now, dtype=bool)


def horizon_ticks(gap_seconds):
    return math.ceil(HORIZON_MINUTES * 60 / gap_seconds)


def stride_ticks(gap_seconds):
    return max(1, round(STRIDE_MINUTES * 60 / gap_seconds))


def split_of(end_tick, ticks, gap_seconds):
    """'train', 'validation', 'test' or None: labels never reach into the next part."""
    train_end = math.floor(TRAIN_END * ticks)
    test_start = math.floor(TEST_START * ticks)
    h = horizon_ticks(gap_seconds)
    if end_tick + h < train_end:
        return "train"
    if train_end <= end_tick and end_tick + h < test_start:
        return "validation"
    if end_tick >= test_start:
        return "test"
    return None


def trace_windows(trace, start_ms, signals):
    """Yields (split, end_tick, features, label) for every window of one trace."""
    ticks = len(trace.available)
    gap_ms = trace.gap_seconds * 1000
    h = horizon_ticks(trace.gap_seconds)
    step = stride_ticks(trace.gap_seconds)
    times = start_ms + np.arange(ticks, dtype=np.float64) * gap_ms
    for end in range(WINDOW_TICKS - 1, ticks - h, step):
        split = split_of(end, ticks, trace.gap_seconds)
        if split is None:
            continue
        lo = end - WINDOW_TICKS + 1
        features = window_features(times[lo:end + 1], trace.available[lo:end + 1], trace.prices[lo:end + 1], signal_channels(signals, times[end]))
        label = 1.0 if np.any(trace.available[end + 1:end + 1 + h] <= 0) else 0.0
        yield split, end, features, label
