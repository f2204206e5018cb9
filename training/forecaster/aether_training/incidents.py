"""Provider incidents as (time_ms, severity) per region, read the way the sources plugin reads them."""
import json
import os
import re
from datetime import datetime


def _ms(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000


def region_of_zone(zone):
    """`us-east1-b` (GCP) -> `us-east1`; `us-east-1c` (AWS zone name) -> `us-east-1`."""
    if re.search(r"-[a-z]$", zone):
        return zone[:-2]
    return re.sub(r"[a-z]$", "", zone)


def load_gcp_incidents(data_dir):
    """{region: [(time_ms, severity)]} from gcp-incidents/incidents.json, or {} when absent."""
    path = os.path.join(data_dir, "gcp-incidents", "incidents.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        incidents = json.load(handle)
    by_region = {}
    for incident in incidents:
        if not incident.get("begin") or incident.get("severity") not in ("low", "medium", "high"):
            continue
        locations = list(incident.get("currently_affected_locations") or []) + list(incident.get("previously_affected_locations") or [])
        for update in incident.get("updates") or []:
            locations += update.get("affected_locations") or []
        regions = sorted({loc["id"] for loc in locations if isinstance(loc.get("id"), str)}) or ["global"]
        for region in regions:
            by_region.setdefault(region, []).append((_ms(incident["begin"]), incident["severity"]))
    return by_region


def signals_for(by_region, zone):
    """The signals a pool in this zone sees: its region's and the global ones."""
    return by_region.get(region_of_zone(zone), []) + by_region.get("global", [])
