"""Checks every component's licence in a CycloneDX JSON SBOM against a licence policy.

Usage: python licences.py BOM.json POLICY.yaml

POLICY (security/licence-policy.yaml) has `allowed` (SPDX ids), `names` (licence name -> {id,
reason}) and `choices` ([{component: group:name or group:*, take: SPDX id, reason}]). A component
passes when every licence it lists is allowed, or when a choice covers it and the licence it takes
is both listed by the component and allowed; a component that lists no licence, or a name with no
mapping, is unknown and fails. SPDX expressions with OR pass when one side passes, with AND when
both do (no parentheses). Prints one summary line; offenders go to standard error.
Exit status 0 when all pass, 1 when not, 2 when a file cannot be read.
"""

import collections
import fnmatch
import json
import re
import sys

import yaml


def licence_ids(component, names):
    """The component's licences as SPDX ids (or 'unknown name "X"'), and its expressions."""
    ids, expressions = [], []
    for entry in component.get("licenses") or []:
        if "expression" in entry:
            expressions.append(entry["expression"])
            continue
        licence = entry.get("license") or {}
        if licence.get("id"):
            ids.append(licence["id"])
        elif licence.get("name") in names:
            ids.append(names[licence["name"]]["id"])
        else:
            ids.append(f'unknown name "{licence.get("name", "")}"')
    return ids, expressions


def expression_ok(expression, allowed):
    """A flat SPDX expression: OR of AND-groups of ids (WITH exceptions are not allowed)."""
    return any(
        all(term.strip() in allowed for term in re.split(r"\s+AND\s+", group))
        for group in re.split(r"\s+OR\s+", expression.strip())
    )


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            bom = json.load(f)
        with open(argv[2], encoding="utf-8") as f:
            policy = yaml.safe_load(f) or {}
    except (OSError, ValueError, yaml.YAMLError) as e:
        print(f"licences: cannot read {e}", file=sys.stderr)
        return 2
    allowed = set(policy.get("allowed") or [])
    names = policy.get("names") or {}
    choices = policy.get("choices") or []

    failing, counts = [], collections.Counter()
    components = bom.get("components") or []
    for component in components:
        coordinate = f'{component.get("group", "")}:{component.get("name", "")}'
        ids, expressions = licence_ids(component, names)
        choice = next((c for c in choices if fnmatch.fnmatchcase(coordinate, c["component"])), None)
        if not ids and not expressions:
            verdict, taken = False, "no licence stated"
        elif choice is not None:
            taken = choice["take"]
            verdict = taken in allowed and taken in ids
        else:
            taken = " AND ".join(ids + [f"({e})" for e in expressions])
            verdict = all(i in allowed for i in ids) and all(
                expression_ok(e, allowed) for e in expressions
            )
        if verdict:
            counts[taken] += 1
        else:
            failing.append(f"  {coordinate}:{component.get('version', '')}: {taken}")

    summary = ", ".join(f"{n} {licence}" for licence, n in counts.most_common())
    if failing:
        print("licences not allowed or unknown:", file=sys.stderr)
        print("\n".join(failing), file=sys.stderr)
        print(f"{len(failing)} of {len(components)} components not allowed ({summary} allowed)")
        return 1
    print(f"{len(components)} components, all allowed: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
