"""The same K-slot choice as an integer programme, solved by scipy's milp (HiGHS), one criterion
at a time: each stage fixes the optimum of the one before (a lexicographic optimum).

  x_s in {0,1}   slot s chosen;             sum_s x_s = K
  c_p in [0,1]   p covered:    c_p <= sum of x_s over slots p can attend (yes or ifneedbe)
  y_p in [0,1]   p has a yes:  y_p <= sum of x_s over slots p said yes to
  q_p in [0,1]   p covered within sociable hours: q_p <= sum of x_s over such slots
  stage 1 max sum c; 2 max sum y; 3 max sum_s yes(s) x_s; 4 max sum q (= covered - outside hours)

Prints JSON: the four optimal values and the seconds spent in milp; when a stage runs out of
time, which criterion it was, the best value found and the bound HiGHS had proven.
"""
import csv
import datetime as dt
import json
import sys
import time
from zoneinfo import ZoneInfo

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix, hstack, identity, vstack


def sociable(start, zone, earliest=8 * 60, latest=21 * 60, duration=60):
    local = start.astimezone(ZoneInfo(zone))
    minute = local.hour * 60 + local.minute
    return minute >= earliest and minute + duration <= latest


def solve(path, k, time_limit):
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    slots = [dt.datetime.fromisoformat(h.replace("Z", "+00:00")) for h in rows[0][2:]]
    people = rows[1:]
    n, m = len(people), len(slots)
    k = min(k, m)
    attend, yes, social = [], [], []
    yes_count = np.zeros(m)
    for p, row in enumerate(people):
        zone = row[1]
        for s, cell in enumerate(row[2:]):
            if cell in ("yes", "ifneedbe"):
                attend.append((p, s))
                if sociable(slots[s], zone):
                    social.append((p, s))
            if cell == "yes":
                yes.append((p, s))
                yes_count[s] += 1

    def incidence(pairs):
        data = np.ones(len(pairs))
        return csr_matrix((data, ([p for p, _ in pairs], [s for _, s in pairs])), shape=(n, m))

    # Variables: x (m), c (n), y (n), q (n).
    zeros = csr_matrix((n, n))
    eye = identity(n, format="csr")
    rows_c = hstack([-incidence(attend), eye, zeros, zeros])
    rows_y = hstack([-incidence(yes), zeros, eye, zeros])
    rows_q = hstack([-incidence(social), zeros, zeros, eye])
    choose = hstack([csr_matrix(np.ones((1, m))), csr_matrix((1, 3 * n))])
    constraints = [
        LinearConstraint(vstack([rows_c, rows_y, rows_q]).tocsr(), -np.inf, 0),
        LinearConstraint(choose, k, k),
    ]
    integrality = np.concatenate([np.ones(m), np.zeros(3 * n)])
    bounds = Bounds(np.zeros(m + 3 * n), np.ones(m + 3 * n))
    objectives = [
        np.concatenate([np.zeros(m), np.ones(n), np.zeros(2 * n)]),
        np.concatenate([np.zeros(m), np.zeros(n), np.ones(n), np.zeros(n)]),
        np.concatenate([yes_count, np.zeros(3 * n)]),
        np.concatenate([np.zeros(m), np.zeros(2 * n), np.ones(n)]),
    ]
    values = []
    seconds = 0.0
    status = "optimal"
    stopped = None
    for objective in objectives:
        started = time.perf_counter()
        result = milp(-objective, constraints=constraints, integrality=integrality, bounds=bounds,
                      options={"time_limit": time_limit})
        seconds += time.perf_counter() - started
        if result.status != 0:
            # Out of time: keep the best set found and the proven bound on this criterion.
            status = "time limit" if result.status == 1 else result.message
            if result.x is not None:
                incumbent = int(round(-result.fun))
                bound = getattr(result, "mip_dual_bound", None)
                stopped = {"criterion": len(values) + 1, "incumbent": incumbent,
                           "bound": None if bound is None else int(np.floor(-bound + 1e-6))}
            break
        value = int(round(-result.fun))
        values.append(value)
        # Fix this stage's optimum before the next one.
        constraints.append(LinearConstraint(csr_matrix(objective.reshape(1, -1)), value, np.inf))
    covered = values[0] if values else None
    outside = covered - values[3] if len(values) == 4 else None
    print(json.dumps({
        "status": status, "seconds": seconds,
        "covered": covered, "covered_with_yes": values[1] if len(values) > 1 else None,
        "yes_answers": values[2] if len(values) > 2 else None, "outside_hours": outside,
        "stopped": stopped,
    }))


if __name__ == "__main__":
    solve(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 300.0)
