#!/usr/bin/env bash
# Brings each test server up in a fresh temporary folder, checks the protocol facts the Swift client
# relies on (PROTOCOL-NOTES.md) with curl, stops it, and checks that its processes are gone.
#   smoke.sh [mediawiki|wordpress|all] [ROUNDS]     default: all, 2 rounds
# Prints each failed check, the bring-up time of every round, and a closing "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
which=${1:-all}
rounds=${2:-2}
passed=0
failed=0

# jget JSON PATH: the value at a dotted PATH ("edit.newrevid", "0.id"), scalars bare, the rest as JSON.
jget() {
  php -r '$d = json_decode($argv[1], true);
    foreach (explode(".", $argv[2]) as $k) { $d = is_array($d) && array_key_exists($k, $d) ? $d[$k] : null; }
    echo is_bool($d) ? ($d ? "true" : "false") : (is_scalar($d) ? $d : json_encode($d));' "$1" "$2"
}

check() {
  local name=$1 expected=$2 actual=$3
  if [[ $actual == "$expected" ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: expected [$expected], got [$actual]" >&2
  fi
}

gone() {
  local pid=$1 stat
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || { echo gone; return; }
  stat=${stat##*) }
  [[ ${stat:0:1} == Z ]] && echo gone || echo running
}

smoke_mediawiki() {
  local dir json api jar token csrf r base start t0 t1
  dir=$(mktemp -d /tmp/cohort-mw-smoke.XXXXXX)
  jar="$dir/cookies.txt"
  t0=$EPOCHREALTIME
  json=$("$here/mediawiki.sh" start "$dir/wiki")
  t1=$EPOCHREALTIME
  echo "mediawiki: up in $(php -r "printf('%.2f', $t1 - $t0);") s"
  api=$(jget "$json" api)
  local q="format=json&formatversion=2"

  token=$(jget "$(curl -s -c "$jar" -b "$jar" "$api?action=query&meta=tokens&type=login&$q")" query.tokens.logintoken)
  r=$(curl -s -c "$jar" -b "$jar" --data-urlencode "lgname=Admin@cohort" --data-urlencode "lgpassword=wrong" \
    --data-urlencode "lgtoken=$token" "$api?action=login&$q")
  check "mw wrong password" Failed "$(jget "$r" login.result)"
  r=$(curl -s -c "$jar" -b "$jar" --data-urlencode "lgname=$(jget "$json" bot_user)" \
    --data-urlencode "lgpassword=$(jget "$json" bot_password)" --data-urlencode "lgtoken=$token" "$api?action=login&$q")
  check "mw login" Success "$(jget "$r" login.result)"
  csrf=$(jget "$(curl -s -b "$jar" "$api?action=query&meta=tokens&$q")" query.tokens.csrftoken)
  check "mw csrf token is not the anonymous one" yes "$([[ $csrf != '+\' && $csrf == *'+\' ]] && echo yes || echo no)"

  edit() { curl -s -b "$jar" "$@" --data-urlencode "token=$csrf" "$api?action=edit&$q"; }
  r=$(edit --data-urlencode title=Smoke --data-urlencode text=x --data-urlencode nocreate=1 --data-urlencode assert=user)
  check "mw nocreate" missingtitle "$(jget "$r" error.code)"
  r=$(edit --data-urlencode title=Smoke --data-urlencode $'text=Intro\n\n== One ==\nA' --data-urlencode assert=user \
    --data-urlencode maxlag=5)
  check "mw create" Success "$(jget "$r" edit.result)"
  check "mw create new" true "$(jget "$r" edit.new)"
  r=$(edit --data-urlencode title=Smoke --data-urlencode $'text=Intro\n\n== One ==\nA' --data-urlencode assert=user)
  check "mw nochange" true "$(jget "$r" edit.nochange)"
  r=$(curl -s -b "$jar" "$api?action=query&prop=revisions&titles=Smoke&rvprop=ids|timestamp|content&rvslots=main&rvsection=1&curtimestamp=1&$q")
  check "mw section 1" $'== One ==\nA' "$(jget "$r" query.pages.0.revisions.0.slots.main.content)"
  base=$(jget "$r" query.pages.0.revisions.0.timestamp)
  start=$(jget "$r" curtimestamp)
  sleep 1
  printf 'Someone else\n\n== One ==\nB\n' | "$here/mediawiki.sh" edit "$dir/wiki" Smoke --user Editor 2>/dev/null
  r=$(edit --data-urlencode title=Smoke --data-urlencode $'text=Mine' --data-urlencode "basetimestamp=$base" \
    --data-urlencode "starttimestamp=$start" --data-urlencode nocreate=1 --data-urlencode assert=user)
  check "mw editconflict" editconflict "$(jget "$r" error.code)"
  r=$(edit --data-urlencode title=Smoke --data-urlencode section=new --data-urlencode "sectiontitle=Two" \
    --data-urlencode "text=Signed ~~~~" --data-urlencode assert=user)
  check "mw section=new" Success "$(jget "$r" edit.result)"
  r=$(curl -s "$api?action=parse&page=Smoke&prop=sections&$q")
  check "mw parse sections" "One,Two" "$(php -r 'echo implode(",", array_column(json_decode($argv[1], true)["parse"]["sections"], "line"));' "$r")"
  r=$(curl -s "$api?action=parse&page=Smoke&prop=wikitext&section=2&$q")
  check "mw signature" yes "$([[ $(jget "$r" parse.wikitext) =~ \[\[User:Admin\|Admin\]\]\ \(\[\[User\ talk:Admin\|talk\]\]\)\ [0-9]{2}:[0-9]{2},\ [0-9]{1,2}\ [A-Z][a-z]+\ [0-9]{4}\ \(UTC\)$ ]] && echo yes || echo no)"

  echo "7 1" >"$(jget "$json" maxlag_file)"
  r=$(curl -s -D "$dir/headers" "$api?action=query&meta=siteinfo&maxlag=5&$q")
  check "mw maxlag code" maxlag "$(jget "$r" error.code)"
  check "mw maxlag Retry-After" "5" "$(grep -i '^Retry-After:' "$dir/headers" | tr -dc 0-9)"
  r=$(curl -s "$api?action=query&meta=siteinfo&maxlag=5&$q")
  check "mw maxlag over after COUNT" true "$(jget "$r" batchcomplete)"
  r=$(curl -s --data-urlencode title=Smoke --data-urlencode text=anon --data-urlencode assert=user \
    --data-urlencode 'token=+\' "$api?action=edit&$q")
  check "mw assert=user anonymous" assertuserfailed "$(jget "$r" error.code)"

  local pid
  pid=$(jget "$json" pid)
  "$here/mediawiki.sh" stop "$dir/wiki"
  check "mw stopped" gone "$(gone "$pid")"
  rm -rf "$dir"
}

smoke_wordpress() {
  local dir json rest auth r id t0 t1
  dir=$(mktemp -d /tmp/cohort-wp-smoke.XXXXXX)
  t0=$EPOCHREALTIME
  json=$("$here/wordpress.sh" start "$dir/blog")
  t1=$EPOCHREALTIME
  echo "wordpress: up in $(php -r "printf('%.2f', $t1 - $t0);") s"
  rest=$(jget "$json" rest)
  auth="$(jget "$json" user):$(jget "$json" app_password)"

  r=$(curl -s -u "admin:aaaa bbbb cccc dddd eeee ffff" -o /dev/null -w '%{http_code}' "${rest}wp/v2/users/me")
  check "wp wrong app password" 401 "$r"
  r=$(curl -s -u "$auth" "${rest}wp/v2/users/me")
  check "wp users/me" admin "$(jget "$r" slug)"
  r=$(curl -s -u "$auth" "${rest}wp/v2/categories?search=Announcements")
  check "wp category" "$(jget "$json" categories.Announcements)" "$(jget "$r" 0.id)"
  r=$(curl -s -u "$auth" "${rest}wp/v2/tags?search=pilot")
  check "wp tag" "$(jget "$json" tags.pilot)" "$(jget "$r" 0.id)"
  r=$(curl -s -u "$auth" -X POST -H 'Content-Type: application/json' \
    -d "{\"status\":\"draft\",\"slug\":\"smoke-post\",\"title\":\"Smoke\",\"content\":\"<p>Body</p>\",\"excerpt\":\"E\",\"categories\":[$(jget "$json" categories.Announcements)],\"tags\":[$(jget "$json" tags.pilot)]}" \
    "${rest}wp/v2/posts?context=edit")
  id=$(jget "$r" id)
  check "wp draft status" draft "$(jget "$r" status)"
  check "wp draft keeps slug" smoke-post "$(jget "$r" slug)"
  check "wp draft title.raw" Smoke "$(jget "$r" title.raw)"
  r=$(curl -s -u "$auth" "${rest}wp/v2/posts?slug=smoke-post&status=draft&context=edit")
  check "wp find draft by slug" "$id" "$(jget "$r" 0.id)"
  r=$(curl -s -u "$auth" "${rest}wp/v2/posts?slug=smoke-post")
  check "wp slug without status finds no draft" "[]" "$r"
  r=$(curl -s -u "$auth" -X POST -H 'Content-Type: application/json' -d '{"status":"publish"}' \
    "${rest}wp/v2/posts/$id?context=edit")
  check "wp publish" publish "$(jget "$r" status)"
  check "wp link" "$(jget "$json" site)/smoke-post/" "$(jget "$r" link)"
  r=$(curl -s -u "$auth" "$(jget "$json" rest_fallback)/wp/v2/posts/$id")
  check "wp rest_route fallback" "$id" "$(jget "$r" id)"

  local pid mpid
  pid=$(jget "$json" pid)
  mpid=$(jget "$json" mariadb_pid)
  "$here/wordpress.sh" stop "$dir/blog"
  check "wp php stopped" gone "$(gone "$pid")"
  check "wp mariadb stopped" gone "$(gone "$mpid")"
  rm -rf "$dir"
}

for ((round = 1; round <= rounds; round++)); do
  [[ $which == all || $which == mediawiki ]] && smoke_mediawiki
  [[ $which == all || $which == wordpress ]] && smoke_wordpress
done
echo "smoke: $passed passed, $failed failed"
((failed == 0))
