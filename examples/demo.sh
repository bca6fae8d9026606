#!/usr/bin/env bash
# `make demo`: import the OSV snapshot kept in the repo into a throwaway data home and
# scan the example project whose manifests pin known-vulnerable versions.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export AGENT_IMMUNE_HOME="$(mktemp -d -t agent-immune-demo.XXXXXX)"
export AGENT_IMMUNE_CONFIG="$AGENT_IMMUNE_HOME/config.toml"   # no user config: defaults only
trap 'rm -rf "$AGENT_IMMUNE_HOME"' EXIT

echo "== agent-immune db update --source examples/osv-snapshot"
$BIN/agent-immune db update --source examples/osv-snapshot
echo
echo "== agent-immune db status"
$BIN/agent-immune db status --format table
echo
echo "== agent-immune deps examples/vulnerable-project --format table"
$BIN/agent-immune deps examples/vulnerable-project --format table
echo
echo "== agent-immune scan examples/vulnerable-project --offline --format table"
status=0
$BIN/agent-immune scan examples/vulnerable-project --offline --format table || status=$?
echo
if [ "$status" -eq 1 ]; then
  echo "scan_status: blocked (exit 1), as expected: the example pins known-vulnerable versions."
  echo "JSON report: $BIN/agent-immune scan examples/vulnerable-project --offline --format json"
  exit 0
fi
echo "unexpected exit status $status from agent-immune scan" >&2
exit 1
