"""Certificates subscribe to the learner's progress (``training.events``) and issue what is earned.

A certificate appears the moment its last criterion holds, whichever service recorded that
progress; no feature calls certificates by hand. Course progress (a lesson done, a quiz finished,
a task graded) checks that one course; shop progress checks only the courses whose criteria name a
shop milestone, with the learner's milestones worked out once. Attendance is no certificate
criterion, so certificates do not listen to it.
"""
from __future__ import annotations

from training import events
from training.certificates.criteria import storefront_milestones
from training.certificates.services import check_after_progress, check_and_issue
from training.courses.services import visible_courses


def _course_progress(learner, course=None, **_details) -> None:
    """Check the course the progress belongs to (every visible course when it is not known)."""
    check_after_progress(learner, course)


def _shop_progress(learner, **_details) -> None:
    """Check the courses with shop milestones among their criteria."""
    courses = [course for course in visible_courses(learner) if (course.certificate_criteria or {}).get("storefront")]
    if not courses:
        return
    reached = storefront_milestones(learner)
    for course in courses:
        check_and_issue(learner, course, milestones=reached)


def subscribe() -> None:
    """Connect the receivers (the app factory calls this; connecting twice changes nothing)."""
    for signal in (events.lesson_completed, events.quiz_finished, events.task_graded):
        signal.connect(_course_progress)
    for signal in (events.product_registered, events.product_costed, events.shop_round_played):
        signal.connect(_shop_progress)
