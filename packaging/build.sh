#!/usr/bin/env bash
# Packages dist/mon (built by compile.ts) into
#   dist/mon-<version>.linux-amd64.tar.gz   binary, LICENSE, README, examples/
#   dist/mon-<version>-1.x86_64.rpm         built by rpmbuild from that tarball
# Run through `npm run package`, which compiles dist/mon first.
# Needs bash, tar, gzip and rpmbuild (packaging/install-build-deps.sh).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# sed rather than node/bun so that the script runs wherever rpmbuild does.
version=$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' package.json | head -n 1)
if [[ -z "$version" ]]; then
  echo "build.sh: no \"version\" in $root/package.json" >&2
  exit 1
fi
if [[ ! -x dist/mon ]]; then
  echo "build.sh: dist/mon is missing or not executable; run \`npx bun compile.ts\` first (npm run package does)" >&2
  exit 1
fi
for f in LICENSE README.md packaging/rpm/mon.spec packaging/prometheus/alerts.yml; do
  [[ -f $f ]] || { echo "build.sh: $root/$f is missing" >&2; exit 1; }
done
command -v rpmbuild >/dev/null || {
  echo "build.sh: rpmbuild not found; run packaging/install-build-deps.sh (Debian: apt-get install rpm)" >&2
  exit 1
}

name="mon-${version}.linux-amd64"
tarball="dist/${name}.tar.gz"
rpm_name="mon-${version}-1.x86_64.rpm"

work=$(mktemp -d "${TMPDIR:-/tmp}/mon-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- tarball --------------------------------------------------------------
stage="$work/stage/$name"
mkdir -p "$stage/examples/systemd" "$stage/examples/sysconfig" "$stage/examples/firewalld" "$stage/examples/prometheus"
install -m 0755 dist/mon "$stage/mon"
install -m 0644 LICENSE "$stage/LICENSE"
install -m 0644 README.md "$stage/README.md"
install -m 0644 packaging/systemd/mon-exporter.service packaging/systemd/mon-gateway.service \
  packaging/systemd/90-mon.preset "$stage/examples/systemd/"
install -m 0644 packaging/sysconfig/mon-exporter packaging/sysconfig/mon-gateway "$stage/examples/sysconfig/"
install -m 0644 packaging/firewalld/mon-exporter.xml packaging/firewalld/mon-gateway.xml "$stage/examples/firewalld/"
install -m 0644 packaging/prometheus/alerts.yml "$stage/examples/prometheus/"

# Fixed owner, order and mtime: the same inputs give the same tarball.
mtime=$(git log -1 --format=%cI 2>/dev/null || true)
tar -C "$work/stage" --owner=0 --group=0 --numeric-owner --sort=name \
  ${mtime:+--mtime="$mtime"} -cf - "$name" | gzip -n -6 > "$work/$name.tar.gz"
mv "$work/$name.tar.gz" "$tarball"
echo "build.sh: wrote $tarball"

# --- rpm ------------------------------------------------------------------
# Everything rpmbuild writes stays in $work; only the .rpm is copied out.
# xz with threads: the default (zstd -19 on EL9) takes minutes on a 100 MB
# binary; EL8's rpm 4.14 and EL9 both read xz payloads.
rpmbuild -bb --quiet \
  --define "_topdir $work/rpmbuild" \
  --define "_sourcedir $root/dist" \
  --define "_rpmdir $work/rpms" \
  --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
  --define "_binary_payload w6T.xzdio" \
  --define "mon_version $version" \
  packaging/rpm/mon.spec
if [[ ! -f "$work/rpms/$rpm_name" ]]; then
  echo "build.sh: rpmbuild did not produce $rpm_name; it wrote: $(ls "$work/rpms" 2>/dev/null)" >&2
  exit 1
fi
mv "$work/rpms/$rpm_name" "dist/$rpm_name"
echo "build.sh: wrote dist/$rpm_name"
