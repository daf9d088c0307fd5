"""neurosim.bridge: how a spiking neuron's rate curve relates to activation functions.

Modules, each with one job
--------------------------
comparison
    Simulated f-I curves against the closed-form and Siegert rates, with a
    tolerance derived from the time step and the number of trials
    (``compare``, ``rate_estimate``, ``discretisation_band``).
convergence
    Error against time step (``dt_convergence``, ``DtConvergence``).
fit_families
    The activation families fitted to f-I curves (linear, exponential,
    sigmoid, ReLU, softplus, LIF) as data: formula, model, Jacobian, starts,
    bounds (``FAMILIES``, ``Family``).
fitting
    The fitting engine: least squares of any family, confidence intervals,
    AIC ranking (``fit_activation``, ``fit_all``, ``rank``, ``FitResult``).
fit_report
    The biological reading of fitted parameters and the ranking table
    (``READINGS``, ``format_table``).
lif_activation
    The LIF rate curve as an activation function and the drive <-> current
    mapping (``soft_lif``, ``LIFRateActivation``, ``drive_to_current``, ``drive_unit``).
conversion
    A trained MLP mapped onto LIF neurons (``convert``, ``SpikingMLP``).
spiking_run
    Running a converted network in one Brian2 run (``run_spiking``,
    ``check_presentation``).
conversion_results
    What a spiking run returns (``ConversionResult``, ``Raster``).
experiment
    The standard recipe: train, convert, run test set and grid
    (``conversion_experiment``, ``train_lif_mlp``, ``DATASETS``).
cell_curve
    Any cell type's fitted f-I curve as an activation in physical units
    (``cell_activation``, ``CellRateActivation``).
cell_network, cell_results
    A trained MLP run as spiking neurons of any cell type, a whole data set
    in one Brian2 run read at every presentation time (``run_cell_network``,
    ``CellRunResult``).
digits
    Handwritten digits read by networks of each cell type
    (``digits_experiment``, ``DigitsExperiment``).
correspondence_table
    Every activation family fitted to every cell type: the correspondence
    table (``correspondence``, ``Correspondence``).
population_theory
    The mean field of a spiking network: population rates from the Siegert
    rate, fixed points and their stability (``mean_field``, ``transfer``,
    ``input_moments``, ``MeanField``, ``FixedPoint``).
rate_dynamics
    The Wilson-Cowan rate network that runs beside the spiking one
    (``rate_network``, ``RateTrace``).
phase_diagram
    Brunel's (g, eta) phase diagram from simulations, with the mean-field rate
    beside each point (``neurosim.bridge.phase_diagram.phase_diagram``).

The exact rates themselves live in :mod:`neurosim.bio.theory`
(``lif_rate``, ``siegert_rate``).  ``comparison`` and the fit modules import
only ``neurosim.bio``; the conversion modules (``lif_activation`` to
``experiment``) import both ``neurosim.bio`` and ``neurosim.ann``.

``__all__`` lists the entry points: the functions a user calls, the result
types they return and the catalogue of fit families.  Tuning constants and
helpers (``MIN_SPIKES``, ``READINGS``, ``DATASETS``, ...) stay
in their modules.
"""

from neurosim.bridge.cell_curve import CellRateActivation, cell_activation
from neurosim.bridge.cell_network import run_cell_network
from neurosim.bridge.cell_results import CellRunResult
from neurosim.bridge.comparison import (
    Comparison,
    RateBand,
    RateEstimate,
    compare,
    discretisation_band,
    rate_estimate,
)
from neurosim.bridge.convergence import DtConvergence, dt_convergence
from neurosim.bridge.conversion import SpikingMLP, convert
from neurosim.bridge.conversion_results import ConversionResult, Raster
from neurosim.bridge.correspondence_table import Correspondence, correspondence
from neurosim.bridge.digits import DigitsExperiment, digits_experiment
from neurosim.bridge.experiment import (
    ConversionExperiment,
    DecisionGrid,
    TrainedMLP,
    conversion_experiment,
    train_lif_mlp,
)
from neurosim.bridge.fit_families import FAMILIES, Family
from neurosim.bridge.fit_report import format_table
from neurosim.bridge.fitting import FitResult, fit_activation, fit_all, rank
from neurosim.bridge.lif_activation import LIFRateActivation, drive_to_current, drive_unit, soft_lif
from neurosim.bridge.population_theory import (
    FixedPoint,
    MeanField,
    input_moments,
    mean_field,
    transfer,
)
from neurosim.bridge.rate_dynamics import RateTrace, rate_network
from neurosim.bridge.spiking_run import run_spiking

__all__ = [
    # fitting activation families to f-I curves
    "FAMILIES", "Family", "FitResult", "fit_activation", "fit_all", "rank", "format_table",
    # simulation against theory
    "compare", "Comparison", "discretisation_band", "rate_estimate", "RateEstimate", "RateBand",
    "dt_convergence", "DtConvergence",
    # the correspondence table
    "correspondence", "Correspondence",
    # ANN -> SNN conversion
    "LIFRateActivation", "soft_lif", "drive_to_current", "drive_unit",
    "convert", "SpikingMLP", "run_spiking", "ConversionResult", "Raster",
    "conversion_experiment", "ConversionExperiment", "DecisionGrid", "train_lif_mlp",
    "TrainedMLP",
    # mean field of spiking networks
    "mean_field", "MeanField", "FixedPoint", "transfer", "input_moments",
    "rate_network", "RateTrace",
    # any cell type reading digits
    "cell_activation", "CellRateActivation", "run_cell_network", "CellRunResult",
    "digits_experiment", "DigitsExperiment",
]
