"""The xdist scheduling units of tests/conftest.py: tests that share a computation share a worker."""

import pytest

from tests import conftest


class _Item:
    def __init__(self, nodeid, shares=None):
        self.nodeid, self.fixturenames, self._fixtureinfo = nodeid, [], None
        self._shares = pytest.mark.shares(shares).mark if shares else None

    def get_closest_marker(self, name):
        return self._shares if name == "shares" else None


def test_tests_marked_shares_get_one_unit_and_the_others_their_own():
    items = [_Item("t.py::a[mean]", "runs"), _Item("t.py::a[sd]", "runs"), _Item("t.py::b"),
             _Item("u.py::c", "other")]
    units = conftest._units(items)
    assert units["t.py::a[mean]"] == units["t.py::a[sd]"] == "shares:runs"
    assert units["t.py::b"] == "t.py::b"
    assert units["u.py::c"] == "shares:other"


def test_the_docs_numbers_that_read_one_run_set_share_it():
    from tests import test_docs_numbers as docs

    groups = {}
    for key, group in docs.SHARES.items():
        groups.setdefault(group, []).append(key)
        assert docs.REGISTRY[key][1], f"{key}: only slow entries need a shared worker"
    assert all(len(keys) > 1 for keys in groups.values())
