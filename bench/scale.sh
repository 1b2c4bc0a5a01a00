#!/usr/bin/env bash
# Scale harness (issue 12): starts a local kube-apiserver + etcd, loads it with namespaces, pods,
# workloads, bindings and SealedSecrets, runs the operator jar as a JVM of its own with the
# chart's heap, and prints one table (cold start, LISTs, drift latency per kind, reconciles and
# writes per change, quiet-window writes, heap after full GC, peak RSS, CPU), appended to
# bench/results/scale.md.
# Measures; asserts nothing. Options are passed through as --name=value (defaults in brackets):
#   --namespaces=[200] --pods=[50] (per namespace) --deployments=[3] --service-accounts=[2]
#   --role-bindings=[2] (per namespace) --cluster-role-bindings=[0] --baselines=[1]
#   --sealed-secrets=[0] (in total, spread over the namespaces; sealed to the operator's
#     certificate and created after the cold start; measures "SealedSecret's Secret edited")
#   --admission-policies=[false] (the Enforce baseline's spec.admission.validatingPolicies; on,
#     they refuse the violating pods that the "violating pod created" kind creates)
#   --reports=[false] (install the OpenReports CRDs: the operator writes a Report per namespace;
#     measures "Report edited")
#   --samples=[200] (per drift kind) --quiet=[300] (seconds)
#   --memory-limit-mib=[768] (the chart's memory limit, reported beside peak RSS)
#   --heap=[75 % of the limit] (the chart's JVM takes -XX:MaxRAMPercentage=75)
#   --operator-jar=[target/bulwark.jar] --label=TEXT --results=[bench/results/scale.md]
#   --jfr=FILE (record the operator with JFR)
#   --restart=[false] (at the end, stop the operator and start it again on the enforced cluster:
#     the start without writes)
# Example: bench/scale.sh --namespaces=1000 --pods=50 --label=after
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/toolchain.sh
source "$root/scripts/lib/toolchain.sh"
find_java
find_maven

"$root/scripts/build-control-plane.sh" >/dev/null
jar="$root/target/bulwark.jar"
if [ ! -f "$jar" ] || [ ! -d "$root/target/test-classes/dev/bulwark/bench" ] \
  || [ -n "$(find "$root/src/main" "$root/src/test/java/dev/bulwark/bench" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "scale: building $jar and the harness"
  (cd "$root" && "$MVN" -B -q -ntp -DskipTests -Dspotbugs.skip -Dcyclonedx.skip package)
fi
# Run from a copy, so a build in this working copy during a long run cannot pull classes away.
run_dir=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-scale-run.XXXXXX")
trap 'rm -rf "$run_dir"' EXIT
cp "$jar" "$run_dir/bulwark.jar"
cp -r "$root/target/test-classes" "$run_dir/test-classes"
cd "$root"
"$JAVA_HOME/bin/java" -Xmx2g -cp "$run_dir/test-classes:$run_dir/bulwark.jar" \
  dev.bulwark.bench.ScaleBench --repo="$root" --default-operator-jar="$run_dir/bulwark.jar" "$@"
