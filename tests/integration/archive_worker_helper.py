"""Run by test_archive_workers.py as a separate parent process: the archive export's worker pool
with a job that never ends by itself; each worker writes its pid to a file and waits."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def slow_job(folder: str) -> None:
    (Path(folder) / f"worker-{os.getpid()}").write_text(str(os.getpid()))
    time.sleep(600)


if __name__ == "__main__":
    import enhetsdialog.services.archive as archive

    archive._process = slow_job  # type: ignore[assignment]  # the pool runs this instead of verifying PDFs
    folder = sys.argv[1]
    archive.ArchiveService._run([folder, folder], workers=2)  # type: ignore[list-item]
