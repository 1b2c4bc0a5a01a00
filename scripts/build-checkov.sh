#!/usr/bin/env bash
# Installs checkov (infrastructure-as-code scanner) from PyPI into its own virtualenv for the IaC
# step of scripts/security-pipeline.sh; the same venv's jsonschema validates the SBOM.
# Cached outside the repository and target/ so `mvn clean` keeps it; a warm run takes no time.
set -euo pipefail

CHECKOV_VERSION=3.3.30
dest="${BULWARK_CHECKOV_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bulwark/checkov-$CHECKOV_VERSION}"

stamp="checkov $CHECKOV_VERSION"
if [ -x "$dest/bin/checkov" ] && [ "$(cat "$dest/.checkov.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "checkov: $CHECKOV_VERSION already installed in $dest"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  echo "error: Python 3 with venv (Debian: apt-get install python3-venv) is needed to install checkov $CHECKOV_VERSION for the security pipeline." >&2
  exit 1
fi
echo "checkov: installing $CHECKOV_VERSION from PyPI into $dest (about two minutes cold) ..."
started=$SECONDS
rm -rf "$dest"
# An interrupted install leaves no stamp, so the next run starts again from scratch.
python3 -m venv "$dest"
"$dest/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  "checkov==$CHECKOV_VERSION"
# jsonschema comes with checkov; the SBOM check needs it, so fail here rather than there.
"$dest/bin/python" -c 'import jsonschema, referencing, yaml'
echo "$stamp" >"$dest/.checkov.stamp"
echo "checkov: installed $dest/bin/checkov in $((SECONDS - started)) s"
