"""Time on task, for the learner's course, lesson and quiz pages and for signing out.

Each lesson or quiz page view credits the time since the learner's previous
course page view to the lesson that was open then, capped per gap (services.MAX_GAP_SECONDS).
The open lesson and the time are kept in the signed session, so it works with several app
servers and costs no extra write on pages that are not lessons. Further pages of the lesson
already open (its quiz questions, their feedback) only add their gaps up in the session; the
total is written by the next request that writes anyway (an answer, marking a lesson read),
when another lesson or the course page opens, at sign-out, or once it reaches
services.PENDING_WRITE_SECONDS, so reading a quiz costs no write per page. The credit is written
just before the commit, after the page has rendered (:func:`commit_noted`): on SQLite a write
holds the database's one write lock until the commit, and a class of 40 opening a lesson at once
should queue for a moment of writing each, not for each other's rendering.
"""
from __future__ import annotations

from flask import g, render_template, request, session
from flask_login import current_user

from training import clock
from training.courses import services
from training.extensions import commit_and_keep_loaded
from training.page_cache import TICK_KEY


def note_time(lesson=None) -> None:
    """Credit the time since the last course page to the lesson that was open; remember this one.

    The session's tick is ``[lesson id, time of the last page, seconds added up]``: a page served
    again from the worker's kept pages adds its gap to the third figure instead of writing
    (training/page_cache.py). The credit, the added-up seconds and this gap (capped at
    MAX_GAP_SECONDS), is written by :func:`commit_noted` (or :func:`render_and_commit`), at the commit.
    """
    now = clock.epoch_seconds()
    noted = services.tick_time(session.get(TICK_KEY), now)
    if (noted is not None and lesson is not None and noted[0] == lesson.id and request.method == "GET"
            and noted[1] < services.PENDING_WRITE_SECONDS):
        # Another page of the lesson already open: add the gap up in the session, as a kept page
        # does, instead of writing on a page view; the next write (an answer, another lesson, the
        # course page, signing out) or the total reaching PENDING_WRITE_SECONDS writes it.
        if services.tick_moves_on(session[TICK_KEY], now):
            session[TICK_KEY] = [lesson.id, int(now), noted[1]]
        return
    if noted is not None:
        g.noted_time = noted
    if lesson is None:
        session.pop(TICK_KEY, None)
    else:
        session[TICK_KEY] = [lesson.id, int(now)]


def commit_noted() -> None:
    """Write the time on task :func:`note_time` noted (one UPDATE), then commit the request (its
    reading is done by then: the page is rendered, or a redirect is to be sent)."""
    noted = g.pop("noted_time", None)
    if noted is not None:
        services.add_time(current_user, *noted)
    commit_and_keep_loaded()


def render_and_commit(template: str, **context) -> str:
    """Render a page, then commit what viewing it recorded (progress, time on task).

    Committing first would expire every loaded object and reload each one while rendering; and
    the page renders before its writes are sent, so it holds no write lock while rendering.
    """
    page = render_template(template, **context)
    commit_noted()
    return page
