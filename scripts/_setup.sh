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
    command -v "$program" >/dev/null 2>&1 || missing+=("$package")
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

ensure_venv() {
  local extras="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    "$(pick_python)" -m venv "$VENV"
  fi
  local stamp="$VENV/.kaynak-installed-$extras"
  local wanted
  wanted="$(cat "$KAYNAK_ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    local target="$KAYNAK_ROOT"
    [ "$extras" = "dev" ] && target="$KAYNAK_ROOT[dev]"
    echo "installing Kaynak into $VENV" >&2
    if ! "$VENV/bin/python" -m pip install -q -e "$target" >"$VENV/pip-install.log" 2>&1; then
      cat "$VENV/pip-install.log" >&2
      exit 1
    fi
    echo "$wanted" >"$stamp"
  fi
}
