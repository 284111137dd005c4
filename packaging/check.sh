#!/usr/bin/env bash
# Checks what `npm run package` wrote into dist/; .ci/run calls it afterwards.
# Prints every check with PASS/FAIL and the tool output it judged, and exits
# non-zero when any check failed. Needs rpm, rpmlint, systemd (for
# systemd-analyze) and binutils (objdump): packaging/install-build-deps.sh.
#
# systemd-analyze verify needs no running systemd (it works in a container
# whose PID 1 is not systemd), but it does need every ExecStart= binary to
# exist, so it runs on copies of the installed units whose ExecStart points
# at the binary installed under a temporary --root. It exits 0 even for
# unknown keys or bad values (it only prints them), so any output fails.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

max_glibc=2.28
version=$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' package.json | head -n 1)
rpm_file="dist/mon-${version}-1.x86_64.rpm"
tar_name="mon-${version}.linux-amd64"
tar_file="dist/${tar_name}.tar.gz"

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
section() { echo; echo "== $*"; }
indent() { sed 's/^/    /'; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mon-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

section "artifacts for version $version"
for f in dist/mon "$rpm_file" "$tar_file"; do
  if [[ -f $f ]]; then pass "$f exists ($(stat -c %s "$f") bytes)"; else fail "$f is missing"; fi
done
if [[ ! -f $rpm_file || ! -f $tar_file || ! -f dist/mon ]]; then
  echo; echo "check.sh: $failures check(s) failed; run \`npm run package\` first"
  exit 1
fi

# rpm on Debian refuses direct installs unless told it is deliberate.
rpm_flags=()
if rpm --help 2>&1 | grep -q -- --force-debian; then rpm_flags+=(--force-debian); fi

section "glibc symbol versions of dist/mon (objdump -T), must be <= GLIBC_$max_glibc"
if ! command -v objdump >/dev/null; then
  fail "objdump not found (apt-get install binutils)"
else
  glibc_versions=$(objdump -T dist/mon | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -u -V)
  newest=$(tail -n 1 <<<"$glibc_versions")
  echo "    versions referenced: $(tr '\n' ' ' <<<"$glibc_versions")"
  echo "    objdump -T dist/mon | grep GLIBC_ | (newest): GLIBC_$newest"
  if [[ -z $newest ]]; then
    fail "no GLIBC_ symbol versions found in dist/mon (not a glibc-linked ELF?)"
  elif [[ $(printf '%s\n%s\n' "$newest" "$max_glibc" | sort -V | tail -n 1) == "$max_glibc" ]]; then
    pass "newest required glibc is $newest <= $max_glibc (EL8)"
  else
    fail "dist/mon needs GLIBC_$newest, newer than EL8's $max_glibc"
  fi
fi

section "rpmlint $rpm_file (filters: packaging/rpm/mon.rpmlintrc)"
lint_out=$(rpmlint -r packaging/rpm/mon.rpmlintrc "$rpm_file" 2>&1)
lint_rc=$?
indent <<<"$lint_out"
summary=$(grep -E '[0-9]+ errors?, [0-9]+ warnings?' <<<"$lint_out" | tail -n 1)
errors=$(grep -oE '[0-9]+ errors?' <<<"$summary" | grep -oE '^[0-9]+')
if [[ $errors == 0 && $lint_rc == 0 ]]; then
  pass "rpmlint: 0 errors ($(grep -oE '[0-9]+ warnings?' <<<"$summary"), each justified in mon.spec)"
else
  fail "rpmlint: exit $lint_rc, errors: ${errors:-unknown}"
fi

section "rpm -qp metadata of $rpm_file"
rpm_version=$(rpm -qp --qf '%{VERSION}-%{RELEASE}.%{ARCH}' "$rpm_file" 2>/dev/null)
if [[ $rpm_version == "${version}-1.x86_64" ]]; then
  pass "version-release.arch is $rpm_version"
else
  fail "version-release.arch is '$rpm_version', expected ${version}-1.x86_64"
fi
listing=$(rpm -qpl "$rpm_file" 2>/dev/null)
indent <<<"$listing"
for path in \
  /usr/bin/mon \
  /usr/lib/systemd/system/mon-exporter.service \
  /usr/lib/systemd/system/mon-gateway.service \
  /usr/lib/systemd/system-preset/90-mon.preset \
  /etc/sysconfig/mon-exporter \
  /etc/sysconfig/mon-gateway \
  /usr/lib/firewalld/services/mon-exporter.xml \
  /usr/lib/firewalld/services/mon-gateway.xml \
  /var/lib/mon \
  /var/lib/mon/gateway \
  /var/lib/mon/textfile \
  /usr/share/mon/prometheus/alerts.yml \
  /usr/share/licenses/mon/LICENSE \
  /usr/share/doc/mon/README.md; do
  if grep -qxF "$path" <<<"$listing"; then pass "rpm -qpl lists $path"; else fail "rpm -qpl does not list $path"; fi
done
flags=$(rpm -qp --qf '[%{FILENAMES} %{FILEFLAGS:fflags} %{FILEUSERNAME}:%{FILEGROUPNAME}\n]' "$rpm_file" 2>/dev/null)
for cfg in /etc/sysconfig/mon-exporter /etc/sysconfig/mon-gateway; do
  if grep -qE "^$cfg cn " <<<"$flags"; then pass "$cfg is %config(noreplace)"; else fail "$cfg is not %config(noreplace): $(grep "^$cfg " <<<"$flags")"; fi
done
for dir in /var/lib/mon /var/lib/mon/gateway /var/lib/mon/textfile; do
  if grep -qE "^$dir [^ ]* mon:mon$" <<<"$flags"; then pass "$dir is owned by mon:mon"; else fail "$dir ownership: $(grep "^$dir " <<<"$flags")"; fi
done
# Cron jobs of users in the group mon write there (mon run --textfile-dir);
# setgid keeps their files in the group mon, which the exporter reads as.
textfile_mode=$(rpm -qp --qf '[%{FILENAMES} %{FILEMODES:perms}\n]' "$rpm_file" 2>/dev/null | sed -n 's#^/var/lib/mon/textfile ##p')
if [[ $textfile_mode == drwxrwsr-x ]]; then pass "/var/lib/mon/textfile is $textfile_mode (group-writable, setgid)"; else fail "/var/lib/mon/textfile mode is '$textfile_mode', expected drwxrwsr-x"; fi
scripts=$(rpm -qp --scripts "$rpm_file" 2>/dev/null)
for pattern in 'useradd -r' 'preset|install-system-units' 'disable|remove-system-units' 'try-restart|mark-restart'; do
  if grep -qE -- "$pattern" <<<"$scripts"; then pass "scriptlets contain '$pattern'"; else fail "scriptlets lack '$pattern'"; fi
done

# Scriptlets are shell run as root on the target: at least they must parse.
for tag in PREIN POSTIN PREUN POSTUN; do
  body=$(rpm -qp --qf "%{$tag}" "$rpm_file" 2>/dev/null)
  if [[ $body == "(none)" ]]; then fail "no $tag scriptlet"; continue; fi
  if sh -n <<<"$body" 2>"$work/sh-n.err"; then pass "$tag scriptlet parses (sh -n)"; else fail "$tag scriptlet: $(cat "$work/sh-n.err")"; fi
done

section "rpm --root <tmp> -i --nodeps --noscripts $rpm_file"
rpm_root="$work/root"
mkdir -p "$rpm_root"
if install_out=$(rpm "${rpm_flags[@]}" --root "$rpm_root" -i --nodeps --noscripts "$rpm_file" 2>&1); then
  # "user mon does not exist" is expected: --noscripts skips %pre's useradd.
  indent <<<"$install_out"
  pass "installed into $rpm_root"
else
  indent <<<"$install_out"
  fail "rpm --root install failed"
fi
installed="$rpm_root/usr/bin/mon"
if cmp -s "$installed" dist/mon; then
  pass "installed /usr/bin/mon is byte-identical to dist/mon (not stripped)"
else
  fail "installed /usr/bin/mon differs from dist/mon (stripped or wrong file?)"
fi
if out=$("$installed" --version 2>&1) && grep -q "version $version" <<<"$out"; then
  indent <<<"$out"
  pass "installed /usr/bin/mon --version runs and reports $version"
else
  indent <<<"$out"
  fail "installed /usr/bin/mon --version failed or does not report version $version"
fi

section "systemd-analyze verify (units copied with ExecStart -> $installed)"
if ! command -v systemd-analyze >/dev/null; then
  fail "systemd-analyze not found (apt-get install systemd)"
else
  units=()
  for unit in mon-exporter.service mon-gateway.service; do
    src="$rpm_root/usr/lib/systemd/system/$unit"
    mkdir -p "$work/units"
    if [[ -f $src ]]; then
      sed "s#^ExecStart=/usr/bin/mon #ExecStart=$installed #" "$src" > "$work/units/$unit"
      units+=("$work/units/$unit")
    else
      fail "$unit not installed"
    fi
  done
  # Runs from $work so that verify cannot pick up unit files from the cwd.
  verify_out=$(cd "$work" && systemd-analyze verify --man=no "${units[@]}" 2>&1)
  verify_rc=$?
  echo "    systemd-analyze verify --man=no ${units[*]##*/}: exit $verify_rc, output:"
  indent <<<"${verify_out:-(none)}"
  if [[ $verify_rc == 0 && -z $verify_out ]]; then
    pass "systemd-analyze verify accepts ${units[*]##*/} without any message"
  else
    fail "systemd-analyze verify complained (exit $verify_rc)"
  fi
  # The hardening and settings the units promise, line by line.
  missing=0
  for unit in mon-exporter.service mon-gateway.service; do
    for setting in 'User=mon' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=read-only' \
                   'PrivateTmp=yes' 'Restart=on-failure' "EnvironmentFile=-/etc/sysconfig/${unit%.service}"; do
      grep -qxF "$setting" "$work/units/$unit" 2>/dev/null || { fail "$unit lacks $setting"; missing=1; }
    done
    mode=${unit%.service}; mode=${mode#mon-}
    grep -qxF "ExecStart=$installed $mode \$ARGS" "$work/units/$unit" 2>/dev/null ||
      { fail "$unit lacks ExecStart=/usr/bin/mon $mode \$ARGS"; missing=1; }
  done
  grep -qxF 'ReadWritePaths=/var/lib/mon/gateway' "$work/units/mon-gateway.service" 2>/dev/null ||
    { fail "mon-gateway.service lacks ReadWritePaths=/var/lib/mon/gateway"; missing=1; }
  if ((missing == 0)); then
    pass "both units: ExecStart=/usr/bin/mon <mode> \$ARGS, User=mon, NoNewPrivileges, ProtectSystem=strict, ProtectHome=read-only, PrivateTmp, Restart=on-failure, EnvironmentFile=-/etc/sysconfig/<unit>; gateway: ReadWritePaths=/var/lib/mon/gateway"
  fi
fi

section "tarball $tar_file"
tar_list=$(tar -tzf "$tar_file" 2>&1)
indent <<<"$tar_list"
if grep -qv "^$tar_name/" <<<"$tar_list"; then
  fail "tarball has entries outside $tar_name/"
else
  pass "every entry is under $tar_name/"
fi
for entry in mon LICENSE README.md examples/systemd/mon-exporter.service examples/systemd/mon-gateway.service \
  examples/prometheus/alerts.yml; do
  if grep -qxF "$tar_name/$entry" <<<"$tar_list"; then pass "tarball has $tar_name/$entry"; else fail "tarball lacks $tar_name/$entry"; fi
done
mkdir -p "$work/tar"
if tar -xzf "$tar_file" -C "$work/tar"; then
  if out=$("$work/tar/$tar_name/mon" --version 2>&1) && grep -q "version $version" <<<"$out"; then
    indent <<<"$out"
    pass "tarball's mon --version runs and reports $version"
  else
    indent <<<"$out"
    fail "tarball's mon --version failed or does not report version $version"
  fi
else
  fail "tarball does not unpack"
fi

echo
if ((failures > 0)); then
  echo "check.sh: $failures check(s) FAILED"
  exit 1
fi
echo "check.sh: all checks passed"
