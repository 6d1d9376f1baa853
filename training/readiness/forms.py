"""Forms of the readiness pages: notes, conclusions, the instructor's assessment, the learner's
plan and the national rubric settings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation

from training.readiness.rubric import LEVEL_ALMOST, LEVEL_NOT_YET, LEVEL_READY

# What each level of each criterion looks like, in plain words, so two instructors score alike.
CRITERIA = {
    "attendance": (_l("Kehadiran dan ketepatan waktu"), (
        _l("Sering tidak hadir atau terlambat"),
        _l("Kadang tidak hadir atau terlambat"),
        _l("Hampir selalu hadir dan tepat waktu"),
        _l("Selalu hadir dan tepat waktu"),
    )),
    "initiative": (_l("Inisiatif"), (
        _l("Menunggu disuruh"),
        _l("Kadang mulai sendiri"),
        _l("Sering mulai sendiri dan bertanya"),
        _l("Mencari cara sendiri dan membantu memulai"),
    )),
    "teamwork": (_l("Kerja sama"), (
        _l("Sulit bekerja dengan orang lain"),
        _l("Mau bekerja sama bila diminta"),
        _l("Bekerja sama dengan baik"),
        _l("Menggerakkan dan membantu teman"),
    )),
    "numeracy": (_l("Kemampuan berhitung"), (
        _l("Masih sulit menghitung biaya dan harga"),
        _l("Bisa menghitung dengan bantuan"),
        _l("Menghitung biaya dan harga sendiri"),
        _l("Menghitung dengan teliti dan menjelaskannya"),
    )),
    "quality": (_l("Kepedulian pada mutu"), (
        _l("Hasil kerja sering kurang rapi"),
        _l("Hasil kerja cukup, kadang perlu diulang"),
        _l("Hasil kerja rapi dan teliti"),
        _l("Selalu memeriksa dan memperbaiki mutu"),
    )),
}


def level_choices():
    """The three levels an officer may record."""
    return [(LEVEL_READY, _l("Siap")), (LEVEL_ALMOST, _l("Hampir siap")), (LEVEL_NOT_YET, _l("Belum siap"))]



def finite_number(form, field) -> None:
    """Stop at "NaN", "sNaN" or "Infinity", which Python reads as numbers but no range can hold."""
    if field.data is not None and not field.data.is_finite():
        raise StopValidation(_l("Isi angka biasa."))

class NoteForm(FlaskForm):
    """A dated note by the officer."""

    # Ids of their own: the note and the conclusion share one page, and a shared id="text" sent
    # the note's label (and a click on it) to the conclusion's box.
    text = TextAreaField(_l("Catatan baru"), validators=[DataRequired(_l("Tulis catatannya.")), Length(max=4000)],
                         description=_l("Hanya PK dan admin yang bisa membaca catatan ini."), id="note_text")
    submit = SubmitField(_l("Simpan catatan"))


class ConclusionForm(FlaskForm):
    """The officer's own conclusion."""

    level = RadioField(_l("Kesimpulan Anda"), choices=level_choices(),
                       validators=[InputRequired(_l("Pilih salah satu."))])
    text = TextAreaField(_l("Alasan kesimpulan"), validators=[DataRequired(_l("Tulis alasan Anda.")), Length(max=4000)],
                         id="conclusion_text")
    concluded_on = DateField(_l("Tanggal kesimpulan"), validators=[Optional()])
    submit = SubmitField(_l("Simpan kesimpulan"))


