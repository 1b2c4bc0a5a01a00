"""Summarises a SpotBugs XML report and checks that every suppression in the exclude filter
carries a reason.

Usage: python spotbugs_report.py SPOTBUGS.xml EXCLUDE_FILTER.xml

Every <Match> of the filter must follow an XML comment that starts with "Reason:". Prints one
summary line; each finding (pattern, class, line, message) goes to standard error. Exit status 0
with no finding and every suppression reasoned, 1 otherwise, 2 when a file cannot be read.
"""

import sys
import xml.etree.ElementTree as ET


def unreasoned_matches(filter_file):
    """Number of <Match> elements in the filter and the positions of those without a reason."""
    root = ET.parse(filter_file, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    matches, missing, previous = 0, [], None
    for child in root.getroot():
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "Match":
            matches += 1
            reasoned = previous is not None and previous.tag is ET.Comment and (
                previous.text or ""
            ).strip().startswith("Reason:")
            if not reasoned:
                missing.append(matches)
        previous = child
    return matches, missing


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    try:
        report = ET.parse(argv[1]).getroot()
        matches, missing = unreasoned_matches(argv[2])
    except (OSError, ET.ParseError) as e:
        print(f"spotbugs: cannot read {e}", file=sys.stderr)
        return 2
    bugs = list(report.iter("BugInstance"))
    for bug in bugs:
        line = bug.find("SourceLine")
        where = f'{line.get("sourcepath")}:{line.get("start")}' if line is not None else "?"
        message = bug.findtext("LongMessage") or bug.get("type")
        print(f"  {bug.get('type')} {where}: {message}", file=sys.stderr)
    for position in missing:
        print(f"  {argv[2]}: <Match> #{position} has no 'Reason:' comment before it", file=sys.stderr)
    version = report.get("version", "?")
    classes = report.find("FindBugsSummary")
    analysed = classes.get("total_classes", "?") if classes is not None else "?"
    print(
        f"SpotBugs {version} + FindSecBugs, threshold Low, effort Max, {analysed} classes:"
        f" {len(bugs)} findings; {matches} suppressions in {argv[2]}"
        + (f", {len(missing)} without a reason" if missing else ", each with its reason")
    )
    return 1 if bugs or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
