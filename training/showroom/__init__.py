"""The real showroom: catalogue of workshop products, showroom sales, stock, PNBP and premi on real
money, the public catalogue and the learner's portfolio."""
