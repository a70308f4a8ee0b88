#!/usr/bin/env bash
# The healthlint Action's main step (action.yml, "Run healthlint"). Runs in the working directory;
# writes its outputs under $HL_OUT (outside the repository, so they are never linted); reports paths
# relative to the repository root, which annotations and code scanning expect, whatever the working
# directory; annotates every error and warning but at most $HL_MAX_NOTICES info findings, and
# counts the rest in the job summary.
#
# Inputs (environment): HL_PATHS, HL_FAIL_ON, HL_REF, HL_ARGS, HL_MAX_NOTICES, HL_OUT, and the
# runner's GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
set -u -f   # no shell globbing: healthlint expands globs itself

root="${GITHUB_WORKSPACE:-$(git rev-parse --show-toplevel 2>/dev/null || pwd)}"
root="$(cd "$root" && pwd -P)"
here="$(pwd -P)"
prefix=""
case "$here/" in
  "$root/"*) prefix="${here#"$root"}"; prefix="${prefix#/}" ;;
esac

out="${HL_OUT:-${RUNNER_TEMP:-/tmp}/healthlint}"
mkdir -p "$out"
sarif="$out/healthlint.sarif"
summary="$out/healthlint-summary.md"
annotations="$out/annotations.txt"
rm -f "$sarif" "$summary" "$annotations"

changed=()
if [ -n "${HL_REF:-}" ]; then changed=(--changed-since "$HL_REF"); fi
prefixed=()
if [ -n "$prefix" ]; then prefixed=(--path-prefix "$prefix"); fi
# shellcheck disable=SC2086  # HL_PATHS and HL_ARGS are space-separated lists
healthlint check ${HL_PATHS:-.} "${changed[@]}" "${prefixed[@]}" --fail-on "${HL_FAIL_ON:-error}" --quiet \
  ${HL_ARGS:-} \
  --format "github=$annotations" \
  --format "sarif=$sarif" \
  --format "markdown=$summary"
code=$?

limit="${HL_MAX_NOTICES:-10}"
shown=0
skipped=0
if [ -f "$annotations" ]; then
  while IFS= read -r line; do
    case "$line" in
      "::notice "*)
        if [ "$shown" -lt "$limit" ]; then echo "$line"; shown=$((shown + 1)); else skipped=$((skipped + 1)); fi ;;
      *) echo "$line" ;;
    esac
  done < "$annotations"
fi

echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
if [ -f "$sarif" ]; then
  echo "sarif-file=$sarif" >> "${GITHUB_OUTPUT:-/dev/null}"
fi
{
  if [ -f "$summary" ]; then cat "$summary"; fi
  if [ "$skipped" -gt 0 ]; then
    echo ""
    echo "$skipped more info finding(s) are not annotated on the diff (max-notices: $limit); they are in the SARIF file and in code scanning."
  fi
} >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
exit 0
