"""Packages of neurosim: everything under ``neurosim/`` plus the top-level ``models/``.

The preset files stay in the repository's ``models/`` folder (their canonical
place) and install as the package data of ``neurosim.models``; the rest of the
configuration is in ``pyproject.toml``.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["neurosim", "neurosim.*"]) + ["neurosim.models"],
    package_dir={"neurosim.models": "models"},
)
