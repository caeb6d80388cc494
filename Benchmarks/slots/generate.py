"""Random availability polls for the slot benchmark, reproducible from a seed.

Two families:
  zoned   - participants spread over real time zones answer by their local hour, as people do:
            mostly yes in working hours, if-need-be at the edges, rarely at night.
  uniform - every answer independent: yes with 3%, if-need-be with 2% (sparse and hard for
            coverage bounds, since no slot is much better than another).
Slots are hourly from Monday 2022-02-07T00:00Z (336 = two weeks).
"""
import csv
import datetime as dt
import random
import sys
from zoneinfo import ZoneInfo

ZONES = [
    "America/Los_Angeles", "America/Mexico_City", "America/New_York", "America/Sao_Paulo",
    "Europe/London", "Europe/Berlin", "Europe/Istanbul", "Africa/Lagos", "Africa/Nairobi",
    "Asia/Kolkata", "Asia/Dhaka", "Asia/Jakarta", "Asia/Manila", "Asia/Tokyo", "Australia/Sydney",
    "Pacific/Auckland", "America/Bogota", "Africa/Johannesburg", "Asia/Karachi", "Europe/Madrid",
]


def answer_zoned(rng, local):
    hour = local.hour
    weekday = local.weekday() < 5
    if 9 <= hour < 18 and weekday:
        p_yes, p_maybe = 0.30, 0.15
    elif 7 <= hour < 22:
        p_yes, p_maybe = 0.08, 0.12
    else:
        p_yes, p_maybe = 0.005, 0.01
    r = rng.random()
    return "yes" if r < p_yes else ("ifneedbe" if r < p_yes + p_maybe else "")


def answer_uniform(rng, _local):
    r = rng.random()
    return "yes" if r < 0.03 else ("ifneedbe" if r < 0.05 else "")


def generate(path, family, participants, slots, seed):
    rng = random.Random(seed)
    start = dt.datetime(2022, 2, 7, tzinfo=dt.timezone.utc)
    times = [start + dt.timedelta(hours=h) for h in range(slots)]
    answer = answer_zoned if family == "zoned" else answer_uniform
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "time_zone"] + [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in times])
        for p in range(participants):
            zone = rng.choice(ZONES)
            info = ZoneInfo(zone)
            writer.writerow([f"p{p:04d}", zone] + [answer(rng, t.astimezone(info)) for t in times])


if __name__ == "__main__":
    path, family, participants, slots, seed = sys.argv[1:6]
    generate(path, family, int(participants), int(slots), int(seed))
