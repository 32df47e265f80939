"""Build hook: compile the message catalogues (.po → .mo) into the built package.

Everything else is declared in pyproject.toml. In an editable install the catalogues are
compiled in memory on first use instead (enhetsdialog.i18n), so a fresh checkout works as is.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class build_py_with_catalogues(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale = Path(self.build_lib) / "enhetsdialog" / "resources" / "locale"
        for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=po.parent.parent.name)
            with po.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": build_py_with_catalogues})
