"""One look for every neurosim figure: projector-sized text, colour-blind-safe colours.

Colours come from the Okabe & Ito (2008) palette, which stays distinct for
the common forms of colour blindness.  "Biological" (spiking, Brian2) is
always ``BIO`` and "artificial" (ANN, activation functions) always ``ANN``,
in every figure.

References
----------
Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures
and presentations that are friendly to colorblind people.
https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl

#: Okabe-Ito palette, by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Colour of everything biological (spiking neurons, simulated rates).
BIO = OKABE_ITO["blue"]
#: Colour of everything artificial (activations, ANN outputs).
ANN = OKABE_ITO["vermillion"]
#: Colour of exact theory curves (closed-form rate, Siegert).
THEORY = OKABE_ITO["black"]
#: A cycle for several curves of one kind (noise levels, fit families, presets).
CYCLE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "reddish_purple",
                                 "sky_blue", "vermillion", "yellow", "black")]

#: Matplotlib settings for a projector: text >= 12 pt, thick lines.
PROJECTOR_RC = {
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "figure.titlesize": 16,
    "lines.linewidth": 2.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "savefig.dpi": 120,
    "savefig.bbox": "tight",
}


@contextlib.contextmanager
def projector_style():
    """Context manager: draw figures with :data:`PROJECTOR_RC` settings."""
    with mpl.rc_context(PROJECTOR_RC):
        yield


def get_ax(ax=None, **subplot_kw):
    """Return ``ax``, or a new axes on a new figure when ``ax`` is None.

    Uses ``matplotlib.figure.Figure`` directly (not pyplot), so no global
    figure state is touched and nothing is ever shown.
    """
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4.5), layout="constrained")
    return fig.add_subplot(**subplot_kw)

