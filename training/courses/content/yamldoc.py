"""YAML front matter with real line numbers, and the small field checks every loader uses.

``parse_yaml`` keeps the file line of every value and key, so each ``Problem`` points at the
line to fix; ``Report`` collects the problems of one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from training.courses.content.model import Problem

# --- YAML with real line numbers ---------------------------------------------------------


@dataclass
class Doc:
    """YAML data plus the file line of every value and every mapping key, by path."""

    data: Any
    lines: dict = field(default_factory=dict)
    key_lines: dict = field(default_factory=dict)
    block_styles: dict = field(default_factory=dict)

    def line(self, path: tuple = ()) -> int:
        """Line of the value at ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            if path in self.key_lines:
                return self.key_lines[path]
            path = path[:-1]
        return self.lines.get(path, 1)

    def key_line(self, path: tuple) -> int:
        """Line of the key of a mapping entry (for unknown keys)."""
        return self.key_lines.get(tuple(path), self.line(path))


class Report:
    """Collects Problems for one file."""

    def __init__(self, display: str, problems: list, doc: Doc | None = None) -> None:
        self.display = display
        self.problems = problems
        self.doc = doc

    def add(self, message: str, path: tuple = (), *, line: int | None = None, key=False) -> None:
        if line is None and self.doc is not None:
            line = self.doc.key_line(path) if key else self.doc.line(path)
        self.problems.append(Problem(self.display, line, message))


def _build(node, offset: int, doc: Doc, report: Report, constructor, path=()) -> Any:
    doc.lines[path] = node.start_mark.line + offset
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                report.add("Kunci YAML harus berupa teks biasa.", line=key_node.start_mark.line
                           + offset)
                continue
            key = constructor.construct_object(key_node)
            here = (*path, key)
            doc.key_lines[here] = key_node.start_mark.line + offset
            if key in result:
                report.add(f"Kunci '{key}' ditulis dua kali.", line=doc.key_lines[here])
            result[key] = _build(value_node, offset, doc, report, constructor, here)
            if not isinstance(value_node, yaml.ScalarNode):
                doc.lines[here] = doc.key_lines[here]  # point a list or mapping at its key
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, offset, doc, report, constructor, (*path, index))
                for index, item in enumerate(node.value)]
    doc.block_styles[path] = node.style
    return constructor.construct_object(node)


def parse_yaml(text: str, offset: int, report: Report) -> Doc | None:
    """Parse YAML; ``offset`` turns the parser's 0-based line into the file's line number."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else offset
        report.add(f"YAML tidak bisa dibaca: {error.problem or error}.", line=line)
        return None
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML parse error is marked
        report.add(f"YAML tidak bisa dibaca: {error}.", line=offset)
        return None
    doc = Doc(data=None)
    if node is None:
        return doc
    doc.data = _build(node, offset, doc, report, yaml.SafeLoader(""))
    report.doc = doc
    return doc


@dataclass
class MarkdownFile:
    doc: Doc | None
    body: str
    body_line: int


def read_text(path: Path, report: Report) -> str | None:
    try:
        return path.read_bytes().decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        report.add("File harus disimpan sebagai UTF-8.", line=1)
    except OSError as error:
        report.add(f"File tidak bisa dibaca: {error.strerror}.", line=None)
    return None


def read_markdown(path: Path, report: Report) -> MarkdownFile | None:
    """Split a Markdown file into YAML front matter (parsed, with lines) and the body."""
    text = read_text(path, report)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.add("File harus diawali front matter YAML di antara dua baris '---'.", line=1)
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        report.add("Front matter tidak ditutup dengan baris '---'.", line=1)
        return None
    doc = parse_yaml("\n".join(lines[1:index]), 2, report)
    if doc is not None and not isinstance(doc.data, dict):
        report.add("Front matter harus berisi pasangan kunci: nilai.", line=2)
        doc = None
    return MarkdownFile(doc, "\n".join(lines[index + 1:]), index + 2)


# --- field checks ------------------------------------------------------------------------


def check_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "harus berupa teks yang tidak kosong"
    return None


def check_whole(low: int | None = None, high: int | None = None) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return "harus bilangan bulat"
        if low is not None and value < low:
            return f"harus paling sedikit {low}"
        if high is not None and value > high:
            return f"paling banyak {high}"
        return None
    return check


def check_percent(value: Any) -> str | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
        return "harus angka persen 0 sampai 100"
    return None


def check_one_of(*options: Any) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value not in options:
            return "harus salah satu dari: " + ", ".join(str(o) for o in options)
        return None
    return check


def check_keys(report: Report, data: dict, path: tuple, allowed: set, where: str) -> None:
    for key in data:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            hint = ""
            if isinstance(key, str) and " " in key.strip():
                hint = " Teks yang berisi koma di dalam {…} harus diberi tanda kutip."
            report.add(f"Kunci '{key}' tidak dikenal di {where}. Kunci yang dikenal: {known}."
                       f"{hint}", (*path, key), key=True)


def get_field(report: Report, data: dict, path: tuple, key: str, check, *, required=True,
         default=None) -> Any:
    """Fetch ``data[key]``, report a missing or wrong value; return the value or ``default``."""
    if key not in data or data[key] is None:
        if required:
            report.add(f"'{key}' wajib diisi.", path)
        return default
    message = check(data[key])
    if message:
        report.add(f"'{key}' {message} (sekarang: {data[key]!r}).", (*path, key))
        return default
    return data[key]


def field_line_of(doc: Doc, path: tuple) -> Callable[[int], int]:
    """Line of line ``index`` inside a YAML text value (exact for ``|`` block scalars)."""
    start = doc.line(path)
    style = doc.block_styles.get(tuple(path))
    if style == "|":
        return lambda index: start + 1 + index
    return lambda index: start


def display_path(path: Path) -> str:
    return str(path)

