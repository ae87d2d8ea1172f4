#!/usr/bin/env bash
# `dotnet format analyzers` applies DBP001's Fix All across a copy of the sample, which must then build
# with no DBP001 left.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git ls-files -z | xargs -0 -I{} cp --parents {} "$work"
cd "$work"
# format needs the analyzer and fixer assemblies built and a fresh restore
dotnet build samples/DbPractices.Sample -m:2 -v:q --nologo >/dev/null
dotnet format analyzers samples/DbPractices.Sample --diagnostics DBP001 --severity warn -v:q
out=$(dotnet build samples/DbPractices.Sample --no-incremental -m:2 -v:q --nologo 2>&1)
if grep -q "warning DBP001" <<<"$out" || grep -qE "error [A-Z]+[0-9]+" <<<"$out"; then
  echo "$out"
  echo "fix-all-check: FAILED: DBP001 left or the fixed sample does not build" >&2
  exit 1
fi
echo "fix-all-check: dotnet format fixed every DBP001 in the sample; it still builds"
