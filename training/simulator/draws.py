"""Seeded random draws: a period's random stream and Poisson-distributed demand.

Why Poisson: if the number of shoppers is itself Poisson and each shopper picks an offer by the
logit shares, then each offer's demand is an independent Poisson variable whose mean is exactly the
expected demand (the thinning property). So a realised run draws one Poisson number per offer.

Each period gets its own ``random.Random`` seeded from text (``"karya-mandiri:<seed>:<week>"``);
text seeds are hashed with SHA-512 by the standard library, so the stream is the same on every
machine and does not depend on ``PYTHONHASHSEED``. Offers are drawn in a fixed order (category,
channel, offer id) and every offer takes exactly two uniform numbers from the stream, whatever its
mean: a small mean uses the first by inversion, a large one tries the transformed-rejection method
with the pair and, in the rare case it is rejected, goes on with a small stream of its own
(``KeyedStream``) started from the pair. So with the same offers taking part, an offer's demand
depends only on the seed, the week, its place in that order and its mean: changing one offer's
decisions ("Ulangi minggu ini", ``replay.py``) leaves every other draw of the week on the same
random numbers (the same shoppers), and by inversion a higher small mean never draws fewer units.

Expected sales from a stock: ``expected_sales(mean, stock)`` is E[min(D, stock)] for Poisson D,
exact (sums of Poisson probabilities), used by the engine's expected mode and the what-if curve.

Whole weeks at once (the engine's path): ``period_uniforms`` reads the same stream in bulk (the
32-bit outputs of ``getrandbits``, turned into doubles exactly as ``random.random`` turns
them), and ``poisson_from_pairs``
draws every offer of a week with the arithmetic of ``poisson_from_pair`` element by element, so a
seed gives the same demand as the scalar functions.
"""

from __future__ import annotations

import math
import random

import numpy as np

_SMALL_MEAN = 10.0
_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_UNIT = 2.0 ** -53
_TAIL = 1e-18  # Poisson probabilities below this are left out of a sum
_FEW = 24  # below this many offers a loop of scalar steps costs less than numpy's calls
_FIRST_STEPS = 10  # inversion: the terms every offer's search takes together (most stop by then)
_FEW_SEARCHING = 48  # inversion: below this many searches still going, one by one


def period_rng(seed: int, week_index: int) -> random.Random:
    """The random stream of one period of one market."""
    return random.Random(f"karya-mandiri:{seed}:{week_index}")


def period_uniforms(seed: int, week_index: int, count: int) -> np.ndarray:
    """The first ``count`` numbers of :func:`period_rng`'s stream, drawn in one go (the same
    numbers ``random()`` would give one by one).

    ``random()`` makes each number from two 32-bit outputs of the Mersenne Twister, ``a >> 5``
    and ``b >> 6``, as ``(a * 2**26 + b) / 2**53``; ``getrandbits`` hands out the same outputs in
    the same order (the first in the lowest bits), so one call gives them all and the doubles are
    made with the same arithmetic on arrays.
    """
    if count <= 0:
        return np.zeros(0)
    bits = period_rng(seed, week_index).getrandbits(64 * count)
    words = np.frombuffer(bits.to_bytes(8 * count, "little"), dtype="<u4")
    return ((words[0::2] >> 5).astype(float) * 67108864.0 + (words[1::2] >> 6)) * _UNIT


class KeyedStream:
    """A small SplitMix64 stream of uniform numbers in [0, 1), started from a 64-bit key: cheap to
    start (unlike ``random.Random``) and the same on every machine."""

    __slots__ = ("state",)

    def __init__(self, key: int):
        self.state = key & _MASK

    def random(self) -> float:
        """The next uniform number in [0, 1)."""
        self.state = state = (self.state + _GOLDEN) & _MASK
        state = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        state = ((state ^ (state >> 27)) * 0x94D049BB133111EB) & _MASK
        return ((state ^ (state >> 31)) >> 11) * _UNIT


def poisson_cdf(count: int, mean: float) -> float:
    """P(D <= count) for D Poisson with ``mean``: the probabilities summed from ``count`` away
    from the mean's side until they are negligible (about sqrt(mean) terms near the mean)."""
    if count < 0:
        return 0.0
    if mean <= 0.0:
        return 1.0
    log_mean = math.log(mean)
    term = math.exp(-mean + count * log_mean - math.lgamma(count + 1))
    if count < mean:  # the lower tail: terms shrink going down from count
        total, k = 0.0, count
        while k >= 0 and term > _TAIL * max(total, 1e-300):
            total += term
            term *= k / mean
            k -= 1
        return min(1.0, total)
    upper, k = 0.0, count + 1  # 1 - the upper tail: terms shrink going up from count + 1
    term *= mean / k
    while term > _TAIL:
        upper += term
        k += 1
        term *= mean / k
    return max(0.0, 1.0 - upper)


