"""A learner's progress, announced as named signals (blinker, as Flask's own signals use).

The service that records a piece of progress sends its signal once, after it has flushed the
change, so a subscriber reads the new state in the same transaction (and the caller's commit or
rollback covers both). Features that care subscribe instead of being called by hand:
``training.certificates.listeners`` issues whatever a course's criteria now allow. Readiness reads
its evidence live when the officer opens a report, so it needs no subscription.

Every signal's sender is the learner (a ``User``) whose progress it is; the keyword arguments are
listed beside each signal. A sender with several learners (a class-market round, an attendance
sheet) sends once per learner.
"""
from __future__ import annotations

from blinker import Namespace

_progress = Namespace()

lesson_completed = _progress.signal("lesson-completed", doc="A lesson became done. Keyword: ``course``.")
quiz_finished = _progress.signal("quiz-finished", doc="A quiz attempt was closed and scored. Keyword: ``course``.")
task_graded = _progress.signal(
    "task-graded", doc="An instructor graded a practical task or an essay answer. Keyword: ``course``.")
product_registered = _progress.signal("product-registered", doc="A learner registered a new product in the shop.")
product_costed = _progress.signal("product-costed", doc="A product was saved with a unit cost (HPP) above zero.")
shop_round_played = _progress.signal(
    "shop-round-played", doc="A practice week or a class-market round ran with the learner's decisions.")
attendance_recorded = _progress.signal(
    "attendance-recorded", doc="An instructor saved the learner's attendance. Keyword: ``session``.")
