"""Seeded random draws: a period's random stream and Poisson-distributed demand.

Why Poisson: if the number of shoppers is itself Poisson and each shopper picks an offer by the
logit shares, then each offer's demand is an independent Poisson variable whose mean is exactly the
expected demand (the thinning property). So a realised run draws one Poisson number per offer.

Each period gets its own ``random.Random`` seeded from text (``"karya-mandiri:<seed>:<week>"``);
text seeds are hashed with SHA-512 by the standard library, so the stream is the same on every
machine and does not depend on ``PYTHONHASHSEED``. Offers are drawn in a fixed order
(category, channel, offer id), so the same inputs always give the same numbers.
"""

from __future__ import annotations

import math
import random

_SMALL_MEAN = 10.0


def period_rng(seed: int, week_index: int) -> random.Random:
    """The random stream of one period of one market."""
    return random.Random(f"karya-mandiri:{seed}:{week_index}")


def poisson(rng: random.Random, mean: float) -> int:
    """One Poisson draw with the given mean.

    Small means use inversion with a single uniform number (search up the cumulative
    distribution). Means of 10 and more use the transformed-rejection method of Hörmann (1993),
    whose cost does not grow with the mean.
    """
    if mean <= 0.0:
        return 0
    if mean < _SMALL_MEAN:
        uniform = rng.random()
        probability = math.exp(-mean)
        cumulative = probability
        count = 0
        while uniform > cumulative and count < 1000:
            count += 1
            probability *= mean / count
            cumulative += probability
        return count
    return _poisson_large(rng, mean)


def _poisson_large(rng: random.Random, mean: float) -> int:
    root = math.sqrt(mean)
    log_mean = math.log(mean)
    b = 0.931 + 2.53 * root
    a = -0.059 + 0.02483 * b
    log_inverse_alpha = math.log(1.1239 + 1.1328 / (b - 3.4))
    v_accept = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = rng.random() - 0.5
        v = rng.random()
        us = 0.5 - abs(u)
        if us <= 0.0:
            continue
        count = math.floor((2.0 * a / us + b) * u + mean + 0.43)
        if us >= 0.07 and v <= v_accept:
            return count
        if count < 0 or (us < 0.013 and v > us):
            continue
        if (math.log(v) + log_inverse_alpha - math.log(a / (us * us) + b)
                <= -mean + count * log_mean - math.lgamma(count + 1)):
            return count
