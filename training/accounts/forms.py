"""Forms for signing in and for managing accounts, classes and facilities."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp
from wtforms.widgets import PasswordInput

from training.fields import DayField, MultiCheckboxField


# The largest class list whose text is offered back on the page after a problem (1 MB of text;
# a class of 40 is about 2 KB).
CSV_TEXT_MAX = 1_000_000


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for bare POST buttons."""


class SignInForm(FlaskForm):
    login = StringField(
        _l("Nomor registrasi atau nama pengguna"),
        validators=[DataRequired(_l("Isi nomor registrasi atau nama pengguna.")), Length(max=60)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Isi kata sandi.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(_l("Masuk"))


# Password boxes that keep what was typed when the page comes back with an error (the page is
# never cached; the view clears the box that was wrong, see auth.change_password).
_KEEP_TYPED = PasswordInput(hide_value=False)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Kata sandi sekarang"),
        validators=[DataRequired(_l("Isi kata sandi sekarang.")), Length(max=200)],
        widget=_KEEP_TYPED,
        render_kw={"autocomplete": "current-password", "data-password": ""},
    )
    new_password = PasswordField(
        _l("Kata sandi baru"),
        validators=[DataRequired(_l("Isi kata sandi baru.")), Length(max=200)],
        widget=_KEEP_TYPED,
        render_kw={"autocomplete": "new-password", "data-password": ""},
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            DataRequired(_l("Ulangi kata sandi baru.")),
            EqualTo("new_password", _l("Kedua kata sandi baru tidak sama.")),
        ],
        widget=_KEEP_TYPED,
        render_kw={"autocomplete": "new-password", "data-password": ""},
    )
    submit = SubmitField(_l("Simpan kata sandi"))


class LearnerForm(FlaskForm):
    reg_number = StringField(
        _l("Nomor registrasi"),
        validators=[DataRequired(_l("Isi nomor registrasi.")), Length(max=40)],
    )
    full_name = StringField(
        _l("Nama lengkap"), validators=[DataRequired(_l("Isi nama lengkap.")), Length(max=120)]
    )
    expected_release_on = DayField(
        _l("Perkiraan tanggal bebas"),
        validators=[Optional()],
        description=_l("Tulis seperti 31-12-2027. Boleh dikosongkan bila belum diketahui."),
    )
    training_class = SelectField(lazy_pgettext("satu", "Kelas"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Simpan"))


class LearnerEditForm(FlaskForm):
    full_name = StringField(
        _l("Nama lengkap"), validators=[DataRequired(_l("Isi nama lengkap.")), Length(max=120)]
    )
    expected_release_on = DayField(
        _l("Perkiraan tanggal bebas"), validators=[Optional()], description=_l("Tulis seperti 31-12-2027.")
    )
    submit = SubmitField(_l("Simpan perubahan"))


def nip_field() -> StringField:
    """A civil servant's NIP: 18 digits, spaces allowed as printed on a staff card; optional."""
    return StringField(
        _l("NIP (untuk pembimbing kemasyarakatan)"),
        validators=[Optional(), Regexp(r"^ *([0-9] *){18}$", message=_l("NIP adalah 18 angka."))],
        description=_l("Dicetak di laporan kesiapan. Boleh dikosongkan."),
    )


class StaffForm(FlaskForm):
    username = StringField(
        _l("Nama pengguna"),
        validators=[
            DataRequired(_l("Isi nama pengguna.")),
            Length(min=3, max=60),
            Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Pakai huruf, angka, titik, garis bawah atau tanda minus saja.")),
        ],
    )
    full_name = StringField(
        _l("Nama lengkap"), validators=[DataRequired(_l("Isi nama lengkap.")), Length(max=120)]
    )
    role = SelectField(_l("Peran"))
    facility = SelectField(lazy_pgettext("satu", "Fasilitas"), coerce=int)
    nip = nip_field()
    submit = SubmitField(_l("Buat akun"))


class ImportForm(FlaskForm):
    """A class list to check and import: a file, or the text of the last file sent back (see view)."""

    file = FileField(
        _l("Berkas CSV"),
        validators=[Optional(), FileAllowed(["csv", "txt"], _l("Berkas harus berformat CSV."))],
    )
    # After a file with problems the page offers its text here, so it can be fixed in place and
    # checked again without choosing the file a second time (a browser never refills a file box).
    csv_text = TextAreaField(_l("Isi berkas tadi"), validators=[Optional(), Length(max=CSV_TEXT_MAX)])
    file_name = HiddenField(validators=[Optional(), Length(max=200)])
    training_class = SelectField(_l("Masukkan ke kelas"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Periksa dan impor"))


class DeactivateForm(FlaskForm):
    reason = StringField(
        _l("Alasan"),
        validators=[DataRequired(_l("Tulis alasannya, misalnya: bebas.")), Length(max=200)],
    )
    submit = SubmitField(_l("Nonaktifkan akun"))


class TransferForm(FlaskForm):
    facility = SelectField(_l("Fasilitas tujuan"), coerce=int)
    submit = SubmitField(_l("Pindahkan"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Peran"))
    submit = SubmitField(_l("Ubah peran"))


class NipForm(FlaskForm):
    """A staff member's NIP, corrected by their facility admin (empty removes it)."""

    nip = nip_field()


class OfficerForm(FlaskForm):
    officer = SelectField(_l("Pembimbing kemasyarakatan"), coerce=int)
    submit = SubmitField(_l("Simpan"))


class ClassForm(FlaskForm):
    name = StringField(_l("Nama kelas"), validators=[DataRequired(_l("Isi nama kelas.")), Length(max=100)])
    description = TextAreaField(_l("Keterangan"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Buat kelas"))


class ClassMembersForm(FlaskForm):
    learners = MultiCheckboxField(_l("Warga binaan"), coerce=int)
    instructors = MultiCheckboxField(lazy_pgettext("banyak", "Pengajar"), coerce=int)
    submit = SubmitField(_l("Simpan anggota kelas"))


class FacilityForm(FlaskForm):
    code = StringField(
        _l("Kode"),
        validators=[
            DataRequired(_l("Isi kode.")),
            Length(max=20),
            Regexp(r"^[A-Za-z0-9-]+$", message=_l("Pakai huruf, angka dan tanda minus saja.")),
        ],
    )
    name = StringField(_l("Nama"), validators=[DataRequired(_l("Isi nama.")), Length(max=120)])
    kind = SelectField(
        _l("Jenis"),
        choices=[("lapas", "Lapas"), ("rutan", "Rutan"), ("lpka", "LPKA"), ("bapas", "Bapas"),
                 ("pusat", _l("Pusat UMKM (etalase nasional)"))],
    )
    city = StringField(_l("Kota"), validators=[Optional(), Length(max=80)])
    is_active = BooleanField(_l("Aktif"), default=True)
    submit = SubmitField(_l("Simpan"))


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    action = StringField(_l("Tindakan"), validators=[Optional(), Length(max=50)])
    actor = StringField(_l("Pelaku"), validators=[Optional(), Length(max=60)])
    facility = SelectField(lazy_pgettext("satu", "Fasilitas"), coerce=int, validators=[Optional()])
    date_from = DayField(_l("Dari tanggal"), validators=[Optional()])
    date_to = DayField(_l("Sampai tanggal"), validators=[Optional()])
    submit = SubmitField(_l("Cari"))
