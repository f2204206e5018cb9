"""Reads measured spot traces from a folder laid out like the project's data folders."""
import json
import os
import re
from dataclasses import dataclass

import numpy as np

_START = re.compile(r"(aws|gcp)-(\d\d)-(\d\d)-(\d{4})$")


@dataclass
class Trace:
    """One zone's trace: instances available per tick, and the spot price when recorded."""
    path: str  # relative to the spot-traces folder, as in skypilot-org/spot-traces
    experiment: str
    zone: str
    pool: str
    start: str  # the experiment's day (the source knows no time of day), ISO 8601
    gap_seconds: int
    available: np.ndarray  # float64, one value per tick
    prices: np.ndarray  # float64, NaN where the tick has no price


def zone_and_pool(file_name):
    stem = file_name[:-len(".json")]
    zone, _, pool = stem.partition("_")
    return zone, pool


def load_traces(spot_traces_dir):
    """Every trace under spot_traces_dir, sorted by path so the order never depends on the file system."""
    traces = []
    for root, _dirs, files in os.walk(spot_traces_dir):
        for name in files:
            if not name.endswith(".json"):
                continue
            full = os.path.join(root, name)
            rel = os.path.relpath(full, spot_traces_dir).replace(os.sep, "/")
            experiment = os.path.basename(root)
            match = _START.search(experiment)
            start = f"{match.group(4)}-{match.group(2)}-{match.group(3)}T00:00:00Z" if match else "1970-01-01T00:00:00Z"
            with open(full, encoding="utf-8") as handle:
                raw = json.load(handle)
            data = np.asarray(raw["data"], dtype=np.float64)
            prices = np.full(len(data), np.nan)
            raw_prices = raw.get("prices") or []
            count = min(len(raw_prices), len(data))
            if count:
                prices[:count] = np.asarray(raw_prices[:count], dtype=np.float64)
            zone, pool = zone_and_pool(name)
            traces.append(Trace(rel, experiment, zone, pool, start, int(raw["metadata"]["gap_seconds"]), data, prices))
    traces.sort(key=lambda trace: trace.path)
    return traces
