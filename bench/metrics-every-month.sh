#!/bin/bash
# metrics --json of every month of the sample into OUTDIR (one file a month), to compare two
# versions of the code figure by figure:
#   bench/metrics-every-month.sh OLD_CHECKOUT /tmp/before
#   bench/metrics-every-month.sh .            /tmp/after
#   for f in /tmp/before/*.json; do diff <(jq -S . "$f") <(jq -S . "/tmp/after/${f##*/}") || echo "${f##*/} differs"; done
set -euo pipefail
repo=$1; out=$2; first=${3:-2024-12}; last=${4:-2026-11}
mkdir -p "$out"; cd "$repo"
m=$first
while [[ "$m" < "$last" || "$m" == "$last" ]]; do
  node bin/support-analytics.js metrics --data data/sample --month "$m" --json > "$out/$m.json"
  y=${m%-*}; mm=$((10#${m#*-} + 1)); if ((mm > 12)); then mm=1; y=$((y + 1)); fi
  m=$(printf "%04d-%02d" "$y" "$mm")
done
