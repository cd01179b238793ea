# Shared by scripts/run and scripts/test: make .venv on first use (or when pyproject.toml changed)
# with only the Python on the machine, then install the project into it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"
EXTRA="${1:-}"
stamp="$VENV/.installed${EXTRA:+-$EXTRA}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "interviewbot needs Python 3.11 or newer (found: $("$PY" --version 2>&1))" >&2
  exit 2
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "setting up $VENV (first run) ..." >&2
  "$PY" -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >&2 || true
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT${EXTRA:+[$EXTRA]}" >&2
  touch "$stamp"
fi