def expected_sales(mean: float, stock: float) -> float:
    """E[min(D, stock)] for D Poisson with ``mean``: the expected units sold from ``stock``.

    For a whole stock ``n``: ``mean * F(n-2) + n * (1 - F(n-1))`` with F the Poisson CDF (because
    E[D; D <= n-1] = mean * F(n-2)). A fractional stock (expected mode carries expectations)
    adds ``frac * P(D > n)``, the exact value of E[min(D, stock)] for a real stock.
    """
    if stock <= 0.0 or mean <= 0.0:
        return 0.0
    whole = math.floor(stock)
    fraction = stock - whole
    if whole > mean + 40.0 * math.sqrt(mean) + 40.0:
        return mean  # the stock is never reached (tail below 1e-300)
    at_whole = poisson_cdf(whole, mean)
    log_mean = math.log(mean)

    def pmf(k: int) -> float:
        return 0.0 if k < 0 else math.exp(-mean + k * log_mean - math.lgamma(k + 1))

    below = at_whole - pmf(whole)        # F(n-1)
    two_below = below - pmf(whole - 1)   # F(n-2)
    sold = mean * max(0.0, two_below) + whole * (1.0 - below) + fraction * (1.0 - at_whole)
    return min(sold, stock, mean)


def poisson(rng, mean: float) -> int:
    """One Poisson draw with the given mean, taking exactly two uniform numbers from ``rng``
    (anything with a ``random()`` method); see :func:`poisson_from_pair`."""
    return poisson_from_pair(rng.random(), rng.random(), mean)


def poisson_from_pair(first: float, second: float, mean: float) -> int:
    """One Poisson draw with the given mean from two uniform numbers in [0, 1).

    Small means use inversion with ``first`` alone (search up the cumulative distribution). Means
    of 10 and more use the transformed-rejection method of Hörmann (1993), whose cost does not
    grow with the mean: its first try uses the pair, later tries (rare) a ``KeyedStream`` started
    from the pair.
    """
    if mean <= 0.0:
        return 0
    if mean < _SMALL_MEAN:
        probability = math.exp(-mean)
        cumulative = probability
        count = 0
        while first > cumulative and count < 1000:
            count += 1
            probability *= mean / count
            cumulative += probability
        return count
    return _poisson_large(first, second, mean)


def _poisson_large(first: float, second: float, mean: float) -> int:
    root = math.sqrt(mean)
    log_mean = math.log(mean)
    b = 0.931 + 2.53 * root
    a = -0.059 + 0.02483 * b
    log_inverse_alpha = math.log(1.1239 + 1.1328 / (b - 3.4))
    v_accept = 0.9277 - 3.6224 / (b - 2.0)
    stream = None
    while True:
        u = first - 0.5
        v = second
        us = 0.5 - abs(u)
        if us > 0.0:
            count = math.floor((2.0 * a / us + b) * u + mean + 0.43)
            if us >= 0.07 and v <= v_accept:
                return count
            if count >= 0 and not (us < 0.013 and v > us) and (
                    math.log(v) + log_inverse_alpha - math.log(a / (us * us) + b)
                    <= -mean + count * log_mean - math.lgamma(count + 1)):
                return count
        if stream is None:
            stream = KeyedStream((int(first * 2.0 ** 53) << 11) ^ int(second * 2.0 ** 53))
        first, second = stream.random(), stream.random()


def poisson_from_pairs(first: np.ndarray, second: np.ndarray, means: np.ndarray) -> np.ndarray:
    """:func:`poisson_from_pair` for whole arrays at once (an int64 array of draws).

    Small means search the cumulative distribution for every offer together; ``exp(-mean)`` is
    taken with ``math.exp`` and the rest is the same IEEE arithmetic in the same order, so each
    draw equals the scalar one. Large means take the transformed-rejection method's tries
    together (square roots and arithmetic on arrays, logarithms with ``math``), the later tries
    from the same SplitMix64 streams as ``KeyedStream``: again the scalar draws.
    """
    draws = np.zeros(len(means), dtype=np.int64)
    small = np.flatnonzero((means > 0.0) & (means < _SMALL_MEAN))
    if len(small):
        draws[small] = _small_draws(first[small], means[small])
    large = np.flatnonzero(means >= _SMALL_MEAN)
    if len(large) <= _FEW:  # a few offers: numpy's cost per call is more than the draws
        draws[large] = [_poisson_large(f, s, m) for f, s, m in zip(
            first[large].tolist(), second[large].tolist(), means[large].tolist())]
        return draws
    mean = means[large]
    accepted, counts = _try_pairs(first[large], second[large], mean)
    draws[large[accepted]] = counts[accepted]
    waiting = np.flatnonzero(~accepted)
    # KeyedStream's key: (int(first * 2**53) << 11) ^ int(second * 2**53), exact in uint64
    state = (((first[large[waiting]] * 2.0 ** 53).astype(np.uint64) << np.uint64(11))
             ^ (second[large[waiting]] * 2.0 ** 53).astype(np.uint64))
    mean = mean[waiting]
    while len(waiting) > _FEW:
        state, again_first = _splitmix(state)
        state, again_second = _splitmix(state)
        accepted, counts = _try_pairs(again_first, again_second, mean)
        draws[large[waiting[accepted]]] = counts[accepted]
        waiting, state, mean = waiting[~accepted], state[~accepted], mean[~accepted]
    for index in large[waiting].tolist():  # the last few from the start, one by one
        draws[index] = _poisson_large(float(first[index]), float(second[index]),
                                      float(means[index]))
    return draws


