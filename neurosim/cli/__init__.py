"""The ``neurosim`` command line.

Each sub-command lives in its own module of this package and provides two
functions: ``add_parser(subparsers)`` that declares its options, and
``run(args)`` that does the work and returns an exit code.  ``main`` turns
every :class:`neurosim.errors.NeurosimError` (and argparse's complaints) into
one line on stderr and exit code 2, with no traceback.

This is the only layer of neurosim that prints or shows figures.

Modules, each with one job
--------------------------
presets_cmd, fi_cmd, fit_cmd, xor_cmd, convert_cmd, demo_cmd, explore_cmd, network_cmd
    One sub-command each (``neurosim presets``, ``fi``, ``fit``, ``xor``,
    ``convert``, ``demo``, ``explore``, ``network``).
fit_table
    ``neurosim fit --preset all``: the correspondence table.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from neurosim import __version__
from neurosim.errors import NeurosimError

# Sub-command name -> module (imported lazily, so ``neurosim presets`` does
# not pay for matplotlib and ``neurosim xor`` does not pay for Brian2).
COMMANDS = {
    "presets": "neurosim.cli.presets_cmd",
    "fi": "neurosim.cli.fi_cmd",
    "demo": "neurosim.cli.demo_cmd",
    "explore": "neurosim.cli.explore_cmd",
    "xor": "neurosim.cli.xor_cmd",
    "convert": "neurosim.cli.convert_cmd",
    "fit": "neurosim.cli.fit_cmd",
    "network": "neurosim.cli.network_cmd",
}


class UsageError(NeurosimError, ValueError):
    """Bad command-line usage (unknown option, missing argument, ...)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become :class:`UsageError`.

    argparse would print the usage and exit itself; raising lets ``main``
    print one line like every other error.
    """

    def error(self, message):  # noqa: D401 - argparse API
        raise UsageError(f"{self.prog}: {message}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser.

    With ``only`` (a command name) just that sub-command's module is
    imported, so ``neurosim xor`` never loads Brian2; otherwise all are (for
    ``--help``).
    """
    parser = _Parser(
        prog="neurosim",
        description="Spiking and artificial neurons side by side.",
    )
    parser.add_argument("--version", action="version", version=f"neurosim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 bad input)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        command = next((a for a in argv if not a.startswith("-")), None)
        args = build_parser(command if command in COMMANDS else None).parse_args(argv)
        return int(args.func(args) or 0)
    except NeurosimError as err:
        message = " ".join(str(err).split())  # one line, whatever the message
        print(f"neurosim: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("neurosim: interrupted", file=sys.stderr)
        return 130