class AssessmentForm(FlaskForm):
    """The instructor's attitude rubric: five criteria, 1 to 4, and a comment."""

    attendance = RadioField(CRITERIA["attendance"][0], coerce=int, validators=[InputRequired(_l("Pilih salah satu."))])
    initiative = RadioField(CRITERIA["initiative"][0], coerce=int, validators=[InputRequired(_l("Pilih salah satu."))])
    teamwork = RadioField(CRITERIA["teamwork"][0], coerce=int, validators=[InputRequired(_l("Pilih salah satu."))])
    numeracy = RadioField(CRITERIA["numeracy"][0], coerce=int, validators=[InputRequired(_l("Pilih salah satu."))])
    quality = RadioField(CRITERIA["quality"][0], coerce=int, validators=[InputRequired(_l("Pilih salah satu."))])
    comment = TextAreaField(_l("Komentar"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Simpan penilaian"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, (_label, descriptions) in CRITERIA.items():
            getattr(self, key).choices = [(n, f"{n} · {text}") for n, text in enumerate(descriptions, start=1)]


class PlanForm(FlaskForm):
    """The learner's plan for after release."""

    goals = TextAreaField(_l("Apa tujuan Anda setelah bebas?"), validators=[Optional(), Length(max=3000)])
    business = TextAreaField(_l("Usaha apa yang ingin Anda jalankan?"), validators=[Optional(), Length(max=3000)],
                             description=_l("Misalnya: jualan keripik, bengkel las, kerajinan rotan."))
    obstacles = TextAreaField(_l("Apa hambatannya?"), validators=[Optional(), Length(max=3000)],
                              description=_l("Misalnya: modal, tempat, alat, izin usaha."))
    support = TextAreaField(_l("Bantuan apa yang Anda butuhkan?"), validators=[Optional(), Length(max=3000)],
                            description=_l("Misalnya: dari keluarga, Bapas, koperasi, pelatihan."))
    submit = SubmitField(_l("Simpan rencana"))


def _weight(label):
    return IntegerField(label, validators=[InputRequired(), NumberRange(0, 100)])


def _percent(label):
    return IntegerField(label, validators=[InputRequired(), NumberRange(0, 100)])


class SettingsForm(FlaskForm):
    """The national rubric settings."""

    weight_courses = _weight(_l("Bobot: kursus selesai"))
    weight_quizzes = _weight(_l("Bobot: nilai kuis"))
    weight_practical = _weight(_l("Bobot: tugas praktik"))
    weight_attendance = _weight(_l("Bobot: kehadiran"))
    weight_storefront = _weight(_l("Bobot: hasil toko latihan"))
    weight_assessment = _weight(_l("Bobot: penilaian sikap dari pengajar"))
    weight_plan = _weight(_l("Bobot: rencana setelah bebas"))
    min_quiz_percent = _percent(_l("Batas rata-rata nilai kuis (%)"))
    min_practical_percent = _percent(_l("Batas rata-rata nilai tugas praktik (%)"))
    min_attendance_percent = _percent(_l("Batas kehadiran (%)"))
    min_pricing_percent = _percent(_l("Batas ketepatan menentukan harga (%)"))
    min_seasons = IntegerField(_l("Jumlah musim pasar yang harus selesai"), validators=[InputRequired(), NumberRange(0, 50)])
    min_assessment = DecimalField(_l("Batas penilaian sikap (1 sampai 4)"), places=1,
                                  validators=[InputRequired(), finite_number, NumberRange(1, 4)])
    ready_percent = _percent(_l("Skor gabungan untuk Siap (%)"))
    almost_percent = _percent(_l("Skor gabungan untuk Hampir siap (%)"))
    submit = SubmitField(_l("Simpan aturan"))

    def validate_almost_percent(self, field):
        """Hampir siap must start below Siap."""
        from wtforms.validators import ValidationError

        if self.ready_percent.data is not None and field.data is not None and field.data > self.ready_percent.data:
            raise ValidationError(_l("Harus lebih kecil atau sama dengan skor untuk Siap."))

    def weight_fields(self):
        """The weight fields, in order."""
        return [f for f in self if f.name.startswith("weight_")]

    def threshold_fields(self):
        """The threshold fields, in order."""
        return [f for f in self if f.name.startswith("min_")]

    def level_fields(self):
        """The two fields that set where the levels begin."""
        return [self.ready_percent, self.almost_percent]

