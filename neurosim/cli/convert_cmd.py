"""``neurosim convert``: a trained network run as artificial units and as spiking LIF neurons.

Trains an MLP whose hidden units use the LIF rate curve (soft LIF,
Hunsberger & Eliasmith 2015), converts it to a Brian2 network of LIF
neurons, runs the whole test set (and a grid of points for the decision
boundary) in one Brian2 run each, and reports how often both networks agree.
"""

from __future__ import annotations

from brian2 import Hz, ms

from neurosim.cli._args import add_output_options, positive_int, quantity, seed_option
from neurosim.cli._output import check_output_dir, staged_output
from neurosim.errors import ParameterError
from neurosim.validation import SEED_LIMIT

#: Library names in this command's messages -> its options.
OPTION_NAMES = {"duration": "--presentation", "presentation": "--presentation"}

#: Measured peak memory per decision-grid point: ~3.4 kB (moons, 16 hidden
#: units: 304 MB more for --grid 300 than --grid 10), doubled for safety.
GRID_BYTES_PER_POINT = 7000

#: Data sets offered: the keys of neurosim.bridge.experiment.DATASETS (listed
#: here so that building the parser does not train or import the bridge).
DATASET_CHOICES = ("circles", "digits", "moons", "xor")

#: Files written into --out.
FIGURES = ("convert_overview", "convert_decision_boundaries", "convert_raster",
           "convert_activation_vs_rate", "convert_latency")


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "convert", help="run a trained network as spiking LIF neurons and compare",
        description="Train an MLP with LIF-rate hidden units on a 2-D data set, convert it to "
                    "spiking LIF neurons (Brian2), present every test point for --presentation, "
                    "and compare predictions, accuracies and per-unit rates.  With --dataset "
                    "digits: scikit-learn's handwritten digits, hidden units of any cell type "
                    "(--neuron), accuracy against presentation time up to --presentation.",
    )
    parser.add_argument("--dataset", required=True, choices=DATASET_CHOICES,
                        help="data set to train and test on")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the weights and the training data; test data use seed+1 "
                             "(default 0)")
    parser.add_argument("--presentation", default=None,
                        help="how long each input is presented (default 200 ms; digits: the "
                             "longest of the read-out times, default 500 ms)")
    parser.add_argument("--preset", default=None,
                        help="LIF preset of the hidden neurons (default neuronal_dynamics)")
    parser.add_argument("--neuron", default=None, metavar="PRESET",
                        help="digits only: the cell type of the hidden neurons, a preset of any "
                             "model, several separated by commas, or 'all' (LIF, adapting AdEx, "
                             "Izhikevich RS, Wang-Buzsaki, Hodgkin-Huxley); default "
                             "neuronal_dynamics")
    parser.add_argument("--test-images", type=int, default=None, metavar="N",
                        help="digits only: run the first N of the 450 test images (default all)")
    parser.add_argument("--dt", default=None,
                        help="time step (default 0.1 ms; digits: 0.05 ms, for the f-I sweep and "
                             "the network alike)")
    parser.add_argument("--grid", type=int, default=None,
                        help="grid points per axis for the decision boundaries (default 40)")
    parser.add_argument("--target", default=None, choices=["numpy", "cython", "cpp_standalone"],
                        help="Brian2 code generation target (default numpy; digits: "
                             "cpp_standalone, compiled once per network shape, on two cores; "
                             "cpp_standalone for digits only)")
    add_output_options(parser)
    parser.set_defaults(func=run)
    return parser


def run(args) -> int:
    from neurosim.bio import load_preset
    from neurosim.bridge import conversion_experiment
    from neurosim.resources import check_memory_square, check_steps

    check_output_dir(args.out, force=args.force)
    args.seed = seed_option(args)
    if args.dataset == "digits":
        from neurosim.cli.convert_digits import run_digits

        if args.neuron is None and args.preset is not None:
            args.neuron = args.preset
        return run_digits(args, staged_output)
    for option in ("neuron", "test_images"):
        if getattr(args, option) is not None:
            raise ParameterError(f"--{option.replace('_', '-')}: is for --dataset digits only "
                                 "(the 2-D data sets use LIF neurons: --preset)")
    if args.target == "cpp_standalone":
        raise ParameterError("--target: cpp_standalone is for --dataset digits only; the 2-D "
                             "data sets run on numpy or cython")
    args.presentation = "200 ms" if args.presentation is None else args.presentation
    args.preset = "neuronal_dynamics" if args.preset is None else args.preset
    args.grid = 40 if args.grid is None else args.grid
    args.target = "numpy" if args.target is None else args.target
    dt_given = args.dt is not None
    args.dt = "0.1 ms" if args.dt is None else args.dt
    if args.seed == SEED_LIMIT - 1:
        raise ParameterError(f"--seed: must be None or an integer in [0, 2**32 - 1) for convert "
                             f"(its test data use seed + 1), got {args.seed}")
    positive_int(args.grid, "grid", minimum=2)
    check_memory_square(args.grid, GRID_BYTES_PER_POINT, name="--grid",
                        what="grid points (--grid squared)")
    presentation = quantity(args, "presentation", ms)
    dt = quantity(args, "dt", ms)
    check_steps(presentation, dt, duration_name="--presentation", dt_name="--dt",
                blame="dt" if dt_given else "duration")
    params = load_preset(args.preset)
    _check_hidden_neuron(params)
    with staged_output(args.out, force=args.force) as staging:
        experiment = conversion_experiment(args.dataset, seed=args.seed, params=params,
                                           presentation=presentation, dt=dt, grid=args.grid,
                                           target=args.target)
        written = _save(staging, experiment, params)
    _print_summary(experiment, params)
    print(f"wrote {', '.join(f'{args.out}/{name}' for name in written)}")
    return 0


