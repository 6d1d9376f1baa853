"""Certificates: criteria, issuing, the printed PDF and public verification."""
