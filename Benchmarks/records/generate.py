#!/usr/bin/env python3
"""Writes N invented records for the records benchmark: sign-ups, feedback items, and both judges'
codes for every item (2N codes), deterministic for a seed.
    generate.py DIR N [SEED]
"""
import csv
import random
import sys

folder, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
zones = ["Europe/Berlin", "Asia/Kolkata", "Africa/Nairobi", "America/Sao_Paulo", "Asia/Manila", "UTC"]
categories = ["integrate-now", "needs-resourcing", "no-agreement", "unclear", "out-of-scope", "against-aim"]
with open(f"{folder}/signups.csv", "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["username", "email", "signed_up_at", "use_case", "use_case_applicable", "available", "nda", "time_zone", "languages"])
    for i in range(count):
        minute = rng.randrange(0, 60 * 24 * 20)
        stamp = f"2022-01-{10 + minute // 1440:02d}T{minute % 1440 // 60:02d}:{minute % 60:02d}:00Z"
        w.writerow([f"user{i:06d}", f"user{i:06d}@example.org", stamp, "planning", "yes" if rng.random() < 0.9 else "no",
                    "yes", "signed" if rng.random() < 0.8 else "sent", rng.choice(zones), "en"])
with open(f"{folder}/feedback.csv", "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "source", "received_at", "author", "text", "theme"])
    for i in range(count):
        w.writerow([f"fb-{i:06d}", "talk-page", "2022-02-02T10:00:00Z", f"Author {i}", f"Comment number {i} on the dashboard", "access"])
with open(f"{folder}/codes.csv", "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["item_id", "judge", "category", "theme"])
    for i in range(count):
        first = rng.choice(categories)
        second = first if rng.random() < 0.8 else rng.choice(categories)
        w.writerow([f"fb-{i:06d}", "amara", first, ""])
        w.writerow([f"fb-{i:06d}", "jonas", second, ""])
