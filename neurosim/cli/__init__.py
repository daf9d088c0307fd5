"""The ``neurosim`` command line.

Each sub-command lives in its own module of this package and provides two
functions: ``add_parser(subparsers)`` that declares its options, and
``run(args)`` that does the work and returns an exit code.

What every command gets from this package, for free, and must not redo:

- ``main`` turns every :class:`neurosim.errors.NeurosimError`, argparse's
  complaints, every ``OSError`` and ``MemoryError`` into one line on stderr
  and exit code 2, with no traceback.
- Signals (:mod:`neurosim.cli._signals`): Ctrl-C (SIGINT), SIGTERM and SIGHUP
  at any moment print ``neurosim: interrupted`` and exit 128 + the signal
  number (130, 143, 129).  Brian2 runs are checked to have simulated their
  whole duration (``neurosim.bio.brian2_tools.run_checked``).
- Output (:mod:`neurosim.cli._output`): ``check_output_dir`` before any work,
  then write only inside ``with staged_output(args.out, force=args.force) as
  staging:``, the command's last work: all files appear or none, and an old
  folder is left exactly as it was on any error or signal.
- Options (:mod:`neurosim.cli._args`): ``quantity`` (negative values such as
  ``--from -1nA`` work), ``positive_int``, ``seed``, ``add_output_options``;
  sizes (:mod:`neurosim.resources`): ``check_steps``/``check_memory`` before
  any work, naming the option as typed.

Exit codes: 0 success, 2 bad input or an OS error (nothing written), 130
Ctrl-C, 143 SIGTERM, 129 SIGHUP (nothing written).  See docs/guarantees.md.

This is the only layer of neurosim that prints or shows figures.

Modules, each with one job
--------------------------
presets_cmd, fi_cmd, fit_cmd, xor_cmd, convert_cmd, demo_cmd, explore_cmd, network_cmd,
nest_check_cmd
    One sub-command each (``neurosim presets``, ``fi``, ``fit``, ``xor``,
    ``convert``, ``demo``, ``explore``, ``network``, ``nest-check``).
fit_table
    ``neurosim fit --preset all``: the correspondence table.
convert_digits
    ``neurosim convert --dataset digits``: digits read by spiking cells of any type.
"""

from __future__ import annotations

import argparse
import importlib
import re
import signal
import sys

from neurosim import __version__
from neurosim.cli import _signals
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
    "nest-check": "neurosim.cli.nest_check_cmd",
}


class UsageError(NeurosimError, ValueError):
    """Bad command-line usage (unknown option, missing argument, ...)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become :class:`UsageError`.

    argparse would print the usage and exit itself; raising lets ``main``
    print one line like every other error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Values such as "-1nA" or "-.5 mV" are option values, not options
        # (argparse only knows bare negative numbers): no option of ours
        # starts with "-" and a digit.
        self._negative_number_matcher = re.compile(r"^-\.?\d")

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
    """Run the command line; return the exit code (see the module docstring)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    previous = _signals.install()
    try:
        return _main(argv)
    except _signals.Interrupted as err:
        name = "" if err.signum == signal.SIGINT else f" ({err.name})"
        return _report(f"neurosim: interrupted{name}", err.exit_code)
    except KeyboardInterrupt:  # Brian2 caught Ctrl-C during a run; run_checked raised this
        return _report("neurosim: interrupted", 128 + signal.SIGINT)
    except NeurosimError as err:
        return _report(f"neurosim: error: {err}", 2)
    except BrokenPipeError:  # `neurosim presets | head -1`: the reader left; end quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except OSError as err:
        from neurosim.cli._output import os_error_message

        return _report(f"neurosim: error: {os_error_message(err)}", 2)
    except MemoryError:
        return _report("neurosim: error: out of memory (ask for fewer points, trials or a "
                       "shorter run)", 2)
    finally:
        _signals.uninstall(previous)
        _drop_brians_excepthook()


def _drop_brians_excepthook() -> None:
    """Importing Brian2 installs an excepthook that, for any uncaught exception (a bug of
    ours too), keeps ``brian_debug_*.log`` and ``brian_script_*.py`` in the temporary
    folder; the command line reports its own errors, so Python's hook is put back (and
    Brian2 deletes those files at exit, as after any run without an uncaught error)."""
    if getattr(sys.excepthook, "__module__", "").startswith("brian2"):
        sys.excepthook = sys.__excepthook__


def _main(argv: list[str]) -> int:
    command = next((a for a in argv if not a.startswith("-")), None)
    args = build_parser(command if command in COMMANDS else None).parse_args(argv)
    from neurosim.cli._args import OPTION_NAMES, as_typed

    names = {**OPTION_NAMES, **getattr(sys.modules[args.func.__module__], "OPTION_NAMES", {})}
    from neurosim.results_cache import using_cache

    try:
        # Commands with --no-cache read and write the results cache unless it is given.
        with using_cache(hasattr(args, "no_cache") and not args.no_cache):
            return int(args.func(args) or 0)
    except NeurosimError as err:
        raise as_typed(err, names)
    except Exception as err:  # noqa: BLE001 - only a compiler's failure is turned into ours
        failure = _compile_failure(err)
        if failure is None:
            raise
    # Raised here, outside the handler: the failed run's frames (and Brian2 objects) go.
    from neurosim.errors import CompilationError

    target = getattr(args, "target", None) or "cython"
    raise as_typed(CompilationError(
        f"target: {target}: the compilation of Brian2's generated code failed ({failure}); "
        "check the compiler (g++) or use the numpy target"), names)


def _compile_failure(err: BaseException) -> str | None:
    """The first line of a C/C++ compiler failure in ``err``'s chain (setuptools' or
    distutils' ``CompileError``/``LinkError``, raised through Brian2's Cython target), or None."""
    chain = []
    while err is not None and err not in chain:
        chain.append(err)
        err = err.__cause__ or err.__context__
    for link in chain:
        if type(link).__name__ in ("CompileError", "LinkError") and "Cython" not in \
                type(link).__module__:
            _drop_quietly(chain)
            text = " ".join(str(link).split()) or type(link).__name__
            return text if len(text) <= 200 else text[:200] + "..."
    return None


def _drop_quietly(chain) -> None:
    """Free the frames of a failed run (its Brian2 objects would warn "never included in a
    network" when collected): their tracebacks go, with Brian2's logger silenced."""
    import gc
    import logging

    logger = logging.getLogger("brian2")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        for link in chain:
            link.__traceback__ = None
        gc.collect()
    finally:
        logger.setLevel(level)


def _report(message: str, code: int) -> int:
    """Print ``message`` as one line on stderr (signals held back meanwhile); return ``code``.

    Brian2 objects of an abandoned run would warn when they are collected
    ("... was never included in a network"): they are collected here, quietly.
    """
    with _signals.deferred():
        print(" ".join(message.split()), file=sys.stderr, flush=True)
        if "brian2" in sys.modules:
            import gc
            import logging

            logger = logging.getLogger("brian2")
            level = logger.level
            logger.setLevel(logging.CRITICAL)
            try:
                sys.exc_info()[1].__traceback__ = None  # drop the frames holding the objects
                gc.collect()
            finally:
                logger.setLevel(level)
    return code
