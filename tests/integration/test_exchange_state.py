"""The exchange state (tables exchange_sync, exchange_conflict) belongs to its revision: deleting a
draft, or the revision row by any other path, leaves none of it behind; a signed revision cannot be
deleted, so its state stays; state for a revision that does not exist is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import FrozenRevisionError
from enhetsdialog.storage.errors import StorageError
from enhetsdialog.storage.exchange_state import ExchangeStateRepo

from .test_exchange_support import Machines, draft, machines, send, set_raw, sign

__all__ = ["machines"]


def rows(services: object, table: str, rid: str) -> int:
    with services.db.read() as s:  # type: ignore[attr-defined]
        return int(s.execute(text(f"SELECT count(*) FROM {table} WHERE revision_id = :r"), {"r": rid}).scalar_one())


def conflict_on_a_draft(m: Machines) -> str:
    """A draft the director has received, then edited on both sides: a conflict on the director's side."""
    rid = draft(m.leader, m.unit_id)
    send(m.leader, m.director, rid)
    m.leader.agreements.set_text(rid, "challenges", "Lederens versjon")
    m.director.agreements.set_text(rid, "challenges", "Direktørens versjon")
    report = send(m.leader, m.director, rid)
    assert report.conflicts == (rid,)
    return rid


def test_delete_draft_leaves_no_exchange_state(machines: Machines) -> None:
    m = machines
    rid = conflict_on_a_draft(m)
    assert m.director.agreements.revision(rid).status is Status.UTKAST
    assert rows(m.director, "exchange_sync", rid) >= 1 and rows(m.director, "exchange_conflict", rid) == 1
    assert rows(m.leader, "exchange_sync", rid) >= 1

    m.director.agreements.delete_draft(rid)
    m.leader.agreements.delete_draft(rid)
    for services in (m.director, m.leader):
        assert rows(services, "exchange_sync", rid) == 0 and rows(services, "exchange_conflict", rid) == 0
        assert services.db.foreign_key_problems() == []
    assert m.director.exchange.conflicts() == []


def test_deleting_the_revision_row_any_other_way_takes_its_state_along(machines: Machines) -> None:
    m = machines
    rid = conflict_on_a_draft(m)
    set_raw(m.director, "DELETE FROM revision WHERE id = :r", r=rid)  # no items, remarks: they cascade too
    assert rows(m.director, "exchange_sync", rid) == 0 and rows(m.director, "exchange_conflict", rid) == 0


def test_a_signed_revision_and_its_exchange_state_stay(machines: Machines) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    for status in (Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET):
        m.leader.agreements.set_status(rid, status)
    sign(m.leader, rid, Role.LEDER)
    m.leader.exchange.export(rid)
    assert rows(m.leader, "exchange_sync", rid) == 1
    with pytest.raises(FrozenRevisionError):
        set_raw(m.leader, "DELETE FROM revision WHERE id = :r", r=rid)
    assert rows(m.leader, "exchange_sync", rid) == 1
    assert m.leader.agreements.revision(rid).frozen


def test_the_repository_keeps_exactly_what_it_is_given(machines: Machines) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    with m.leader.db.write() as s:
        state = ExchangeStateRepo(s)
        assert state.known(rid) == frozenset() and state.conflict(rid) is None
        assert state.set_known(rid, frozenset({"a", "b"}))
        assert not state.set_known(rid, frozenset({"a", "b"}))
        assert state.set_known(rid, frozenset({"b", "c"}))
        assert state.known(rid) == frozenset({"b", "c"})
        first = state.store_conflict(rid, '{"x": 1}', "in-1", "local-1", b"%PDF-1.7 \x00\xff")
        assert state.conflict(rid) == first and first.signed_pdf == b"%PDF-1.7 \x00\xff"
        second = state.store_conflict(rid, '{"x": 2}', "in-2", "local-1", None)
        assert state.conflicts() == [second] and second.signed_pdf is None
        assert state.delete_conflict(rid) and not state.delete_conflict(rid)
        assert state.conflicts() == []


def test_state_for_a_revision_that_does_not_exist_is_refused(machines: Machines) -> None:
    m = machines
    before = None
    with m.leader.db.read() as s:
        before = s.execute(text("SELECT count(*) FROM exchange_sync")).scalar_one()
    for store in (
        lambda st: st.set_known("finnes-ikke", frozenset({"a"})),
        lambda st: st.store_conflict("finnes-ikke", "{}", "a", "b", None),
    ):
        with pytest.raises((IntegrityError, StorageError)), m.leader.db.write() as s:
            store(ExchangeStateRepo(s))
    with m.leader.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM exchange_sync")).scalar_one() == before
        assert s.execute(text("SELECT count(*) FROM exchange_conflict")).scalar_one() == 0
