#!/usr/bin/env bash
# P1: Pod Security evaluations per second per core, Bulwark's engine (JMH) against upstream's Go
# evaluator (bench/psa-go), on the same corpus: upstream's own fixture pods from
# k8s.io/pod-security-admission v0.37.2 (fetched with `go mod download`), 4,096 pods, each
# evaluated at restricted and baseline at latest. Prints figures; asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/toolchain.sh
source "$root/scripts/lib/toolchain.sh"
find_java
find_maven

cache=${BULWARK_BENCH_CACHE:-$HOME/.cache/bulwark/bench}
mkdir -p "$cache"
module=$(cd "$cache" && GOFLAGS=-mod=mod go mod download -json k8s.io/pod-security-admission@v0.37.2 \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
corpus="$module/test/testdata"
echo "p1: corpus $corpus ($(find "$corpus" -name '*.yaml' | wc -l) pod files; 4,096 taken)"

echo "p1: building bench/psa-go"
(cd "$root/bench/psa-go" && GOTOOLCHAIN=local CGO_ENABLED=0 go build -o "$cache/psa-go" .)

echo "p1: Go evaluator, one core (GOMAXPROCS=1, pinned to CPU 0 where taskset exists)"
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
go_line=$(GOMAXPROCS=1 "${pin[@]}" "$cache/psa-go" -corpus "$corpus" -warmup 3s -measure 10s)
echo "  $go_line"
go_rate=$(sed -n 's/.* \([0-9]*\) evaluations\/s.*/\1/p' <<<"$go_line")

echo "p1: Bulwark engine, JMH, one thread (-XX:ActiveProcessorCount=1, pinned likewise)"
(cd "$root" && "${pin[@]}" "$MVN" -B -q -ntp -Pbench -DskipTests -Dfmt.skip verify \
  -Dbulwark.bench.corpus="$corpus" >"$cache/jmh.log" 2>&1) || { tail -40 "$cache/jmh.log"; exit 1; }
java_rate=$(sed -n 's/.*"score" : \([0-9.E]*\),.*/\1/p' "$root/target/jmh-p1.json" | head -1)
java_rate=$(awk -v r="$java_rate" 'BEGIN { printf "%.0f", r }')
grep -E "^Benchmark|restrictedAndBaselineAtLatest" "$cache/jmh.log" | sed 's/^/  /'

printf '\n%-28s %15s\n' "evaluator (one core)" "evaluations/s"
printf '%-28s %15s\n' "upstream Go (psa-go)" "$go_rate"
printf '%-28s %15s\n' "Bulwark (JMH)" "$java_rate"
awk -v j="$java_rate" -v g="$go_rate" 'BEGIN { printf "ratio Bulwark / Go: %.2fx (goal >= 2x)\n", j / g }'
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%dT%H:%MZ)"
