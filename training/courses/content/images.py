"""Checks of the images a course refers to: alt text, relative paths, type, size, inside the folder."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Callable

from training.courses.content.yamldoc import Report

IMAGE_EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP"}
IMAGE_MAX_BYTES = 500 * 1024

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_HTML_IMAGE = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")
_MAGIC = {"PNG": (b"\x89PNG\r\n\x1a\n",), "JPEG": (b"\xff\xd8\xff",)}


def _image_refs(markdown: str):
    """Yield (line index, src, alt) for Markdown and HTML images outside fenced code."""
    fenced = False
    for index, line in enumerate(markdown.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in _MD_IMAGE.finditer(line):
            yield index, match.group(2), match.group(1)
        for match in _HTML_IMAGE.finditer(line):
            src = _HTML_SRC.search(match.group(1))
            alt = _HTML_ALT.search(match.group(1))
            alt_text = next((g for g in alt.groups() if g is not None), "") if alt else ""
            yield index, src.group(1) if src else "", alt_text


def _image_kind(head: bytes) -> str | None:
    if head.startswith(_MAGIC["PNG"][0]):
        return "PNG"
    if head.startswith(_MAGIC["JPEG"][0]):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return None


class ImageChecker:
    """Checks image references against the files in the course folder."""

    def __init__(self, course_dir: Path) -> None:
        self.course_dir = course_dir.resolve()
        self.checked: dict[Path, list[str]] = {}
        self.used: set[str] = set()

    def check(self, markdown: str | None, base_dir: Path, report: Report,
              line_of: Callable[[int], int]) -> None:
        if not isinstance(markdown, str):
            return
        for index, src, alt in _image_refs(markdown):
            line = line_of(index)
            for message in self._check_one(src, alt, base_dir):
                report.add(message, line=line)

    def _check_one(self, src: str, alt: str, base_dir: Path) -> list[str]:
        problems = []
        if not alt.strip():
            problems.append(f"Gambar '{src}' belum punya teks alt: tulis ![keterangan]({src}).")
        if not src:
            return problems + ["Gambar tanpa alamat file."]
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", src):
            return problems + [f"Gambar '{src}' diambil dari luar. Jaringan tidak punya internet: "
                               "simpan gambar di folder gambar/ dan tulis alamat relatif."]
        if src.startswith("/"):
            return problems + [f"Alamat gambar '{src}' harus relatif, misalnya gambar/roti.png."]
        target = (base_dir / posixpath.normpath(src.split("#")[0].split("?")[0])).resolve()
        if not target.is_relative_to(self.course_dir):
            return problems + [f"Gambar '{src}' berada di luar folder kursus."]
        if target not in self.checked:
            self.checked[target] = self._check_file(src, target)
        if target.exists():
            self.used.add(target.relative_to(self.course_dir).as_posix())
        return problems + self.checked[target]

    @staticmethod
    def _check_file(src: str, target: Path) -> list[str]:
        if not target.is_file():
            return [f"Gambar '{src}' tidak ditemukan."]
        problems = []
        expected = IMAGE_EXTENSIONS.get(target.suffix.lower())
        if expected is None:
            problems.append(f"Gambar '{src}' harus PNG, JPEG atau WebP (.png, .jpg, .webp).")
        size = target.stat().st_size
        if size > IMAGE_MAX_BYTES:
            problems.append(f"Gambar '{src}' terlalu besar ({size // 1024} KB); paling besar "
                            f"{IMAGE_MAX_BYTES // 1024} KB.")
        with target.open("rb") as handle:
            kind = _image_kind(handle.read(12))
        if expected and kind != expected:
            problems.append(f"Isi file '{src}' bukan gambar {expected} seperti nama filenya.")
        return problems

