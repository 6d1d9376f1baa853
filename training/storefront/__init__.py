"""The learner's shop: products and their unit cost, prices, practice seasons and class markets.

The market itself is ``training.simulator`` (pure Python); this package stores its inputs and
results as JSON, turns requests into calls to it and shows the results. Milestones for
certificates and readiness are in :mod:`training.storefront.milestones`.
"""
