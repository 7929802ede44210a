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
  # Silent when it works; the whole build output when it does not.
  $output = dotnet build $project --configuration Release --nologo --verbosity quiet 2>&1
  if ($LASTEXITCODE -ne 0) {
    $output | Out-Host
    Write-Error 'Error: the build program did not compile (see above).'
    exit 1
  }
  (Get-Item $dll).LastWriteTimeUtc = [DateTime]::UtcNow
}

& dotnet $dll @args
exit $LASTEXITCODE
