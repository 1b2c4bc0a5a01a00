"""Validates a CycloneDX JSON SBOM against the CycloneDX JSON schema of its specVersion.

Usage: python sbom_schema.py BOM.json SCHEMA_DIR

SCHEMA_DIR holds the schema files as the npm package @cyclonedx/cyclonedx-library ships them
(res/schema/bom-1.6.SNAPSHOT.schema.json, spdx.SNAPSHOT.schema.json, jsf-0.82.SNAPSHOT.schema.json
...). Prints one summary line; each violation (JSON path and message) goes to standard error.
Exit status 0 when valid, 1 when not, 2 when a file cannot be read.
"""

import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource

SCHEMA_BASE = "http://cyclonedx.org/schema/"


def registry(schema_dir):
    """Every schema in SCHEMA_DIR, under its $id and under the file name its neighbours $ref."""
    resources = []
    for path in sorted(schema_dir.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents)
        resources.append((SCHEMA_BASE + path.name, resource))
        if "$id" in contents:
            resources.append((contents["$id"], resource))
    return Registry().with_resources(resources)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    bom_file, schema_dir = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    try:
        bom = json.loads(bom_file.read_text(encoding="utf-8"))
        version = bom["specVersion"]
        schema_file = schema_dir / f"bom-{version}.SNAPSHOT.schema.json"
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        schemas = registry(schema_dir)
    except (OSError, ValueError, KeyError) as e:
        print(f"sbom: cannot read: {e}", file=sys.stderr)
        return 2
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(
        schema, registry=schemas, format_checker=validator_class.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(bom), key=lambda e: list(e.absolute_path))
    for error in errors[:50]:
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        print(f"  {bom_file}: {path}: {error.message[:300]}", file=sys.stderr)
    components = len(bom.get("components", []))
    verdict = "valid" if not errors else f"INVALID ({len(errors)} violations)"
    print(
        f"{bom_file}: CycloneDX {version}, {components} components, {verdict} against"
        f" {schema_file.name}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
