#!/usr/bin/env python3
"""Scores a CSV of leads with a PMML model in JPMML (the reference PMML engine), for the tests.

Usage: jpmml_score.py MODEL.pmml INPUT.csv OUTPUT.csv [MODEL.pmml INPUT.csv OUTPUT.csv ...]
(several models in one run share one Java virtual machine, which takes seconds to start)

INPUT.csv has one column per DataField of the model, an empty cell being a missing value; each
column is read as its DataField's type (double, boolean as true/false, string as it is).
OUTPUT.csv gets the model's output fields (score, reason1..reason4, is_sql, ...) per row, in order.
Exit 3 with a message on stderr when jpmml-evaluator or Java is not available (the test skips).
"""
import sys
import xml.etree.ElementTree as ET

def score(model, source, target, pandas, make_evaluator):
    ns = {"p": "http://www.dmg.org/PMML-4_4"}
    types = {f.get("name"): f.get("dataType") for f in ET.parse(model).getroot().findall("p:DataDictionary/p:DataField", ns)}
    frame = pandas.read_csv(source, dtype=str, keep_default_na=False, na_values=[""])
    for name, kind in types.items():
        column = frame[name]
        if kind == "double":
            frame[name] = column.astype(float)
        elif kind == "boolean":
            frame[name] = column.map(lambda v: None if pandas.isna(v) else v.strip().lower() in ("true", "1", "yes"))
    evaluator = make_evaluator(model).verify()
    results = evaluator.evaluateAll(frame)
    # The model has no target field: JPMML reports its synthetic one under an unnamed column.
    results = results[[c for c in results.columns if isinstance(c, str) and c]]
    results.to_csv(target, index=False)

def main():
    arguments = sys.argv[1:]
    if not arguments or len(arguments) % 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    import shutil
    if shutil.which("java") is None:
        print("no java on PATH (JPMML needs Java 11 or later)", file=sys.stderr)
        sys.exit(3)
    try:
        import pandas
        from jpmml_evaluator import make_evaluator
    except ImportError as e:
        print("jpmml-evaluator is not installed (pip install jpmml-evaluator): %s" % e, file=sys.stderr)
        sys.exit(3)
    for k in range(0, len(arguments), 3):
        score(*arguments[k:k + 3], pandas, make_evaluator)

if __name__ == "__main__":
    main()
