"""The municipality's own value names in an outline of an agreement (Oppsummering): the outline
names the three value answers after Trondheim's values; a municipality with its own (from its plan
catalogue, services/values.py) sees its names, and a value it does not have is left out unless the
agreement has an answer there."""

from __future__ import annotations

import dataclasses

from enhetsdialog.domain.outline import Labelled, Outline
from enhetsdialog.services.values import VALUE_FIELDS, MunicipalValues


def with_values(outline: Outline, values: MunicipalValues | None) -> Outline:
    if values is None or values.default:
        return outline
    names = {field: v.name for field, v in values.fields()}
    parts = []
    for part in outline.parts:
        blocks = []
        for block in part.blocks:
            if isinstance(block, Labelled) and block.field in VALUE_FIELDS:
                if block.field in names:
                    block = dataclasses.replace(block, label=names[block.field])
                elif not block.text.strip():
                    continue
            blocks.append(block)
        parts.append(dataclasses.replace(part, blocks=tuple(blocks)))
    return dataclasses.replace(outline, parts=tuple(parts))
