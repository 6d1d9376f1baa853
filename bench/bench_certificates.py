"""Benchmark: time to make one certificate PDF, and a class of 40 certificates in one PDF.

Pure rendering (reportlab, embedded fonts, QR code): no database, no app. Target: under 100 ms
for one certificate.

Run: .venv/bin/python bench/bench_certificates.py [--repeat 20]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.certificates.codes import new_code  # noqa: E402
from training.certificates.pdf import PrintedCertificate, render  # noqa: E402

OUTCOMES = (
    "Memisahkan uang usaha dan uang rumah tangga",
    "Mencatat uang masuk, uang keluar dan saldo di buku kas",
    "Menghitung harga pokok produksi (HPP) satu barang dan menentukan harga jual",
    "Menyusun laporan laba rugi sederhana",
    "Menghitung titik impas (BEP) dalam jumlah barang dan dalam rupiah",
    "Merencanakan modal kerja dan arus kas bulanan",
    "Menjelaskan cara mendaftarkan usaha untuk mendapat NIB melalui OSS",
)


def certificate(index: int) -> PrintedCertificate:
    return PrintedCertificate(
        learner_name=f"Peserta Pelatihan Nomor {index + 1}", course_title="Manajemen Usaha", hours=10,
        outcomes=OUTCOMES, issued_on=date(2025, 3, 7), issuer_name="Program Pelatihan Wirausaha Karya Mandiri",
        signatories=(("Ratna Dewi Lestari", "Koordinator Program"), ("Dian Permatasari", "Instruktur")),
        code=new_code(),
    )


def timed(certificates, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        data = render(certificates, "https://sertifikat.contoh.id")
        times.append((time.perf_counter() - start) * 1000)
    assert data.startswith(b"%PDF")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    render([certificate(0)], "https://x")  # fonts registered once per process, as in a worker
    one = timed([certificate(0)], args.repeat)
    cls = timed([certificate(i) for i in range(40)], max(3, args.repeat // 5))
    size = len(render([certificate(i) for i in range(40)], "https://sertifikat.contoh.id"))
    print(f"one certificate:  median {statistics.median(one):6.1f} ms  max {max(one):6.1f} ms  (target < 100 ms)")
    print(f"class of 40:      median {statistics.median(cls):6.1f} ms  max {max(cls):6.1f} ms  ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
