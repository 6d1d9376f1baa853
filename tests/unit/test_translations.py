"""Every string a user can see has an English translation, with the same placeholders."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "training" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _key(message):
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


def _read(path: Path):
    with path.open("rb") as handle:
        return list(read_po(handle))


def _strings(value):
    return [value] if isinstance(value, str) else list(value)


def test_every_source_string_is_translated_to_english(tmp_path):
    template = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "--no-location", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_pgettext:1c,2",
         "-o", str(template), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    wanted = {_key(m) for m in _read(template) if m.id}
    catalogue = {_key(m): m for m in _read(CATALOGUE) if m.id}
    missing = sorted(str(k[0]) for k in wanted if k not in catalogue)
    assert not missing, f"run pybabel update; not in the English catalogue: {missing[:10]}"
    untranslated = sorted(
        str(k[0]) for k in wanted if catalogue[k].fuzzy or not all(s.strip() for s in _strings(catalogue[k].string))
    )
    assert not untranslated, f"untranslated or fuzzy: {untranslated[:10]}"


def test_translations_keep_every_placeholder():
    wrong = []
    for message in _read(CATALOGUE):
        if not message.id or not message.string:
            continue
        source = sorted(PLACEHOLDER.findall(" ".join(_strings(message.id))))
        for translated in _strings(message.string):
            if sorted(PLACEHOLDER.findall(translated)) != source:
                wrong.append(message.id)
    assert not wrong, wrong[:10]