def _small_draws(uniform: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Inversion for means below 10 (:func:`poisson_from_pair`'s search up the cumulative
    distribution): the first ``_FIRST_STEPS`` terms of every offer's distribution as one table
    (most draws are found there), then every offer still searching together while there are
    many, then the last few one by one; the same arithmetic in the same order throughout."""
    probability = np.fromiter(map(math.exp, (-mean).tolist()), float, len(mean))
    table = np.empty((_FIRST_STEPS + 1, len(mean)))  # the cumulative distribution, term by term
    table[0] = probability
    for step in range(1, _FIRST_STEPS + 1):
        probability = probability * (mean / step)
        np.add(table[step - 1], probability, out=table[step])
    count = np.count_nonzero(uniform > table, axis=0)  # the terms below the uniform number
    searching = np.flatnonzero(count > _FIRST_STEPS)
    probability, cumulative = probability[searching], table[_FIRST_STEPS, searching]
    mean, uniform = mean[searching], uniform[searching]
    step = _FIRST_STEPS
    while len(searching) > _FEW_SEARCHING and step < 1000:
        step += 1
        probability *= mean / step
        cumulative += probability
        count[searching] = step
        going = uniform > cumulative
        if not going.all():
            searching, probability, cumulative = (
                searching[going], probability[going], cumulative[going])
            mean, uniform = mean[going], uniform[going]
    for index, first, m, p, c in zip(searching.tolist(), uniform.tolist(), mean.tolist(),
                                     probability.tolist(), cumulative.tolist()):
        k = step
        while first > c and k < 1000:
            k += 1
            p *= m / k
            c += p
        count[index] = k
    return count


def _splitmix(state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:meth:`KeyedStream.random` for many streams at once: new states and one number each
    (uint64 arithmetic wraps around as the masks of the scalar version do)."""
    state = state + np.uint64(_GOLDEN)
    mixed = (state ^ (state >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    mixed = (mixed ^ (mixed >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return state, ((mixed ^ (mixed >> np.uint64(31))) >> np.uint64(11)).astype(float) * _UNIT


def _try_pairs(first: np.ndarray, second: np.ndarray,
               mean: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One try of ``_poisson_large`` for many pairs: which are accepted, and their counts."""
    u = first - 0.5
    v = second
    us = 0.5 - np.abs(u)
    b = 0.931 + 2.53 * np.sqrt(mean)
    a = -0.059 + 0.02483 * b
    with np.errstate(divide="ignore", invalid="ignore"):
        counts = np.floor((2.0 * a / us + b) * u + mean + 0.43)
    inside = us > 0.0
    accepted = inside & (us >= 0.07) & (v <= 0.9277 - 3.6224 / (b - 2.0))
    slow = inside & ~accepted & (counts >= 0.0) & ~((us < 0.013) & (v > us))
    accepted[np.flatnonzero(slow)[_second_test(mean[slow], v[slow], us[slow], b[slow], a[slow],
                                               counts[slow])]] = True
    return accepted, np.where(accepted, counts, 0.0).astype(np.int64)


def _second_test(mean: np.ndarray, v: np.ndarray, us: np.ndarray, b: np.ndarray, a: np.ndarray,
                 counts: np.ndarray) -> np.ndarray:
    """Which first tries pass the transformed-rejection method's squeeze test: the same
    comparison as ``_poisson_large`` with the logarithms and ``lgamma`` of ``math``, so the same
    decisions."""
    def each(function, values: np.ndarray) -> np.ndarray:
        return np.fromiter(map(function, values.tolist()), dtype=float, count=len(values))

    left = (each(math.log, v) + each(math.log, 1.1239 + 1.1328 / (b - 3.4))
            - each(math.log, a / (us * us) + b))
    right = -mean + counts * each(math.log, mean) - each(math.lgamma, counts + 1.0)
    return np.flatnonzero(left <= right)
