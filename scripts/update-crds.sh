#!/usr/bin/env bash
# Regenerates the CRDs from the classes in dev.bulwark.api and copies them into crds/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/toolchain.sh
source "$root/scripts/lib/toolchain.sh"
find_java
find_maven
cd "$root"
"$MVN" -B -q -ntp process-classes
cp -v target/classes/META-INF/fabric8/*-v1.yml crds/
"$root/scripts/sync-chart-crds.sh"
