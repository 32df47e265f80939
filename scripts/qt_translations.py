"""Qt's own strings in bokmål: standard buttons, the file dialog, message boxes, the context menus
of text fields and the print dialog.

Qt ships ``qtbase_nn.qm`` (nynorsk) but no bokmål file. This script writes the bokmål messages for
the contexts the app shows as ``resources/qt/qtbase_nb.ts`` and compiles it with the ``lrelease`` that
PySide6 ships into ``resources/qt/qtbase_nb.qm`` (both are committed; a test checks they agree):

    .venv/bin/python scripts/qt_translations.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "enhetsdialog" / "resources" / "qt"
E = "\u00a0…"  # Qt's own files use a no-break space before the ellipsis

MESSAGES: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "OK", "Save": "Lagre", "Save All": "Lagre alle", "Open": "Åpne", "&Yes": "&Ja",
        "Yes to &All": "Ja til &alle", "&No": "&Nei", "N&o to All": "N&ei til alle", "Abort": "Avbryt",
        "Retry": "Prøv igjen", "Ignore": "Ignorer", "Close": "Lukk", "Cancel": "Avbryt", "Discard": "Forkast",
        "Help": "Hjelp", "Apply": "Bruk", "Reset": "Tilbakestill", "Restore Defaults": "Gjenopprett standard",
    },
    "QDialogButtonBox": {"OK": "OK"},
    "QMessageBox": {"Show Details...": "Vis detaljer" + E, "Hide Details...": "Skjul detaljer" + E,
                    "About Qt": "Om Qt"},
    "QLineEdit": {
        "&Undo": "&Angre", "&Redo": "&Gjør om", "Cu&t": "Klipp &ut", "&Copy": "&Kopier", "&Paste": "&Lim inn",
        "Delete": "Slett", "Select All": "Merk alt",
    },
    "QWidgetTextControl": {
        "&Undo": "&Angre", "&Redo": "&Gjør om", "Cu&t": "Klipp &ut", "&Copy": "&Kopier", "&Paste": "&Lim inn",
        "Delete": "Slett", "Select All": "Merk alt", "Copy &Link Location": "Kopier &lenkeadresse",
    },
    "QAbstractSpinBox": {"&Select All": "&Merk alt", "&Step up": "Øk &opp", "Step &down": "Senk &ned"},
    "QComboBox": {"Open the combo box selection popup": "Åpne listen med valg", "True": "Sann", "False": "Usann"},
    "QFileDialog": {
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nFant ikke mappen.\nKontroller at du har skrevet riktig mappenavn.",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nFant ikke filen.\nKontroller at du har skrevet riktig filnavn.",
        "%1 File": "%1-fil",
        "%1 already exists.\nDo you want to replace it?": "%1 finnes fra før.\nVil du erstatte den?",
        "&Choose": "&Velg", "&Delete": "&Slett", "&New Folder": "&Ny mappe", "&Open": "&Åpne",
        "&Rename": "&Gi nytt navn", "&Save": "&Lagre",
        "'%1' is write protected.\nDo you want to delete it anyway?":
            "«%1» er skrivebeskyttet.\nVil du slette den likevel?",
        "Alias": "Alias", "All Files (*)": "Alle filer (*)", "All files (*)": "Alle filer (*)",
        "Are you sure you want to delete '%1'?": "Er du sikker på at du vil slette «%1»?",
        "Back": "Tilbake", "Change to detail view mode": "Bytt til detaljert visning",
        "Change to list view mode": "Bytt til listevisning", "Could not delete directory.": "Kunne ikke slette mappen.",
        "Create New Folder": "Lag ny mappe", "Create a New Folder": "Lag en ny mappe", "Delete": "Slett",
        "Detail View": "Detaljert visning", "Directories": "Mapper", "Directory:": "Mappe:", "Drive": "Stasjon",
        "File": "Fil", "File &name:": "Fil&navn:", "File Folder": "Filmappe", "Files": "Filer",
        "Files of type:": "Filer av typen:", "Find Directory": "Finn mappe", "Folder": "Mappe", "Forward": "Fram",
        "Go back": "Gå tilbake", "Go forward": "Gå fram", "Go to the parent directory": "Gå til overordnet mappe",
        "List View": "Listevisning", "List of places and bookmarks": "Steder og bokmerker",
        "Look in:": "Se i:", "&Look in:": "&Se i:", "Files of &type:": "Filer av &typen:", "My Computer": "Datamaskinen", "New Folder": "Ny mappe", "Open": "Åpne",
        "Parent Directory": "Overordnet mappe", "Recent Places": "Nylig brukte steder", "Remove": "Fjern",
        "Save As": "Lagre som", "Shortcut": "Snarvei", "Show ": "Vis ", "Show &hidden files": "Vis &skjulte filer",
        "Sidebar": "Sidestolpe", "Unknown": "Ukjent",
    },
    "QFileSystemModel": {
        "<b>The name \"%1\" cannot be used.</b><p>Try using another name, with fewer characters or no punctuation marks.":
            "<b>Navnet «%1» kan ikke brukes.</b><p>Prøv et annet navn, med færre tegn eller uten skilletegn.",
        "Computer": "Datamaskin", "Date Modified": "Sist endret", "Invalid filename": "Ugyldig filnavn",
        "Kind": "Type", "My Computer": "Datamaskinen", "Name": "Navn", "Size": "Størrelse", "Type": "Type",
    },
    "QPrintDialog": {
        "%1 already exists.\nDo you want to overwrite it?": "%1 finnes fra før.\nVil du skrive over den?",
        "%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define "
        "ranges and make sure ranges do not intersect with each other.":
            "%1 har feil form. Skill sider og sideområder med «,», bruk «-» for et område, og la ikke "
            "områdene overlappe hverandre.",
        "%1 is a directory.\nPlease choose a different file name.": "%1 er en mappe.\nVelg et annet filnavn.",
        "&Options <<": "&Valg <<", "&Options >>": "&Valg >>", "&Print": "&Skriv ut", "All Pages": "Alle sider",
        "Duplex Settings Conflicts": "Motstridende valg for tosidig utskrift", "Even Pages": "Partallssider",
        "File %1 is not writable.\nPlease choose a different file name.":
            "Du har ikke skrivetilgang til %1.\nVelg et annet filnavn.",
        "Invalid Pages Definition": "Ugyldige sider", "Local file": "Lokal fil", "OK": "OK",
        "Odd Pages": "Oddetallssider",
        "Options 'Pages Per Sheet' and 'Page Set' cannot be used together.\nPlease turn one of those options off.":
            "Valgene «Sider per ark» og «Sidesett» kan ikke brukes sammen.\nSlå av ett av dem.",
        "Print": "Skriv ut", "Print To File ...": "Skriv ut til fil" + E, "Print to File (PDF)": "Skriv ut til fil (PDF)",
        "The 'From' value cannot be greater than the 'To' value.": "Fra-verdien kan ikke være større enn til-verdien.",
        "There are conflicts in duplex settings. Do you want to fix them?":
            "Valgene for tosidig utskrift er motstridende. Vil du rette dem?",
        "Write PDF file": "Skriv PDF-fil",
        "Bottom to Top, Left to Right": "Nedenfra og opp, venstre mot høyre",
        "Bottom to Top, Right to Left": "Nedenfra og opp, høyre mot venstre",
        "Left to Right, Bottom to Top": "Venstre mot høyre, nedenfra og opp",
        "Left to Right, Top to Bottom": "Venstre mot høyre, ovenfra og ned",
        "Right to Left, Bottom to Top": "Høyre mot venstre, nedenfra og opp",
        "Right to Left, Top to Bottom": "Høyre mot venstre, ovenfra og ned",
        "Top to Bottom, Left to Right": "Ovenfra og ned, venstre mot høyre",
        "Top to Bottom, Right to Left": "Ovenfra og ned, høyre mot venstre",
    },
    "QPrintPropertiesDialog": {
        "Advanced Option Conflicts": "Motstridende avanserte valg", "Job Options": "Jobbvalg",
        "Page Setup Conflicts": "Motstridende sideoppsett", "Printer Properties": "Skriveregenskaper",
        "There are conflicts in page setup options. Do you want to fix them?":
            "Valgene for sideoppsett er motstridende. Vil du rette dem?",
        "There are conflicts in some advanced options. Do you want to fix them?":
            "Noen avanserte valg er motstridende. Vil du rette dem?",
    },
    "QPrintSettingsOutput": {
        "Collate": "Sorter", "Color": "Farger", "Color Mode": "Fargemodus", "Copies": "Eksemplarer",
        "Copies:": "Eksemplarer:", "Current Page": "Denne siden", "Double Sided Printing": "Tosidig utskrift",
        "Form": "Skjema", "Grayscale": "Gråtoner", "Long side binding": "Innbinding på langsiden", "Off": "Av",
        "Options": "Valg", "Output Settings": "Utskriftsvalg", "Page Set:": "Sidesett:", "Pages": "Sider",
        "Pages from": "Sider fra", "Print all": "Skriv ut alt", "Print range": "Utskriftsområde",
        "Reverse": "Baklengs", "Selection": "Utvalg", "Short side binding": "Innbinding på kortsiden",
        "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
        "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.":
            "Skriv sider eller sideområder skilt med komma. Et område er to sidetall med bindestrek mellom. "
            "For eksempel skriver 3,5-7,9 ut side 3, 5, 6, 7 og 9.",
        "to": "til",
    },
    "QPrintWidget": {
        "&Name:": "&Navn:", "...": "…", "Form": "Skjema", "Location:": "Sted:", "Output &file:": "&Utfil:",
        "P&roperties": "&Egenskaper", "Preview": "Forhåndsvis", "Printer": "Skriver", "Type:": "Type:",
    },
}


def ts_text() -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="nb_NO">']
    for context, messages in MESSAGES.items():
        out.append(f"<context>\n    <name>{context}</name>")
        for source, text in messages.items():
            out.append(f"    <message>\n        <source>{escape(source)}</source>\n"
                       f"        <translation>{escape(text)}</translation>\n    </message>")
        out.append("</context>")
    out.append("</TS>")
    return "\n".join(out) + "\n"


def lrelease() -> Path:
    import PySide6

    exe = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    if not exe.exists():
        raise SystemExit(f"lrelease not found beside PySide6 ({exe})")
    return exe


def compile_ts(ts: Path, qm: Path) -> None:
    subprocess.run([str(lrelease()), "-silent", "-nounfinished", str(ts), "-qm", str(qm)], check=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    ts = OUT / "qtbase_nb.ts"
    ts.write_text(ts_text(), encoding="utf-8")
    compile_ts(ts, OUT / "qtbase_nb.qm")
    print(f"wrote {ts} and {ts.with_suffix('.qm')} ({sum(len(m) for m in MESSAGES.values())} messages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
