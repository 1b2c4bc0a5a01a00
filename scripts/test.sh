#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real kube-apiserver + etcd
# (+ kube-controller-manager) on loopback. Builds what it needs first; extra args go to Maven.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/toolchain.sh
source "$root/scripts/lib/toolchain.sh"

started=$SECONDS
find_java
find_maven
echo "test: JDK $(java_major "$JAVA_HOME/bin/java") at $JAVA_HOME; Maven: $MVN"

echo "test: [1/5] control-plane binaries"
"$root/scripts/build-control-plane.sh"

echo "test: [2/5] kubeseal (the sealed-secret interop oracle)"
"$root/scripts/build-kubeseal.sh"

echo "test: [3/5] helm (renders the chart for the deploy tests)"
"$root/scripts/build-helm.sh"

echo "test: [4/5] promtool (checks and unit-tests the alert rules)"
"$root/scripts/build-promtool.sh"

echo "test: [5/5] mvn verify (unit tests, then integration tests)"
cd "$root"
"$MVN" -B -ntp verify "$@"
echo "test: all tests passed in $((SECONDS - started)) s"
