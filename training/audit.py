"""The audit trail: who did what, when, and to which record.

Sign-ins, account and role changes, transfers, grade changes, certificate actions, exports and
readiness views all call :func:`record`. Events are written in the same transaction as the change
they describe, so a rolled-back change leaves no event behind.
"""
from __future__ import annotations

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from training.clock import now_utc
from training.extensions import db


# What each action code means, in words for the audit trail page. A code missing here is shown
# as it is, so a new event is never hidden; add its words when adding the event.
ACTION_LABELS = {
    "login.success": _l("Masuk"),
    "login.failure": _l("Gagal masuk"),
    "login.lockout": _l("Akun dikunci karena salah kata sandi"),
    "login.throttled": _l("Terlalu banyak percobaan masuk"),
    "logout": _l("Keluar"),
    "account.created": _l("Akun dibuat"),
    "account.imported": _l("Akun dibuat dari berkas CSV"),
    "account.updated": _l("Data akun diubah"),
    "account.deactivated": _l("Akun dinonaktifkan"),
    "account.reactivated": _l("Akun diaktifkan lagi"),
    "account.password_changed": _l("Kata sandi diganti sendiri"),
    "account.password_reset": _l("Kata sandi diatur ulang oleh petugas"),
    "account.role_changed": _l("Peran diubah"),
    "account.transferred": _l("Dipindahkan ke fasilitas lain"),
    "account.transferred_in": _l("Diterima dari fasilitas lain"),
    "account.unlocked": _l("Akun dibuka kuncinya"),
    "caseload.changed": _l("Pembimbing kemasyarakatan diganti"),
    "class.created": _l("Kelas dibuat"),
    "class.members_changed": _l("Anggota kelas diubah"),
    "facility.saved": _l("Fasilitas disimpan"),
    "course.imported": _l("Kursus diimpor"),
    "course.enabled": _l("Kursus dibuka untuk fasilitas"),
    "course.disabled": _l("Kursus ditutup untuk fasilitas"),
    "assignment.created": _l("Tugas belajar diberikan"),
    "assignment.extended": _l("Batas waktu diperpanjang"),
    "assignment.deleted": _l("Tugas belajar dihapus"),
    "attendance.opened": _l("Daftar hadir dibuka"),
    "attendance.saved": _l("Daftar hadir disimpan"),
    "grade.created": _l("Nilai diberikan"),
    "grade.changed": _l("Nilai diubah"),
    "gradebook.exported": _l("Buku nilai diunduh"),
    "certificate.issued": _l("Sertifikat diterbitkan"),
    "certificate.requested": _l("Sertifikat menunggu persetujuan"),
    "certificate.approved": _l("Sertifikat disetujui"),
    "certificate.revoked": _l("Sertifikat dicabut"),
    "certificate.rejected": _l("Sertifikat ditolak"),
    "certificate.downloaded": _l("Sertifikat diunduh"),
    "certificate.class_printed": _l("Sertifikat satu kelas dicetak"),
    "certificate.settings": _l("Pengaturan sertifikat diubah"),
    "readiness.viewed": _l("Profil kesiapan dilihat"),
    "readiness.report": _l("Laporan kesiapan diunduh"),
    "readiness.note": _l("Catatan kesiapan ditulis"),
    "readiness.assessment": _l("Penilaian pengajar disimpan"),
    "readiness.conclusion": _l("Kesimpulan kesiapan disimpan"),
    "readiness.settings": _l("Pengaturan kesiapan diubah"),
    "shop.product_created": _l("Produk toko dibuat"),
    "shop.product_changed": _l("Produk toko diubah"),
    "shop.settings_changed": _l("Pengaturan toko diubah"),
    "shop.season_started": _l("Latihan pasar dimulai"),
    "shop.season_finished": _l("Latihan pasar selesai"),
    "shop.class_market_opened": _l("Pasar kelas dibuka"),
    "shop.class_market_changed": _l("Pengaturan pasar kelas diubah"),
    "shop.class_round_run": _l("Putaran pasar kelas dijalankan"),
    "showroom.product_created": _l("Produk etalase didaftarkan"),
    "showroom.product_changed": _l("Produk etalase diubah"),
    "showroom.product_promoted": _l("Produk latihan masuk etalase"),
    "showroom.product_photo": _l("Foto produk etalase diganti"),
    "showroom.sale": _l("Penjualan di etalase dicatat"),
    "showroom.sale_voided": _l("Penjualan di etalase dibatalkan"),
    "showroom.stock_moved": _l("Stok etalase berubah"),
    "showroom.rate_set": _l("Tarif PNBP dan premi diatur"),
    "showroom.report_exported": _l("Laporan etalase diunduh"),
    "showroom.portfolio_downloaded": _l("Portofolio usaha diunduh"),
    "showroom.calibration_applied": _l("Pasar latihan disesuaikan dengan penjualan nyata"),
}


def action_label(code: str) -> str:
    """The action in words for people reading the trail; an unknown code is shown as it is."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


class AuditEvent(db.Model):
    """One thing that happened."""

    __tablename__ = "audit_event"

    id = db.Column(db.Integer, primary_key=True)
    at_dt = db.Column(db.DateTime, nullable=False, default=now_utc, index=True)
    actor_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, index=True)
    actor_label = db.Column(db.String(120), nullable=False, default="")
    action = db.Column(db.String(50), nullable=False, index=True)
    target_type = db.Column(db.String(30), nullable=True)
    target_id = db.Column(db.Integer, nullable=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id", ondelete="SET NULL"), nullable=True, index=True)
    address = db.Column(db.String(64), nullable=True)
    details = db.Column(db.JSON, nullable=False, default=dict)

    actor = db.relationship("User", foreign_keys=[actor_id])


def client_address() -> str | None:
    """The request's source address (ProxyFix has already applied X-Forwarded-For when configured)."""
    if not has_request_context():
        return None
    return request.remote_addr


def record(action: str, target=None, *, actor=None, facility_id=None, **details) -> AuditEvent:
    """Add an audit event to the session; it is committed with the request's other changes.

    ``target`` is any model instance with an ``id``; ``actor`` defaults to the signed-in user.
    """
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user._get_current_object()
    target_type = target.__tablename__ if target is not None else None
    if facility_id is None and target is not None:
        facility_id = getattr(target, "facility_id", None)
    if facility_id is None and actor is not None:
        facility_id = getattr(actor, "facility_id", None)
    event = AuditEvent(
        at_dt=now_utc(),
        actor_id=actor.id if actor is not None else None,
        actor_label=(f"{actor.full_name} ({actor.login_name})" if actor is not None else ""),
        action=action,
        target_type=target_type,
        target_id=getattr(target, "id", None),
        facility_id=facility_id,
        address=client_address(),
        details=details,
    )
    db.session.add(event)
    return event
