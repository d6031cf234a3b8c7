"""The perturbation table of the cell key method (Destatis' `ptable`, sdcTools, made the same
way: maximum entropy under constraints), and the look-up of a cell's noise.

For every true count n the table gives the probabilities of showing n + v, v in -D … D, with
- the largest deviation |v| ≤ `MAX_DEVIATION` (D);
- no shown value from 1 to `THRESHOLD` (js): small counts are shown as 0 or as ≥ js + 1;
- a small count (1 … js) shows only values an empty cell shows too (0, 3, 4): a 5 or 6
  from a true 1 or 2 proved "at least one", and with a year or a total bounded from above
  (shown 0) linear programs then pinned such counts to 1–2 under some deployment secrets;
- a true 0 shown as 0, except in `EMPTY_SHOWN` of the cases as 3 or 4: otherwise every
  figure of 3 and more would say "at least one", and a reader could add such lower bounds up
  against a total (e.g. three cells shown 3 or more under a total shown 0: each cell is 1 or
  2). Empty cells are the only figures with a (small, upward) bias;
- no bias: the mean of v is 0 for every n ≥ 1 (sums of many cells stay right on average);
- the variance `VARIANCE` (V) where the allowed values permit it, else as close as they do;
- among all such distributions the one of maximum entropy (the least predictable).
From n = js + D + 1 on, every v is allowed and the distribution is the same for all n.

The look-up: a cell key u in [0, 1) (see `record_keys`) falls into one interval of the
cumulative distribution of its n; that interval's v is the noise. The same cell (the same
records) always has the same key, so the same noise.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import cache

MAX_DEVIATION = 4  # D
VARIANCE = 3.0  # V
THRESHOLD = 2  # js: no shown value 1 … js
# how often an empty cell is shown as 3 or as 4 (its key: `record_keys.empty_cell_key`)
EMPTY_SHOWN = ((3, 0.03), (4, 0.02))

Distribution = tuple[tuple[int, float], ...]  # (v, probability), v ascending


def empty_top(d: int = MAX_DEVIATION) -> int:
    """The largest value an empty cell can show (0 when it never shows more than 0)."""
    return max((shown for shown, _p in EMPTY_SHOWN if shown <= d), default=0)


def allowed(n: int, *, d: int = MAX_DEVIATION, js: int = THRESHOLD) -> list[int]:
    """The noises v that n may get: n + v is 0 or above js, within ±d; a small count
    (1 … js) shows only values an empty cell can show too (0 or js+1 … `empty_top`), so no
    single figure proves "at least one" of a count that may be 1 or 2."""
    if n == 0:
        return [0]
    top = empty_top(d) if n <= js and empty_top(d) > js else n + d
    return [v for v in range(-d, d + 1) if n + v == 0 or js < n + v <= top]


def _moments(values: list[int], a: float, b: float) -> tuple[float, float, float, float, float]:
    """log Z and the moments E[v], E[v²], E[v³], E[v⁴] of p(v) ∝ exp(a·v + b·v²)."""
    exponents = [a * v + b * v * v for v in values]
    top = max(exponents)
    weights = [math.exp(e - top) for e in exponents]
    z = sum(weights)
    m = [sum(w * v**k for w, v in zip(weights, values, strict=True)) / z for k in (1, 2, 3, 4)]
    return math.log(z) + top, m[0], m[1], m[2], m[3]


def _feasible_variance(values: list[int], target: float) -> float:
    """The variance closest to `target` that a mean-0 distribution on `values` can have
    (kept a little inside the extremes, where maximum entropy would put weight 0)."""
    low = min(values)
    high = max(values)
    if low >= 0 or high <= 0:
        return 0.0
    # extremes: the two-point distributions on {largest negative, smallest positive} and on
    # {low, high} give the smallest and the largest variance with mean 0
    neg = max(v for v in values if v < 0)
    pos = min(v for v in values if v > 0)
    smallest = -neg * pos
    largest = -low * high
    margin = 0.02 * (largest - smallest)
    return min(max(target, smallest + margin), largest - margin)


def maximum_entropy(values: list[int], variance: float) -> dict[int, float]:
    """p(v) of maximum entropy on `values` with mean 0 and the given variance (Newton's method
    on the convex dual: p ∝ exp(a·v + b·v²))."""
    if len(values) == 1:
        return {values[0]: 1.0}
    if all(v >= 0 for v in values) or all(v <= 0 for v in values):
        return {0: 1.0} if 0 in values else {values[0]: 1.0}
    a = b = 0.0
    for _ in range(200):
        _logz, m1, m2, m3, m4 = _moments(values, a, b)
        g1, g2 = m1, m2 - variance
        if abs(g1) < 1e-13 and abs(g2) < 1e-12:
            break
        # Hessian of log Z: the covariance of (v, v²)
        h11, h12, h22 = m2 - m1 * m1, m3 - m1 * m2, m4 - m2 * m2
        det = h11 * h22 - h12 * h12
        if det <= 1e-18:
            break
        da = (h22 * g1 - h12 * g2) / det
        db = (h11 * g2 - h12 * g1) / det
        step = 1.0
        before = _logz - b * variance
        while step > 1e-6:  # damped: the dual must go down
            na, nb = a - step * da, b - step * db
            after = _moments(values, na, nb)[0] - nb * variance
            if after <= before + 1e-15:
                break
            step /= 2
        a, b = a - step * da, b - step * db
    exponents = [a * v + b * v * v for v in values]
    top = max(exponents)
    weights = [math.exp(e - top) for e in exponents]
    z = sum(weights)
    return {v: w / z for v, w in zip(values, weights, strict=True)}


@cache
def distribution(
    n: int, *, d: int = MAX_DEVIATION, v: float = VARIANCE, js: int = THRESHOLD
) -> Distribution:
    """The noise distribution of a true count n (every n ≥ js + d + 1 shares one)."""
    n = min(n, js + d + 1)
    if n == 0:
        up = tuple((shown, p) for shown, p in EMPTY_SHOWN if shown <= d)
        return ((0, 1.0 - sum(p for _s, p in up)), *up)
    values = allowed(n, d=d, js=js)
    p = maximum_entropy(values, _feasible_variance(values, v))
    return tuple((value, p[value]) for value in values if p[value] > 0)


@cache
def _bounds(n: int) -> tuple[tuple[float, ...], tuple[int, ...]]:
    dist = distribution(n)
    upper, running = [], 0.0
    for _v, p in dist:
        running += p
        upper.append(running)
    upper[-1] = 1.0  # rounding: the last interval ends at 1
    return tuple(upper), tuple(v for v, _p in dist)


def noise(n: int, cell_key: float) -> int:
    """The noise of a cell of true count n whose cell key is `cell_key` (0 ≤ key < 1)."""
    upper, values = _bounds(max(0, min(n, THRESHOLD + MAX_DEVIATION + 1)))
    return values[min(bisect_right(upper, cell_key), len(values) - 1)]


def perturbed(n: int, cell_key: float) -> int:
    """The value shown for a true count n: n + noise, never 1 … js, never off by more than D."""
    return n + noise(n, cell_key)


def could_be(shown: int) -> list[int]:
    """Every true count that can be shown as `shown` (all a reader who knows the table can
    infer from one cell alone)."""
    return [
        n
        for n in range(max(0, shown - MAX_DEVIATION), shown + MAX_DEVIATION + 1)
        if any(n + v == shown for v, _p in distribution(n))
    ]
