"""Helpers shared by the CLI commands: reading options, one rule each.

- :func:`quantity` reads ``--option`` text as a quantity (``"-1nA"`` works:
  see ``_Parser`` in :mod:`neurosim.cli`).
- :func:`positive_int` and :func:`seed_option` check integers, naming the option.
- :data:`OPTION_NAMES` and :func:`as_typed` make a library message that
  starts ``"dt: ..."`` start ``"--dt: ..."``: ``main`` applies them to every
  command (a command adds its own names in a module-level ``OPTION_NAMES``,
  e.g. ``{"duration": "--presentation"}``).
"""

from __future__ import annotations

from neurosim.validation import check_integer, check_seed

#: Library parameter name -> option name, for every command.
OPTION_NAMES = {
    "dt": "--dt", "duration": "--duration", "sigma": "--sigma", "seed": "--seed",
    "n_trials": "--trials", "target": "--target", "grid": "--grid",
    "presentation": "--presentation", "learning_rate": "--lr", "epochs": "--epochs",
}


def as_typed(err: Exception, names: dict) -> Exception:
    """Rename the parameter that starts ``err``'s message to the option the user typed."""
    if err.args and isinstance(err.args[0], str):
        head, sep, rest = err.args[0].partition(":")
        if sep and head in names:
            err.args = (f"{names[head]}:{rest}",) + err.args[1:]
    return err


def quantity(args, option: str, unit):
    """Parse the text of ``--option`` (attribute ``option`` with - as _) as a quantity."""
    from neurosim.units import parse_quantity  # imports Brian2: only when a command needs units

    text = getattr(args, option.replace("-", "_"))
    return parse_quantity(text, f"--{option}", unit)


def positive_int(value: int, option: str, *, minimum: int = 1) -> int:
    """Check the integer of ``--option`` (>= ``minimum``) with neurosim's one integer rule."""
    return check_integer(value, f"--{option}", low=minimum)


def seed_option(args) -> int:
    """Check ``--seed`` with neurosim's one seed rule (None: draw one, reported and saved)."""
    return check_seed(args.seed, "--seed")


def add_cache_option(parser):
    """``--no-cache``: simulate again, neither reading nor writing the results cache."""
    parser.add_argument("--no-cache", action="store_true",
                        help="simulate again: neither read nor write the results cache "
                             "($NEUROSIM_CACHE/results, default ~/.cache/neurosim/results; "
                             "delete that folder to clear it)")


def add_output_options(parser, *, required: bool = True):
    parser.add_argument("--out", metavar="DIR", required=required, help="folder for the results")
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty --out folder (replaces our files only)")
