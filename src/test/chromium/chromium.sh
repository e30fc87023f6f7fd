#!/usr/bin/env bash
# Headless Chromium and its driver for the browser tests (the default `mvn verify` runs this).
#
#   chromium.sh ensure [chromium] [chromedriver]
#       checks that both binaries are there (default /usr/bin/chromium and /usr/bin/chromedriver,
#       Debian's); when a default one is missing, installs Debian's chromium and chromium-driver
#       packages (root only); then prints both versions. Fast when they are installed.
#
# Does nothing when GATEHOUSE_TESTS_SKIPPED holds the word "true" (Maven sets it from -DskipTests
# and -Dmaven.test.skip). Other binaries (-Dgatehouse.test.chromium / -Dgatehouse.test.chromedriver,
# which Maven passes here and to the tests) are only checked, never installed. Nothing is
# downloaded but Debian's packages: no browser build of a test tool's own. No prompts, no stdin.
set -euo pipefail
exec </dev/null

action="${1:-}"
chromium="${2:-/usr/bin/chromium}"
chromedriver="${3:-/usr/bin/chromedriver}"
packages=(chromium chromium-driver)

die() { echo "chromium.sh: $*" >&2; exit 1; }
log() { echo "chromium.sh: $*"; }

as_root() { [[ "$(id -u)" == 0 ]]; }

installed() { [[ -x "$chromium" && -x "$chromedriver" ]]; }

# apt-get install, and apt-get update only when the install fails (no lists yet, or lists naming
# packages the mirror no longer has), as src/test/postgres/pg.sh does.
apt_install() {
  local out
  if out="$(apt-get install -y -q --no-install-recommends "${packages[@]}" 2>&1)"; then
    return 0
  fi
  log "apt-get install failed ($(tail -1 <<<"$out")); updating the package lists and trying again"
  apt-get update -q >/dev/null 2>&1 || log "apt-get update failed"
  if ! out="$(apt-get install -y -q --no-install-recommends "${packages[@]}" 2>&1)"; then
    die "apt-get install ${packages[*]} failed: $(tail -5 <<<"$out")"
  fi
}

ensure() {
  # Maven passes "<skipTests> <maven.test.skip>": no tests, nothing to install.
  if [[ " ${GATEHOUSE_TESTS_SKIPPED:-} " == *" true "* ]]; then
    log "tests skipped: not checking $chromium and $chromedriver"
    return 0
  fi
  if ! installed; then
    if [[ "$chromium" != /usr/bin/chromium || "$chromedriver" != /usr/bin/chromedriver ]]; then
      die "no executable $chromium or $chromedriver (named by -Dgatehouse.test.chromium / -Dgatehouse.test.chromedriver)"
    fi
    as_root || die "the browser tests need $chromium and $chromedriver: install Debian's packages (apt-get install ${packages[*]}), point -Dgatehouse.test.chromium and -Dgatehouse.test.chromedriver at another Chromium and its driver, or skip the integration tests with -DskipITs"
    command -v apt-get >/dev/null 2>&1 \
      || die "no $chromium or $chromedriver, and no apt-get to install Debian's ${packages[*]}"
    log "installing Debian's ${packages[*]} packages"
    local started=$SECONDS
    export DEBIAN_FRONTEND=noninteractive
    apt_install
    installed || die "installed ${packages[*]} but found no $chromium or $chromedriver"
    log "installed in $((SECONDS - started)) s"
  fi
  local browser driver
  browser="$("$chromium" --version 2>/dev/null | head -1)" || die "$chromium --version failed"
  driver="$("$chromedriver" --version 2>/dev/null | head -1)" || die "$chromedriver --version failed"
  log "$browser ($chromium)"
  log "$driver ($chromedriver)"
}

case "$action" in
  ensure) ensure ;;
  *) die "usage: chromium.sh ensure [chromium] [chromedriver]" ;;
esac
