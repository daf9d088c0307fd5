"""Plot helpers: each takes an optional ``ax``, draws, and returns the ``ax``.

None of them calls ``show()``; the CLI and the examples decide what to do
with the figure.
"""

from neurosim.plotting.style import ANN, BIO, THEORY, get_ax, projector_style, save_figure

__all__ = ["ANN", "BIO", "THEORY", "get_ax", "projector_style", "save_figure"]
