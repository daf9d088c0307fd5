"""Interactive explorers for live teaching: sliders over a neuron's trace and f-I curve.

Modules
-------
desktop
    :class:`Explorer`: matplotlib sliders in a desktop window (``neurosim explore``).
notebook
    :func:`widget`: the same inside Jupyter, with ipywidgets.
core
    :class:`ExplorerCore`: what both compute and draw for every model's presets (theory
    first, then a cache: see its docstring).
"""

from neurosim.explore.core import ExplorerCore
from neurosim.explore.desktop import Explorer

__all__ = ["Explorer", "ExplorerCore", "NotebookExplorer", "widget"]


def __getattr__(name):
    # ipywidgets is optional (the [lessons] extra): imported only when the widget is asked for.
    if name in ("widget", "NotebookExplorer"):
        from neurosim.explore import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'neurosim.explore' has no attribute {name!r}")
