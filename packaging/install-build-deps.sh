#!/usr/bin/env bash
# Installs what packaging/build.sh and packaging/check.sh need: rpmbuild, rpm,
# rpmlint, systemd-analyze and objdump. Idempotent and non-interactive:
# does nothing when the tools are already there, runs `apt-get update` at
# most once, and waits for apt/dpkg locks held by another installer instead
# of failing. Debian/Ubuntu (apt-get) and EL/Fedora (dnf).
set -euo pipefail

need=(rpmbuild rpm rpmlint systemd-analyze objdump tar gzip)
missing=()
for tool in "${need[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]} == 0)); then
  echo "install-build-deps.sh: all present: ${need[*]}"
  exit 0
fi
echo "install-build-deps.sh: missing: ${missing[*]}"

sudo=()
if ((EUID != 0)); then sudo=(sudo); fi

# Retries while another apt/dpkg holds its lock (up to 10 minutes).
# DPkg::Lock::Timeout covers the dpkg lock; the loop also covers the lists
# lock of a concurrent `apt-get update`.
with_apt_lock() {
  local attempt out
  for attempt in $(seq 1 120); do
    if out=$("$@" 2>&1); then
      return 0
    fi
    if grep -qiE 'could not get lock|unable to lock|lock-frontend|is another process using it' <<<"$out"; then
      ((attempt == 1)) && echo "install-build-deps.sh: apt is locked by another process, waiting..."
      sleep 5
      continue
    fi
    echo "$out" >&2
    return 1
  done
  echo "install-build-deps.sh: gave up waiting for the apt lock: $*" >&2
  return 1
}

if command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt=("${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 -y -q)
  with_apt_lock "${apt[@]}" update
  with_apt_lock "${apt[@]}" install --no-install-recommends rpm rpmlint systemd binutils tar gzip
elif command -v dnf >/dev/null 2>&1; then
  # rpmlint lives in EPEL on EL8/EL9.
  "${sudo[@]}" dnf install -y -q rpm-build rpmlint systemd binutils tar gzip
else
  echo "install-build-deps.sh: neither apt-get nor dnf found; install: ${missing[*]}" >&2
  exit 1
fi

for tool in "${need[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-build-deps.sh: $tool still missing" >&2; exit 1; }
done
echo "install-build-deps.sh: installed; all present: ${need[*]}"
