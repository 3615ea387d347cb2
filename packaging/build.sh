#!/usr/bin/env bash
# Builds the Handover console as a self-contained app image (bundled Java runtime, icon), and a
# .deb as well when dpkg-deb and fakeroot are installed. Output goes to target/dist/.
#
#   packaging/build.sh            app image, plus .deb where the tools exist
#   packaging/build.sh --no-deb   app image only
#   SKIP_MAVEN=1 packaging/build.sh   reuse target/handover.jar from an earlier build
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=Handover
VERSION=0.1.0
MAIN_CLASS=dev.handover.ui.ConsoleLauncher
RES=packaging/linux
INPUT=target/jpackage-input
DIST=target/dist
WANT_DEB=yes
[[ "${1:-}" == "--no-deb" ]] && WANT_DEB=no

for tool in jpackage jdeps; do
  command -v "$tool" >/dev/null || { echo "packaging: $tool not found; it ships with JDK 17+ (set PATH to its bin/)" >&2; exit 1; }
done

if [[ -z "${SKIP_MAVEN:-}" ]]; then
  mvn -B -q -DskipTests package
fi
[[ -f target/handover.jar ]] || { echo "packaging: target/handover.jar missing; run without SKIP_MAVEN" >&2; exit 1; }

rm -rf "$INPUT" "$DIST"
mkdir -p "$INPUT" "$DIST"
cp target/handover.jar "$INPUT/"

# The runtime holds only the JDK modules the jar uses, plus the few JavaFX reaches reflectively.
MODULES=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$INPUT/handover.jar" 2>/dev/null || true)
MODULES="${MODULES:-java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml}"
MODULES=$(echo "$MODULES,jdk.unsupported,jdk.crypto.ec,java.scripting,jdk.localedata" | tr ',' '\n' | sort -u | paste -sd, -)
echo "packaging: runtime modules $MODULES"

COMMON=(--name "$NAME" --app-version "$VERSION" --vendor "Handover"
        --description "Planned, zero-data-loss primary switchover console"
        --input "$INPUT" --main-jar handover.jar --main-class "$MAIN_CLASS"
        --icon "$RES/Handover.png" --add-modules "$MODULES"
        --java-options "-Xss1m" --dest "$DIST")

jpackage --type app-image "${COMMON[@]}"
cp "$RES/Handover.desktop" "$DIST/$NAME/lib/$NAME.desktop"
sed -i "s|APPLICATION_LAUNCHER|$PWD/$DIST/$NAME/bin/$NAME|; s|APPLICATION_ICON|$PWD/$DIST/$NAME/lib/$NAME.png|" \
  "$DIST/$NAME/lib/$NAME.desktop"
echo "packaging: app image $DIST/$NAME (run $DIST/$NAME/bin/$NAME)"

if [[ "$WANT_DEB" == yes ]]; then
  if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
    # jpackage fills APPLICATION_LAUNCHER / APPLICATION_ICON in the desktop entry it finds in --resource-dir.
    jpackage --type deb "${COMMON[@]}" --resource-dir "$RES" \
      --linux-shortcut --linux-menu-group "Development" --linux-app-category database \
      --linux-package-name handover --linux-deb-maintainer "handover@example.invalid"
    echo "packaging: deb $(ls "$DIST"/*.deb)"
  else
    echo "packaging: dpkg-deb or fakeroot not found; skipped the .deb (apt-get install dpkg-dev fakeroot)"
  fi
fi
