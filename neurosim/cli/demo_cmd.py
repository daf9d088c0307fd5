"""``neurosim demo``: the whole classroom demonstration into one folder."""

from __future__ import annotations

import sys
import warnings

from neurosim.cli._args import add_cache_option, add_output_options, positive_int
from neurosim.cli._output import check_output_dir, staged_output
from neurosim.demo.i18n import LANGUAGES, NoCJKFontWarning
from neurosim.validation import check_seed


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "demo", help="run the whole demonstration (figures and data) into --out",
        description="Run the classroom demonstration: every figure with the data behind it.",
    )
    add_output_options(parser)
    parser.add_argument("--quick", action="store_true", help="shorter simulations, fewer points")
    add_cache_option(parser)
    parser.add_argument(
        "--seed", type=int, default=2024, help="seed of every random thing (default 2024)"
    )
    parser.add_argument(
        "--target",
        default="auto",
        choices=["auto", "numpy", "cython", "cpp_standalone"],
        help="Brian2 code generation target (default auto: numpy for the LIF, "
        "compiled Cython for the other models)",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N",
        help="processes to run the steps in (default: one per core, at most 3; 1 runs them "
        "one after the other here); the figures and data are the same for any N",
    )
    parser.add_argument(
        "--lang",
        default="en",
        choices=list(LANGUAGES),
        help="language of the report, captions, answer key and figure labels: en (default) "
        "or zh (Simplified Chinese; figures in Chinese when a CJK font is installed)",
    )
    parser.add_argument(
        "--single-file",
        action="store_true",
        help="also write the report as one file, figures and data embedded (for e-mail or an "
        "LMS upload): neurosim-report.html, the students' form without the answer key",
    )
    parser.add_argument(
        "--for",
        dest="audience",
        default=None,
        choices=["students", "teacher"],
        help="the single file's form: students (default; no answer key) or teacher "
        "(neurosim-report-teacher.html, with the answer key embedded); implies --single-file",
    )
    parser.set_defaults(func=run)
    return parser


def _progress(k, n, text, elapsed):
    print(f"[{k}/{n}] {text} ({elapsed:.1f} s)", file=sys.stderr, flush=True)


def run(args) -> int:
    from neurosim.demo import DemoOptions, run_demo

    check_output_dir(args.out, force=args.force)
    jobs = None if args.jobs is None else positive_int(args.jobs, "jobs")
    options = DemoOptions(
        quick=args.quick, seed=check_seed(args.seed, "--seed"), target=args.target,
        lang=args.lang,
    )
    single_file = args.single_file or args.audience is not None
    if options.lang != "en":
        from neurosim.demo.i18n import cjk_font, no_font_message

        if cjk_font() is None:  # said once, as one line, before the run
            print(f"neurosim demo: warning: {no_font_message()}", file=sys.stderr, flush=True)
    with staged_output(args.out, force=args.force) as staging, warnings.catch_warnings():
        # Said above; Brian2 routes Python warnings into its own log, which would print the
        # library's warning again as a three-line log block.
        warnings.simplefilter("ignore", NoCJKFontWarning)
        result = run_demo(staging, options, progress=_progress, jobs=jobs)
        if single_file:
            from neurosim.demo.single_file import write_single_file

            single = write_single_file(staging, audience=args.audience or "students",
                                       lang=options.lang)
    also = f" (as one file: {args.out}/{single.name})" if single_file else ""
    print(
        f"demo done in {result.seconds:.1f} s: {len(result.figures)} figures; "
        f"report: {args.out}/index.html{also}",
        file=sys.stderr,
    )
    return 0
