# Shared by scripts/run and scripts/test: make .venv on first use (or when pyproject.toml changed)
# with only the Python on the machine, then install the project into it. The extra to install
# comes in IB_EXTRA (never from "$1": a sourced file sees the caller's arguments).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"
EXTRA="${IB_EXTRA:-}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "interviewbot needs Python 3.11 or newer (found: $("$PY" --version 2>&1))" >&2
  exit 2
fi
fresh() { [ -f "$1" ] && [ ! "$ROOT/pyproject.toml" -nt "$1" ]; }
stamp="$VENV/.installed${EXTRA:+-$EXTRA}"
# The test extra includes everything scripts/run needs.
if ! fresh "$stamp" && ! { [ -z "$EXTRA" ] && fresh "$VENV/.installed-test"; }; then
  if [ ! -x "$VENV/bin/python" ]; then
    echo "setting up $VENV (first run, about a minute) ..." >&2
    "$PY" -m venv "$VENV"
  else
    echo "updating $VENV ..." >&2
  fi
  log="$VENV/install.log"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip >"$log" 2>&1 || true
  if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -q \
       -e "$ROOT${EXTRA:+[$EXTRA]}" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "setting up $VENV failed (log above, also in $log)" >&2
    exit 2
  fi
  touch "$stamp"
fi
