"""Synthetic records for the scale benchmark, reproducible from a seed: sign-ups, feedback items
with both judges' codes, partners and an availability poll, each as the CSV Cohort imports.

  generate.py signups  FILE N
  generate.py feedback FILE N
  generate.py codes    FILE N        (two codes per item: 2N rows, for items fb-0..fb-N-1)
  generate.py partners FILE N
  generate.py poll     FILE N SLOTS
"""
import csv
import datetime as dt
import random
import sys

ZONES = ["Europe/Berlin", "Asia/Kolkata", "America/Sao_Paulo", "Africa/Nairobi", "Asia/Tokyo", "UTC",
         "America/New_York", "Australia/Sydney"]
CATEGORIES = ["integrate-now", "needs-resourcing", "no-agreement", "unclear", "out-of-scope", "against-aim"]
THEMES = ["metrics", "onboarding", "data-quality", "accessibility", "translation", "privacy"]
WORDS = ("the dashboard metric regional data could should we need more clear about how affiliates read "
         "this equity landscape pilot consultation").split()


def text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def main():
    kind, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(17)
    start = dt.datetime(2022, 2, 1, tzinfo=dt.timezone.utc)
    with open(path, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        if kind == "signups":
            w.writerow(["username", "email", "signed_up_at", "use_case", "use_case_applicable", "available", "nda",
                        "time_zone", "languages"])
            for i in range(n):
                at = start + dt.timedelta(seconds=i * 7 + rng.randrange(7))
                w.writerow([f"user{i:06d}", f"user{i:06d}@example.org", at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                            text(rng, 8), rng.choice(["yes", "yes", "no"]), rng.choice(["yes", "yes", "no"]),
                            rng.choice(["signed", "signed", "sent", "none"]), rng.choice(ZONES), "en"])
        elif kind == "feedback":
            w.writerow(["id", "source", "received_at", "author", "text", "theme"])
            for i in range(n):
                at = start + dt.timedelta(seconds=i * 11)
                w.writerow([f"fb-{i}", rng.choice(["talk-page", "pilot-session", "survey"]),
                            at.strftime("%Y-%m-%dT%H:%M:%SZ"), f"Author{i % 997}", text(rng, 25),
                            rng.choice(THEMES)])
        elif kind == "codes":
            w.writerow(["item_id", "judge", "category", "theme"])
            for i in range(n):
                first = rng.choice(CATEGORIES)
                second = first if rng.random() < 0.8 else rng.choice(CATEGORIES)
                w.writerow([f"fb-{i}", "amara", first, rng.choice(THEMES)])
                w.writerow([f"fb-{i}", "jonas", second, rng.choice(THEMES)])
        elif kind == "partners":
            w.writerow(["id", "name", "kind", "region", "contact_name", "contact_email", "time_zone", "wave"])
            for i in range(n):
                w.writerow([f"p-{i}", f"Partner {i}", rng.choice(["affiliate", "hub", "organisation"]),
                            "Region", f"Contact {i}", f"contact{i}@example.org", rng.choice(ZONES), "partners"])
        elif kind == "poll":
            slots = int(sys.argv[4])
            starts = [(start + dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ") for h in range(slots)]
            w.writerow(["participant", "time_zone"] + starts)
            for i in range(n):
                w.writerow([f"user{i:06d}", rng.choice(ZONES)]
                           + [rng.choice(["yes", "ifneedbe", "", "", ""]) for _ in starts])
        else:
            raise SystemExit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
