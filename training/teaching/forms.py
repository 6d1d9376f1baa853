"""Forms of the instructor workspace. Rows that repeat per learner or per rubric criterion
(attendance marks, rubric levels) are read from the request by name beside a FlaskForm that
carries the CSRF token and the fixed fields."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from training.fields import MultiCheckboxField
from training.teaching.attendance import MAX_PLANNED_MINUTES
from training.teaching.grading import FEEDBACK_MAX_CHARS


class AssignForm(FlaskForm):
    """Give a course, or some of its lessons, to the class or to one learner."""

    course_id = SelectField(_l("Kursus"), coerce=int, validators=[InputRequired(_l("Pilih kursus."))])
    target = SelectField(_l("Untuk"), validators=[DataRequired(_l("Pilih untuk siapa."))])
    lesson_ids = MultiCheckboxField(
        _l("Pelajaran (kosongkan untuk seluruh kursus)"), coerce=int, validators=[Optional()], validate_choice=False,
    )
    opens_on = DateField(_l("Mulai tanggal"), validators=[DataRequired(_l("Isi tanggal mulai."))])
    due_on = DateField(_l("Batas waktu"), validators=[Optional()],
                       description=_l("Hari terakhir tugas dianggap tepat waktu. Boleh dikosongkan."))


class ExtendForm(FlaskForm):
    """A later due date for one learner."""

    learner_id = SelectField(_l("Warga binaan"), coerce=int, validators=[InputRequired()])
    due_on = DateField(_l("Batas waktu baru"), validators=[DataRequired(_l("Isi batas waktu baru."))])
    reason = StringField(_l("Alasan"), validators=[Optional(), Length(max=200)])


class OpenSessionForm(FlaskForm):
    """Open a class session for attendance."""

    held_on = DateField(_l("Tanggal"), validators=[DataRequired(_l("Isi tanggal."))])
    starts_at = TimeField(_l("Jam mulai"), validators=[DataRequired(_l("Isi jam mulai."))])
    planned_minutes = IntegerField(
        _l("Lama sesi (menit)"),
        validators=[InputRequired(_l("Isi lama sesi.")),
                    NumberRange(1, MAX_PLANNED_MINUTES, _l("Lama sesi harus antara 1 dan 600 menit."))],
    )


class AttendanceForm(FlaskForm):
    """The sheet's fixed part; each learner's mark and minutes come as status-<id> and menit-<id>."""

    planned_minutes = IntegerField(
        _l("Lama sesi (menit)"),
        validators=[InputRequired(_l("Isi lama sesi.")),
                    NumberRange(1, MAX_PLANNED_MINUTES, _l("Lama sesi harus antara 1 dan 600 menit."))],
    )


class GradeForm(FlaskForm):
    """A rubric grade's fixed part; each criterion's level comes as tingkat-<n>, the outcome as the
    pressed button's ``status`` (graded or revise)."""

    feedback = TextAreaField(
        _l("Catatan untuk warga binaan"), validators=[Optional(), Length(max=FEEDBACK_MAX_CHARS)],
        description=_l("Tulis dengan kata-kata sederhana: apa yang sudah baik, dan apa yang perlu diperbaiki."),
        render_kw={"rows": 5},
    )
    reason = StringField(_l("Alasan mengubah nilai"), validators=[Optional(), Length(max=200)],
                         description=_l("Wajib diisi kalau nilai ini sudah pernah disimpan."))
    version = HiddenField()


class ConfirmForm(FlaskForm):
    """A button that needs its hidden ``confirm`` value, so an empty post changes nothing."""

    confirm = HiddenField(validators=[DataRequired()], default="ya")
