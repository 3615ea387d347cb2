#!/usr/bin/env bash
# Builds Handover as a self-contained app image (bundled Java runtime, icon) with two launchers, bin/Handover
# (the console) and bin/handover (the headless CLI, no display needed), and a .deb as well when dpkg-deb and
# fakeroot are installed: /opt/handover, the `handover` command on the PATH, a menu entry where the machine
# has a desktop menu. Output goes to target/dist/.
# The app image gets class-data sharing archives built by one training start of the console (under
# Xvfb when there is no display); without a display the build still succeeds, only slower to start.
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
INSTALL_DIR=/opt/handover   # the .deb's; packaging/linux/deb/postinst and prerm name it too
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

# Resident memory (issue 21: at most 250 MB a minute after start). The console's live set is about 50 MB, and G1
# on a big machine commits hundreds of MB of heap for it; a serial-collected heap that gives back what it does not
# use (free ratios 10-30 %) stays near the live set. 256 MB is the cap (a long run's 60k-point chart and a 4K
# software-rendered window fit). C1 alone (TieredStopAtLevel=1): no C2 compiler arenas and a small code cache,
# about 20 MB less; a console mostly waits, and its hot paths (the chart, the table) stay compiled.
JVM_OPTIONS=()
for o in -Xss512k -XX:+UseSerialGC -Xms16m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
         -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m; do
  JVM_OPTIONS+=(--java-options "$o")
done
COMMON=(--name "$NAME" --app-version "$VERSION" --vendor "Handover"
        --description "Planned, zero-data-loss primary switchover console"
        --input "$INPUT" --main-jar handover.jar --main-class "$MAIN_CLASS"
        --icon "$RES/Handover.png" --add-modules "$MODULES"
        "${JVM_OPTIONS[@]}" --dest "$DIST")
# AppCDS (issue 7: first frame 2.8 s -> 1.7 s, RSS 360 -> 294 MB). -Xshare:auto: a missing archive is
# ignored silently, a mismatched one (e.g. the image moved elsewhere) with one warning; the app still starts.
CDS_OPTIONS='-XX:SharedArchiveFile=$APPDIR/handover.jsa -Xshare:auto'

jpackage --type app-image "${COMMON[@]}" --java-options "$CDS_OPTIONS" \
  --add-launcher handover="$RES/cli-launcher.properties"
cp "$RES/Handover.desktop" "$DIST/$NAME/lib/$NAME.desktop"
sed -i "s|APPLICATION_LAUNCHER|$PWD/$DIST/$NAME/bin/$NAME|; s|APPLICATION_ICON|$PWD/$DIST/$NAME/lib/$NAME.png|" \
  "$DIST/$NAME/lib/$NAME.desktop"
echo "packaging: app image $DIST/$NAME (console $DIST/$NAME/bin/$NAME, CLI $DIST/$NAME/bin/handover)"

# Class-data sharing. jlink leaves the runtime without the JDK's base archive and jpackage without a
# java binary, so both archives are made through the launcher, the options passed in JAVA_TOOL_OPTIONS.
# The launcher's own SharedArchiveFile/-Xshare options would override those: they are set aside meanwhile.
APP="$DIST/$NAME"
CFG="$APP/lib/app/$NAME.cfg"
cds_warn() { echo "packaging: WARNING: $1; the app starts without an AppCDS archive (slower first frame)" >&2; }
train_cds() {
  cp "$CFG" "$CFG.orig"
  grep -v -e 'SharedArchiveFile' -e 'Xshare' "$CFG.orig" >"$CFG"
  local journal rc=0
  journal=$(mktemp -d)
  # 1. the base archive of the bundled runtime's own classes (lib/runtime/lib/server/classes.jsa)
  JAVA_TOOL_OPTIONS="-Xshare:dump" timeout 300 "$APP/bin/$NAME" >/dev/null 2>&1 || rc=$?
  # 2. on top of it, the classes a console start loads: start, linger 3 s after the whole console's first frame
  #    (not the start screen's: the archive must hold the console's classes), exit
  if [[ $rc -eq 0 ]]; then
    local run=()
    if [[ -z "${DISPLAY:-}" ]]; then
      if command -v xvfb-run >/dev/null; then run=(xvfb-run -a); else rc=127; fi
    fi
    if [[ $rc -eq 0 ]]; then
      JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$APP/lib/app/handover.jsa -Dhandover.exitAfterLoaded=3" \
        timeout 300 "${run[@]}" "$APP/bin/$NAME" --journal="$journal" >/dev/null 2>&1 || rc=$?
    fi
  fi
  rm -rf "$journal"
  mv "$CFG.orig" "$CFG"
  return $rc
}
rm -f "$APP/lib/app/handover.jsa"
if train_cds && [[ -s "$APP/lib/app/handover.jsa" ]]; then
  echo "packaging: AppCDS archive $APP/lib/app/handover.jsa ($(du -m "$APP/lib/app/handover.jsa" | cut -f1) MB)"
