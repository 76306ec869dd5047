"""validate.py OUTDIR SARIF_SCHEMA REPORT_SCHEMA - schema checks of the
report outputs written by 'test_reports --write OUTDIR'.

jsonschema picks the validator from each schema's $schema (draft-04 for
the OASIS SARIF schema, draft-07 for ours)."""
import glob
import json
import os
import sys

import jsonschema

out, sarif_path, report_path = sys.argv[1:4]
failures = 0


def check(name, doc, schema, ref=None):
    global failures
    if ref is not None:
        schema = dict(schema, **{"$ref": ref})
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:10]:
        print(f"FAIL {name}: {e.message} at {list(e.absolute_path)}")
    failures += len(errors)
    return not errors


sarif_schema = json.load(open(sarif_path))
report_schema = json.load(open(report_path))

sarifs = sorted(glob.glob(os.path.join(out, "*.sarif")))
assert sarifs, "no SARIF written"
for path in sarifs:
    doc = json.load(open(path))
    check(path, doc, sarif_schema)
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        # What GitHub code scanning relies on beyond the schema.
        assert ids[res["ruleIndex"]] == res["ruleId"], res
        assert "proxyfpm/v1" in res["partialFingerprints"], res
        for loc in res.get("locations", []):
            pl = loc.get("physicalLocation")
            if pl:
                al = pl["artifactLocation"]
                assert not al["uri"].startswith("/"), al
                assert al["uriBaseId"] in run["originalUriBaseIds"], al
                art = run["artifacts"][al["index"]]["location"]
                assert art["uri"] == al["uri"], (art, al)
    uris = [(a["location"]["uriBaseId"], a["location"]["uri"])
            for a in run["artifacts"]]
    assert len(uris) == len(set(uris)), "artifacts listed twice"
    for rule in run["tool"]["driver"]["rules"]:
        props = rule.get("properties", {})
        if "security" in props.get("tags", []):
            assert rule["helpUri"].startswith("https://"), rule
            float(props["security-severity"])

reports = [p for p in sorted(glob.glob(os.path.join(out, "*.json")))
           if not p.endswith((".gitlab.json", "rules.json"))]
assert reports, "no JSON report written"
for path in reports:
    check(path, json.load(open(path)), report_schema)

check("rules.json", json.load(open(os.path.join(out, "rules.json"))),
      report_schema, "#/definitions/rules_list")

for path in sorted(glob.glob(os.path.join(out, "*.gitlab.json"))):
    for issue in json.load(open(path)):
        for key in ("description", "check_name", "fingerprint", "severity",
                    "location"):
            if key not in issue:
                print(f"FAIL {path}: missing {key}")
                failures += 1
        assert issue["severity"] in ("info", "minor", "major", "critical",
                                     "blocker")
        assert "begin" in issue["location"]["lines"]

print(f"validated {len(sarifs)} SARIF, {len(reports)} JSON reports; "
      f"{failures} errors")
sys.exit(1 if failures else 0)
