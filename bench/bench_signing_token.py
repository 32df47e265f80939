"""Signing through a smart card (SoftHSM2 via PKCS#11), with a local TSA, and checking a B-LT file.

    python bench/bench_signing_token.py [--runs 15]

Starts the test PKI (certomancer on 127.0.0.1: CRL, OCSP, TSA) and a SoftHSM2 token the way the tests
do (tests/pki/plugin.py), in a temporary folder that is removed afterwards. Needs softhsm2 and opensc.
Prints a table: the median of several runs per operation, with the target from issue 9. The first run
of each operation is a warm-up and is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
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


def main() -> int:
    sys.path.insert(0, str(ROOT))  # for tests.* when run as a script
    from tests.pdf_fixtures import build_agreement
    from tests.pki.plugin import serve_pki, soft_tokens

    from enhetsdialog.domain.enums import Role, Status
    from enhetsdialog.pdf import render_agreement, verify_pdf
    from enhetsdialog.pdf.levels import signature_levels
    from enhetsdialog.pdf.ltv import signing_options
    from enhetsdialog.pdf.sign import sign_pdf
    from enhetsdialog.pdf.timestamps import timestamper
    from enhetsdialog.pdf.tokens import open_pkcs11

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    pdf = render_agreement(build_agreement(status=Status.ENIGHET))
    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "pki").mkdir()
        (Path(tmp) / "hsm").mkdir()
        with serve_pki(Path(tmp) / "pki") as pki, soft_tokens(pki, Path(tmp) / "hsm") as token:
            roots = [pki.asn1_cert("root")]

            def sign(options: object = None) -> bytes:
                return sign_pdf(pdf, key, role=Role.LEDER, name="Kari Ødegård Lie", title="", options=options)  # type: ignore[arg-type]

            def open_and_sign() -> bytes:
                with open_pkcs11(token.module, pin=token.pin, token_label=token.token_label) as k:
                    return sign_pdf(pdf, k, role=Role.LEDER, name="Kari Ødegård Lie", title="")

            with open_pkcs11(token.module, pin=token.pin, token_label=token.token_label) as key:
                rows.append(("signature through SoftHSM (B-B)", median_ms(sign, args.runs), 300))
                rows.append(("open token (PIN) + signature", median_ms(open_and_sign, args.runs), None))

                def with_tsa() -> bytes:
                    tsa = timestamper(pki.tsa_url)
                    opts = signing_options(key.certificate, key.chain, tsa=tsa, allow_fetching=False)
                    return sign(opts)

                def with_tsa_and_revocation() -> bytes:
                    tsa = timestamper(pki.tsa_url)
                    opts = signing_options(key.certificate, key.chain, tsa=tsa, trust_roots=roots)
                    return sign(opts)

                rows.append(("signature + local TSA (B-T)", median_ms(with_tsa, args.runs), 400))
                rows.append(
                    (
                        "signature + TSA + OCSP/CRL into DSS (B-LT)",
                        median_ms(with_tsa_and_revocation, args.runs),
                        None,
                    )
                )
                b_lt = with_tsa_and_revocation()
                leader_lt = b_lt
            from tests.pki.plugin import P12_PASSWORD

            from enhetsdialog.pdf.keys import open_pkcs12
            from enhetsdialog.pdf.ltv import make_archival

            with open_pkcs12(pki.pkcs12("director"), P12_PASSWORD) as director:
                opts = signing_options(director.certificate, director.chain, tsa=timestamper(pki.tsa_url),
                                       trust_roots=roots)  # fmt: skip
                both = sign_pdf(leader_lt, director, role=Role.DIREKTOR, name="Ola Åsheim Nordby", title="",
                                options=opts)  # fmt: skip
            anchors = [pki.root_pem]
            report = verify_pdf(both, trust=anchors)
            assert report.ok and [s.level for s in report.signatures] == ["B-LT", "B-LT"], report.reasons
            rows.append(
                (
                    "level report of a B-LT file, fetching off",
                    median_ms(lambda: signature_levels(b_lt, trust_roots=roots), args.runs),
                    None,
                )
            )
            rows.append(
                (
                    "verify_pdf, two B-LT signatures, fetching off",
                    median_ms(lambda: verify_pdf(both, trust=anchors), args.runs),
                    150,
                )
            )
            lta = make_archival(both, timestamper(pki.tsa_url), trust_roots=roots)
            assert [s.level for s in verify_pdf(lta, trust=anchors).signatures] == ["B-LTA", "B-LTA"]
            rows.append(
                (
                    "make_archival (DSS + document timestamp) → B-LTA",
                    median_ms(lambda: make_archival(both, timestamper(pki.tsa_url), trust_roots=roots),
                              max(3, args.runs // 3)),  # fmt: skip
                    None,
                )
            )
            rows.append(
                (
                    "verify_pdf, two B-LTA signatures, fetching off",
                    median_ms(lambda: verify_pdf(lta, trust=anchors), args.runs),
                    None,
                )
            )

    print(f"\n{'operation':<52} {'median ms':>10} {'target':>8}")
    print("-" * 72)
    for name, ms, target in rows:
        verdict = "" if target is None else ("ok" if ms <= target else "SLOW")
        print(f"{name:<52} {ms:>10.1f} {('≤ ' + str(target)) if target else '':>8} {verdict}")
    print(f"\n{args.runs} runs each (median), after one warm-up run.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
