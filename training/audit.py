"""The audit trail: who did what, when, and to which record.

Sign-ins, account and role changes, transfers, grade changes, certificate actions, exports and
readiness views all call :func:`record`. Events are written in the same transaction as the change
they describe, so a rolled-back change leaves no event behind.
"""
from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from training.clock import now_utc
from training.extensions import db


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
