#!/usr/bin/env bash
# Builds the runnable jar (docs/operations.md, "Runnable jar") from the Liberty runtime that the
# build already installed for the integration tests (target/liberty/wlp, the liberty-maven-plugin's
# install-runtime execution), with a Liberty user directory of its own (target/package/usr): the
# server "gatehouse" made from server-config/ plus liberty/runnable-jar/configDropins, the WAR in
# its dropins/ and the JDBC drivers in usr/shared/resources/jdbc/. Then `server package
# --include=minify,runnable` keeps only the features server.xml names.
#
# mvn verify runs it (the package profile, pre-integration-test). It neither reads nor changes the
# servers of target/liberty/wlp/usr (mvn liberty:run's and the integration tests'), and the build
# declares no liberty-maven-plugin execution for it: such an execution's configuration would leak
# into `mvn liberty:run` (docs/security.md, "Fresh start").
#
#   liberty/runnable-jar/package.sh <wlp dir> <war> <jar to write>
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <wlp dir> <war> <jar to write>" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../.." && pwd)
wlp=$(cd "$1" && pwd)
war=$2
jar=$3
jar_dir=$(mkdir -p "$(dirname "$jar")" && cd "$(dirname "$jar")" && pwd)
jar="$jar_dir/$(basename "$jar")"
work="$jar_dir/package"
usr="$work/usr"
server="$usr/servers/gatehouse"
t0=$(date +%s)

[ -x "$wlp/bin/server" ] || { echo "package: no Liberty runtime at $wlp" >&2; exit 1; }
[ -f "$war" ] || { echo "package: no WAR at $war" >&2; exit 1; }
# The drivers the pom's copyDependencies put there (Derby and PostgreSQL): all of them.
jdbc="$wlp/usr/shared/resources/jdbc"
[ -f "$jdbc/derby.jar" ] || { echo "package: no derby.jar in $jdbc" >&2; exit 1; }

# A fresh user directory every time: nothing of an earlier build (or of a start) is packaged.
rm -rf "$work"
mkdir -p "$server/dropins" "$usr/shared/resources/jdbc"
cp "$project"/server-config/* "$server/"
cp -r "$here/configDropins" "$server/"
cp "$war" "$server/dropins/gatehouse.war"
cp "$jdbc"/*.jar "$usr/shared/resources/jdbc/"

rm -f "$jar"
# The output directory follows the user directory (unset: a caller's WLP_OUTPUT_DIR would
# otherwise send the packaging's work files elsewhere).
env -u WLP_OUTPUT_DIR WLP_USER_DIR="$usr" \
  "$wlp/bin/server" package gatehouse --archive="$jar" --include=minify,runnable
[ -s "$jar" ] || { echo "package: server package wrote no $jar" >&2; exit 1; }
echo "package: $jar ($(du -m "$jar" | cut -f1) MB) in $(($(date +%s) - t0)) s"
