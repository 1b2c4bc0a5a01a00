#!/usr/bin/env bash
# P2: wall time, start-up included, of `bulwark scan` against kube-score on the same 10,000
# generated manifests of mixed workload kinds (bench/generate-manifests.py). Peers are built
# into a cache outside the repository. Prints a table; asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/toolchain.sh
source "$root/scripts/lib/toolchain.sh"
find_java
find_maven

count=${P2_MANIFESTS:-10000}
runs=${P2_RUNS:-3}
cache=${BULWARK_BENCH_CACHE:-$HOME/.cache/bulwark/bench}
corpus="$cache/p2-manifests-$count"
mkdir -p "$cache"

if [ ! -d "$corpus" ]; then
  echo "p2: generating $count manifests into $corpus"
  python3 "$root/bench/generate-manifests.py" "$corpus" "$count"
fi
files=("$corpus"/*.yaml)

kube_score="$cache/gobin/kube-score"
if [ ! -x "$kube_score" ]; then
  echo "p2: building kube-score v1.20.0 (about 30 s)"
  (cd "$cache" && GOBIN="$cache/gobin" GOTOOLCHAIN=local CGO_ENABLED=0 \
    go install github.com/zegl/kube-score/cmd/kube-score@v1.20.0)
fi

jar="$root/target/bulwark.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "p2: building $jar"
  (cd "$root" && "$MVN" -B -q -ntp -DskipTests package)
fi

# Start-up: an AOT cache (JDK 25+) or a CDS archive (JDK 19+), made once by a training run, as
# the peers are built once; C1 only, as a short batch run never amortises C2.
major=$(java_major "$JAVA_HOME/bin/java")
if [ "$major" -ge 25 ]; then
  aot="$cache/bulwark-$(sha1sum "$jar" | cut -c1-12).aot"
  if [ ! -f "$aot" ]; then
    echo "p2: training the AOT cache $aot"
    "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$aot" -jar "$jar" scan "$corpus" --format json -o /dev/null >/dev/null 2>&1 || true
  fi
  startup="-XX:AOTCache=$aot"
else
  startup="-XX:SharedArchiveFile=$cache/bulwark-$major.jsa -XX:+AutoCreateSharedArchive"
  "$JAVA_HOME/bin/java" $startup -jar "$jar" scan "$corpus" --format json -o /dev/null >/dev/null 2>&1 || true
fi
java_opts="$startup -XX:TieredStopAtLevel=1"

# Median wall seconds of $runs runs of the command; exit statuses 0-2 are results, not failures.
median_wall() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || [ $? -le 2 ]
    end=$(date +%s%N)
    times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

echo "p2: timing, median of $runs runs each ($count manifests in ${#files[@]} files)"
ks=$(median_wall "$kube_score" score "${files[@]}" --output-format ci)
bw=$(median_wall "$JAVA_HOME/bin/java" $java_opts -jar "$jar" scan "$corpus" --format json -o /dev/null)
bw_cold=$(median_wall "$JAVA_HOME/bin/java" -jar "$jar" scan "$corpus" --format json -o /dev/null)

printf '\n%-44s %10s %18s\n' "tool ($count manifests)" "wall (s)" "vs fastest peer"
printf '%-44s %10s %18s\n' "kube-score v1.20.0" "$ks" "1.00"
printf '%-44s %10s %18s\n' "bulwark scan (AOT/CDS cache, C1)" "$bw" "$(awk -v a="$bw" -v b="$ks" 'BEGIN { printf "%.2f", a / b }')"
printf '%-44s %10s %18s\n' "bulwark scan (plain java -jar)" "$bw_cold" "$(awk -v a="$bw_cold" -v b="$ks" 'BEGIN { printf "%.2f", a / b }')"
echo "goal: bulwark <= 0.33 of the fastest peer"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg); JDK $major; $(date -u +%Y-%m-%dT%H:%MZ)"
