"""The message catalogue is looked up once per request and language (training/extensions.py,
RequestDomain, and the code's ``gettext`` that reads it): a kept catalogue must never answer in
another language than the one asked for."""
from __future__ import annotations

import flask_babel
import pytest
from flask import session
from flask_babel import force_locale

from training import extensions

GETTEXTS = pytest.mark.parametrize("gettext", [flask_babel.gettext, extensions.gettext],
                                   ids=["flask_babel", "training"])


@GETTEXTS
def test_a_request_keeps_its_language_and_a_forced_one_gets_its_own(app, gettext):
    with app.test_request_context("/"):
        assert gettext("Keluar") == "Keluar"
        with force_locale("en"):
            assert gettext("Keluar") == "Sign out"
            assert gettext("Halo, %(name)s", name="Budi") == flask_babel.gettext("Halo, %(name)s", name="Budi")
        assert gettext("Keluar") == "Keluar"  # back to the request's language, not the forced one's
        assert gettext("Halo, %(name)s", name="Budi") == "Halo, Budi"


def test_the_codes_gettext_works_outside_a_request_and_without_placeholders(app):
    assert extensions.gettext("Keluar") == "Keluar"  # no app context: the message itself
    # ... also before any app has asked for the domain (a unit test run on its own, a script)
    kept = extensions.babel.__dict__.pop("domain_instance", None)
    try:
        assert extensions.gettext("Halo, %(name)s", name="Budi") == "Halo, Budi"
    finally:
        if kept is not None:
            extensions.babel.__dict__["domain_instance"] = kept
    with app.app_context():
        assert extensions.gettext("%(n)d%% selesai", n=5) == "5% selesai"
        assert extensions.gettext("100%") == "100%"  # no variables: no formatting


@GETTEXTS
def test_each_request_finds_its_own_language(app, gettext):
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert gettext("Keluar") == "Sign out"
    with app.test_request_context("/"):
        assert gettext("Keluar") == "Keluar"
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert gettext("Keluar") == "Sign out"


def test_pages_follow_a_language_change(client):
    indonesian = client.get("/masuk").get_data(as_text=True)
    assert "Masuk" in indonesian and "Sign in" not in indonesian
    with client.session_transaction() as cookie:
        cookie["lang"] = "en"
    english = client.get("/masuk").get_data(as_text=True)
    assert "Sign in" in english
    with client.session_transaction() as cookie:
        cookie["lang"] = "id"
    assert "Sign in" not in client.get("/masuk").get_data(as_text=True)


def test_templates_translate_in_the_language_asked_for(app):
    """Templates ask the message domain directly (training/app.py): the request's language, a
    forced one inside ``force_locale``, placeholders filled and escaped, plural forms chosen."""
    from flask import render_template_string

    page = "{{ _('Keluar') }}|{{ gettext('Halo, %(name)s', name='<b>') }}|{{ ngettext('%(num)d soal', '%(num)d soal', 2) }}"
    with app.test_request_context("/"):
        indonesian = render_template_string(page)
        with force_locale("en"):
            english = render_template_string(page)
        again = render_template_string(page)
    assert indonesian.startswith("Keluar|") and again == indonesian
    assert english.startswith("Sign out|")
    assert "&lt;b&gt;" in indonesian and "<b>" not in indonesian
    assert indonesian.endswith("|2 soal")
