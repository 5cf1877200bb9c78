#!/usr/bin/env python3
"""The oracle for tests/fides.rs: Fides' own evaluation of a manifest
directory, as a list of violations, one per line:

    RULE<TAB>SYSTEM<TAB>DECLARATION

sorted and deduplicated (a declaration that references datasets can fail a
rule once per dataset part; lawful reports the declaration's flows).

It runs the code path of `fides --local evaluate --dry DIR`, as
../shared/bench/peers/fides_eval.py does (parse -> merge with the default
taxonomy -> reference check -> execute_evaluation), offline, and reads each
violation's identity from the detail Fides writes:
"Declaration (D) of system (S) failed rule (R) from policy (P)...".

    python3 -m venv /tmp/fidesvenv && /tmp/fidesvenv/bin/pip install ethyca-fides
    /tmp/fidesvenv/bin/python tests/fides/fides_violations.py tests/fides/generated/n10 \
        > tests/fides/generated/n10.violations

CI does not run this: the committed .violations files are what Fides produced.
"""
import contextlib
import io
import os
import re
import sys

os.environ.setdefault("FIDES__USER__ANALYTICS_OPT_OUT", "true")
os.environ.setdefault("FIDES__CLI__LOCAL_MODE", "true")

from fideslang.default_taxonomy import DEFAULT_TAXONOMY  # noqa: E402
from fideslang.relationships import get_referenced_missing_keys  # noqa: E402
from fides.core.evaluate import execute_evaluation, merge_taxonomies  # noqa: E402
from fides.core.parse import parse  # noqa: E402

DETAIL = re.compile(r"^Declaration \((.*?)\) of system \((.*?)\) failed rule \((.*?)\) from policy \((.*?)\)")


def main() -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        taxonomy = merge_taxonomies(parse(sys.argv[1]), DEFAULT_TAXONOMY)
    missing = get_referenced_missing_keys(taxonomy)
    if missing:
        print(f"error: missing references: {sorted(missing)}", file=sys.stderr)
        return 2
    with contextlib.redirect_stdout(io.StringIO()):
        evaluation = execute_evaluation(taxonomy)
    rows = set()
    for v in evaluation.violations:
        m = DETAIL.match(v.detail)
        if not m:
            print(f"error: unexpected detail: {v.detail}", file=sys.stderr)
            return 2
        declaration, system, rule, _policy = m.groups()
        rows.add((rule, system, declaration))
    print(f"# {len(evaluation.violations)} violations from Fides {__import__('fides').__version__}")
    for row in sorted(rows):
        print("\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
