#!/usr/bin/env bash
# P2: wall time, start-up included, of `bulwark scan` against kube-score on the same 10,000
# generated manifests of mixed workload kinds (bench/generate-manifests.py), twice: 100 manifests
# per file, and one per file. Peers are built into a cache outside the repository. Prints a table
# per corpus and both ratios; asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/toolchain.sh
source "$root/scripts/lib/toolchain.sh"
find_java
find_maven

count=${P2_MANIFESTS:-10000}
runs=${P2_RUNS:-5}
cache=${BULWARK_BENCH_CACHE:-$HOME/.cache/bulwark/bench}
mkdir -p "$cache"

# Two corpora of the same manifests: 100 per file, and one per file (a repository of small files,
# where the cost per file counts).
corpus_dir() { echo "$cache/p2-manifests-$count-per-$1"; }
for per_file in 100 1; do
  if [ ! -d "$(corpus_dir "$per_file")" ]; then
    echo "p2: generating $count manifests, $per_file per file, into $(corpus_dir "$per_file")"
    python3 "$root/bench/generate-manifests.py" "$(corpus_dir "$per_file")" "$count" "$per_file"
  fi
done

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

# Bulwark is timed as users run it: the bulwark launcher, which for `scan` uses C1 only, the serial
# collector and a start-up cache (AOT cache on JDK 25+, CDS archive on 19+) made once per build, as
# the peers are built once. One untimed run makes that cache. Plain `java -jar` is shown for scale.
BULWARK_STARTUP_CACHE=on "$root/bulwark" scan "$(corpus_dir 100)" --format json -o /dev/null >/dev/null 2>&1 || true

# Every object must be read: Bulwark's report must count all $count objects and no error (a
# manifest the scan cannot read costs nothing to check, which would flatter the figures), and
# kube-score's objects are counted from its output (it has no checks for ReplicaSets).
for per_file in 100 1; do
  report=$(mktemp)
  "$root/bulwark" scan "$(corpus_dir "$per_file")" --format json -o "$report" >/dev/null 2>&1 || [ $? -le 1 ]
  read -r objects errors < <(python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["summary"]; print(s["objects"], s["errors"])' "$report")
  rm -f "$report"
  scored=$("$kube_score" score "$(corpus_dir "$per_file")"/*.yaml --output-format ci 2>/dev/null |
    awk '{ kind = $3; sub(/:$/, "", kind); print $2, kind }' | sort -u | wc -l || true)
  echo "p2: $per_file per file: bulwark read $objects objects, $errors errors; kube-score scored $scored objects"
  if [ "$objects" != "$count" ] || [ "$errors" != 0 ]; then
    echo "p2: bulwark did not read every object of the corpus; the figures would not compare" >&2
    exit 1
  fi
done

# Runs the command $runs times; prints the median wall seconds and the median user+sys CPU seconds.
# Exit statuses 0-2 are results, not failures.
measure() {
  local out walls=() cpus=()
  out=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -q -f '%e %U %S' -o "$out" "$@" >/dev/null 2>&1 || [ $? -le 2 ]
    walls+=("$(awk '{ printf "%.2f", $1 }' "$out")")
    cpus+=("$(awk '{ printf "%.2f", $2 + $3 }' "$out")")
  done
  rm -f "$out"
  printf '%s %s\n' "$(median "${walls[@]}")" "$(median "${cpus[@]}")"
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

ratios=()
for per_file in 100 1; do
  corpus=$(corpus_dir "$per_file")
  # kube-score takes the files as arguments; a list of 10,000 is passed through xargs-free globbing
  # in one command line, which Linux allows (about 600 KB of arguments).
  files=("$corpus"/*.yaml)
  echo
  echo "p2: timing, median of $runs runs each ($count manifests in ${#files[@]} files); load $(cut -d' ' -f1-3 /proc/loadavg)"
  read -r ks ks_cpu < <(measure "$kube_score" score "${files[@]}" --output-format ci)
  read -r bw bw_cpu < <(measure "$root/bulwark" scan "$corpus" --format json -o /dev/null)
  read -r bw_plain bw_plain_cpu < <(measure "$JAVA_HOME/bin/java" -jar "$jar" scan "$corpus" --format json -o /dev/null)

  printf '\n%-40s %9s %9s %16s\n' "tool ($count manifests, ${#files[@]} files)" "wall (s)" "CPU (s)" "wall vs fastest"
  printf '%-40s %9s %9s %16s\n' "kube-score v1.20.0" "$ks" "$ks_cpu" "1.00"
  printf '%-40s %9s %9s %16s\n' "bulwark scan (launcher)" "$bw" "$bw_cpu" "$(ratio "$bw" "$ks")"
  printf '%-40s %9s %9s %16s\n' "bulwark scan (plain java -jar)" "$bw_plain" "$bw_plain_cpu" "$(ratio "$bw_plain" "$ks")"
  ratios+=("${#files[@]} files: $(ratio "$bw" "$ks")")
done
echo
echo "ratios, bulwark scan (launcher) vs kube-score: ${ratios[0]}; ${ratios[1]}"
echo "goal: bulwark <= 0.33 of the fastest peer"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg); JDK $BULWARK_JAVA_MAJOR; $(date -u +%Y-%m-%dT%H:%MZ)"
