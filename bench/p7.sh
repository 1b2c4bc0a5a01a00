#!/usr/bin/env bash
# P7: sealed-secret unseal throughput vs raw JCA RSA-OAEP decryption (RSA-4096, one thread).
# Prints both rates and the ratio; goal >= 90 %. Args: [SealedSecrets of 10 values, default 40] [rounds, default 5].
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
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.bulwark.bench.UnsealThroughputBenchmark "$@"
