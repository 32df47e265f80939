"""The director's menu and modes, declared once: each action's text, shortcut, the
:class:`~enhetsdialog.ui.director.hosting.DirectorHost` method it calls and when it is enabled;
the host builds the Direktør menu and the Fil menu's entries from this table."""

from __future__ import annotations

from dataclasses import dataclass

from enhetsdialog.i18n import N_, LazyText

MODES = ("portfolio", "review", "compare", "meeting", "rollup")
MODE_NAMES = {"portfolio": N_("Portefølje"), "review": N_("Gjennomgang"), "compare": N_("Sammenlign"),
              "meeting": N_("Dialogmøte"), "rollup": N_("Den røde tråden")}
PROFILE_DELAY_MS = 300


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One entry of the Direktør menu: which method of :class:`DirectorHost` it calls, and when it
    is enabled while the menu is open (``needs``: "agreement" - one is current; "target" - one is
    current or was last reviewed; "agreed" - the current one has status enighet)."""

    key: str
    text: LazyText
    slot: str
    shortcut: str = ""
    needs: str = ""
    file_menu: bool = False  # also in the Fil menu (leaders send and receive packages too)
    separator_before: bool = False
    director_menu: bool = True  # False: only in the Fil menu (a PDF, a printout)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("portfolio", N_("&Portefølje"), "show_portfolio", "Ctrl+Shift+P"),
    ActionSpec("rollup", N_("Den røde &tråden"), "show_rollup", "Ctrl+Shift+T"),
    ActionSpec("review", N_("&Gjennomgang"), "open_review", "Ctrl+Shift+R"),
    ActionSpec("compare", N_("&Sammenlign"), "open_compare", "Ctrl+Shift+C", needs="target"),
    ActionSpec("meeting", N_("&Dialogmøte"), "open_meeting", "Ctrl+Shift+M", needs="target"),
    ActionSpec("sign", N_("Si&gner avtalen …"), "sign", needs="agreed", separator_before=True),
    ActionSpec("verify", N_("&Kontroller signert PDF …"), "verify", "Ctrl+Shift+V"),
    ActionSpec("archive", N_("Eksporter til ar&kivet …"), "archive"),
    ActionSpec("save_pdf", N_("Lagre som P&DF …"), "save_pdf", "Ctrl+Shift+S", needs="agreement",
               file_menu=True, director_menu=False),
    ActionSpec("year_report", N_("Lag å&rsrapport …"), "year_report", needs="agreement", file_menu=True,
               director_menu=False),
    ActionSpec("print", N_("Skriv &ut …"), "print_agreement", "Ctrl+P", needs="agreement", file_menu=True,
               director_menu=False),
    ActionSpec("export", N_("&Eksporter avtalepakke …"), "export_package", "Ctrl+E", needs="agreement",
               file_menu=True, separator_before=True),
    ActionSpec("import", N_("&Importer avtalepakke …"), "import_package", "Ctrl+I", file_menu=True),
    ActionSpec("conflicts", N_("K&onflikter …"), "show_conflicts"),
    ActionSpec("profile", N_("P&rofil …"), "edit_profile", separator_before=True),
)
