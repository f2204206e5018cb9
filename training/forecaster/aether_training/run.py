"""The training run: windows, fit, held-out test metrics, ONNX export, model card, TS fixture."""
import argparse
import json
import os
import random
import time

import numpy as np
import torch

from . import baselines, features, windows
from .fixture import fixture
from .incidents import iso_ms, load_signals, region_of_zone, signals_for
from .metrics import average_precision, brier
from .model_card import write_model_card
from .traces import load_traces
from .tsmixer import TSMixer

SEED = 15
EPOCHS = 6
BATCH = 256
LEARNING_RATE = 1e-3
MODEL_NAME = "tsmixer"
MODEL_VERSION = 2
# The ablation: the same architecture, seed and data without the signal channels.
TELEMETRY_CHANNELS = [c for c in features.CHANNELS if c not in features.SIGNAL_CHANNELS]
ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def parse(argv):
    parser = argparse.ArgumentParser(description="Train the TSMixer forecaster")
    parser.add_argument("--data", default=os.path.join(ROOT, "training", "forecaster", "data"))
    parser.add_argument("--out", default=os.path.join(ROOT, "plugins", "forecaster-tsmixer", "model"))
    parser.add_argument("--fixture", default=os.path.join(ROOT, "plugins", "forecaster-tsmixer", "src", "fixtures", "python-features.json"))
    return parser.parse_args(argv)


def reproducible():
    torch.set_num_threads(1)  # the machine's cores are shared; also one thread sums in one order
    torch.use_deterministic_algorithms(True)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)


def build(traces, incidents):
    parts = {name: windows.Windows() for name in ("train", "validation", "test")}
    for index, trace in enumerate(traces):
        signals = signals_for(incidents, trace.zone)
        for split, end, x, y in windows.trace_windows(trace, iso_ms(trace.start), signals):
            parts[split].add(x, y, trace.available[end] > 0, trace.path, end)
        print(f"  windows [{index + 1:2d}/{len(traces)}] {trace.path}", flush=True)
    return parts


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()[:, 0]


def fit(x_train, y_train, x_val, y_val, label):
    torch.manual_seed(SEED)  # each model from the same initial state of the generator, whichever trains first
    flat = x_train.reshape(-1, x_train.shape[2]).astype(np.float64)
    mean, std = flat.mean(axis=0), flat.std(axis=0)
    std[std == 0] = 1.0  # a channel constant in training passes through unscaled
    model = TSMixer(features.WINDOW_TICKS, x_train.shape[2], mean, std)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    generator = torch.Generator().manual_seed(SEED)
    xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train)
    best = (-1.0, None, 0)
    for epoch in range(1, EPOCHS + 1):
        model.train()
        order = torch.randperm(len(xt), generator=generator)
        total, started = 0.0, time.time()
        batches = range(0, len(order), BATCH)
        for step, start in enumerate(batches):
            idx = order[start:start + BATCH]
            optimiser.zero_grad()
            loss = loss_fn(model.logits(xt[idx]), yt[idx])
            loss.backward()
            optimiser.step()
            total += loss.item() * len(idx)
            if step % 50 == 0:
                print(f"\r  {label} epoch {epoch:2d}/{EPOCHS} batch {step + 1}/{len(batches)}", end="", flush=True)
        val_ap = average_precision(predict(model, x_val), y_val)
        print(f"\r  {label} epoch {epoch:2d}/{EPOCHS} train log loss {total / len(xt):.4f}  validation AUC-PR {val_ap:.4f}  ({time.time() - started:.1f} s)", flush=True)
        if val_ap > best[0]:
            best = (val_ap, {k: v.clone() for k, v in model.state_dict().items()}, epoch)
    model.load_state_dict(best[1])
    return model, mean, std, best[2]


def scores(p, y, now):
    onset = now  # windows whose pool has capacity at the forecast time: will it lose it?
    return {
        "windows": int(len(y)), "positives": int(y.sum()),
        "aucPr": average_precision(p, y), "brier": brier(p, y),
        "onset": {"windows": int(onset.sum()), "positives": int(y[onset].sum()),
                  "aucPr": average_precision(p[onset], y[onset]), "brier": brier(p[onset], y[onset])},
    }


def channel_stats(x):
    flat = x.reshape(-1, x.shape[2]).astype(np.float64)
    mean, std = flat.mean(axis=0), flat.std(axis=0)
    stats = []
    for c, name in enumerate(features.CHANNELS):
        if std[c] == 0:
            stats.append({"name": name, "mean": float(mean[c]), "std": 0.0, "zLimit": 0.0})
        else:
            # Drift check bound: the largest |z| seen in training plus one.
            z_max = float(np.abs((flat[:, c] - mean[c]) / std[c]).max())
            stats.append({"name": name, "mean": float(mean[c]), "std": float(std[c]), "zLimit": round(z_max + 1, 6)})
    return stats


def export_onnx(model, path):
    import onnx
    model.eval()
    example = torch.zeros(2, features.WINDOW_TICKS, len(features.CHANNELS))
    torch.onnx.export(model, example, path, input_names=["features"], output_names=["probability"],
                      dynamic_axes={"features": {0: "batch"}, "probability": {0: "batch"}}, opset_version=13)
    onnx.checker.check_model(onnx.load(path))


