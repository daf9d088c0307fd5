"""Helpers shared by the CLI commands: reading options (quantities, integers, seeds)."""

from __future__ import annotations

from neurosim.validation import check_integer, check_seed


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


def add_output_options(parser, *, required: bool = True):
    parser.add_argument("--out", metavar="DIR", required=required, help="folder for the results")
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty --out folder (replaces our files only)")
