"""Connectivity and initial state drawn in numpy from the run's seed.

Both engines receive the same explicit connections, so one seed gives one
network whichever engine simulates it.
"""

from __future__ import annotations

import numpy as np


def streams(seed: int):
    """Three independent generators from one seed: connectivity, initial state, engine seed."""
    conn, init, engine = np.random.SeedSequence(seed).spawn(3)
    engine_seed = int(engine.generate_state(1)[0] % (2**31 - 2)) + 1  # NEST needs [1, 2**31 - 1)
    return np.random.default_rng(conn), np.random.default_rng(init), engine_seed


def connect(
    projection, n_source: int, n_target: int, same: bool, rng
) -> tuple[np.ndarray, np.ndarray]:
    """Presynaptic and postsynaptic indices of one projection.

    Fixed in-degree: sources drawn with replacement (multapses allowed),
    self-connections redrawn (NEST ``fixed_indegree`` with
    ``allow_autapses=False, allow_multapses=True``).  Probability: each pair
    independently, without self-connections.
    """
    if projection.in_degree is not None:
        k = projection.in_degree
        pre = rng.integers(0, n_source, size=(n_target, k))
        if same:
            if n_source < 2:
                return np.empty(0, int), np.empty(0, int)
            rows = np.arange(n_target)[:, None]
            bad = pre == rows
            while np.any(bad):
                pre[bad] = rng.integers(0, n_source, size=int(bad.sum()))
                bad = pre == rows
        post = np.repeat(np.arange(n_target), k)
        return pre.ravel().astype(np.int64), post.astype(np.int64)
    pool = n_source - 1 if same else n_source
    counts = rng.binomial(pool, projection.probability, size=n_target)
    pre_parts = []
    for j, count in enumerate(counts):
        chosen = rng.choice(pool, size=count, replace=False)
        if same:
            chosen = chosen + (chosen >= j)
        pre_parts.append(np.sort(chosen))
    pre = np.concatenate(pre_parts) if pre_parts else np.empty(0, int)
    post = np.repeat(np.arange(n_target), counts)
    return pre.astype(np.int64), post.astype(np.int64)


def initial_potentials(population, rng) -> np.ndarray | None:
    """Initial membrane potentials (volt, floats), uniform in the population's ``v_range``.

    None when the population has no range (its model's own start values are used).
    """
    if population.v_range is None:
        return None
    low, high = population.v_range
    return rng.uniform(float(low), float(high), size=population.n)