def main(argv):
    args = parse(argv)
    reproducible()
    print(f"train:forecaster  torch {torch.__version__}, seed {SEED}, data {os.path.relpath(args.data, ROOT)}", flush=True)
    traces = load_traces(os.path.join(args.data, "spot-traces"))
    incidents = load_signals(args.data)
    print(f"{len(traces)} traces, {sum(map(len, incidents.values()))} enriched signals for {len(incidents)} regions; building windows ({features.FEATURES_VERSION}, "
          f"{features.WINDOW_TICKS} ticks, horizon {windows.HORIZON_MINUTES} min)", flush=True)
    parts = build(traces, incidents)
    (x_tr, y_tr, now_tr), (x_va, y_va, now_va), (x_te, y_te, now_te) = (parts[p].arrays() for p in ("train", "validation", "test"))
    print(f"windows: train {len(y_tr)} ({y_tr.mean():.1%} positive), validation {len(y_va)}, test {len(y_te)} ({y_te.mean():.1%} positive)", flush=True)
    model, _mean, _std, best_epoch = fit(x_tr, y_tr, x_va, y_va, "fused")
    telemetry = [features.CHANNELS.index(c) for c in TELEMETRY_CHANNELS]
    ablated, _, _, ablated_epoch = fit(x_tr[:, :, telemetry], y_tr, x_va[:, :, telemetry], y_va, "ablation")
    rates = baselines.persistence_rates(x_tr, y_tr)
    p_model = predict(model, x_te)
    metrics = {
        MODEL_NAME: scores(p_model, y_te, now_te),
        "heuristic": scores(baselines.heuristic(x_te), y_te, now_te),
        "persistence": scores(baselines.persistence(x_te, rates), y_te, now_te),
    }
    p_ablated = predict(ablated, np.ascontiguousarray(x_te[:, :, telemetry]))
    with_signal = (x_te[:, -1, 4:] > 0).any(axis=1)  # where the two can differ at all
    ablation = {"channels": TELEMETRY_CHANNELS, "bestEpoch": ablated_epoch,
                "test": scores(p_ablated, y_te, now_te),
                "validationAucPr": average_precision(predict(ablated, np.ascontiguousarray(x_va[:, :, telemetry])), y_va),
                "testWindowsWithSignals": {"fused": scores(p_model[with_signal], y_te[with_signal], now_te[with_signal]),
                                           "ablation": scores(p_ablated[with_signal], y_te[with_signal], now_te[with_signal])}}
    metrics_with = dict(metrics, **{"tsmixer without signal channels": ablation["test"]})
    signal_windows = {p: int((parts_x[:, -1, 4:] > 0).any(axis=1).sum()) for p, parts_x in (("train", x_tr), ("validation", x_va), ("test", x_te))}
    for name, m in metrics_with.items():
        print(f"test {name:12s} AUC-PR {m['aucPr']:.4f}  Brier {m['brier']:.4f}  | onset AUC-PR {m['onset']['aucPr']:.4f}  Brier {m['onset']['brier']:.4f}", flush=True)
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, f"{MODEL_NAME}-{MODEL_VERSION}.onnx")
    export_onnx(model, onnx_path)
    card = {
        "model": f"{MODEL_NAME}@{MODEL_VERSION}",
        "file": os.path.basename(onnx_path),
        "input": "features", "output": "probability",
        "label": f"no instance available at some tick within the next {windows.HORIZON_MINUTES} minutes (measured, spot-traces)",
        "horizonMinutes": windows.HORIZON_MINUTES,
        "featuresVersion": features.FEATURES_VERSION,
        "windowTicks": features.WINDOW_TICKS,
        "channels": channel_stats(x_tr),
        "training": {
            "seed": SEED, "epochs": EPOCHS, "bestEpoch": best_epoch, "batch": BATCH, "learningRate": LEARNING_RATE,
            "torch": torch.__version__, "threads": 1, "strideMinutes": windows.STRIDE_MINUTES,
            "split": {"trainEnd": windows.TRAIN_END, "testStart": windows.TEST_START,
                      "rule": "per trace by tick: train = windows whose label ends before 70 % of the ticks, validation = 70-80 %, test = from 80 % (the held-out final period)"},
            "windows": {"train": int(len(y_tr)), "validation": int(len(y_va)), "test": int(len(y_te))},
            "persistenceRates": rates,
        },
        "data": [{"trace": t.path, "start": t.start, "gapSeconds": t.gap_seconds, "ticks": int(len(t.available)),
                  "days": round(len(t.available) * t.gap_seconds / 86400, 2)} for t in traces],
        "incidentRegions": sorted(incidents),
        "signals": {"file": "gcp-incidents/signals.json", "count": sum(map(len, incidents.values())),
                    "enrichment": sorted({s[4]["model"] for v in incidents.values() for s in v}),
                    "seenRegions": sorted({r for t in traces for r in (region_of_zone(t.zone), "global") if r in incidents}),
                    "windowsWithSignals": signal_windows},
        "test": metrics,
        "ablation": ablation,
    }
    write_model_card(card, args.out)
    os.makedirs(os.path.dirname(args.fixture), exist_ok=True)
    with open(args.fixture, "w", encoding="utf-8") as handle:
        json.dump(fixture(traces, incidents, lambda x: float(predict(model, x[None].astype(np.float32))[0])), handle, indent=1)
        handle.write("\n")
    print(f"wrote {os.path.relpath(onnx_path, ROOT)} ({os.path.getsize(onnx_path)} bytes), model card and fixture", flush=True)
