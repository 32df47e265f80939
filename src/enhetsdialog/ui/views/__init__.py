"""The modes of the main window (start page, the guided agreement, ...), one module each."""
