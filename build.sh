#!/usr/bin/env bash
# Runs the build program with every argument passed through, e.g. ./build.sh --target=Deploy
# The program is rebuilt only when one of its inputs is newer than the built DLL: `dotnet run` would cost ~3 s a call.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

project=build/Build.csproj
dll=build/bin/Release/net10.0/Build.dll
inputs=(build recipes/Deploy.Recipes recipes/Deploy.Recipes.Edge Directory.Build.props Cake.References.props)

if [[ ! -f "$dll" ]] || [[ -n "$(find "${inputs[@]}" -newer "$dll" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]]; then
  # Silent when it works; the whole build output when it does not.
  if ! output=$(dotnet build "$project" --configuration Release --nologo --verbosity quiet 2>&1); then
    echo "$output" >&2
    echo "Error: the build program did not compile (see above)." >&2
    exit 1
  fi
  touch "$dll"
fi

exec dotnet "$dll" "$@"
