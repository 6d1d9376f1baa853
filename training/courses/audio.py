"""Lesson audio read by espeak-ng on the server, for lab PCs whose browser has no Indonesian voice.

The spoken text is the lesson as the page shows it (rendered, sanitised, tags removed). Each
recording is kept in ``instance/audio/`` under a name made of the course, the lesson and a hash
of that text, so a new lesson version gets a new file and an unchanged lesson is read only once.
Files live in instance/ rather than the database: they are derived, can be thrown away at any
time, and a few megabytes each would bloat backups; with several app servers each keeps its own.

espeak-ng writes 22,050 Hz 16-bit WAV (about 44 KB a second); speech needs far less, so the file
is stored at 11,025 Hz, 8-bit (about 11 KB a second, some 4-5 MB for a long lesson), a WAV
every browser plays. Without espeak-ng nothing is rendered and the page says why it can't read.
"""
from __future__ import annotations

import hashlib
import re
import os
import shutil
import subprocess
import tempfile
import wave
from array import array
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["AudioUnavailable", "espeak_available", "lesson_audio", "speakable_text"]

VOICES = {"id": "id", "en": "en"}
WORDS_PER_MINUTE = 150  # a little slower than espeak's 175, for listeners who read little
MAX_SECONDS = 120  # espeak reads a long lesson in about 2 s; this only stops a hung process
_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "br", "blockquote",
               "pre", "figcaption", "caption", "section", "table"}


class AudioUnavailable(RuntimeError):
    """espeak-ng is missing or failed: the lesson can't be read aloud by the server."""


def espeak_available() -> bool:
    """True when the espeak-ng program is installed on this server."""
    return shutil.which("espeak-ng") is not None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in _BLOCK_TAGS or tag in ("td", "th"):
            self.parts.append("\n" if tag in _BLOCK_TAGS else ". ")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def speakable_text(html: str) -> str:
    """The words of rendered HTML, one block a line, as a reader would say them."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def lesson_audio(folder: Path, course_slug: str, lesson_slug: str, text: str, language: str) -> Path:
    """The WAV file of ``text`` read aloud, rendered now unless this exact text was read before."""
    digest = hashlib.sha256(f"{language}\n{WORDS_PER_MINUTE}\n{text}".encode()).hexdigest()[:16]
    target = folder / course_slug / f"{lesson_slug}-{digest}.wav"
    if target.is_file():
        return target
    if not espeak_available():
        raise AudioUnavailable("espeak-ng is not installed")
    target.parent.mkdir(parents=True, exist_ok=True)
    earlier = re.compile(rf"{re.escape(lesson_slug)}-[0-9a-f]{{16}}\.wav")
    for old in target.parent.glob(f"{lesson_slug}-*.wav"):
        if earlier.fullmatch(old.name):  # an earlier version of this lesson, not "laba-rugi" for "laba"
            old.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        spoken = Path(work) / "espeak.wav"
        try:
            subprocess.run(
                ["espeak-ng", "-v", VOICES.get(language, "id"), "-s", str(WORDS_PER_MINUTE),
                 "-w", str(spoken), "--stdin"],
                input=text.encode("utf-8"), capture_output=True, timeout=MAX_SECONDS, check=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise AudioUnavailable(f"espeak-ng failed: {error}") from error
        smaller = Path(work) / "lesson.wav"
        _halve_to_8_bit(spoken, smaller)
        os.replace(smaller, target)  # whole files only, also with two requests at once
    return target


def _halve_to_8_bit(source: Path, target: Path) -> None:
    """Write ``source`` (16-bit mono WAV) at half the sample rate and 8 bits a sample."""
    with wave.open(str(source), "rb") as reader:
        rate, width = reader.getframerate(), reader.getsampwidth()
        frames = reader.readframes(reader.getnframes())
    if width != 2:
        raise AudioUnavailable(f"espeak-ng wrote {width * 8}-bit audio, expected 16-bit")
    samples = array("h")
    samples.frombytes(frames[: len(frames) // 2 * 2])
    # The mean of each pair is a rough low-pass filter, enough for synthetic speech.
    pairs = zip(samples[0::2], samples[1::2])
    halved = bytes(((a + b) // 2 + 32768) >> 8 for a, b in pairs)  # 8-bit WAV is unsigned
    with wave.open(str(target), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(1)
        writer.setframerate(rate // 2)
        writer.writeframes(halved)
