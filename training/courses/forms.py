"""Forms of the course pages. Quiz answers are read from the request by question type, with a
bare CSRF form, because each question type has its own fields."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from training.accounts.forms import EmptyForm
from training.courses.services import TASK_MAX_CHARS

__all__ = ["DraftForm", "EmptyForm", "TaskForm", "ToggleCourseForm"]


class TaskForm(FlaskForm):
    """Handing in a practical task."""

    text = TextAreaField(
        _l("Jawaban Anda"),
        validators=[DataRequired(_l("Tulis jawaban Anda dulu.")),
                    Length(max=TASK_MAX_CHARS, message=_l("Jawaban terlalu panjang."))],
        render_kw={"rows": 14},
    )
    submit = SubmitField(_l("Kirim tugas"))


class DraftForm(FlaskForm):
    """Saving a task's work in progress: may be empty, but never longer than a hand-in."""

    text = TextAreaField(
        _l("Jawaban Anda"),
        validators=[Length(max=TASK_MAX_CHARS, message=_l("Jawaban terlalu panjang."))],
    )


class ToggleCourseForm(FlaskForm):
    """A facility admin offers a course at their facility, or stops offering it."""

    enabled = HiddenField(validators=[DataRequired()])
