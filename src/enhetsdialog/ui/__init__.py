"""The desktop user interface (PySide6). The only package that imports Qt.

Importing this package is cheap: Qt is loaded by the modules below it, and ``app.run`` is what
the command line calls when no subcommand is given.
"""
