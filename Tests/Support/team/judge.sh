#!/usr/bin/env bash
# One judge coding every item blind, as a person at their own laptop would: `feedback next`, then
# `feedback code` with a category that follows from the item's number. Run by TeamRecordsTests.
#   judge.sh JUDGE OTHER_JUDGE      (env: COHORT = the binary, NOW = the clock for every command)
# Appends ITEM,JUDGE,CATEGORY to codes-JUDGE.csv; prints "coded=N leaks=N retried=N".
set -u
categories=(integrate-now needs-resourcing no-agreement unclear out-of-scope against-aim)
judge=$1 other=$2 coded=0 leaks=0 retried=0
while :; do
    shown=$("$COHORT" feedback next --judge "$judge" --json --now "$NOW") || { echo "next failed: $shown" >&2; exit 2; }
    # Blind: what `next` shows never names the other judge (nor, so, their code).
    case $shown in *"\"$other\""*) leaks=$((leaks + 1)) ;; esac
    item=$(printf '%s\n' "$shown" | sed -n 's/^    "id" : "\(fb-[0-9]*\)",$/\1/p')
    [ -n "$item" ] || break
    number=$((10#${item#fb-}))
    if [ "$judge" = amara ]; then
        category=${categories[$((number % 6))]}
    else
        category=${categories[$(((number + (number % 4 == 0 ? 1 : 0)) % 6))]}
    fi
    for attempt in 1 2 3 4 5 6; do
        "$COHORT" feedback code "$item" --judge "$judge" --category "$category" --now "$NOW" >/dev/null 2>"err-$judge" && break
        status=$?
        [ "$status" -eq 75 ] && [ "$attempt" -lt 6 ] || { cat "err-$judge" >&2; exit 3; }
        retried=$((retried + 1))
    done
    echo "$item,$judge,$category," >>"codes-$judge.csv"
    coded=$((coded + 1))
    [ "$coded" -le 1000 ] || { echo "more items than there are" >&2; exit 4; }
done
echo "coded=$coded leaks=$leaks retried=$retried"
