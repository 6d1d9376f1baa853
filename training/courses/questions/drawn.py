"""Numeric questions whose figures are drawn per attempt from ranges given in the question.

Authoring form (FORMAT.md)::

    vars:
      harga: {min: 5000, max: 9000, step: 500}
      jumlah: {min: 10, max: 40, step: 5}
    text: Bu Sari menjual {jumlah} roti seharga Rp{harga}. Berapa pendapatannya?
    formula: harga * jumlah
    tolerance: 0

The canonical question keeps ``vars`` and an answer ``{"formula": ..., "tolerance": ...}``.
``draw`` picks one value per name; ``instantiate`` gives the plain numeric question an attempt
shows and grades: placeholders in the text and explanation written the Indonesian way
(``Rp7.500``), the key computed by the formula.  Formulas are read with :mod:`ast` and only + - * / ( ), numbers and the names are
allowed; nothing is ever passed to ``eval``.
"""

from __future__ import annotations

import ast
import itertools
import re
import secrets
from decimal import Decimal
from fractions import Fraction
from typing import Any

from training.courses.questions.common import msg

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LIMIT = 10 ** 12  # a bound on every drawn figure: far above any amount a lesson talks about
MAX_FORMULA_LENGTH = 200
_OPERATORS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
              ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}


class FormulaError(ValueError):
    """A formula that is not allowed; ``str(error)`` is an Indonesian message for the author."""


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_vars(variables: Any) -> list:
    """Problems with the ``vars`` ranges: whole numbers, min <= max, step > 0, within bounds."""
    if not isinstance(variables, dict) or not variables:
        return [msg("'vars' harus berisi nama angka dengan min, max dan step.", "vars")]
    problems = []
    for name, spec in variables.items():
        problems += _validate_range(name, spec)
    return problems


def _validate_range(name: Any, spec: Any) -> list:
    here = ("vars", name)
    if not isinstance(name, str) or not NAME.match(name):
        return [msg(f"Nama '{name}' hanya boleh huruf, angka dan _ (tanpa spasi).", *here)]
    if not isinstance(spec, dict) or set(spec) != {"min", "max", "step"}:
        return [msg(f"'{name}' perlu tepat min, max dan step, misalnya "
                    "{min: 10, max: 40, step: 5}.", *here)]
    problems = [msg(f"'{key}' dari '{name}' harus bilangan bulat, paling besar 1.000.000.000.000.",
                    *here, key)
                for key in ("min", "max", "step") if not _whole(spec[key]) or abs(spec[key]) > LIMIT]
    if problems:
        return problems
    if spec["min"] > spec["max"]:
        problems.append(msg(f"'min' dari '{name}' lebih besar dari 'max'.", *here, "min"))
    if spec["step"] <= 0:
        problems.append(msg(f"'step' dari '{name}' harus lebih dari 0.", *here, "step"))
    return problems


def parse_formula(formula: Any, names: set) -> ast.Expression:
    """The formula's syntax tree; raises FormulaError unless it uses only names, numbers, + - * / ( )."""
    if not isinstance(formula, str) or not formula.strip():
        raise FormulaError("'formula' harus berupa rumus, misalnya harga * jumlah.")
    if len(formula) > MAX_FORMULA_LENGTH:
        raise FormulaError(f"'formula' terlalu panjang (paling banyak {MAX_FORMULA_LENGTH} tanda).")
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError:
        raise FormulaError(f"Rumus '{formula}' tidak bisa dibaca. Pakai nama, angka, + - * / "
                           "dan tanda kurung.") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise FormulaError(f"Rumus memakai '{node.id}', padahal nama itu tidak ada di 'vars'.")
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, (int, float)) or isinstance(node.value, bool):
                raise FormulaError("Rumus hanya boleh berisi angka, nama, + - * / dan tanda kurung.")
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _OPERATORS:
                raise FormulaError("Rumus hanya boleh memakai + - * / dan tanda kurung.")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.UAdd, ast.USub)):
                raise FormulaError("Rumus hanya boleh memakai + - * / dan tanda kurung.")
        elif not isinstance(node, (ast.Expression, ast.Load, ast.operator, ast.unaryop)):
            raise FormulaError("Rumus hanya boleh berisi angka, nama, + - * / dan tanda kurung.")
    return tree


