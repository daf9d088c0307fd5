"""neurosim: spiking and artificial neurons side by side.

Sub-packages, in layers (a layer imports only the layers below it)
--------------------------------------------------------------------
neurosim.bio
    Spiking neuron models simulated in Brian2, with units (never imports ann).
neurosim.ann
    Activation functions, losses, gradient descent and a small MLP in numpy
    (never imports bio, bridge or Brian2).
neurosim.bridge
    The correspondence: rate theory, activation fits, ANN-to-SNN conversion.
neurosim.plotting
    Plot helpers that take and return a matplotlib ``ax``.
neurosim.demo
    The classroom demonstration, step by step.
neurosim.cli
    The ``neurosim`` command line: the only layer that prints.

Modules used by every layer
---------------------------
errors
    One error class per kind of failure.
validation
    The argument checks, written once (numbers, arrays, seeds, choices); Brian2-free.
units
    Reading quantities from text, naming dimensions, printing them readably, and
    ``check_quantity`` (the unit check; needs Brian2).
resources
    Sizes checked before a run: Brian2's step counter, memory available and the
    memory estimates of f-I sweeps and networks.
provenance
    What made a result: parameters, seed, versions.
results_cache
    Simulated results on disk, keyed by a hash of everything that determines them
    (the command line's ``--no-cache`` switches it off).
workers
    Independent runs in spawned worker processes that stop with their caller (the
    demo's steps, the cell types of the correspondence table).

Modules on top
--------------
io
    CSV and JSON files that carry their provenance: what the CLI and the demo write
    (and the benchmarks read back).
explore
    The interactive explorer's model (sliders to numbers).

The demo's own helpers (its HTML report, the single-file report, the
translations) live in :mod:`neurosim.demo`.

Nothing below the CLI prints or shows a figure; no module is longer than 500
lines.  ``tests/test_architecture.py`` holds each of these promises.
Importing ``neurosim`` itself is cheap: the sub-packages load Brian2 or
matplotlib only when you import them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
