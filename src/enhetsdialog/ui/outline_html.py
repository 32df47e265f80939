"""The Qt adapter over the agreement's outline (:mod:`enhetsdialog.domain.outline`): the outline as
Qt rich text (the subset of HTML a ``QTextBrowser``/``QLabel`` shows).

The PDF and the plain text are the other adapters; all three walk the same parts and blocks, so the
summary on screen says what the PDF says. Our words (LazyText) are translated here, in the current
language; the user's words are escaped and never read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from enhetsdialog.domain.outline import (
    Block,
    Cell,
    Facts,
    Group,
    Heading,
    ItemList,
    Labelled,
    Outline,
    Paragraph,
    Part,
    PartKind,
    SdgTiles,
    SignatureBlock,
    Table,
    Thread,
    Tone,
    UserText,
)
from enhetsdialog.i18n import Text, text

from enhetsdialog.ui import theme

STYLE = (
    f"<style>h1 {{ font-size: 17pt; color: {theme.TEXT}; margin-bottom: 2px; }}"
    f" h2 {{ font-size: 14pt; color: {theme.ACCENT_DARK}; margin-top: 18px; }}"
    " h3 { font-size: 11pt; margin-top: 10px; margin-bottom: 2px; }"
    " p { margin-top: 2px; margin-bottom: 6px; } td, th { vertical-align: top; } th { text-align: left; }</style>"
)

_TONES = {Tone.MUTED: theme.MUTED, Tone.LEAD: theme.MUTED, Tone.SUBTITLE: theme.MUTED, Tone.NOTICE: theme.ERROR.fg}


def _t(value: Text) -> str:
    return escape(text(value))


def _user(value: str) -> str:
    return escape(value.strip()).replace("\n", "<br>")


def _muted(html: str) -> str:
    return f"<span style='color:{theme.MUTED}'>{html}</span>"


def _empty(value: Text) -> str:
    return _muted(f"<i>{_t(value)}</i>")


def _cell(cell: Cell, tag: str) -> str:
    body = _user(text(cell.text)) or "–"
    if cell.strong:
        body = f"<b>{body}</b>"
    if cell.note:
        body += "<br>" + _muted(_user(text(cell.note)))
    return f"<{tag}>{body}</{tag}>"


def block_html(block: Block, *, heading_offset: int = 0) -> str:
    """One block as rich text."""
    if isinstance(block, Heading):
        level = min(6, max(1, block.level + heading_offset))
        return f"<h{level}>{_t(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        colour = _TONES.get(block.tone)
        body = _t(block.text)
        return f"<p style='color:{colour}'>{body}</p>" if colour else f"<p>{body}</p>"
    if isinstance(block, UserText):
        return f"<p>{_user(block.text) or _empty(block.empty)}</p>"
    if isinstance(block, Labelled):
        return f"<p><b>{_t(block.label)}</b><br>{_user(block.text) or _empty(block.empty)}</p>"
    if isinstance(block, Facts):
        rows = "".join(
            f"<tr><td style='color:{theme.MUTED}; padding-right:12px'>{_t(k)}</td><td>{_t(v)}</td></tr>"
            for k, v in block.rows
        )
        return f"<table cellspacing='0' cellpadding='2'>{rows}</table>"
    if isinstance(block, ItemList):
        return "<ul>" + "".join(f"<li>{_t(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, SdgTiles):
        return "<p>" + " ".join(
            f"<span style='background-color:{t.colour}; color:{theme.readable_on(t.colour)}' title='{_t(t.alt)}'>"
            f"&nbsp;{t.number} {_t(t.name)}&nbsp;</span>"
            for t in block.tiles
        ) + "</p>"
    if isinstance(block, Group):
        return "".join(block_html(b, heading_offset=heading_offset) for b in block.blocks)
    if isinstance(block, Thread):
        replies = "".join(f"<br>↳ {_muted(_t(r.byline))}: {_user(r.text)}" for r in block.replies)
        return f"<p><b>{_t(block.heading)}</b> {_muted(_t(block.byline))}<br>{_user(block.text) or _empty(block.empty)}{replies}</p>"
    if isinstance(block, SignatureBlock):
        parties = "".join(f"<li>{_t(p.role_label)}: {_t(p.name)}{(' – ' + _user(p.title)) if p.title else ''}</li>" for p in block.parties)
        notice = f"<p style='color:{theme.ERROR.fg}'>{_t(block.notice)}</p>" if block.notice else ""
        return f"<p>{_t(block.statement)}</p>{notice}<ul>{parties}</ul>"
    raise TypeError(type(block).__name__)  # pragma: no cover - a new block kind needs its adapter


def _table(table: Table) -> str:
    head = "".join(f"<th>{_t(c.header)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(_cell(cell, "th" if cell.row_header else "td") for cell in row) + "</tr>" for row in table.rows
    )
    caption = f"<p><b>{_t(table.caption)}</b></p>" if table.caption else ""
    return f"{caption}<table cellspacing='0' cellpadding='4' border='0'><tr>{head}</tr>{rows}</table>"


def part_html(part: Part) -> str:
    # the cover carries its own title; its part name ("Forside") is a PDF bookmark, not a heading here
    out = [] if part.kind is PartKind.COVER else [f"<h2>{_t(part.heading)}</h2>"]
    if part.lead:
        out.append(f"<p style='color:{theme.MUTED}'>{_t(part.lead)}</p>")
    out += [block_html(b, heading_offset=1) for b in part.blocks]
    return "".join(out)


def outline_html(outline: Outline, parts: Iterable[PartKind] | None = None) -> str:
    """The outline (or the named parts of it, in the outline's order) as one rich-text document."""
    wanted = set(parts) if parts is not None else None
    body = "".join(part_html(p) for p in outline.parts if wanted is None or p.kind in wanted)
    return f"<html><head>{STYLE}</head><body>{body}</body></html>"
