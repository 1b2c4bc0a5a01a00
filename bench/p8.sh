#!/usr/bin/env bash
# P8: the imageVulnerabilities check at scale: N VulnerabilityReports (200 vulnerabilities each)
# read into the form the operator keeps (time, heap against the whole reports), and the time to
# compute one baseline's vulnerable images and parameter objects. Args: [reports, default 10000]
# [least severity kept: CRITICAL (default, maxSeverity High), HIGH, MEDIUM, LOW, UNKNOWN (None)].
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/toolchain.sh
source "$root/scripts/lib/toolchain.sh"
find_java
find_maven
cd "$root"
"$MVN" -B -q -ntp test-compile
cp_file=target/bench.classpath
"$MVN" -B -q -ntp dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec "$JAVA_HOME/bin/java" -Xmx4g -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.bulwark.bench.VulnerableImagesBenchmark "$@"
