"""``python -m enhetsdialog`` runs the command line (and the GUI when no subcommand is given)."""

import sys

from enhetsdialog.cli import main

sys.exit(main())