def _check_hidden_neuron(params) -> None:
    """The hidden units are LIF neurons with a refractory period: refuse others before work."""
    from neurosim.bio.theory import has_lif_theory
    from neurosim.units import readable

    if not has_lif_theory(params):
        raise ParameterError(
            f"--preset: {params.name} is a {type(params).__name__} model; the converted network's "
            "hidden units are LIF neurons (their rate curve is the activation): give a LIF "
            "preset, e.g. --preset brunel2000 (`neurosim presets` lists them), or convert "
            "--dataset digits, whose --neuron takes any model")
    if not params.t_ref > 0 * ms:
        raise ParameterError(
            f"--preset: {params.name} has t_ref = {readable(params.t_ref)}; the conversion scales "
            "each activation by the largest rate 1/t_ref, so it needs t_ref > 0 ms: set t_ref "
            "in the preset file (e.g. t_ref = \"2 ms\")")


def _print_summary(experiment, params):
    result = experiment.result
    layers = "-".join(str(n) for n in experiment.mlp.layers)
    print(f"{experiment.dataset}: {layers} network, hidden units = LIF neurons "
          f"'{params.name}' (r_max {float(experiment.snn.r_max[0] / Hz):g} Hz), "
          f"{len(result)} test points, {float(result.presentation / ms):g} ms each, "
          f"one Brian2 run ({experiment.timings['test_run']:.1f} s).")
    print(f"  ANN accuracy {result.ann_accuracy:.1%}, spiking accuracy {result.snn_accuracy:.1%}, "
          f"agreement {result.agreement:.1%}")
    print("  hidden activation vs spiking rate: correlation "
          + ", ".join(f"{c:.4f}" for c in result.correlation)
          + "; largest difference "
          + ", ".join(f"{e:.3f}" for e in result.max_activation_error) + " (units of r_max)")
    steps = ", ".join(f"{row['presentation_ms']:g} ms {row['agreement']:.1%}"
                      for row in experiment.latency.latency_table())
    print(f"  agreement by presentation time: {steps}")


def _save(staging, experiment, params):
    from matplotlib.figure import Figure

    from neurosim.io import write_csv, write_json
    from neurosim.plotting import convert as plots
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    record = provenance(experiment.settings, experiment.seed, command_name="neurosim convert",
                        source=params.source)
    result = experiment.result
    with projector_style():
        plots.conversion_figure(experiment).savefig(staging / "convert_overview.png")

        fig = Figure(figsize=(13, 5), layout="constrained")
        plots.plot_decision_boundaries(experiment, fig.subplots(1, 2, sharey=True))
        fig.savefig(staging / "convert_decision_boundaries.png")

        fig = Figure(figsize=(10, 5), layout="constrained")
        raster = result.raster
        x = experiment.X_test[raster.pattern]
        plots.plot_raster(raster, fig.add_subplot(), presentation=result.presentation,
                          title=f"hidden spikes for input ({x[0]:.2f}, {x[1]:.2f})")
        fig.savefig(staging / "convert_raster.png")

        fig = Figure(figsize=(7, 6), layout="constrained")
        plots.plot_activation_vs_rate(result, fig.add_subplot())
        fig.savefig(staging / "convert_activation_vs_rate.png")

        fig = Figure(figsize=(8, 5), layout="constrained")
        plots.plot_latency(experiment.latency, fig.add_subplot())
        fig.savefig(staging / "convert_latency.png")

    summary = {
        "ann_accuracy": result.ann_accuracy,
        "snn_accuracy": result.snn_accuracy,
        "agreement": result.agreement,
        "presentation": result.settings["presentation"],
        "presentation_ms": float(result.presentation / ms),
        **experiment.summary(),
        "provenance": record,
    }
    write_json(staging / "summary.json", summary)
    rows = experiment.latency.latency_table()
    write_csv(staging / "convert_latency.csv",
              {"presentation_ms": [r["presentation_ms"] for r in rows],
               "agreement": [r["agreement"] for r in rows],
               "ann_accuracy": [r["ann_accuracy"] for r in rows],
               "snn_accuracy": [r["snn_accuracy"] for r in rows],
               "correlation": [r["correlation"][0] for r in rows]},
              record, title="convert: agreement and accuracy against presentation time")
    write_csv(staging / "convert_test_points.csv",
              {"x1": experiment.X_test[:, 0], "x2": experiment.X_test[:, 1],
               "label": experiment.y_test, "ann_output": result.ann_output[:, 0],
               "snn_output": result.snn_output[:, 0], "ann_predicted": result.ann_predictions,
               "snn_predicted": result.snn_predictions},
              record, title=f"convert: test points after {result.settings['presentation']}")
    return [f"{name}.png" for name in FIGURES] + ["summary.json", "convert_latency.csv",
                                                  "convert_test_points.csv"]
