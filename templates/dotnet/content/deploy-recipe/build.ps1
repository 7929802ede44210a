#!/usr/bin/env pwsh
# Runs the build program in build/ with every argument passed through, e.g. ./build.ps1 --target=Deploy
# It is rebuilt only when a file under build/ is newer than the built DLL (`dotnet run` would cost ~3 s a call),
# so edit build/Program.cs or the recipe's version in build/Build.csproj and run again: nothing else to do.
# A line-for-line mirror of build.sh; untested (PowerShell was not available where this template was made).
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$dll = 'build/bin/Release/net10.0/Build.dll'

$built = if (Test-Path $dll) { (Get-Item $dll).LastWriteTimeUtc } else { $null }
$newer = $built -eq $null -or (Get-ChildItem build -Recurse -File | Where-Object { $_.FullName -notmatch '[\\/]build[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
if ($newer) {
  # Built from inside build/, so build/global.json (not the repository's) chooses the SDK. Silent when it works.
  Push-Location build
  $output = dotnet build Build.csproj --configuration Release --nologo --verbosity quiet 2>&1
  $failed = $LASTEXITCODE -ne 0
  Pop-Location
  if ($failed) {
    $output | Out-Host
    Write-Error 'Error: the build program did not compile (see above).'
    exit 1
  }
  (Get-Item $dll).LastWriteTimeUtc = [DateTime]::UtcNow
  # The recipe keeps releases, data and logs in .deploy/: never commit them.
  if (-not ((Test-Path .gitignore) -and (Get-Content .gitignore | Where-Object { $_ -cmatch '^/?\.deploy/?$' }))) {
    if ((Test-Path .gitignore) -and (Get-Item .gitignore).Length -gt 0 -and -not (Get-Content .gitignore -Raw).EndsWith("`n")) { Add-Content .gitignore '' }
    Add-Content .gitignore '.deploy/'
  }
}

& dotnet $dll @args
exit $LASTEXITCODE
