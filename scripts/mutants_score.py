#!/usr/bin/env python3
"""Prints cargo-mutants' score from its outcomes.json: caught / viable (caught + missed + timed out),
the counts, and every missed mutant (file:line: what was changed).

    scripts/mutants_score.py DIR [--min PERCENT]

DIR is the folder holding mutants.out/. With --min, exits 1 when the score is below PERCENT (a full
run's target); without it, only reports (a CI shard: a missed mutant in code a change did not touch
must not block the change).
"""
import json
import sys
from pathlib import Path


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    minimum = None
    if "--min" in argv:
        minimum = float(argv[argv.index("--min") + 1])
    path = Path(argv[0]) / "mutants.out" / "outcomes.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        print(f"mutants: cannot read {path}: {e}", file=sys.stderr)
        return 1
    missed = []
    for outcome in data["outcomes"]:
        scenario = outcome["scenario"]
        if isinstance(scenario, dict) and "Mutant" in scenario and outcome["summary"] == "MissedMutant":
            missed.append(scenario["Mutant"]["name"])
    caught, timeout, unviable = data["caught"], data["timeout"], data["unviable"]
    viable = caught + len(missed) + timeout
    score = 100.0 * (caught + timeout) / viable if viable else 100.0
    print(f"mutants: {caught + timeout} of {viable} viable mutants caught ({score:.1f}%): "
          f"{caught} caught by a test, {timeout} timed out, {len(missed)} missed; "
          f"{unviable} did not build (not counted)")
    for name in sorted(missed):
        print(f"  missed: {name}")
    if minimum is not None and score < minimum:
        print(f"mutants: the score is below {minimum:g}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
