"""Property-based tests of the package reader: whatever bytes arrive, read_package either returns a
valid Package or raises PackageError with one line - never another exception, never a hang.

Example counts are moderate by default (the whole file runs in well under half a minute). For a
thorough run set ``ENHETSDIALOG_FUZZ_EXAMPLES`` (e.g. 20000): it replaces the default counts.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.exchange import PackageError
from enhetsdialog.exchange.package import AGREEMENT_NAME, MANIFEST_NAME, Package, read_package, write_package

from .test_package_format import members_of, repack, sample_package


def examples(default: int) -> int:
    override = os.environ.get("ENHETSDIALOG_FUZZ_EXAMPLES")
    return int(override) if override else default


def fuzz_settings(default: int) -> Any:
    return settings(
        max_examples=examples(default),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=os.environ.get("ENHETSDIALOG_FUZZ_RANDOM") is None,  # reproducible in CI
    )


@cache
def base_packages() -> tuple[bytes, ...]:
    return (write_package(sample_package()), write_package(sample_package(signed=True)))


def check(data: bytes) -> Package | None:
    """The property: a Package, or one clear line."""
    try:
        pkg = read_package(data, max_unpacked=2 * 1024 * 1024)
    except PackageError as e:
        assert e.message and "\n" not in e.message and len(e.message) < 400, e.message
        return None
    for pr in pkg.revisions:  # what is accepted is consistent
        assert fingerprint(pr.revision) == pr.fingerprint
        assert all(s.fingerprint == pr.fingerprint for s in pr.signatures)
    return pkg


# --- bytes -----------------------------------------------------------------------------------------------------


@fuzz_settings(1500)
@given(
    base=st.sampled_from([0, 1]),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["flip", "set", "insert", "delete", "truncate"]),
            st.floats(min_value=0, max_value=1, allow_nan=False),
            st.integers(min_value=0, max_value=255),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_bytes(base: int, edits: list[tuple[str, float, int]]) -> None:
    data = bytearray(base_packages()[base])
    for op, where, value in edits:
        if not data:
            break
        i = min(int(where * len(data)), len(data) - 1)
        if op == "flip":
            data[i] ^= 1 << (value % 8)
        elif op == "set":
            data[i] = value
        elif op == "insert":
            data[i:i] = bytes([value]) * (1 + value % 7)
        elif op == "delete":
            del data[i : i + 1 + value % 16]
        else:
            del data[i:]
    check(bytes(data))


@fuzz_settings(300)
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check(data)
    check(b"PK\x03\x04" + data)


# --- zip structure -----------------------------------------------------------------------------------------------


NAMES = st.one_of(
    st.sampled_from(
        [
            MANIFEST_NAME,
            AGREEMENT_NAME,
            "pdf/",
            "../agreement.json",
            "/manifest.json",
            "pdf\\x.pdf",
            "pdf/../manifest.json",
            "PDF/x.pdf",
            "agreement.json/",
            "pdf/00000000-0000-4000-8000-000000000000.pdf",
            "pdf/00000000-0000-4000-8000-000000000000.PDF",
            "manifest.json ",
            "./agreement.json",
            "x" * 300,
        ]
    ),
    st.text(min_size=0, max_size=30),
)


@fuzz_settings(400)
@given(
    base=st.sampled_from([0, 1]),
    ops=st.lists(
        st.tuples(st.sampled_from(["rename", "add", "duplicate", "drop", "swap"]), st.integers(0, 10), NAMES, st.binary(max_size=64)),
        min_size=1,
        max_size=3,
    ),
    fix=st.booleans(),
)
def test_mutated_members(base: int, ops: list[tuple[str, int, str, bytes]], fix: bool) -> None:
    items = list(members_of(base_packages()[base]).items())
    for op, n, name, payload in ops:
        if not items:
            break
        i = n % len(items)
        if op == "rename":
            items[i] = (name, items[i][1])
        elif op == "add":
            items.append((name, payload))
        elif op == "duplicate":
            items.append(items[i])
        elif op == "drop":
            items.pop(i)
        else:
            items[i] = (items[i][0], payload)
    names = [n for n, _ in items]
    can_fix = fix and MANIFEST_NAME in names and names.count(MANIFEST_NAME) == 1
    try:
        can_fix = can_fix and isinstance(json.loads(dict(items)[MANIFEST_NAME]), dict)
    except ValueError:
        can_fix = False
    check(repack(items, fix_manifest=can_fix))


@fuzz_settings(150)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.sampled_from([0, 1, 2]))
def test_declared_sizes_that_lie(size: int, member: int) -> None:
    data = bytearray(base_packages()[1])
    positions = []
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        positions.append(pos)
        pos = data.find(b"PK\x01\x02", pos + 4)
    p = positions[member % len(positions)]
    data[p + 24 : p + 28] = size.to_bytes(4, "little")
    check(bytes(data))


# --- JSON content (re-packed with correct checksums, so the deeper checks are reached) -----------------------------


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from(["", "utkast", "signert", "leder", "hvor", "goal", "2027-01-01", "12.5", "1e3", "NaN", "0" * 64]),
        st.uuids().map(str),
    ),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=6,
)


def _mutate(node: Any, data: st.DataObject, depth: int = 0) -> Any:
    """Walk into ``node`` along drawn keys and change one place."""
    descend = isinstance(node, (dict, list)) and node and data.draw(st.integers(0, 9)) < 8 and depth < 12
    if descend:
        if isinstance(node, dict):
            key = data.draw(st.sampled_from(sorted(node)))
            node[key] = _mutate(node[key], data, depth + 1)
        else:
            i = data.draw(st.integers(0, len(node) - 1))
            node[i] = _mutate(node[i], data, depth + 1)
        return node
    op = data.draw(st.sampled_from(["replace", "delete_key", "add_key", "append", "empty", "tweak"]))
    if op == "delete_key" and isinstance(node, dict) and node:
        node.pop(data.draw(st.sampled_from(sorted(node))))
        return node
    if op == "add_key" and isinstance(node, dict):
        node[data.draw(st.text(max_size=8))] = data.draw(JSON_VALUES)
        return node
    if op == "append" and isinstance(node, list):
        node.append(node[0] if node and data.draw(st.booleans()) else data.draw(JSON_VALUES))
        return node
    if op == "empty":
        return type(node)() if isinstance(node, (dict, list, str)) else None
    if op == "tweak" and isinstance(node, str) and node:
        i = data.draw(st.integers(0, len(node) - 1))
        return node[:i] + data.draw(st.sampled_from(["A", "0", "-", "æ", "\\", "/", " ", "f"])) + node[i + 1 :]
    if op == "tweak" and isinstance(node, int) and not isinstance(node, bool):
        return node + data.draw(st.sampled_from([-1, 1, 10**6, -(10**12)]))
    return data.draw(JSON_VALUES)


@fuzz_settings(500)
@given(base=st.sampled_from([0, 1]), member=st.sampled_from([AGREEMENT_NAME, MANIFEST_NAME]), data=st.data())
def test_mutated_json(base: int, member: str, data: st.DataObject) -> None:
    members = members_of(base_packages()[base])
    doc = json.loads(members[member])
    for _ in range(data.draw(st.integers(1, 3))):
        doc = _mutate(doc, data)
    members[member] = json.dumps(doc, ensure_ascii=False).encode()
    if member == MANIFEST_NAME:
        check(repack(members, fix_manifest=False))
    else:
        check(repack(members))


@fuzz_settings(100)
@given(st.sampled_from([AGREEMENT_NAME, MANIFEST_NAME]), st.integers(min_value=1, max_value=5000))
def test_deep_or_wide_json(member: str, n: int) -> None:
    members = members_of(base_packages()[0])
    members[member] = (b"[" * n + b"]" * n) if n % 2 else json.dumps({str(i): i for i in range(n)}).encode()
    check(repack(members, fix_manifest=member == AGREEMENT_NAME))


def test_base_packages_are_valid() -> None:
    for data in base_packages():
        assert check(data) is not None


@pytest.mark.parametrize("limit", [1, 100, 1000, 4000])
def test_small_unpack_limits_refuse_cleanly(limit: int) -> None:
    with pytest.raises(PackageError):
        read_package(base_packages()[1], max_unpacked=limit)


def test_zip_written_by_another_tool_with_a_directory_entry_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pdf/", b"")
        for name, content in members_of(base_packages()[1]).items():
            zf.writestr(name, content)
    assert check(out.getvalue()) is not None
