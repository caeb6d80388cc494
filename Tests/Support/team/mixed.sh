#!/usr/bin/env bash
# One of several staff writing at once: 100 commands that mix feedback codes, pilot sign-ups and
# partners, each with a record of its own, so the test can check that none was lost. A command
# that exits 75 (busy: try again) is run again, as a person would; any other failure stops.
#   mixed.sh P      (env: COHORT = the binary, NOW = the clock)
# Prints "done=N retried=N".
set -u
p=$1 done=0 retried=0
for i in $(seq 0 99); do
    case $((i % 3)) in
        0) command=(feedback code "fb-$p-$i" --judge amara --category unclear) ;;
        1)
            printf 'username,email,signed_up_at,use_case,use_case_applicable,available,nda,time_zone,languages\nu-%s-%s,u%s.%s@example.org,2022-02-01T09:00:00Z,planning,yes,yes,signed,UTC,en\n' \
                "$p" "$i" "$p" "$i" >"signup-$p-$i.csv"
            command=(pilot import "signup-$p-$i.csv")
            ;;
        2)
            printf 'id,name,kind,region,contact_name,contact_email,time_zone,wave\np-%s-%s,Partner %s %s,affiliate,Region,Contact,c%s.%s@example.org,UTC,partners\n' \
                "$p" "$i" "$p" "$i" "$p" "$i" >"partner-$p-$i.csv"
            command=(partner import "partner-$p-$i.csv")
            ;;
    esac
    for attempt in $(seq 1 20); do
        "$COHORT" "${command[@]}" --now "$NOW" >/dev/null 2>"err-$p" && break
        status=$?
        [ "$status" -eq 75 ] && [ "$attempt" -lt 20 ] || { echo "exit $status: ${command[*]}" >&2; cat "err-$p" >&2; exit 3; }
        retried=$((retried + 1))
    done
    done=$((done + 1))
done
echo "done=$done retried=$retried"
