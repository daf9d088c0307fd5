"""The model protocol: every model answers the hooks of neurosim.bio.models.base, and the
callers (FICurve.theory, rate_theory, presets, explorers) ask those hooks, not the type."""

import dataclasses

import numpy as np
import pytest
from brian2 import Hz, amp, ms, mV, nA, nS, pA

from neurosim.bio import EIFParams, HHParams, LIFParams, fi_curve, lif_rate, siegert_rate
from neurosim.bio.brian2_tools import TARGETS
from neurosim.bio.models import MODELS, ModelParams
from neurosim.bio.models.base import model_dataclass
from neurosim.bio.theory import deterministic_rate, has_lif_theory, rate_theory, stationary_rate
from neurosim.errors import ParameterError


@pytest.mark.parametrize("cls", MODELS.values(), ids=list(MODELS))
def test_every_model_answers_every_hook(cls):
    p = cls()
    assert set(p.key_fields()) <= set(p.as_text()) and p.key_fields()
    assert p.DEFAULT_TARGET in TARGETS
    assert "grid" in p.SPIKE_TIMINGS
    assert p.default_dt == p.brian_model().dt
    for field, (label, unit, low, high) in p.explorer_sliders().items():
        assert field in p.__dataclass_fields__ and field in label and low < high
    rheobase = p.closed_form_rheobase()
    assert rheobase is None or rheobase.dim is amp.dim
    counterpart = p.nest_counterpart()
    assert counterpart is None or (isinstance(counterpart.model, str)
                                   and isinstance(counterpart.nest_params, dict))


def test_the_lif_hooks_are_its_closed_forms():
    p = LIFParams()
    currents = np.linspace(0, 5, 11) * nA
    assert p.closed_form_rheobase() == p.rheobase
    np.testing.assert_array_equal(np.asarray(p.closed_form_rate(currents)),
                                  np.asarray(lif_rate(currents, p)))
    assert p.DEFAULT_TARGET == "numpy" and "exact" in p.SPIKE_TIMINGS
    assert p.nest_counterpart().model == "iaf_psc_delta" and has_lif_theory(p)


def test_rate_theory_picks_closed_form_siegert_or_threshold_integration():
    currents = np.linspace(0.1, 3, 5) * nA
    lif, eif = LIFParams(), EIFParams()
    name, rates = rate_theory(lif, currents)
    assert name == "closed form"
    np.testing.assert_array_equal(np.asarray(rates), np.asarray(lif_rate(currents, lif)))
    name, rates = rate_theory(lif, currents, 2 * mV)
    assert name == "Siegert"
    np.testing.assert_array_equal(np.asarray(rates), np.asarray(siegert_rate(currents, 2 * mV, lif)))
    name, rates = rate_theory(eif, currents / 10)
    assert name == "threshold integration"
    np.testing.assert_array_equal(np.asarray(rates), np.asarray(deterministic_rate(eif, currents / 10)))
    name, rates = rate_theory(eif, currents / 10, 2 * mV)
    np.testing.assert_array_equal(np.asarray(rates),
                                  np.asarray(stationary_rate(eif, currents / 10, 2 * mV)))
    assert rate_theory(HHParams(), currents) is None and not has_lif_theory(HHParams())


def test_fi_curve_theory_works_for_a_model_with_one_and_names_a_model_without():
    curve = fi_curve(LIFParams(), [2, 3] * nA, duration=50 * ms, seed=1)
    eif = dataclasses.replace(curve, params=EIFParams(), currents=[150, 300] * pA)
    np.testing.assert_array_equal(np.asarray(eif.theory()),
                                  np.asarray(deterministic_rate(EIFParams(), [150, 300] * pA)))
    assert eif.theory()[1] > 0 * Hz
    hh = dataclasses.replace(curve, params=HHParams())
    with pytest.raises(ParameterError, match="'hh'.*no rate theory"):
        hh.theory()


def test_a_new_model_with_a_closed_form_rheobase_is_not_taken_for_a_lif():
    """Hooks, not types: a model that only knows its rheobase gets no LIF closed forms."""

    @model_dataclass
    class Toy(ModelParams):
        MODEL = "toy"
        FIELD_UNITS = {"tau_m": ms, "R_m": LIFParams.FIELD_UNITS["R_m"], "E_L": mV,
                       "V_th": mV, "V_reset": mV, "t_ref": ms}
        tau_m: object = dataclasses.field(default_factory=lambda: 10 * ms)
        R_m: object = dataclasses.field(default_factory=lambda: LIFParams().R_m)
        E_L: object = dataclasses.field(default_factory=lambda: -65 * mV)
        V_th: object = dataclasses.field(default_factory=lambda: -50 * mV)
        V_reset: object = dataclasses.field(default_factory=lambda: -65 * mV)
        t_ref: object = dataclasses.field(default_factory=lambda: 2 * ms)
        name: str = dataclasses.field(default="toy", compare=False)
        source: str = dataclasses.field(default="", compare=False)

        def closed_form_rheobase(self):
            return 1 * nA

    toy = Toy()
    assert toy.closed_form_rheobase() == 1 * nA
    assert not has_lif_theory(toy) and rate_theory(toy, [1] * nA) is None
    assert toy.DEFAULT_TARGET == "cython" and toy.SPIKE_TIMINGS == ("grid",)
    assert toy.key_fields() == ("tau_m", "R_m", "E_L", "V_th", "V_reset")
    assert toy.explorer_sliders().keys() == {"tau_m", "t_ref"} and toy.nest_counterpart() is None


def test_adapting_and_rate_ceiling_come_from_the_model():
    from neurosim.bio import load_preset

    assert load_preset("adex_adapting").adapting and load_preset("izhikevich_rs").adapting
    assert not load_preset("adex_adapting").replace(a=0 * nS, b=0 * pA).adapting
    assert not load_preset("hh_squid").adapting and not load_preset("qif_rs").adapting
    # LIF t_ref 2 ms: 500 Hz; QIF preset with t_ref = 0 and Izhikevich (no refractoriness): none.
    assert abs(float(load_preset("neuronal_dynamics").rate_ceiling / Hz) - 500) < 1e-9
    assert load_preset("qif_rs").rate_ceiling is None
    assert load_preset("izhikevich_rs").rate_ceiling is None



def test_only_the_lif_draws_network_potentials_between_reset_and_threshold():
    from neurosim.bio import load_preset
    from neurosim.bio.network._models import describe

    lif = load_preset("brunel2000")
    assert lif.initial_voltage_range() == (lif.V_reset, lif.V_th)
    assert describe(lif).v_range == (lif.V_reset, lif.V_th)
    for name in ("eif_cortical", "adex_tonic", "qif_rs", "izhikevich_rs"):
        assert describe(load_preset(name)).v_range is None, name
