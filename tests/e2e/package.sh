# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package as an administrator gets it: `make deb` builds
# build/deb/brief_VERSION_ARCH.deb (the unit tests skipped: make test runs
# them), which holds the expected files; lintian finds no error and no
# warning; the packaged brief runs from the unpacked tree; the service and
# timer pass systemd-analyze; the system user and /var/lib/brief are
# declared; the timer is installed disabled and nothing is started.
. tests/lib.sh
HERE=$(pwd)
for tool in dpkg-buildpackage dh lintian scdoc; do
    command -v "$tool" >/dev/null 2>&1 || { skip package "$tool is not installed (make deps)"; exit 0; }
done
VERSION=$(cat VERSION)
ARCH=$(dpkg --print-architecture)
DEB=build/deb/brief_${VERSION}_$ARCH.deb

DEB_BUILD_OPTIONS=nocheck make -s deb >"$TMP/deb.log" 2>&1; rc=$?
check_eq package_builds "$rc" 0
[ "$rc" -eq 0 ] || { tail -n 30 "$TMP/deb.log" | sed 's/^/    /' >&2; exit 1; }
check package_is_where_make_deb_says test -f "$DEB"
check_eq package_version_is_VERSION "$(dpkg-parsechangelog -S Version)" "$VERSION"
check_eq package_deb_version "$(dpkg-deb -f "$DEB" Version)" "$VERSION"
check package_checkout_left_clean sh -c "! test -e debian/brief && ! test -e debian/files && ! test -e debian/.debhelper"