def evaluate(tree: ast.Expression, values: dict) -> Fraction:
    """The exact value of a checked formula for the given figures (ZeroDivisionError may escape)."""
    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Fraction(str(node.value))
        if isinstance(node, ast.Name):
            return Fraction(values[node.id])
        if isinstance(node, ast.UnaryOp):
            value = walk(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
    return walk(tree)


def validate_drawn(question: dict) -> list:
    """Problems with a drawn numeric question: its ranges, placeholders and formula."""
    variables = question.get("vars")
    problems = validate_vars(variables)
    if problems:
        return problems
    names = set(variables)
    for key in ("text", "explanation"):
        for name in PLACEHOLDER.findall(question.get(key) or ""):
            if name not in names:
                problems.append(msg(f"'{key}' memakai {{{name}}}, padahal '{name}' tidak ada di 'vars'.",
                                    key))
    answers = question.get("answers")
    if not isinstance(answers, list) or len(answers) != 1 or not isinstance(answers[0], dict) \
            or "formula" not in answers[0]:
        return problems + [msg("Soal dengan 'vars' perlu satu 'formula' untuk kuncinya.", "formula")]
    try:
        tree = parse_formula(answers[0]["formula"], names)
    except FormulaError as error:
        return problems + [msg(str(error), "formula")]
    tolerance = answers[0].get("tolerance", 0)
    if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or tolerance < 0:
        problems.append(msg("'tolerance' harus angka 0 atau lebih.", "tolerance"))
    corners = itertools.product(*[(spec["min"], spec["max"]) for spec in variables.values()])
    for corner in itertools.islice(corners, 256):
        try:
            evaluate(tree, dict(zip(variables, corner)))
        except ZeroDivisionError:
            problems.append(msg("Rumus bisa membagi dengan nol untuk angka di rentang 'vars'.",
                                "formula"))
            break
    return problems


def draw(question: dict) -> dict:
    """One value per name, each min + k*step up to max, chosen at random; the formula defined."""
    tree = parse_formula(question["answers"][0]["formula"], set(question["vars"]))
    for _try in range(100):
        values = {name: spec["min"] + spec["step"] * secrets.randbelow(
                      (spec["max"] - spec["min"]) // spec["step"] + 1)
                  for name, spec in question["vars"].items()}
        try:
            evaluate(tree, values)
        except ZeroDivisionError:
            continue
        return values
    return {name: spec["max"] for name, spec in question["vars"].items()}


def _number(value: Fraction) -> int | float:
    if value.denominator == 1:
        return int(value)
    return float(Decimal(value.numerator) / Decimal(value.denominator))


def _shown(value: int) -> str:
    text = f"{abs(value):,}".replace(",", ".")
    return "-" + text if value < 0 else text


def instantiate(question: dict, values: dict) -> dict:
    """The plain numeric question for these figures: text filled in, key computed by the formula."""
    if not question.get("vars"):
        return question
    answer = question["answers"][0]
    tree = parse_formula(answer["formula"], set(question["vars"]))
    key = _number(evaluate(tree, values))
    plain = {k: v for k, v in question.items() if k != "vars"}
    for field in ("text", "explanation"):
        if question.get(field):
            plain[field] = PLACEHOLDER.sub(
                lambda m: _shown(values[m.group(1)]) if m.group(1) in values else m.group(0), question[field])
    plain["answers"] = [{"value": key, "tolerance": answer.get("tolerance", 0), "weight": 100,
                         "feedback": answer.get("feedback")}]
    return plain


def values_fit(question: dict, values: Any) -> bool:
    """True when stored figures still name exactly the question's variables."""
    return isinstance(values, dict) and set(values) == set(question.get("vars") or ())
