"""Guard against a Qt binding that corrupts Python's reference counts.

PySide6-Essentials 6.12.0 on Python 3.11 takes one reference from None for every Qt method that
returns nothing (and from True/False for bool results); a long session then aborts with "Fatal
Python error: deallocating None". pyproject.toml keeps us below it; this test fails if a binding
with that fault is installed again.
"""

from __future__ import annotations

import sys


def test_calls_into_qt_do_not_leak_or_steal_references() -> None:
    from PySide6.QtCore import QObject

    obj = QObject()
    none_before, true_before, false_before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        obj.setObjectName("x")  # returns None
        obj.blockSignals(False)  # returns a bool
    # other threads may hold a few references meanwhile; a broken binding moves these by thousands
    assert abs(sys.getrefcount(None) - none_before) < 100
    assert abs(sys.getrefcount(True) - true_before) < 100
    assert abs(sys.getrefcount(False) - false_before) < 100
