#!/usr/bin/env bash
# Installs what Tests/Support/browser/check_page.py needs, idempotently:
#   - Debian's chromium and chromium-driver (the browser the report and coding-page tests use, headless);
#   - fonts with fixed metrics, so text boxes measure the same on every machine:
#     fonts-dejavu-core (DejaVu Sans/Serif/Mono) and fonts-liberation (metric-compatible
#     with Arial/Helvetica, Times and Courier), plus fontconfig to resolve them;
#   - the Python packages of requirements.txt beside this file into the repo's test venv
#     (.venv/, made by Scripts/setup --test), when that venv exists or --venv DIR names one.
# Installs only what is missing; uses sudo only when not root; waits up to 15 minutes for
# the dpkg lock, since other sessions on the machine may be installing at the same time.
#   Tests/Support/browser/install.sh [--venv DIR] [--no-python]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

venv="$repo/.venv"
want_python=true
while (($#)); do
  case "$1" in
    --venv) venv="$2"; shift 2 ;;
    --no-python) want_python=false; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (use --venv DIR or --no-python)" >&2; exit 2 ;;
  esac
done

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 "$@"; }

packages=(chromium chromium-driver fonts-dejavu-core fonts-liberation fontconfig)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "browser/install.sh: installing ${missing[*]}" >&2
  # An old or empty package list does not know chromium's current version: refresh it once.
  apt update -qq || { sleep 20; apt update -qq; }  # another session may hold the lists lock
  if ! apt install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    # A security update may have replaced the version the list named: refresh and retry.
    apt update -qq
    apt install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

command -v chromium >/dev/null || { echo "browser/install.sh: chromium is not on the PATH after installing it" >&2; exit 1; }

if $want_python; then
  if [[ -x "$venv/bin/python" ]]; then
    stamp="$venv/.requirements-browser"
    if ! cmp -s "$here/requirements.txt" "$stamp" 2>/dev/null; then
      "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
      cp "$here/requirements.txt" "$stamp"
    fi
  else
    echo "browser/install.sh: no venv at $venv (run Scripts/setup --test first, or pass --venv DIR); Python packages not installed" >&2
  fi
fi
