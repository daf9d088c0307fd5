"""Plot helpers: each takes an optional ``ax``, draws, and returns the ``ax``.

None of them calls ``show()``; the CLI and the examples decide what to do
with the figure.

Modules, each with one job
--------------------------
style
    Colours, the projector style and ``get_ax``.
bio
    Membrane traces and f-I curves.
ann
    Activations, loss curves and decision boundaries.
bridge
    Fitted activation families, residuals, noise panels, dt convergence.
convert
    An MLP and its spiking version side by side.
digits
    Digits read by spiking cells: accuracy against presentation time, rate against activation.
side_by_side
    One input, two neurons: a spiking LIF neuron beside an artificial neuron.
correspondence
    Heat maps of the cell-type x activation-family table.
cells
    What makes neuron models differ: step responses, onset and steady-state f-I curves.
network
    Networks: raster, population rate, rate and CV histograms, phase diagram.
isi
    Inter-spike-interval statistics: ISI histograms and CV.
"""

from neurosim.plotting.style import ANN, BIO, THEORY, get_ax, projector_style

__all__ = ["ANN", "BIO", "THEORY", "get_ax", "projector_style"]