else
  # A SharedArchiveFile that is missing turns CDS off altogether; without it the base archive still serves.
  rm -f "$APP/lib/app/handover.jsa"
  sed -i '/SharedArchiveFile/d' "$CFG"
  if [[ -z "${DISPLAY:-}" ]] && ! command -v xvfb-run >/dev/null; then
    cds_warn "no display and no xvfb-run for the training start (apt-get install xvfb)"
  else
    cds_warn "the training start failed"
  fi
fi

if [[ "$WANT_DEB" == yes ]]; then
  if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
    # From the app image, so the deb has the runtime's base CDS archive and both launchers. Not the app
    # archive: JDK 17 checks the class path recorded in it literally, and /opt/handover is not where it was
    # trained. Nor the desktop entry written above for the image in target/: the deb gets one for
    # /opt/handover, which its postinst registers only where the machine has a desktop menu. Not through
    # --linux-shortcut: that makes xdg-utils a hard dependency and a failed menu registration a failed install
    # (and removal). The CLI launcher's copy of the icon goes too: an icon alone makes jpackage do the same.
    DEB_IMAGE=target/deb-image
    rm -rf "$DEB_IMAGE" && mkdir -p "$DEB_IMAGE" && cp -a "$APP" "$DEB_IMAGE/"
    rm -f "$DEB_IMAGE/$NAME/lib/app/handover.jsa" "$DEB_IMAGE/$NAME/lib/$NAME.desktop" "$DEB_IMAGE/$NAME/lib/handover.png"
    sed "s|APPLICATION_LAUNCHER|$INSTALL_DIR/bin/$NAME|; s|APPLICATION_ICON|$INSTALL_DIR/lib/$NAME.png|" \
      "$RES/Handover.desktop" >"$DEB_IMAGE/$NAME/lib/handover-$NAME.desktop"
    sed -i '/SharedArchiveFile/d' "$DEB_IMAGE/$NAME/lib/app/$NAME.cfg"
    # The resource dir packaging/linux/deb/ holds control (Recommends: xdg-utils and the OpenGL libraries),
    # postinst (links /usr/bin/handover, the menu entry where possible) and prerm; nothing else, for the same
    # reason: an icon or a desktop entry there makes jpackage add its own menu integration.
    # Depends: what jpackage finds the bundled runtime links, plus GTK 3 for the console (the CLI never loads it).
    jpackage --type deb --app-image "$DEB_IMAGE/$NAME" --name "$NAME" --app-version "$VERSION" --vendor "Handover" \
      --description "Planned, zero-data-loss primary switchover: console and handover command" \
      --dest "$DIST" --resource-dir "$RES/deb" --install-dir "$(dirname "$INSTALL_DIR")" \
      --linux-package-name handover --linux-app-category database --linux-package-deps libgtk-3-0 \
      --linux-deb-maintainer "handover@example.invalid"
    echo "packaging: deb $(ls "$DIST"/*.deb)"
  else
    echo "packaging: dpkg-deb or fakeroot not found; skipped the .deb (apt-get install fakeroot; dpkg-deb comes with dpkg)"
  fi
fi
