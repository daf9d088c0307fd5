"""Sphinx configuration of neurosim's documentation site.

Build (from the repository root, after ``pip install -e ".[docs]"``)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The build needs no network. Formulas are rendered in the browser by MathJax,
which the pages load from a CDN when they are viewed (see docs/index.md).
"""

import os
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))           # neurosim from this checkout
sys.path.insert(0, str(DOCS / "_ext"))  # neurosim_gallery, neurosim_api

import neurosim_api

import neurosim

project = "neurosim"
author = "the neurosim authors"
copyright = "2026, the neurosim authors"
version = release = neurosim.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_templates", "_ext", "_classroom", "auto_examples/*.ipynb",
                    "auto_examples/*.py", "auto_examples/*.zip"]
templates_path = ["_templates"]
nitpicky = False

# --- MyST: the existing markdown pages -------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3          # [text](page.md#a-heading) links resolve, as on GitHub
myst_dmath_double_inline = True

# --- API reference from the docstrings -------------------------------------------------
autosummary_generate = True
# Regenerated on every build: pages of names that were removed or moved must not linger.
shutil.rmtree(DOCS / "generated", ignore_errors=True)
autosummary_ignore_module_all = False   # document exactly each package's __all__
autosummary_imported_members = False
autosummary_context = {"public_names": neurosim_api.public_names()}
autodoc_default_options = {"show-inheritance": True}
autodoc_typehints = "none"              # numpydoc's Parameters sections carry the types
numpydoc_show_class_members = False     # members are documented on the class page itself
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# --- Examples gallery: runs every examples/NN_*.py -------------------------------------
# NEUROSIM_GALLERY_SKIP (a regex of example numbers, e.g. "09|12") leaves those examples
# unexecuted: the page shows their code without the figure. .ci/run uses it for the slow
# ones, which tests/test_examples.py runs in the same CI anyway, to keep the build short.
_skip = os.environ.get("NEUROSIM_GALLERY_SKIP", "")
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": rf"/(?!(?:{_skip})_)\d\d_" if _skip else r"/\d\d_",
    "ignore_pattern": r"__init__\.py",
    "within_subsection_order": "FileNameSortKey",  # 01, 02, ... in reading order
    "reset_argv": "neurosim_gallery.reset_argv",
    "image_scrapers": ("neurosim_gallery.png_scraper",),
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "show_memory": False,
    "backreferences_dir": None,
    "plot_gallery": "True",
    "write_computation_times": False,
}

# --- HTML -------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"neurosim {release}"
html_static_path = []
html_theme_options = {"description": "Spiking and artificial neurons side by side",
                      "fixed_sidebar": False}
