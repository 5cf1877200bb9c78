#!/usr/bin/env python3
"""Writes src/import/taxonomy.json: fideslang's default taxonomy, reduced to
what `lawful import fides` needs (each key's name and parent).

    /tmp/fidesvenv/bin/python tests/fides/gen_taxonomy.py > src/import/taxonomy.json

Needs fideslang (it comes with ethyca-fides on PyPI). Keys are sorted so the
output is stable.
"""
import json

import fideslang
from fideslang.default_taxonomy import DEFAULT_TAXONOMY


def entries(kind):
    return [
        [x.fides_key, x.name or x.fides_key, getattr(x, "parent_key", None)]
        for x in sorted(getattr(DEFAULT_TAXONOMY, kind), key=lambda x: x.fides_key)
    ]


out = {
    "fideslang": fideslang.__version__,
    "data_category": entries("data_category"),
    "data_use": entries("data_use"),
    "data_subject": entries("data_subject"),
}
lines = ["{", f'"fideslang": {json.dumps(out["fideslang"])},']
kinds = ["data_category", "data_use", "data_subject"]
for i, kind in enumerate(kinds):
    lines.append(f'"{kind}": [')
    rows = [json.dumps(e, ensure_ascii=False) for e in out[kind]]
    lines.append(",\n".join(rows))
    lines.append("]" + ("," if i < len(kinds) - 1 else ""))
lines.append("}")
print("\n".join(lines))
