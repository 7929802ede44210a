#!/usr/bin/env pwsh
# Runs the build program with every argument passed through, e.g. ./build.ps1 --target=Deploy
# The program is rebuilt only when one of its inputs is newer than the built DLL: `dotnet run` would cost ~3 s a call.
# A line-for-line mirror of build.sh; untested here (no PowerShell on this project's machines).
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$project = 'build/Build.csproj'
$dll = 'build/bin/Release/net10.0/Build.dll'
$inputs = @('build', 'recipes/Deploy.Recipes', 'recipes/Deploy.Recipes.Edge', 'Directory.Build.props', 'Cake.References.props')

$built = if (Test-Path $dll) { (Get-Item $dll).LastWriteTimeUtc } else { $null }
$newer = $built -eq $null -or (Get-ChildItem $inputs -Recurse -File | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
if ($newer) {
  dotnet build $project --configuration Release --nologo --verbosity quiet -clp:ErrorsOnly\;NoSummary | Out-Host
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
  (Get-Item $dll).LastWriteTimeUtc = [DateTime]::UtcNow
}

& dotnet $dll @args
exit $LASTEXITCODE