# ---- the files ----
{
    echo "usr/bin/brief"
    find scripts data fonts $(ls -d profiles 2>/dev/null) -type f ! -name '.*' | sed 's@^@usr/share/brief/@'
    for p in man/*.1.scd; do n=${p#man/}; echo "usr/share/man/man1/${n%.scd}.gz"; done
    echo "usr/share/bash-completion/completions/brief"
    echo "usr/lib/sysusers.d/brief.conf"
    echo "usr/lib/tmpfiles.d/brief.conf"
    echo "usr/share/lintian/overrides/brief"
    echo "lib/systemd/system/brief-weekly.service"
    echo "lib/systemd/system/brief-weekly.timer"
    echo "usr/share/doc/brief/copyright"
    echo "usr/share/doc/brief/changelog.gz"
    for f in README.md docs/*.md docs/*.png; do
        # dh_compress: documents over 4 KB are gzipped.
        case $f in *.md) [ "$(wc -c <"$f")" -gt 4096 ] && f=$f.gz ;; esac
        echo "usr/share/doc/brief/$f"
    done
    for f in jobs.lua brief-weekly.service brief-weekly.timer crontab; do echo "usr/share/doc/brief/examples/$f"; done
} | LC_ALL=C sort >"$TMP/want"
dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }' | LC_ALL=C sort >"$TMP/got"
if cmp -s "$TMP/want" "$TMP/got"; then pass package_file_list
else fail package_file_list "$(diff "$TMP/want" "$TMP/got" | grep '^[<>]' | head -n 8 | tr '\n' ' ')"; fi
check_eq package_binary_is_executable "$(dpkg-deb -c "$DEB" | awk '$6 == "./usr/bin/brief" { print $1 }')" "-rwxr-xr-x"
check package_depends_on_the_fonts sh -c "dpkg-deb -f '$DEB' Depends | grep -q 'fonts-noto-cjk, fonts-texgyre, fonts-arphic-uming, fonts-wqy-microhei, fonts-dejavu-core'"
check package_recommends_hanazono sh -c "dpkg-deb -f '$DEB' Recommends | grep -qx 'fonts-hanazono'"
check package_depends_on_libjansson sh -c "dpkg-deb -f '$DEB' Depends | grep -q 'libjansson4'"

# ---- maintainer scripts: the user and /var/lib/brief; the timer left disabled ----
dpkg-deb -e "$DEB" "$TMP/control"
check package_postinst_creates_the_user grep -q 'systemd-sysusers.* brief.conf' "$TMP/control/postinst"
check package_postinst_creates_var_lib_brief grep -q 'systemd-tmpfiles.* --create brief.conf' "$TMP/control/postinst"
# dh_installsystemd --no-enable: the timer is enabled only where an
# administrator had enabled it before (an upgrade), never on a first install.
check package_timer_not_enabled_on_install grep -q "^	if deb-systemd-helper debian-installed 'brief-weekly.timer'; then" "$TMP/control/postinst"
check package_nothing_started sh -c "! grep -qE 'deb-systemd-invoke (start|restart)|systemctl.* start' '$TMP/control/postinst'"
dpkg-deb -x "$DEB" "$TMP/root"
check_eq package_sysusers "$(grep -v '^#' "$TMP/root/usr/lib/sysusers.d/brief.conf")" 'u brief - "brief report engine" /var/lib/brief'
check_eq package_tmpfiles "$(grep -v '^#' "$TMP/root/usr/lib/tmpfiles.d/brief.conf")" 'd /var/lib/brief 0750 brief brief -'
if command -v systemd-sysusers >/dev/null 2>&1; then
    check package_sysusers_parses sh -c "systemd-sysusers --dry-run --root='$TMP/root' 2>&1 | grep -q \"Creating user 'brief'\""
fi

# ---- the units ----
check package_service_runs_usr_bin_brief grep -q '^ExecStart=/usr/bin/brief batch /etc/brief/jobs.lua --db /var/lib/brief/news.db ' \
    "$TMP/root/lib/systemd/system/brief-weekly.service"
if command -v systemd-analyze >/dev/null 2>&1; then
    # verify checks that ExecStart exists: point it at the unpacked binary.
    mkdir -p "$TMP/units"
    sed "s@/usr/bin/brief@$TMP/root/usr/bin/brief@" "$TMP/root/lib/systemd/system/brief-weekly.service" >"$TMP/units/brief-weekly.service"
    cp "$TMP/root/lib/systemd/system/brief-weekly.timer" "$TMP/units/"
    (cd "$TMP/units" && systemd-analyze verify --man=no ./brief-weekly.service ./brief-weekly.timer) >"$TMP/verify" 2>&1; rc=$?
    check_eq package_units_verify "$rc:$(head -c 300 "$TMP/verify")" "0:"
    systemd-analyze security --offline=true --root="$TMP/root" --threshold=10 brief-weekly.service >"$TMP/security" 2>&1; rc=$?
    check_eq package_service_exposure_at_most_1 "$rc:$(grep -o 'Overall exposure level for brief-weekly.service: [0-9.]*' "$TMP/security")" \
        "0:$(grep -o 'Overall exposure level for brief-weekly.service: [0-9.]*' "$TMP/security")"
else
    skip package_units_verify "systemd-analyze is not installed"
fi

# ---- lintian: no error, no warning ----
lintian --fail-on error,warning "build/deb/brief_${VERSION}_$ARCH.changes" \
    >"$TMP/lintian" 2>&1; rc=$?
check_eq package_lintian_clean "$rc:$(grep -E '^(E|W):' "$TMP/lintian" | head -n 5 | tr '\n' ' ')" "0:"

# ---- the packaged brief runs from the unpacked tree ----
B=$TMP/root/usr/bin/brief
mkdir -p "$TMP/work"
(cd "$TMP/work" && env -i PATH=/usr/bin:/bin HOME="$TMP/work" "$B" ingest --db news.db "$HERE/samples/" &&
    env -i PATH=/usr/bin:/bin HOME="$TMP/work" "$B" run "$TMP/root/usr/share/brief/scripts/digest.lua" \
        --db news.db --set week=2023-W43 -o digest.pdf) >"$TMP/out" 2>&1; rc=$?
check_eq package_brief_runs "$rc" 0
check package_brief_pdf qpdf --check "$TMP/work/digest.pdf"
check_eq package_version "$("$B" --version)" "brief $VERSION"
check package_man_page_renders sh -c "MANWIDTH=80 man -l '$TMP/root/usr/share/man/man1/brief-doctor.1.gz' 2>&1 | grep -q '^EXIT STATUS'"
