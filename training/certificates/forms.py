"""Forms of the certificate pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from training.certificates.services import MIN_REASON_LENGTH

REASON_VALIDATORS = [
    DataRequired(_l("Tulis alasannya.")),
    Length(min=MIN_REASON_LENGTH, max=1000, message=_l("Alasan 10 sampai 1000 huruf.")),
]


class IssueForm(FlaskForm):
    """An instructor issues a certificate by hand, saying why."""

    reason = TextAreaField(
        _l("Alasan menerbitkan"),
        validators=REASON_VALIDATORS,
        description=_l("Misalnya: tugas praktik dinilai langsung di bengkel kerja. Alasan ini masuk jejak audit."),
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Terbitkan sertifikat"))


class RevokeForm(FlaskForm):
    """A facility admin revokes a certificate, saying why; the record is kept."""

    reason = TextAreaField(
        _l("Alasan mencabut"),
        validators=REASON_VALIDATORS,
        description=_l("Halaman pemeriksaan akan menyebut sertifikat ini dicabut, dengan tanggalnya."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Cabut sertifikat"))


class RejectForm(FlaskForm):
    """An instructor turns down a certificate that waits for approval, saying why."""

    reason = TextAreaField(
        _l("Alasan menolak"),
        validators=REASON_VALIDATORS,
        description=_l("Alasan ini masuk jejak audit. Warga binaan tetap bisa mendapat sertifikat nanti."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Tolak sertifikat"))


class SettingsForm(FlaskForm):
    """The facility's certificate setting."""

    needs_approval = BooleanField(_l("Sertifikat harus disetujui dulu"))
    submit = SubmitField(_l("Simpan pengaturan"))


class VerifyForm(FlaskForm):
    """The public code form, sent with GET so the result has its own address."""

    class Meta:
        csrf = False

    kode = StringField(
        _l("Kode sertifikat"),
        validators=[DataRequired(_l("Ketik kode sertifikat.")), Length(max=60)],
        description=_l("16 huruf dan angka, seperti tercetak di bawah kode QR. Tanda hubung boleh diketik atau tidak."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                   "placeholder": "XXXX-XXXX-XXXX-XXXX"},
    )
    submit = SubmitField(_l("Periksa"))
