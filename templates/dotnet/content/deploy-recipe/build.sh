#!/usr/bin/env bash
# Runs the build program in build/ with every argument passed through, e.g. ./build.sh --target=Deploy
# It is rebuilt only when a file under build/ is newer than the built DLL (`dotnet run` would cost ~3 s a call),
# so edit build/Program.cs or the recipe's version in build/Build.csproj and run again: nothing else to do.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

dll=build/bin/Release/net10.0/Build.dll

if [[ ! -f "$dll" ]] || [[ -n "$(find build -newer "$dll" -not -path 'build/bin/*' -not -path 'build/obj/*' -print -quit)" ]]; then
  # Built from inside build/, so build/global.json (not the repository's) chooses the SDK. Silent when it works.
  if ! output=$(cd build && dotnet build Build.csproj --configuration Release --nologo --verbosity quiet 2>&1); then
    echo "$output" >&2
    echo "Error: the build program did not compile (see above)." >&2
    exit 1
  fi
  touch "$dll"
  # The recipe keeps releases, data and logs in .deploy/: never commit them.
  if ! grep -qxE '/?\.deploy/?' .gitignore 2>/dev/null; then
    if [[ -s .gitignore && -n "$(tail -c 1 .gitignore)" ]]; then echo >> .gitignore; fi
    echo '.deploy/' >> .gitignore
  fi
fi

exec dotnet "$dll" "$@"
