# Shared set-up for scripts/serve and scripts/test: a project virtualenv with Kaynak
# installed, and the system programs Kaynak uses (Tesseract for OCR, Chromium for the
# browser tests), installed with apt-get when they are missing. Sourced, not run.
set -euo pipefail

KAYNAK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KAYNAK_VENV:-$KAYNAK_ROOT/.venv}"

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "Kaynak needs Python 3.11 or newer" >&2
  exit 1
}

ensure_system_packages() {
  local missing=()
  for spec in "$@"; do
    local program="${spec%%:*}" package="${spec#*:}"
    if [[ "$program" == /* ]]; then  # a data file the package installs
      [ -e "$program" ] || missing+=("$package")
    else
      command -v "$program" >/dev/null 2>&1 || missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null 2>&1 || echo "warning: could not install ${missing[*]}" >&2
  fi
}

check_lock() {  # check_lock LOCK: refuse a lock made from other declarations than pyproject's
  local lock="$1" wanted locked
  wanted="$("$(pick_python)" "$KAYNAK_ROOT/scripts/lock_inputs.py" fingerprint)"
  locked="$(sed -n 's/^# pyproject-dependencies: //p' "$lock" 2>/dev/null | head -1)"
  if [ "$locked" != "$wanted" ]; then
    echo "error: $(basename "$lock") does not match pyproject.toml's dependencies" \
      "(lock ${locked:-missing}, pyproject $wanted)." >&2
    echo "Run scripts/lock and commit pyproject.toml with both locks." >&2
    exit 1
  fi
}

ensure_venv() {  # ensure_venv runtime|dev: install exactly the lock, then Kaynak without deps
  local extras="$1"
  local lock="$KAYNAK_ROOT/requirements.lock"
  [ "$extras" = "dev" ] && lock="$KAYNAK_ROOT/requirements-dev.lock"
  check_lock "$lock"
  if [ ! -x "$VENV/bin/python" ]; then
    "$(pick_python)" -m venv "$VENV"
  fi
  local stamp="$VENV/.kaynak-installed-$extras"
  local wanted
  wanted="$(cat "$lock" "$KAYNAK_ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "installing Kaynak into $VENV from $(basename "$lock")" >&2
    # The build backend (setuptools, wheel) is in the lock too: no unpinned build isolation.
    if ! { "$VENV/bin/python" -m pip install -q --require-hashes -r "$lock" &&
      "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e "$KAYNAK_ROOT"; } \
      >"$VENV/pip-install.log" 2>&1; then
      cat "$VENV/pip-install.log" >&2
      exit 1
    fi
    echo "$wanted" >"$stamp"
  fi
}
