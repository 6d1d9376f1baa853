"""Benchmark: time to make one certificate PDF, and a class of 40 certificates in one PDF.

Pure rendering (reportlab, embedded fonts, QR code): no database, no app. With ``--baseline
COMMIT`` the certificate code of that commit is unpacked into a temporary folder (``git
archive``) and timed in the same run, alternating old and new in fresh processes as a worker
would be, so the ratio holds on a busy machine where absolute figures do not. Target (issue 11):
new at least twice as fast as the baseline for one certificate and for a class of 40.

"old" runs the baseline as it was (without rl_accel, reportlab's C speed-ups, unless the commit
depended on it); "old code" runs the baseline's code with rl_accel, to show what the code alone gained.

Run: .venv/bin/python bench/bench_certificates.py [--repeat 20] [--baseline b2b416d] [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run inside a fresh interpreter with the code under test first on sys.path. Only fields every
# version of PrintedCertificate has are passed. Prints the times in ms as JSON.
TIMER = r"""
import json, statistics, sys, time
from datetime import date
sys.path.insert(0, sys.argv[1])
if sys.argv[3] == "no-accel":  # reportlab's own Python fallbacks, as before rl_accel was a dependency
    sys.modules["_rl_accel"] = None
from training.certificates.codes import new_code
from training.certificates.pdf import PrintedCertificate, render

OUTCOMES = (
    "Memisahkan uang usaha dan uang rumah tangga",
    "Mencatat uang masuk, uang keluar dan saldo di buku kas",
    "Menghitung harga pokok produksi (HPP) satu barang dan menentukan harga jual",
    "Menyusun laporan laba rugi sederhana",
    "Menghitung titik impas (BEP) dalam jumlah barang dan dalam rupiah",
    "Merencanakan modal kerja dan arus kas bulanan",
    "Menjelaskan cara mendaftarkan usaha untuk mendapat NIB melalui OSS",
)

def certificate(index):
    return PrintedCertificate(
        learner_name=f"Peserta Pelatihan Nomor {index + 1}", course_title="Manajemen Usaha", hours=10,
        outcomes=OUTCOMES, issued_on=date(2025, 3, 7), issuer_name="Program Pelatihan Wirausaha Karya Mandiri",
        signatories=(("Ratna Dewi Lestari", "Koordinator Program"), ("Dian Permatasari", "Instruktur")),
        code=new_code())

def timed(make, repeat):
    times = []
    for _ in range(repeat):
        certificates = make()
        start = time.perf_counter()
        data = render(certificates, "https://sertifikat.contoh.id")
        times.append((time.perf_counter() - start) * 1000)
    assert data.startswith(b"%PDF")
    return times, len(data)

repeat = int(sys.argv[2])
render([certificate(0)], "https://x")  # the first document of a worker pays for fonts once
one, _size = timed(lambda: [certificate(0)], repeat)
cls, size = timed(lambda: [certificate(i) for i in range(40)], max(3, repeat // 5))
print(json.dumps({"one": one, "class": cls, "class_bytes": size}))
"""


def run(code_root: Path, repeat: int, accel: bool) -> dict:
    """Time the certificate code under ``code_root`` in a fresh interpreter (with or without rl_accel)."""
    out = subprocess.run([sys.executable, "-c", TIMER, str(code_root), str(repeat), "accel" if accel else "no-accel"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def uses_accel(commit: str) -> bool:
    """Did ``commit`` depend on rl_accel (reportlab's C speed-ups)? Its baseline runs as it was."""
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:pyproject.toml"], check=True,
                           capture_output=True, text=True).stdout
    return "rl_accel" in shown


def unpack(commit: str, into: Path) -> Path:
    """The ``training`` package of ``commit``, unpacked under ``into`` (nothing in the repository changes)."""
    archive = into / "baseline.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), commit, "training"],
                   check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    """Time this code (and a baseline commit's, alternating) and print medians, best runs and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--baseline", help="a commit whose certificate PDFs to time beside this code")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of old and new")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="karya-bench-") as folder:
        setups = {"new": (ROOT, True)}
        if args.baseline:
            old = unpack(args.baseline, Path(folder))
            # "old" is the commit as it ran (its code and its dependencies); "old code" isolates the code
            setups = {"old": (old, uses_accel(args.baseline)), "old code": (old, True), **setups}
        runs = {label: {"one": [], "class": [], "class_bytes": 0} for label in setups}
        for _round in range(args.rounds):
            for label, (root, accel) in setups.items():
                result = run(root, args.repeat, accel)
                runs[label]["one"] += result["one"]
                runs[label]["class"] += result["class"]
                runs[label]["class_bytes"] = result["class_bytes"]
    # Medians, and the best runs: on a machine shared with other work, neighbours only ever add time.
    figures = {label: {"median": (statistics.median(r["one"]), statistics.median(r["class"])),
                       "best": (min(r["one"]), min(r["class"]))} for label, r in runs.items()}
    for label, figure in figures.items():
        (one, cls), (best_one, best_cls) = figure["median"], figure["best"]
        print(f"{label:>9}: one certificate {one:6.1f} ms (best {best_one:5.1f}) · class of 40 {cls:7.1f} ms "
              f"(best {best_cls:6.1f}) · {runs[label]['class_bytes'] / 1024:.0f} KiB")
    if "old" in figures:
        for label in ("old", "old code"):
            for kind in ("median", "best"):
                (old_one, old_cls), (new_one, new_cls) = figures[label][kind], figures["new"][kind]
                print(f"new vs {label:<8} ({kind:>6}): one certificate {old_one / new_one:4.2f}x faster · "
                      f"class of 40 {old_cls / new_cls:4.2f}x faster  (target >= 2x against old)")


if __name__ == "__main__":
    main()
