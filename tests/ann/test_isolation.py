"""neurosim.ann is the numpy-only half: it must not pull in Brian2 or the biological half."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_ann_loads_neither_brian2_nor_bio_nor_matplotlib():
    code = (
        "import sys, neurosim.ann, neurosim.ann.mlp, neurosim.ann.datasets\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('brian2', 'matplotlib')\n"
        "             or m.startswith(('neurosim.bio', 'neurosim.bridge')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == ""
