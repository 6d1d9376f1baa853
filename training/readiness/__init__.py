"""Readiness for release: the parole officer's review of a learner, the rubric, notes and the PDF report."""
