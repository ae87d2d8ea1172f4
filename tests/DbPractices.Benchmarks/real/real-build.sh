#!/usr/bin/env bash
# Real-build overhead: builds a project or solution (someone else's, unedited) with and without analyzers,
# alternating, and prints the medians and ratios.
#   tests/DbPractices.Benchmarks/real/real-build.sh <project-or-sln> [runs=3] [-- extra dotnet build args]
# Modes per round, in this order: none, ours (DbPractices), peer (Meziantou.Analyzer, if restored).
# Each build is `dotnet build --no-incremental -m:2` after one untimed restore+build (warm NuGet and disk cache).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
target=$(realpath "$1"); runs=${2:-3}; shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift
extra=("$@")

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ours" "$work/peer"
dotnet build "$repo/src/DbPractices.CodeFixes" -c Release -v:q -nologo >/dev/null
cp "$repo/src/DbPractices.Analyzers/bin/Release/netstandard2.0/DbPractices.Analyzers.dll" \
   "$repo/src/DbPractices.CodeFixes/bin/Release/netstandard2.0/DbPractices.CodeFixes.dll" "$work/ours/"
peer_version=$(sed -n 's:.*<MeziantouAnalyzerVersion>\(.*\)</MeziantouAnalyzerVersion>.*:\1:p' "$repo/Directory.Packages.props" | head -1)
peer_dll="${NUGET_PACKAGES:-$HOME/.nuget/packages}/meziantou.analyzer/$peer_version/analyzers/dotnet/roslyn4.14/cs/Meziantou.Analyzer.dll"
modes="none ours"
if [ -f "$peer_dll" ]; then cp "$peer_dll" "$work/peer/"; modes="none ours peer"; fi

build() { # $1 = mode
  local args=(build "$target" --no-incremental -m:2 -v:q -nologo -clp:NoSummary "-p:CustomAfterMicrosoftCommonTargets=$here/inject.targets")
  [ "$1" != none ] && args+=("-p:DbpBenchAnalyzerDir=$work/$1")
  local start end
  start=$(date +%s.%N)
  dotnet "${args[@]}" "${extra[@]}" >"$work/$1.log" 2>&1 || { echo "build failed ($1), see log:" >&2; tail -20 "$work/$1.log" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$end" -v b="$start" 'BEGIN {printf "%.2f\n", a - b}'
}

echo "warm-up build (untimed)..." >&2
build none >/dev/null
declare -A times
for ((r = 1; r <= runs; r++)); do
  for m in $modes; do
    t=$(build "$m"); times[$m]+="$t "
    echo "round $r: $m ${t}s" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
none=$(echo "${times[none]}" | median)
line="real: target=$(basename "$target") runs=$runs none_s=$none"
for m in $modes; do
  [ "$m" = none ] && continue
  t=$(echo "${times[$m]}" | median)
  line+=" ${m}_s=$t ${m}_pct=$(awk -v t="$t" -v n="$none" 'BEGIN {printf "%.1f", (t - n) * 100 / n}')"
done
echo "$line"
