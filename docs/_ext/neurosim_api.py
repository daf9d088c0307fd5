"""Helpers for the API pages that autosummary generates (docs/_templates/autosummary)."""

import importlib
import pkgutil


def public_names(package="neurosim"):
    """``{module name: its __all__}`` for every module of ``package`` that has one.

    The module template lists, under "Data", the constants a package re-exports in
    its ``__all__`` (``neurosim.ann.ACTIVATIONS``, ...), which autosummary alone
    only finds for constants assigned in the module itself.
    """
    root = importlib.import_module(package)
    names = {package: list(getattr(root, "__all__", []))}
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue  # private modules (and __main__, which would start the CLI)
        module = importlib.import_module(info.name)
        names[info.name] = list(getattr(module, "__all__", []))
    return names
