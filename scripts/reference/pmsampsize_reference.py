"""Reference numbers for Tests/ScorecardKitTests/Evaluation/SampleSizeTests.swift.

pmsampsize 0.1.0 (PyPI; Python port of the R package pmsampsize, Ensor, Martin & Riley) requires
Python >= 3.12; on 3.11 the wheel was fetched with
    pip download pmsampsize==0.1.0 --no-deps --python-version 3.12 --only-binary=:all:
unzipped, and imported directly (its binary code path is plain math; it also imports pandas,
tabulate, scipy and statsmodels at module level).  Run:  PYTHONPATH=<unzipped wheel> python3 this.
"""
import math
from pmsampsize.pmsampsize import pmsampsize_bin

CASES = [(0.288, 24, 0.174), (0.05, 10, 0.3), (0.1, 12, 0.25), (0.02, 5, 0.5)]
phi = 0.3
conservative = 0.15 * (1 - math.exp(2 * (phi * math.log(phi) + (1 - phi) * math.log(1 - phi))))
CASES.append((conservative, 10, 0.3))

for r2, p, prevalence in CASES:
    out = pmsampsize_bin(r2, p, prevalence, 0.9, None, True)
    sizes = [row[1] for row in out["results_table"] if isinstance(row, list)]
    print(repr(r2), p, prevalence, "criteria 1-3:", sizes[:3], "final:", out["sample_size"], "max_r2a:", repr(out["max_r2a"]))
