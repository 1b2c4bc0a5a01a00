"""Checks an IaC scanner's JSON report against security/accepted-findings.yaml.

Usage: python iac_findings.py bulwark|checkov REPORT.json ACCEPTED.yaml

Prints one summary line; the unaccepted findings (and entries of ACCEPTED for this tool that
matched nothing) go to standard error. Exit status 0 when every finding is accepted and every
entry is used, 1 otherwise, 2 when a file cannot be read.

Objects are named Kind/namespace/name (Kind/name without a namespace), or Dockerfile.
Report shapes: `bulwark scan --format json` ({"objects": [{"kind", "namespace", "name",
"source", "findings": [{"check", "message"}]}]}) and `checkov -o json` (a list of per-framework
reports, or one report, with results.failed_checks[{"check_id", "resource", "file_path"}]).
"""

import json
import sys

import yaml


def bulwark_findings(report):
    """(check, object, where, text) for each finding of a `bulwark scan` JSON report."""
    for obj in report.get("objects", []):
        parts = [obj.get("kind"), obj.get("namespace"), obj.get("name")]
        name = "/".join(p for p in parts if p)
        for finding in obj.get("findings", []):
            yield finding["check"], name, obj.get("source", "?"), finding.get("message", "")


def checkov_object(resource, file_path):
    """checkov's resource id (Kind.namespace.name, or Dockerfile.<stage>) as Kind/namespace/name."""
    if file_path.rsplit("/", 1)[-1] == "Dockerfile" or resource.startswith("Dockerfile."):
        return "Dockerfile"
    return "/".join(resource.split(".", 2))


def checkov_findings(report):
    """(check, object, where, text) for each failed check of a `checkov -o json` report."""
    reports = report if isinstance(report, list) else [report]
    for framework in reports:
        for failed in framework.get("results", {}).get("failed_checks", []):
            where = failed.get("file_path", "?").lstrip("/")
            yield (
                failed["check_id"],
                checkov_object(failed.get("resource", ""), failed.get("file_path", "")),
                where,
                failed.get("check_name", ""),
            )


def main(argv):
    if len(argv) != 4 or argv[1] not in ("bulwark", "checkov"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    tool, report_file, accepted_file = argv[1], argv[2], argv[3]
    try:
        with open(report_file, encoding="utf-8") as f:
            report = json.load(f)
        with open(accepted_file, encoding="utf-8") as f:
            entries = (yaml.safe_load(f) or {}).get("accepted") or []
    except (OSError, ValueError, yaml.YAMLError) as e:
        print(f"{tool}: cannot read {e}", file=sys.stderr)
        return 2
    mine = {}
    for i, entry in enumerate(entries):
        missing = [k for k in ("tool", "check", "object", "reason") if not entry.get(k)]
        if missing:
            print(f"{accepted_file}: accepted[{i}]: missing {', '.join(missing)}", file=sys.stderr)
            return 2
        if entry["tool"] == tool:
            mine[(entry["check"], entry["object"])] = 0

    findings = list(bulwark_findings(report) if tool == "bulwark" else checkov_findings(report))
    failing = []
    for check, obj, where, text in findings:
        if (check, obj) in mine:
            mine[(check, obj)] += 1
        else:
            failing.append(f"  {where}: {obj}: {check}: {text}")
    unused = [f"  {check} on {obj}" for (check, obj), hits in mine.items() if hits == 0]

    accepted = len(findings) - len(failing)
    line = f"{len(failing)} findings ({accepted} accepted in {accepted_file})"
    if unused:
        line += f", {len(unused)} accepted entries matched nothing"
    if failing:
        print(f"{tool} findings not accepted:", file=sys.stderr)
        print("\n".join(failing), file=sys.stderr)
    if unused:
        print(f"{tool} entries of {accepted_file} that matched nothing (delete them):", file=sys.stderr)
        print("\n".join(unused), file=sys.stderr)
    print(line)
    return 1 if failing or unused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
