"""neurosim.bridge: how a spiking neuron's rate curve relates to activation functions.

Main names
----------
fit_activation, fit_all, format_table, FitResult, FAMILIES
    Fit the article's activation functions (linear, exponential, sigmoid,
    ReLU), softplus and the LIF rate curve itself to an f-I curve, with the
    biological reading of each fit, ranked by AIC.
compare, Comparison, discretisation_band, rate_estimate
    Simulated rates against the closed-form and Siegert rates, with a
    tolerance derived from the time step and the number of trials.
dt_convergence, DtConvergence
    Error against time step.

The exact rates themselves live in :mod:`neurosim.bio.theory`
(``lif_rate``, ``siegert_rate``).  The fits and comparisons import only
``neurosim.bio`` (never ``neurosim.ann``).
"""

from neurosim.bio.theory import siegert_rate
from neurosim.bridge.compare import (
    Comparison,
    DtConvergence,
    RateEstimate,
    compare,
    discretisation_band,
    dt_convergence,
    rate_estimate,
)
from neurosim.bridge.fits import FAMILIES, Family, FitResult, fit_activation, fit_all, format_table, rank

__all__ = [
    "FAMILIES", "Family", "FitResult", "fit_activation", "fit_all", "format_table", "rank",
    "compare", "Comparison", "discretisation_band", "rate_estimate", "RateEstimate",
    "dt_convergence", "DtConvergence", "siegert_rate",
]

# Every activation family fitted to every cell type (the correspondence table).
from neurosim.bridge.correspondence import (  # noqa: E402
    Correspondence,
    correspondence,
    correspondence_record,
)

__all__ += ["Correspondence", "correspondence", "correspondence_record"]

# Trained MLPs run as spiking LIF networks (rate-coded conversion); this part
# of the bridge imports both neurosim.bio and neurosim.ann.
from neurosim.bridge.convert import (  # noqa: E402
    ConversionExperiment,
    ConversionResult,
    LIFRateActivation,
    SpikingMLP,
    conversion_experiment,
    convert,
    run_spiking,
    soft_lif,
)

__all__ += [
    "ConversionExperiment", "ConversionResult", "LIFRateActivation", "SpikingMLP",
    "conversion_experiment", "convert", "run_spiking", "soft_lif",
]
