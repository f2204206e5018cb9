"""Provider incidents as the pipeline sees them: signals per region, each with its enrichment.

The enrichments come from the product's own TypeScript (the sources plugin reads the feed, the
lexicon enricher enriches each signal): `npm run train:forecaster` first runs enrich_incidents.ts,
which writes gcp-incidents/signals.json next to the feed. This module only reads that file.
"""
import hashlib
import json
import os
import re
import sys
from datetime import datetime


def iso_ms(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000


def region_of_zone(zone):
    """`us-east1-b` (GCP) -> `us-east1`; `us-east-1c` (AWS zone name) -> `us-east-1`."""
    if re.search(r"-[a-z]$", zone):
        return zone[:-2]
    return re.sub(r"[a-z]$", "", zone)


def regions_of(incident):
    """The regions an incident names (as the sources plugin reads them), or ['global'] when none."""
    locations = list(incident.get("currently_affected_locations") or []) + list(incident.get("previously_affected_locations") or [])
    for update in incident.get("updates") or []:
        locations += update.get("affected_locations") or []
    return sorted({loc["id"] for loc in locations if isinstance(loc.get("id"), str)}) or ["global"]


def load_signals(data_dir):
    """{region: [(time_ms, severity, b_capacity, negative_news, enrichment)]} from gcp-incidents/, or {} without a feed."""
    feed = os.path.join(data_dir, "gcp-incidents", "incidents.json")
    if not os.path.exists(feed):
        return {}
    path = os.path.join(data_dir, "gcp-incidents", "signals.json")
    with open(feed, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    if not os.path.exists(path):
        sys.exit(f"{path} is missing: run `npm run train:forecaster` (it enriches {feed} with the product's enricher first)")
    with open(path, encoding="utf-8") as handle:
        written = json.load(handle)
    if written["feedSha256"] != digest:
        sys.exit(f"{path} was written from another {feed}: run `npm run train:forecaster` again")
    by_region = {}
    for s in written["signals"]:
        e = s["enrichment"]
        by_region.setdefault(s["region"], []).append((iso_ms(s["timestamp"]), s["severity"], float(e["bCapacity"]), max(0.0, -float(e["vNews"]["sentiment"])), e))
    return by_region


def signals_for(by_region, zone):
    """The signals a pool in this zone sees: its region's and the global ones."""
    return by_region.get(region_of_zone(zone), []) + by_region.get("global", [])
