#!/usr/bin/env bash
# Packs DbPractices.Analyzers with a fresh version, checks the package layout, then builds a consumer
# project that references the package and checks that it reports DBP001 (and that the None preset silences it).
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
print("pack-check: package layout ok (" + ", ".join(dlls) + ")")
PY

efversion=$(sed -n 's:.*<EfCoreVersion>\(.*\)</EfCoreVersion>.*:\1:p' Directory.Packages.props)
mkdir -p "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
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
public class Customer { public int Id { get; set; } }
public class Order { public int Id { get; set; } public int CustomerId { get; set; } }
public class ShopContext : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
}
CS
# the consumer must not inherit this repository's Directory.*.props
touch "$work/consumer/Directory.Build.props" "$work/consumer/Directory.Packages.props"
echo '<Project />' > "$work/consumer/Directory.Build.props"
echo '<Project />' > "$work/consumer/Directory.Packages.props"

cd "$work/consumer"
dotnet restore --configfile nuget.config --source "$work/feed" --source https://api.nuget.org/v3/index.json -v:q --nologo
out=$(dotnet build --no-restore --no-incremental -v:q --nologo 2>&1 || true)
if ! grep -q "warning DBP001" <<<"$out"; then
  echo "$out"
  echo "pack-check: FAILED: the consumer build did not report DBP001" >&2
  exit 1
fi
echo "pack-check: consumer build reports DBP001"
out=$(dotnet build --no-restore --no-incremental -v:q --nologo -p:DbPracticesAnalysisMode=None 2>&1 || true)
if grep -q "warning DBP001" <<<"$out"; then
  echo "$out"
  echo "pack-check: FAILED: DbPracticesAnalysisMode=None did not silence DBP001" >&2
  exit 1
fi
echo "pack-check: DbPracticesAnalysisMode=None silences every rule"
