#!/usr/bin/env python3
"""Trains the TSMixer forecaster on the vendored spot traces and writes the ONNX model and its card.

Usage: npm run train:forecaster  (or python3 training/forecaster/train.py [--data DIR] [--out DIR])
Reproducible: fixed seeds, deterministic ops, one thread; see docs/forecasting.md.
"""
import os
import shutil
import subprocess
import sys

DEBIAN_PACKAGES = ["python3-torch", "python3-onnx"]
SYSTEM_PYTHON = "/usr/bin/python3"


def ensure_dependencies():
    """Imports torch and onnx; installs the Debian packages when missing and allowed, or says what to do."""
    try:
        import onnx  # noqa: F401
        import torch  # noqa: F401
        return
    except ImportError:
        pass
    # Debian's packages live in the system interpreter, not in a pyenv or venv one.
    if os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) and os.path.exists(SYSTEM_PYTHON):
        probe = subprocess.run([SYSTEM_PYTHON, "-c", "import torch, onnx"], capture_output=True)
        if probe.returncode == 0:
            os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, *sys.argv])
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"installing {' '.join(DEBIAN_PACKAGES)} with apt-get ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *DEBIAN_PACKAGES], check=True, env=env)
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, *sys.argv])
    sys.exit(f"train:forecaster needs torch and onnx: run `sudo apt-get install {' '.join(DEBIAN_PACKAGES)}` "
             f"(Debian bookworm: python3-torch 1.13.1, python3-onnx 1.12.0), then `npm run train:forecaster` again.")


if __name__ == "__main__":
    ensure_dependencies()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from aether_training.run import main
    main(sys.argv[1:])
