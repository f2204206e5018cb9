"""The fixture the TypeScript tests compare with: windows with their raw ticks and signals, and the
features and probability computed here (plugins/forecaster-tsmixer/src/fixtures/python-features.json)."""
from datetime import datetime

import numpy as np

from . import features
from .incidents import iso_ms, signals_for


def _iso(ms):
    return datetime.utcfromtimestamp(ms / 1000).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _first_with_signals(trace, signals):
    """The fraction of the trace where the first window with a non-zero capacity (else any) signal channel ends."""
    start_ms = iso_ms(trace.start)
    for want in (5, 4):
        for end in range(features.WINDOW_TICKS, len(trace.available), 7):
            if features.signal_channels(signals, start_ms + end * trace.gap_seconds * 1000.0)[want - 4] > 0:
                return (end + 0.5) / len(trace.available)
    return None


def fixture(traces, incidents, probability):
    """Windows with their raw ticks, signals and the features and probabilities computed here, for the TS test."""
    cases = []
    picks = [(t, frac) for t in traces if t.path.startswith("preemption/1-node/aws-04-22") for frac in (0.3, 0.85)]
    picks += [(t, 0.5) for t in traces if t.path.startswith("availability/1-node/aws-10-26-2022/us-west-2a_v100_1")]
    picks += [(t, 0.9) for t in traces if t.path.startswith("preemption/4-node/aws-08-03-2023/us-west-2c")]
    picks += [(t, 0.2) for t in traces if t.path.startswith("preemption/1-node/gcp-04-30-2023/us-east1-b")]
    # Windows with the vendored incidents' signals in their lookback: the signal channels non-zero.
    for t in traces:
        if t.path.startswith(("availability/1-node/aws-02-15-2023/us-east-1c", "preemption/1-node/aws-04-19-2023/us-east-1b",
                              "availability/16-node/aws-08-27-2023/us-west-2a")):
            frac = _first_with_signals(t, signals_for(incidents, t.zone))
            if frac is not None:
                picks.append((t, frac))
    # The vendored signals all have B_capacity 0: one case with synthetic ones (fixture only) compares that path too.
    synthetic = [(-2, "high", {"vNews": {"sentiment": -0.5, "volatilityLikelihood": 0.8}, "bCapacity": 0.7, "model": "keyword-lexicon@1"}),
                 (-30, "medium", {"vNews": {"sentiment": -0.9, "volatilityLikelihood": 0.5}, "bCapacity": 1, "model": "keyword-lexicon@1"}),
                 (-9, "low", {"vNews": {"sentiment": 0.2, "volatilityLikelihood": 0.2}, "bCapacity": 0.35, "model": "keyword-lexicon@1"}),
                 (-5, "medium", None)]
    picks += [(t, 0.6) for t in traces if t.path.startswith("preemption/1-node/aws-04-19-2023/us-east-1c")]
    for case_index, (trace, frac) in enumerate(picks):
        end = int(frac * len(trace.available))
        ticks = features.WINDOW_TICKS if case_index % 3 else 20  # some short windows: padding
        lo = end - ticks + 1
        start_ms = iso_ms(trace.start)
        times = start_ms + np.arange(lo, end + 1) * trace.gap_seconds * 1000.0
        asof = times[-1]
        # The signals the pipeline would hand over: those of the last 30 h (some older than the 24 h the features count).
        signals = [s for s in signals_for(incidents, trace.zone) if asof - 30 * 3_600_000 <= s[0] <= asof]
        if case_index == len(picks) - 1:
            signals = [(asof + h * 3_600_000, sev, e["bCapacity"] if e else 0.0, max(0.0, -e["vNews"]["sentiment"]) if e else 0.0, e) for h, sev, e in synthetic]
        x = features.window_features(times, trace.available[lo:end + 1], trace.prices[lo:end + 1], features.signal_channels(signals, asof))
        cases.append({
            "trace": trace.path,
            "ticks": [{"timestamp": _iso(t), "available": float(a), "price": None if np.isnan(p) else float(p)}
                      for t, a, p in zip(times, trace.available[lo:end + 1], trace.prices[lo:end + 1])],
            "signals": [{"timestamp": _iso(s[0]), "severity": s[1], **({} if s[4] is None else {"enrichment": s[4]})} for s in signals],
            "features": x.tolist(),
            "probability": probability(x),
        })
    return {"featuresVersion": features.FEATURES_VERSION, "channels": features.CHANNELS, "cases": cases}
