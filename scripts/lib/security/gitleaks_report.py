"""Summarises gitleaks' JSON reports of the working tree and the history, and checks that every
allow-list in the gitleaks configuration carries a reason.

Usage: python gitleaks_report.py CONFIG.toml TREE.json HISTORY.json COMMITS

Every [[allowlists]] table of CONFIG must follow a comment block with a line starting
"# Reason:". Prints one summary line; each finding (rule, file, line, commit; never the secret)
goes to standard error. Exit status 0 with no finding and every allow-list reasoned, 1
otherwise, 2 when a file cannot be read.
"""

import json
import sys


def unreasoned_allowlists(config_text):
    """Number of [[allowlists]] tables and the positions of those without a Reason comment."""
    tables, missing, comments = 0, [], []
    for line in config_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            comments.append(stripped)
            continue
        if stripped == "[[allowlists]]":
            tables += 1
            if not any(c.startswith("# Reason:") for c in comments):
                missing.append(tables)
        if stripped:
            comments = []
    return tables, missing


def findings(report_file, label):
    with open(report_file, encoding="utf-8") as f:
        leaks = json.load(f) or []
    for leak in leaks:
        commit = f' commit {leak["Commit"][:12]}' if leak.get("Commit") else ""
        print(
            f'  {label}: {leak.get("RuleID")} at {leak.get("File")}:{leak.get("StartLine")}{commit}',
            file=sys.stderr,
        )
    return len(leaks)


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    config, tree_report, history_report, commits = argv[1:]
    try:
        with open(config, encoding="utf-8") as f:
            tables, missing = unreasoned_allowlists(f.read())
        tree = findings(tree_report, "working tree")
        history = findings(history_report, "history")
    except (OSError, ValueError) as e:
        print(f"gitleaks: cannot read {e}", file=sys.stderr)
        return 2
    for position in missing:
        print(f"  {config}: [[allowlists]] #{position} has no '# Reason:' comment", file=sys.stderr)
    print(
        f"working tree {tree} findings, history ({commits} commits) {history} findings;"
        f" {tables} allow-lists in {config}"
        + (f", {len(missing)} without a reason" if missing else ", each with its reason")
    )
    return 1 if tree or history or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
