"""Can Qt open a window here? Checked before the QApplication exists (Qt-free, nothing is imported
from PySide6 but its location).

On Linux Qt draws through its ``xcb`` platform plugin, which needs a dozen X11 libraries that a
minimal Debian or Ubuntu lacks. Without them Qt aborts the process with an English message about
"xcb-cursor0" and no crash log. :func:`missing_for_window` finds what is missing first, so that the
app can say in one Norwegian line which Debian packages to install (``scripts/install-system-libs``
installs them).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# shared library → the Debian/Ubuntu package that has it. What the xcb plugin of Qt 6 (and the
# Qt libraries under it) load; ``ldd …/PySide6/Qt/plugins/platforms/libqxcb.so`` is the source.
LIBRARY_PACKAGES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
# older Qt 6 releases also load this one
OPTIONAL_LIBRARY_PACKAGES: dict[str, str] = {"libxcb-xinerama.so.0": "libxcb-xinerama0"}

_SONAME = re.compile(r"(lib[\w.+-]+\.so(?:\.\d+)*)")


@dataclass(frozen=True, slots=True)
class Missing:
    """What stands in the way of a window: libraries (and their packages), or no display."""

    libraries: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    no_display: bool = False

    def __bool__(self) -> bool:
        return bool(self.libraries or self.no_display)


Loader = Callable[[str], None]


def _load(name: str) -> None:
    ctypes.CDLL(name, mode=getattr(os, "RTLD_LAZY", 1) | getattr(os, "RTLD_LOCAL", 0))


def platform_name() -> str:
    """The platform Qt will use: ``QT_QPA_PLATFORM``, else xcb on Linux (Qt's default there)."""
    name = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    if name:
        return name
    if sys.platform.startswith("linux"):
        if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
            return "wayland"
        return "xcb"
    return "native"


def xcb_plugin() -> Path | None:
    """Qt's xcb plugin as Qt will find it (``QT_QPA_PLATFORM_PLUGIN_PATH`` first), if it exists."""
    candidates: list[Path] = []
    for folder in os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep):
        if folder:
            candidates.append(Path(folder) / "libqxcb.so")
    spec = importlib.util.find_spec("PySide6")
    for root in (spec.submodule_search_locations or []) if spec else []:
        candidates.append(Path(root) / "Qt" / "plugins" / "platforms" / "libqxcb.so")
    return next((c for c in candidates if c.is_file()), None)


def missing_for_window(loader: Loader = _load, plugin: Path | None = None) -> Missing:
    """What is missing for Qt's xcb platform here; an empty :class:`Missing` when nothing is (or
    when the platform is another one, or this is not Linux: there Qt brings what it needs)."""
    if platform_name() != "xcb":
        return Missing()
    libraries: list[str] = []
    for name in LIBRARY_PACKAGES:
        try:
            loader(name)
        except OSError:
            libraries.append(name)
    plugin = plugin or xcb_plugin()
    if not libraries and plugin is not None:
        # the plugin itself: anything this table does not know is named by the dynamic loader
        try:
            loader(str(plugin))
        except OSError as e:
            found = _SONAME.search(str(e))
            name = found.group(1) if found and found.group(1) != plugin.name else plugin.name
            libraries.append(name)
    if libraries:
        packages = sorted(
            {LIBRARY_PACKAGES.get(n) or OPTIONAL_LIBRARY_PACKAGES.get(n) or "" for n in libraries} - {""}
        )
        return Missing(libraries=tuple(libraries), packages=tuple(packages))
    if not os.environ.get("DISPLAY"):
        return Missing(no_display=True)
    return Missing()


def missing_packages(loader: Loader = _load) -> list[str]:
    """The Debian packages whose libraries cannot be loaded here, whatever the platform (for
    scripts/install-system-libs.sh, which runs this file with the system's Python)."""
    table = {**LIBRARY_PACKAGES, **OPTIONAL_LIBRARY_PACKAGES}
    missing = set()
    for name, package in table.items():
        try:
            loader(name)
        except OSError:
            missing.add(package)
    return sorted(missing)


def message(missing: Missing) -> str:
    """The one line for the user."""
    # lazy: this file also runs on its own, before the package is installed
    # (python3 src/enhetsdialog/ui/platform_check.py in scripts/install-system-libs.sh)
    from enhetsdialog.i18n import _

    if missing.libraries:
        if missing.packages:
            return _(
                "Vinduet kan ikke åpnes: systembiblioteker som Qt trenger, mangler ({libraries}). "
                "Installer dem med «sudo apt install {packages}» (eller kjør scripts/install-system-libs) "
                "og start på nytt.",
                libraries=", ".join(missing.libraries),
                packages=" ".join(missing.packages),
            )
        return _(
            "Vinduet kan ikke åpnes: systembiblioteket {libraries} som Qt trenger, mangler. "
            "Installer pakken som har det, og start på nytt.",
            libraries=", ".join(missing.libraries),
        )
    return _(
        "Vinduet kan ikke åpnes: det finnes ingen skjerm (DISPLAY er ikke satt). Start programmet fra "
        "skrivebordet, eller bruk kommandolinjen (enhetsdialog --help)."
    )


if __name__ == "__main__":  # python3 src/enhetsdialog/ui/platform_check.py → the packages to install
    print(" ".join(missing_packages()) if sys.platform.startswith("linux") else "")
