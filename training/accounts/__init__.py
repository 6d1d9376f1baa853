"""Facilities, users, classes, caseloads and sign-in."""
