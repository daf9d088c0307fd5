"""``neurosim explore``: an interactive window with sliders, for live teaching."""

from __future__ import annotations

import os
import sys

from neurosim.errors import NeurosimError


class NoDisplayError(NeurosimError, ValueError):
    """There is no screen to open a window on."""


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "explore", help="interactive window: sliders for current, noise and the model's "
                        "parameters, any preset",
        description="Open an interactive window: a neuron's membrane trace and f-I curve "
                    "(theory where a formula exists, else a coarse simulation; with fitted "
                    "sigmoid and ReLU), updated live as the sliders (current, noise, the "
                    "model's parameters) move; a text box switches preset. Progress of "
                    "simulations and first compiles is written to stderr.",
    )
    parser.add_argument("--preset", default="neuronal_dynamics", help="preset to start from")
    parser.set_defaults(func=run)
    return parser


def has_display() -> bool:
    """True when an interactive matplotlib window can be opened."""
    import matplotlib

    backend = matplotlib.get_backend().lower()
    if backend in {"agg", "pdf", "svg", "ps", "cairo", "template"} or backend.startswith("module://"):
        return False
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False
    return True


def run(args) -> int:
    from neurosim.bio import load_preset

    params = load_preset(args.preset)  # bad preset: error before any window
    if not has_display():
        raise NoDisplayError(
            "explore needs a display (no DISPLAY set or a non-interactive "
            "matplotlib backend); try `neurosim demo --out DIR` instead"
        )
    import matplotlib.pyplot as plt

    from neurosim.explore import Explorer

    fig = plt.figure(figsize=(13, 8))
    explorer = Explorer(args.preset, fig, status=lambda line: print(line, file=sys.stderr))
    fig.canvas.manager.set_window_title(f"neurosim explore: {params.name}")
    plt.show()
    del explorer
    return 0
