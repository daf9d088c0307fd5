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
    The argument checks, written once (numbers, arrays, units, seeds).
units
    Reading quantities from text, naming dimensions, printing them readably.
resources
    Sizes checked before a run: Brian2's step counter, memory available.
provenance
    What made a result: parameters, seed, versions.
io
    CSV and JSON files that carry their provenance.
report
    The demo's HTML report.
i18n
    Translations as data: one catalogue per language (``locales/en.toml``,
    ``locales/zh.toml``) and figure labels in Chinese.
single_file
    The demo's report as one self-contained HTML file.
explore
    The interactive explorer's model (sliders to numbers).

Nothing below the CLI prints or shows a figure; no module is longer than 500
lines.  ``tests/test_architecture.py`` holds each of these promises.
Importing ``neurosim`` itself is cheap: the sub-packages load Brian2 or
matplotlib only when you import them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
