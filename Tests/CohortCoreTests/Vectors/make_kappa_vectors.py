#!/usr/bin/env python3
"""Reference values for Cohort's agreement statistics, computed by independent libraries.

Writes kappa_vectors.json beside this file: for each coding data set (two judges' categories
for the same items), scikit-learn's cohen_kappa_score, statsmodels' cohens_kappa (kappa, its
standard error, the 95% interval as statsmodels computes them), the percent agreement and the
`krippendorff` package's nominal alpha. Cohort's tests assert its own figures equal these to 1e-9.

Run it once after changing a data set, in a virtual environment outside the repository:

    python3 -m venv /tmp/vectors-venv
    /tmp/vectors-venv/bin/pip install scikit-learn statsmodels krippendorff
    /tmp/vectors-venv/bin/python Tests/CohortCoreTests/Vectors/make_kappa_vectors.py

Undefined figures (kappa when both judges used one and the same category throughout) are null.
"""

import csv
import importlib.metadata
import json
import math
import pathlib
import random
import warnings

import krippendorff
import numpy as np
import sklearn
import statsmodels
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import cohens_kappa

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CATEGORIES = ["integrate-now", "needs-resourcing", "no-agreement", "unclear", "out-of-scope", "against-aim"]
I, N, A, U, O, G = CATEGORIES


def number(value):
    """A float for JSON: null when NaN (undefined)."""
    value = float(value)
    return None if math.isnan(value) else value


def random_pairs(seed, count, agreement, weights):
    """`count` items; the first judge draws from `weights`, the second agrees with probability
    `agreement` and otherwise draws again independently."""
    rng = random.Random(seed)
    first = rng.choices(CATEGORIES, weights=weights, k=count)
    second = [a if rng.random() < agreement else rng.choices(CATEGORIES, weights=weights)[0] for a in first]
    return first, second


def example_program():
    """The two judges' codes in the repository's example program (data/codes.csv)."""
    codes = {}
    with open(ROOT / "data" / "codes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes.setdefault(row["item_id"], {})[row["judge"]] = row["category"]
    items = [item for item in codes if {"amara", "jonas"} <= codes[item].keys()]
    return [codes[i]["amara"] for i in items], [codes[i]["jonas"] for i in items]


def datasets():
    yield "perfect-agreement", "every item in the same category from both judges; two categories unused", \
        [I, N, U, O, I, N, U, O, I, G], [I, N, U, O, I, N, U, O, I, G]
    yield "one-category-only", "both judges put every item in one category: kappa is undefined", \
        [N] * 12, [N] * 12
    yield "chance-level", "observed agreement equals chance agreement: kappa is 0", \
        [I, I, N, N, I, I, N, N], [I, N, I, N, I, N, I, N]
    yield "worse-than-chance", "the judges systematically disagree: kappa is negative", \
        [I, I, I, N, N, N, U, U, I, N], [N, N, U, I, I, U, I, N, I, I]
    yield "total-disagreement", "no item in the same category", \
        [I, N, U, O, G, I], [N, U, O, G, I, G]
    yield "unbalanced", "nine items in ten are integrate-now", \
        [I] * 18 + [N, I], [I] * 17 + [N, N, N]
    yield "never-used-by-one-judge", "the second judge never uses unclear or against-aim", \
        [I, N, U, U, G, O, I, N, G, O, I, A], [I, N, N, O, N, O, I, N, A, O, I, A]
    yield "no-judge-used-a-category", "nobody uses no-agreement or against-aim", \
        [I, N, U, O, I, N, U, O, I, N, U, O, I, I], [I, N, U, O, N, N, U, I, I, N, O, O, I, U]
    yield "single-item", "one item coded alike", [O], [O]
    yield "two-items-one-disagreement", "the smallest split", [I, N], [I, I]
    first, second = random_pairs(2022, 40, 0.8, [3, 3, 2, 1, 2, 1])
    yield "random-40-items", "forty items, about 80% agreement (seed 2022)", first, second
    first, second = random_pairs(7, 500, 0.55, [5, 4, 2, 2, 3, 1])
    yield "random-500-items", "five hundred items, moderate agreement (seed 7)", first, second
    first, second = example_program()
    yield "example-program", "the example program's data/codes.csv", first, second


def vector(name, description, first, second):
    index = {c: i for i, c in enumerate(CATEGORIES)}
    table = np.zeros((len(CATEGORIES), len(CATEGORIES)), dtype=int)
    for a, b in zip(first, second):
        table[index[a], index[b]] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk = cohen_kappa_score(first, second, labels=CATEGORIES)
        sm = cohens_kappa(table)
        alpha = krippendorff.alpha(
            reliability_data=[[index[a] for a in first], [index[b] for b in second]],
            level_of_measurement="nominal") if len(set(first) | set(second)) > 1 else float("nan")
    return {
        "name": name,
        "description": description,
        "first": first,
        "second": second,
        "confusion": table.tolist(),
        "percent_agreement": 100.0 * sum(a == b for a, b in zip(first, second)) / len(first),
        "sklearn_cohen_kappa": number(sk),
        "statsmodels": {
            "kappa": number(sm.kappa),
            "var_kappa": number(sm.var_kappa),
            "std_kappa": number(sm.std_kappa),
            "std_kappa0": number(sm.std_kappa0),
            "kappa_low": number(sm.kappa_low),
            "kappa_upp": number(sm.kappa_upp),
        },
        "krippendorff_alpha_nominal": number(alpha),
    }


def main():
    document = {
        "generated_by": "Tests/CohortCoreTests/Vectors/make_kappa_vectors.py",
        "libraries": {
            "scikit-learn": sklearn.__version__,
            "statsmodels": statsmodels.__version__,
            "krippendorff": importlib.metadata.version("krippendorff"),
            "numpy": np.__version__,
        },
        "categories": CATEGORIES,
        "datasets": [vector(*d) for d in datasets()],
    }
    path = HERE / "kappa_vectors.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(document['datasets'])} data sets")


if __name__ == "__main__":
    main()
