"""Helpers shared by the CLI commands: reading quantities from option text."""

from __future__ import annotations

from neurosim.errors import ParameterError


def quantity(args, option: str, unit):
    """Parse the text of ``--option`` (attribute ``option`` with - as _) as a quantity."""
    from neurosim.units import parse_quantity  # imports Brian2: only when a command needs units

    text = getattr(args, option.replace("-", "_"))
    return parse_quantity(text, f"--{option}", unit)


def positive_int(value: int, option: str, *, minimum: int = 1) -> int:
    if value < minimum:
        raise ParameterError(f"--{option}: must be an integer >= {minimum}, got {value}")
    return value


def add_output_options(parser, *, required: bool = True):
    parser.add_argument("--out", metavar="DIR", required=required, help="folder for the results")
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty --out folder (replaces our files only)")
