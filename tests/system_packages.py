"""Tests that need a system package (not a Python one): skip with one line, or fail in CI.

On a fresh machine the README's test command has no Chromium and perhaps no CJK font:
the tests that need one skip with one line naming the Debian package and the command
that installs it.  ``.ci/run`` installs both and sets ``NEUROSIM_REQUIRE_SYSTEM_PACKAGES=1``,
which turns any such skip into a failure, so CI never passes with those tests unrun.
"""

from __future__ import annotations

import os

import pytest

#: Set by .ci/run (which installs the packages): a missing one fails instead of skipping.
REQUIRE = "NEUROSIM_REQUIRE_SYSTEM_PACKAGES"


def require(present: bool, what: str, package: str, *, module: bool = False) -> None:
    """Skip (or, with ``$NEUROSIM_REQUIRE_SYSTEM_PACKAGES=1``, fail) unless ``present``.

    ``module=True`` at a test module's top level: one skip for the whole module.
    """
    if present:
        return
    message = (f"needs {what}: Debian package {package} "
               f"(sudo apt-get install {package}; .ci/run installs it)")
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{message}; {REQUIRE}=1 requires it", pytrace=False)
    pytest.skip(message, allow_module_level=module)
