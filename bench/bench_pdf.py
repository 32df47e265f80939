"""PDF benchmarks: a full agreement (10 goals, 40 indicators, 30 activities) to PDF/A-2 (2u and tagged
2a), the same strings laid out by plain ReportLab with the same font, one signature, verification.

    python bench/bench_pdf.py [--runs 15]

Prints a table: the median of several runs for each operation, with the target from the issue.
The first run of each operation (imports, font registration) is a warm-up and is not counted.
"ratio" rows divide by the plain-ReportLab median measured in the same run, so they hold on a loaded
machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def plain_reportlab(strings: list[str]) -> Callable[[], bytes]:
    """The same strings, one paragraph each, in the same embedded font with plain ReportLab."""
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from enhetsdialog.pdf import fonts

    fonts.register_fonts()
    style = ParagraphStyle("p", fontName=fonts.REGULAR, fontSize=9.5, leading=13)

    def run() -> bytes:
        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=A4, initialFontName=fonts.REGULAR, invariant=1, pageCompression=1)
        doc.build([Paragraph(escape(s), style) for s in strings])
        return buf.getvalue()

    return run


def main() -> int:
    sys.path.insert(0, str(ROOT))  # for tests.pdf_fixtures when run as a script
    from tests.pdf_fixtures import large_agreement

    from enhetsdialog.domain.enums import Role
    from enhetsdialog.domain.outline import build_outline, texts
    from enhetsdialog.pdf import (
        create_personal_certificate,
        render_agreement,
        sign_pkcs12,
        validate_pdfa,
        verify_pdf,
    )

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    full = large_agreement()
    goals = full.revision.content.goals
    print(
        f"Agreement: {len(goals)} goals, {sum(len(g.indicators) for g in goals)} indicators, "
        f"{sum(len(g.activities) for g in goals)} activities"
    )
    leader = create_personal_certificate("Kari Ødegård Lie", None, b"leder-passord")
    director = create_personal_certificate("Ola Åsheim Nordby", None, b"direktor-passord")
    pdf = render_agreement(full)
    first = sign_pkcs12(pdf, leader, b"leder-passord",
        role=Role.LEDER,
        name="Kari Ødegård Lie",
        title="Rektor",
    )
    both = sign_pkcs12(first, director, b"direktor-passord",
        role=Role.DIREKTOR,
        name="Ola Åsheim Nordby",
        title="Direktør",
    )
    report = verify_pdf(both)
    assert report.ok and report.complete, report.reasons
    assert validate_pdfa(both) == [], "signed file is not PDF/A-2"

    strings = [line for text in texts(build_outline(full)) for line in text.split("\n") if line.strip()]
    plain = median_ms(plain_reportlab(strings), args.runs)
    untagged = median_ms(lambda: render_agreement(full, tagged=False), args.runs)
    tagged = median_ms(lambda: render_agreement(full), args.runs)
    rows = [
        (f"plain ReportLab, same {len(strings)} strings and font", plain, float("nan")),
        ("render_agreement → PDF/A-2u (tagged=False)", untagged, 80.0),
        ("render_agreement → PDF/A-2a + PDF/UA-1 (tagged)", tagged, 100.0),
        ("ratio 2u / plain ReportLab", untagged / plain, 1.5),
        ("ratio tagged / plain ReportLab", tagged / plain, 1.5 * 100 / 80),
        (
            "sign_pdf (leader, RSA 3072)",
            median_ms(
                lambda: sign_pkcs12(pdf, leader, b"leder-passord",
                    role=Role.LEDER,
                    name="Kari Ødegård Lie",
                    title="Rektor",
                ),
                args.runs,
            ),
            300.0,
        ),
        (
            "sign_pdf (director, counter-sign)",
            median_ms(
                lambda: sign_pkcs12(first, director, b"direktor-passord",
                    role=Role.DIREKTOR,
                    name="Ola Åsheim Nordby",
                    title="Direktør",
                ),
                args.runs,
            ),
            300.0,
        ),
        ("verify_pdf (two signatures)", median_ms(lambda: verify_pdf(both), args.runs), 100.0),
        (
            "validate_pdfa (tests only)",
            median_ms(lambda: validate_pdfa(pdf), max(3, args.runs // 3)),
            float("nan"),
        ),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'name':<{width}} | {'median':>9} | {'target':>7} | ok")
    print(f"{'-' * width}-|-{'-' * 9}-|-{'-' * 7}-|---")
    failed = False
    for name, ms, target in rows:
        if target == target:  # not NaN
            ok = ms <= target
            failed |= not ok
            print(f"{name:<{width}} | {ms:>9.2f} | {target:>7.2f} | {'yes' if ok else 'NO'}")
        else:
            print(f"{name:<{width}} | {ms:>9.1f} | {'-':>7} | -")
    print(f"(median of {args.runs} runs after one warm-up; signed file: {len(both):,} bytes)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
