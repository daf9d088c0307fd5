"""sphinx-gallery glue for neurosim's examples.

Each ``examples/NN_name.py`` takes its output folder as ``argv[1]`` and saves
its figure there as a PNG (it draws on a ``matplotlib.figure.Figure``, not on
pyplot, so the default matplotlib scraper sees nothing).  ``reset_argv`` gives
every example a fresh folder under ``docs/_build/example_output/`` and
``png_scraper`` puts the PNGs the example wrote into the gallery page.
"""

import shutil
from pathlib import Path

from sphinx_gallery.scrapers import figure_rst

#: Where the examples write their figures during a docs build (inside _build, ignored by git).
OUTPUT_ROOT = Path(__file__).resolve().parent.parent / "_build" / "example_output"


def output_dir(src_file) -> Path:
    """The output folder given to the example ``src_file``."""
    return OUTPUT_ROOT / Path(src_file).stem


def reset_argv(gallery_conf, script_vars):
    """``sys.argv[1:]`` for an example: an empty output folder of its own."""
    out = output_dir(script_vars["src_file"])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return [str(out)]


def png_scraper(block, block_vars, gallery_conf):
    """Show the PNGs the example has written so far (each one once)."""
    out = output_dir(block_vars["src_file"])
    shown = block_vars.setdefault("neurosim_shown_pngs", set())
    images = []
    for png in sorted(out.glob("*.png")):
        if png.name in shown:
            continue
        shown.add(png.name)
        target = Path(next(block_vars["image_path_iterator"]))
        shutil.copyfile(png, target)
        images.append(target)
    return figure_rst(images, gallery_conf["src_dir"])
