"""Policy bundles built from copies of the shipped sources, by the real policies pipeline."""

import json
import shutil
import subprocess

from support.http import ALIAS
from support.processes import ROOT


def build_blocking_bundle(work):
    """A bundle from a copy of policies/llmgw whose settings block the alias; the real sources
    are not touched."""
    src = work / "src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "policies" / "llmgw", src / "llmgw")
    settings = src / "llmgw" / "settings" / "data.json"
    data = json.loads(settings.read_text())
    data["block_list"]["models"] = [ALIAS]
    settings.write_text(json.dumps(data, indent=2) + "\n")
    out = work / "target"
    build = subprocess.run([str(ROOT / "policies" / "opa-pipeline.sh"), "--src", str(src), "--out", str(out), "build"],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    return out / "bundle.tar.gz"
