#!/usr/bin/env bash
# Bulwark's own security pipeline (docs/security-pipeline.md): SAST, secrets, SBOM and licences,
# infrastructure as code, and the image's runtime. Builds or installs each tool it needs (cached
# in ~/.cache/bulwark), runs every step even when an earlier one fails, prints one summary line per
# tool and exits 1 if any step failed. Details of each step are in target/security/*.log.
# `.ci/run` runs it after the tests.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/toolchain.sh
source "$root/scripts/lib/toolchain.sh"
cd "$root"

started=$SECONDS
out="$root/target/security"
lib="$root/scripts/lib/security"
# The CycloneDX JSON schema comes from this npm package at run time (never copied in).
CYCLONEDX_SCHEMA_PACKAGE=@cyclonedx/cyclonedx-library@10.3.0

version_of() { sed -n "s/^$2=\(.*\)$/\1/p" "$root/scripts/$1" | head -n 1; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/bulwark"
gitleaks="${BULWARK_GITLEAKS_DIR:-$cache/gitleaks-$(version_of build-gitleaks.sh GITLEAKS_VERSION)}/gitleaks"
checkov_dir="${BULWARK_CHECKOV_DIR:-$cache/checkov-$(version_of build-checkov.sh CHECKOV_VERSION)}"
helm="${BULWARK_HELM_DIR:-$cache/helm-$(version_of build-helm.sh HELM_VERSION)}/helm"
kubectl="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$(version_of build-control-plane.sh KUBE_VERSION)-$(go env GOOS 2>/dev/null || echo linux)-$(go env GOARCH 2>/dev/null || echo amd64)/kubectl"
python="$checkov_dir/bin/python"

summary=()
failed=0
# record NAME STATUS LINE: prints and keeps the step's one-line summary.
record() {
  local line
  line=$(printf '%-5s %-12s %s' "$2" "$1" "$3")
  echo "security: $line"
  summary+=("$line")
  [ "$2" = FAIL ] && failed=1
  return 0
}
# last_line FILE: the summary line a checker printed last.
last_line() { tail -n 1 "$1"; }

echo "security: [0/6] tools and build outputs"
find_java && find_maven || exit 1
mkdir -p "$out"
"$root/scripts/build-gitleaks.sh" || exit 1
"$root/scripts/build-checkov.sh" || exit 1
"$root/scripts/build-helm.sh" || exit 1
"$root/scripts/build-control-plane.sh" >"$out/build-control-plane.log" 2>&1 ||
  { cat "$out/build-control-plane.log" >&2; exit 1; }
if [ ! -f target/bom.json ] || [ ! -f target/bulwark.jar ] ||
  [ -n "$(find src/main examples pom.xml -newer target/bom.json -print -quit 2>/dev/null)" ]; then
  echo "security: packaging target/bulwark.jar and target/bom.json (sources changed since the last build) ..."
  "$MVN" -B -ntp -q -DskipTests -Dfmt.skip=true package >"$out/package.log" 2>&1 ||
    { tail -n 40 "$out/package.log" >&2; exit 1; }
fi

# --- 1. SAST: SpotBugs + FindSecBugs over the main classes.
echo "security: [1/6] SAST: SpotBugs + FindSecBugs (about a minute) ..."
rm -f target/spotbugsXml.xml
"$MVN" -B -ntp -Dfmt.skip=true compile spotbugs:check >"$out/spotbugs.log" 2>&1
if [ -f target/spotbugsXml.xml ]; then
  "$python" "$lib/spotbugs_report.py" target/spotbugsXml.xml security/spotbugs-exclude.xml \
    >"$out/spotbugs-summary.log" 2>"$out/spotbugs-findings.log"
  status=$?
  [ $status -eq 0 ] && record sast PASS "$(last_line "$out/spotbugs-summary.log")" ||
    { record sast FAIL "$(last_line "$out/spotbugs-summary.log")"; sed 's/^/security:   /' "$out/spotbugs-findings.log" | head -n 30; }
else
  record sast FAIL "SpotBugs wrote no report; see $out/spotbugs.log"
  grep -E '^\[ERROR\]' "$out/spotbugs.log" | head -n 10 | sed 's/^/security:   /'
fi

# --- 2. Secrets: gitleaks over the working tree and every commit reachable from HEAD.
echo "security: [2/6] secrets: gitleaks ..."
gitleaks_args=(--no-banner --no-color --redact --exit-code 0 --config .gitleaks.toml --report-format json)
"$gitleaks" dir "${gitleaks_args[@]}" --report-path "$out/gitleaks-tree.json" . >"$out/gitleaks.log" 2>&1
tree_rc=$?
if commits=$(git rev-list --count HEAD 2>/dev/null); then
  "$gitleaks" git "${gitleaks_args[@]}" --log-opts=HEAD --report-path "$out/gitleaks-history.json" . \
    >>"$out/gitleaks.log" 2>&1
  history_rc=$?
else
  commits="no git history here:"
  echo '[]' >"$out/gitleaks-history.json"
  history_rc=1
fi
"$python" "$lib/gitleaks_report.py" .gitleaks.toml "$out/gitleaks-tree.json" "$out/gitleaks-history.json" "$commits" \
  >"$out/gitleaks-summary.log" 2>"$out/gitleaks-findings.log"
status=$?
line="gitleaks $("$gitleaks" version): $(last_line "$out/gitleaks-summary.log")"
if [ $status -eq 0 ] && [ $tree_rc -eq 0 ] && [ $history_rc -eq 0 ]; then
  record secrets PASS "$line"
else
  record secrets FAIL "$line"
  sed 's/^/security:   /' "$out/gitleaks-findings.log" | head -n 30
  [ $tree_rc -eq 0 ] && [ $history_rc -eq 0 ] || tail -n 5 "$out/gitleaks.log" | sed 's/^/security:   /'
fi

# --- 3. SBOM (valid CycloneDX) and licences.
echo "security: [3/6] SBOM and licences ..."
schema_dir="$out/cyclonedx-schema/${CYCLONEDX_SCHEMA_PACKAGE##*@}"
if [ ! -d "$schema_dir/package/res/schema" ]; then
  rm -rf "$schema_dir" && mkdir -p "$schema_dir"
  (cd "$schema_dir" && npm pack "$CYCLONEDX_SCHEMA_PACKAGE" --silent >"$out/npm-pack.log" 2>&1 &&
    tar -xzf ./*.tgz package/res/schema) || echo "could not fetch $CYCLONEDX_SCHEMA_PACKAGE with npm" >>"$out/npm-pack.log"
fi
"$python" "$lib/sbom_schema.py" target/bom.json "$schema_dir/package/res/schema" >"$out/sbom.log" 2>&1
[ $? -eq 0 ] && record sbom PASS "$(last_line "$out/sbom.log") from $CYCLONEDX_SCHEMA_PACKAGE" ||
  { record sbom FAIL "$(last_line "$out/sbom.log") (schema: $CYCLONEDX_SCHEMA_PACKAGE)"; head -n 20 "$out/sbom.log" | sed 's/^/security:   /'; }
"$python" "$lib/licences.py" target/bom.json security/licence-policy.yaml >"$out/licences.log" 2>&1
[ $? -eq 0 ] && record licences PASS "$(last_line "$out/licences.log") (security/licence-policy.yaml)" ||
  { record licences FAIL "$(last_line "$out/licences.log") (security/licence-policy.yaml)"; sed 's/^/security:   /' "$out/licences.log" | head -n 20; }

# --- 4. Infrastructure as code: the rendered chart, the kustomize base, examples/, the Dockerfile.
echo "security: [4/6] IaC: bulwark scan and checkov ..."
rm -rf "$out/iac" && mkdir -p "$out/iac"
render_ok=1
"$helm" template bulwark deploy/helm/bulwark --namespace bulwark-system >"$out/iac/chart.yaml" 2>"$out/render.log" || render_ok=0
"$kubectl" kustomize operator/ >"$out/iac/kustomize.yaml" 2>>"$out/render.log" || render_ok=0
manifests=("$out/iac/chart.yaml" "$out/iac/kustomize.yaml" examples/*.yaml)

"$JAVA_HOME/bin/java" -jar target/bulwark.jar scan --level restricted --bulwark-checks all --format json \
  -o "$out/bulwark-scan.json" "${manifests[@]}" >"$out/bulwark-scan.log" 2>&1
scan_rc=$?
if [ $render_ok -eq 1 ] && [ $scan_rc -le 1 ]; then
  "$python" "$lib/iac_findings.py" bulwark "$out/bulwark-scan.json" security/accepted-findings.yaml \
    >"$out/bulwark-findings.log" 2>&1
  status=$?
  objects=$("$python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["objects"]))' "$out/bulwark-scan.json")
  line="bulwark scan (restricted, all checks) of the chart, the kustomize base and examples/, $objects workloads: $(last_line "$out/bulwark-findings.log")"
  [ $status -eq 0 ] && record iac-bulwark PASS "$line" ||
    { record iac-bulwark FAIL "$line"; sed '$d; s/^/security:   /' "$out/bulwark-findings.log" | head -n 30; }
else
  record iac-bulwark FAIL "could not render or scan (exit $scan_rc); see $out/render.log and $out/bulwark-scan.log"
  cat "$out/render.log" "$out/bulwark-scan.log" | head -n 10 | sed 's/^/security:   /'
fi

# The same chart and base as a release renders them: the image pinned by digest in a registry the
# scan allows. A release pipeline sets BULWARK_RELEASE_IMAGE to the image it pushed
# (registry/path@sha256:...); without one, a stand-in reference (the jar's sha256 as digest) shows
# that nothing but the unpublished development image needs the image entries of
# security/accepted-findings.yaml: this scan accepts no finding at all.
release_image="${BULWARK_RELEASE_IMAGE:-registry.example.org/bulwark/operator@sha256:$(sha256sum target/bulwark.jar | cut -c1-64)}"
release_repo="${release_image%@*}"
release_digest="${release_image##*@}"
release_registry="${release_repo%%/*}"
mkdir -p "$out/iac/release"
cat >"$out/iac/release/kustomization.yaml" <<KUSTOMIZATION
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $("$python" -c 'import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$root/operator" "$out/iac/release")
images:
  - name: bulwark
    newName: $release_repo
    digest: $release_digest
KUSTOMIZATION
release_ok=1
"$helm" template bulwark deploy/helm/bulwark --namespace bulwark-system --set image.repository="$release_repo" \
  --set image.digest="$release_digest" >"$out/iac/chart-release.yaml" 2>"$out/render-release.log" || release_ok=0
"$kubectl" kustomize "$out/iac/release" >"$out/iac/kustomize-release.yaml" 2>>"$out/render-release.log" || release_ok=0
"$JAVA_HOME/bin/java" -jar target/bulwark.jar scan --level restricted --bulwark-checks all \
  --allowed-registry "$release_registry" --format json -o "$out/bulwark-scan-release.json" \
  "$out/iac/chart-release.yaml" "$out/iac/kustomize-release.yaml" >"$out/bulwark-scan-release.log" 2>&1
release_rc=$?
release_objects=$("$python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["objects"]))' "$out/bulwark-scan-release.json" 2>/dev/null || echo 0)
line="bulwark scan (restricted, all checks, registry $release_registry) of the chart and the kustomize base pinned to $release_repo@${release_digest:0:19}..., $release_objects workloads, nothing accepted"
# Both Deployments must have been read: an empty render would pass a scan with no findings.
if [ $release_ok -eq 1 ] && [ $release_rc -eq 0 ] && [ "$release_objects" -ge 2 ]; then
  record iac-release PASS "$line: no findings"
else
  record iac-release FAIL "$line: exit $release_rc (render ok: $release_ok)"
  cat "$out/render-release.log" "$out/bulwark-scan-release.log" | head -n 30 | sed 's/^/security:   /'
fi

checkov_files=()
for f in "${manifests[@]}" Dockerfile; do checkov_files+=(-f "$f"); done
# Offline: no platform download, no update check, no policy mapping fetch.
CKV_SKIP_PACKAGE_UPDATE_CHECK=true BC_SKIP_MAPPING=TRUE CKV_CACHE_DIR="$out/checkov-cache" \
  "$checkov_dir/bin/checkov" --skip-download --quiet --compact --framework kubernetes dockerfile \
  -o json "${checkov_files[@]}" >"$out/checkov.json" 2>"$out/checkov.log"
checkov_rc=$?
if [ $render_ok -eq 1 ] && [ $checkov_rc -le 1 ] && [ -s "$out/checkov.json" ]; then
  "$python" "$lib/iac_findings.py" checkov "$out/checkov.json" security/accepted-findings.yaml \
    >"$out/checkov-findings.log" 2>&1
  status=$?
  passed=$("$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); d=d if isinstance(d,list) else [d]; print(sum(r["summary"]["passed"] for r in d))' "$out/checkov.json")
  line="checkov $(version_of build-checkov.sh CHECKOV_VERSION) (kubernetes, dockerfile) of the same and the Dockerfile, $passed checks passed: $(last_line "$out/checkov-findings.log")"
  [ $status -eq 0 ] && record iac-checkov PASS "$line" ||
    { record iac-checkov FAIL "$line"; sed '$d; s/^/security:   /' "$out/checkov-findings.log" | head -n 30; }
else
  record iac-checkov FAIL "checkov did not run (exit $checkov_rc); see $out/checkov.log"
  tail -n 10 "$out/checkov.log" | sed 's/^/security:   /'
fi

# --- 5. The image's runtime: link the JRE the Dockerfile links (jdeps of the jar + its extra
# modules) from this JDK, and run Bulwark on it.
echo "security: [5/6] image runtime: jdeps + jlink ..."
extra=$(sed -n 's/.*--print-module-deps target\/bulwark\.jar),\([a-z0-9.,]*\)".*/\1/p' Dockerfile | head -n 1)
modules=$("$JAVA_HOME/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps target/bulwark.jar 2>"$out/jdeps.log")
if [ -n "$modules" ] && [ -n "$extra" ]; then
  modules="$modules,$extra"
  jre="$out/jre"
  key="$modules $(cksum <"$JAVA_HOME/release")"
  if [ "$(cat "$jre.stamp" 2>/dev/null)" != "$key" ]; then
    rm -rf "$jre" "$jre.stamp"
    "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
      --output "$jre" >"$out/jlink.log" 2>&1 && echo "$key" >"$jre.stamp"
  fi
  if [ -x "$jre/bin/java" ] &&
    "$jre/bin/java" -jar target/bulwark.jar --version >"$out/jre-smoke.log" 2>&1 &&
    { "$jre/bin/java" -jar target/bulwark.jar scan --format json -o "$out/jre-scan.json" "${manifests[@]}" >>"$out/jre-smoke.log" 2>&1; [ $? -le 1 ]; }; then
    record image PASS "jlink'ed JRE ($modules; jdeps of target/bulwark.jar + the Dockerfile's $extra) runs bulwark --version and scan"
  else
    record image FAIL "Bulwark does not run on the jlink'ed JRE of $modules; see $out/jlink.log and $out/jre-smoke.log"
    cat "$out/jlink.log" "$out/jre-smoke.log" 2>/dev/null | grep -v '^\s*at ' | head -n 10 | sed 's/^/security:   /'
  fi
else
  record image FAIL "no module list (jdeps: '$modules', Dockerfile extras: '$extra'); see $out/jdeps.log"
fi

# --- 6. Dependency vulnerabilities: no vulnerability database is reachable from here.
echo "security: [6/6] dependency vulnerabilities"
record vulns INFO "not checked here (no vulnerability database is reachable); where one is: grype sbom:target/bom.json (or trivy sbom target/bom.json)"

echo "security: summary ($((SECONDS - started)) s; details in target/security/)"
for line in "${summary[@]}"; do echo "  $line"; done
if [ $failed -ne 0 ]; then
  echo "security: FAILED"
  exit 1
fi
echo "security: all checks passed"
