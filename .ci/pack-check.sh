#!/usr/bin/env bash
# Packs DbPractices.Analyzers with a fresh version into a local feed, checks the package layout and metadata,
# then installs it from that feed (nuget.config source, as the README tells a consumer) into a fresh project and
# builds it under every preset: Default (DBP004 an error, DBP020 not shown), Strict (DBP004 still an error,
# DBP020 shown as a warning), lower-case `strict` (the same), None (nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version="0.0.0-ci.$(date +%s%N)"

dotnet pack src/DbPractices.Package -c Release -o "$work/feed" -p:Version="$version" -m:2 --nologo -v:q
nupkg="$work/feed/DbPractices.Analyzers.$version.nupkg"

python3 - "$nupkg" <<'PY'
import sys, zipfile
names = [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if not n.endswith('/')]
dlls = sorted(n for n in names if n.endswith('.dll'))
expected = ['analyzers/dotnet/cs/DbPractices.Analyzers.dll', 'analyzers/dotnet/cs/DbPractices.CodeFixes.dll']
assert dlls == expected, f"package assemblies: {dlls}"
assert not any(n.startswith('lib/') for n in names), "package must not put anything in lib/"
for required in ['build/DbPractices.Analyzers.targets', 'buildTransitive/DbPractices.Analyzers.targets',
                 'configuration/Default.globalconfig', 'configuration/Strict.globalconfig', 'configuration/None.globalconfig']:
    assert required in names, f"missing {required}"
nuspec = zipfile.ZipFile(sys.argv[1]).read('DbPractices.Analyzers.nuspec').decode()
assert '<developmentDependency>true</developmentDependency>' in nuspec, 'not a development dependency'
assert '<dependencies' not in nuspec, 'package must not flow dependencies'
for required in ['icon.png', 'README.md']:
    assert required in names, f"missing {required}"
assert '<icon>icon.png</icon>' in nuspec, 'no icon'
assert '<projectUrl>https://github.com/dbpractices/DbPractices.Analyzers</projectUrl>' in nuspec, 'no project URL'
assert '<releaseNotes>' in nuspec and 'DBP001' in nuspec.split('<releaseNotes>')[1], 'no release notes from AnalyzerReleases.*.md'
import re
readme = zipfile.ZipFile(sys.argv[1]).read('README.md').decode()
relative = [l for l in re.findall(r'\]\(([^)]+)\)', readme) if not re.match(r'(https?:|#|mailto:)', l)]
assert not relative, f"packed README has relative links: {relative[:5]}"
assert '](https://github.com/dbpractices/DbPractices.Analyzers/blob/main/docs/rules/DBP001.md)' in readme, 'packed README does not link the rule pages like the help links'
print("pack-check: package layout ok (" + ", ".join(dlls) + "), icon, project URL, release notes, README with absolute links")
PY

efversion=$(sed -n 's:.*<EfCoreVersion>\(.*\)</EfCoreVersion>.*:\1:p' Directory.Packages.props)
mkdir -p "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <ImplicitUsings>enable</ImplicitUsings>
    <NoWarn>\$(NoWarn);NU1603</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="DbPractices.Analyzers" Version="$version" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="$efversion" />
  </ItemGroup>
</Project>
XML
cat > "$work/consumer/Model.cs" <<'CS'
using Microsoft.EntityFrameworkCore;
public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }
public class Order { public int Id { get; set; } public int CustomerId { get; set; } }
public class Post { public int Id { get; set; } }
public class ShopContext : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Post>().HasOne("Blog").WithMany(); // DBP004: no such navigation (EF Core throws)
}
CS
# DBP020 (a suggestion by default) matters on SQL Server: the consumer says it targets it
printf 'root = true\n\n[*.cs]\ndbpractices.sql_dialect = sqlserver\n' > "$work/consumer/.editorconfig"
# the consumer must not inherit this repository's Directory.*.props
echo '<Project />' > "$work/consumer/Directory.Build.props"
echo '<Project />' > "$work/consumer/Directory.Packages.props"

cd "$work/consumer"
dotnet restore --configfile nuget.config -v:q --nologo

# build <mode> <DBP004 expected: error|none> <DBP001 expected: warning|none> <DBP020 expected: warning|none>
check() {
  local mode=$1 dbp004=$2 dbp001=$3 dbp020=$4 out
  out=$(dotnet build --no-restore --no-incremental -v:q --nologo -m:1 ${mode:+-p:DbPracticesAnalysisMode=$mode} 2>&1 || true)
  local fail=""
  for pair in "DBP004:$dbp004" "DBP001:$dbp001" "DBP020:$dbp020"; do
    local id=${pair%%:*} want=${pair#*:}
    for severity in error warning; do
      local seen=no
      grep -q "$severity $id" <<<"$out" && seen=yes
      if [ "$severity" = "$want" ] && [ $seen = no ]; then fail="$fail $id is not reported as $severity;"; fi
      if [ "$severity" != "$want" ] && [ $seen = yes ]; then fail="$fail $id is reported as $severity;"; fi
    done
  done
  grep -q "DBPCFG" <<<"$out" && fail="$fail DBPCFG warning;"
  if [ -n "$fail" ]; then
    echo "$out"
    echo "pack-check: FAILED: DbPracticesAnalysisMode='${mode}':$fail" >&2
    exit 1
  fi
  echo "pack-check: DbPracticesAnalysisMode='${mode:-unset}': DBP004 $dbp004, DBP001 $dbp001, DBP020 $dbp020"
}
check ""       error warning none
check Strict   error warning warning
check strict   error warning warning
check None     none  none    none
