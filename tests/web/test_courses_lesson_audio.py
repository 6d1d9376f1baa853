"""Lesson audio from espeak-ng, for lab PCs whose browser has no Indonesian voice."""
from __future__ import annotations

import io
import shutil
import wave

import pytest

from tests.conftest import sign_in
from training.courses import audio

LESSON = "/belajar/kursus/uji-coba/uang"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


@pytest.fixture
def learner(client, world, app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))  # a fresh audio cache per test
    response = sign_in(client, world.learner.reg_number)
    assert response.status_code == 302 and "/masuk" not in response.headers["Location"]
    return client


@needs_espeak
def test_the_lesson_is_served_as_a_small_wav_rendered_once(learner, tmp_path, monkeypatch):
    html = learner.get(LESSON).get_data(as_text=True)
    assert f'data-read-aloud-audio="{LESSON}/suara.wav"' in html
    response = learner.get(f"{LESSON}/suara.wav")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    with wave.open(io.BytesIO(response.data)) as sound:
        assert (sound.getnchannels(), sound.getsampwidth(), sound.getframerate()) == (1, 1, 11025)
        assert sound.getnframes() / sound.getframerate() > 2  # words were spoken
    response.close()
    [cached] = (tmp_path / "audio" / "uji-coba").glob("uang-*.wav")
    monkeypatch.setattr(audio.subprocess, "run", lambda *a, **k: pytest.fail("rendered again"))
    again = learner.get(f"{LESSON}/suara.wav")
    assert again.status_code == 200 and len(again.data) == cached.stat().st_size
    again.close()


def test_the_spoken_text_is_the_lesson_as_shown():
    text = audio.speakable_text("<h2>HPP</h2><p>Biaya <strong>satu</strong> roti.</p>"
                                "<div class=\"table-scroll\"><table><tr><td>Tepung</td><td>Rp40.000</td></tr></table></div>")
    assert text.split("\n") == ["HPP", "Biaya satu roti.", "Tepung. Rp40.000."]


def test_without_espeak_the_page_offers_no_recording_and_says_why(learner, monkeypatch):
    monkeypatch.setattr(audio.shutil, "which", lambda name: None)
    html = learner.get(LESSON).get_data(as_text=True)
    assert "data-read-aloud-audio" not in html
    assert "tidak punya suara bahasa Indonesia" in html
    response = learner.get(f"{LESSON}/suara.wav")
    assert response.status_code == 503
