#!/usr/bin/env python3
"""Reference values for Cohort's agreement statistics, computed by independent libraries.

Writes kappa_vectors.json beside this file: for each coding data set (two judges' categories
for the same items), scikit-learn's cohen_kappa_score, statsmodels' cohens_kappa (kappa, its
standard error, the 95% interval as statsmodels computes them), the percent agreement, the
`krippendorff` package's nominal alpha, per-category kappa (each category against the rest:
scikit-learn on the yes/no answers, statsmodels' interval on the 2×2 table) and alpha's bootstrap
interval recomputed here: SplitMix64 from the same seed, the same draws (`next() % n`), alpha of
each resample by the `krippendorff` package, numpy's percentiles. Theme data sets give kappa per
theme (present or absent in each judge's code). Cohort's tests assert its own figures equal these
to 1e-9.

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


MASK = (1 << 64) - 1
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 2022


def splitmix64(seed):
    """SplitMix64 (Steele, Lea & Flood 2014), as Cohort's Core implements it."""
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def alpha_of(first, second):
    """The krippendorff package's nominal alpha, NaN when only one value occurs."""
    index = {c: i for i, c in enumerate(CATEGORIES)}
    if len(set(first) | set(second)) < 2:
        return float("nan")
    return krippendorff.alpha(
        reliability_data=[[index[a] for a in first], [index[b] for b in second]],
        level_of_measurement="nominal")


def alpha_bootstrap(first, second, resamples=BOOTSTRAP_RESAMPLES, seed=BOOTSTRAP_SEED):
    """Items drawn with replacement, index = next() % n; undefined resamples left out; the 2.5th
    and 97.5th percentiles (numpy's linear method)."""
    n = len(first)
    rng = splitmix64(seed)
    alphas = []
    for _ in range(resamples):
        picks = [next(rng) % n for _ in range(n)]
        value = alpha_of([first[i] for i in picks], [second[i] for i in picks])
        if not math.isnan(value):
            alphas.append(value)
    low, high = (np.percentile(alphas, [2.5, 97.5]) if alphas else (float("nan"), float("nan")))
    return {"resamples": resamples, "seed": seed, "defined_resamples": len(alphas),
            "low": number(low), "high": number(high)}


def per_category(first, second):
    """Each category against the rest: scikit-learn's kappa of the yes/no answers, statsmodels'
    interval over the 2×2 table."""
    entries = []
    for category in CATEGORIES:
        a = [x == category for x in first]
        b = [y == category for y in second]
        table = np.array([[sum(p and q for p, q in zip(a, b)), sum(p and not q for p, q in zip(a, b))],
                          [sum(q and not p for p, q in zip(a, b)), sum(not p and not q for p, q in zip(a, b))]])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sk = cohen_kappa_score(a, b, labels=[True, False])
            sm = cohens_kappa(table)
        entries.append({"category": category, "sklearn_kappa": number(sk),
                        "kappa_low": number(sm.kappa_low), "kappa_upp": number(sm.kappa_upp),
                        "var_kappa": number(sm.var_kappa)})
    return entries


THEMES = ["access", "metrics", "privacy", "regions", "sources"]


def theme_datasets():
    """Two judges' themes for the same items, and scikit-learn's kappa per theme."""
    rng = random.Random(11)
    first, second = [], []
    for _ in range(60):
        mine = sorted(rng.sample(THEMES, rng.choice([0, 1, 1, 2])))
        theirs = [t for t in mine if rng.random() < 0.8] + [t for t in THEMES if t not in mine and rng.random() < 0.08]
        first.append(mine)
        second.append(sorted(theirs))
    yield "random-themes-60-items", "sixty items, up to two themes each (seed 11)", first, second
    yield "one-theme-everywhere", "both judges give one theme to every item: its kappa is undefined", \
        [["access"], ["access", "metrics"], ["access"]], [["access"], ["access"], ["access", "metrics"]]


def theme_vector(name, description, first, second):
    given = sorted(set(t for themes in first + second for t in themes))
    entries = []
    for theme in given:
        a = [theme in themes for themes in first]
        b = [theme in themes for themes in second]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sk = cohen_kappa_score(a, b, labels=[True, False])
        entries.append({"theme": theme, "sklearn_kappa": number(sk)})
    defined = [e["sklearn_kappa"] for e in entries if e["sklearn_kappa"] is not None]
    return {"name": name, "description": description, "first": first, "second": second, "per_theme": entries,
            "mean_kappa": sum(defined) / len(defined) if defined else None}


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
        "per_category": per_category(first, second),
        "alpha_bootstrap": alpha_bootstrap(first, second),
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
        "theme_datasets": [theme_vector(*d) for d in theme_datasets()],
    }
    path = HERE / "kappa_vectors.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(document['datasets'])} data sets")


if __name__ == "__main__":
    main()
