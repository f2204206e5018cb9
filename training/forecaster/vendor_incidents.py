#!/usr/bin/env python3
"""Selects the Google Cloud incidents the training traces' pools see, from a copy of the feed.

Usage: python3 training/forecaster/vendor_incidents.py SOURCE/gcp-incidents/incidents.json
Run once by hand to vendor; training and tests read only the output,
training/forecaster/data/gcp-incidents/incidents.json. Records are selected, never edited: an
incident is kept when one of its signals (its regions, or `global` when it names none) is one a
pool of a trace sees (the pool's region or `global`) and it begins within 24 h (the features'
lookback) before a trace's start and the trace's end. Same order as the source (newest first).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aether_training.incidents import iso_ms, region_of_zone, regions_of  # noqa: E402
from aether_training.traces import load_traces  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
LOOKBACK_MS = 24 * 3_600_000


def main(source):
    traces = load_traces(os.path.join(DATA, "spot-traces"))
    periods = [(region_of_zone(t.zone), iso_ms(t.start), iso_ms(t.start) + len(t.available) * t.gap_seconds * 1000) for t in traces]
    with open(source, encoding="utf-8") as handle:
        incidents = json.load(handle)
    kept = []
    for incident in incidents:
        if not incident.get("begin") or incident.get("severity") not in ("low", "medium", "high"):
            continue
        begin = iso_ms(incident["begin"])
        regions = set(regions_of(incident))
        if any((region in regions or "global" in regions) and start - LOOKBACK_MS <= begin <= end for region, start, end in periods):
            kept.append(incident)
    out = os.path.join(DATA, "gcp-incidents", "incidents.json")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(kept, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"kept {len(kept)} of {len(incidents)} incidents: {min(i['begin'] for i in kept)} .. {max(i['begin'] for i in kept)}")


if __name__ == "__main__":
    main(sys.argv[1])
