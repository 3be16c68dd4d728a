#!/bin/sh
# Brings the WordPress core files on the store's volume to the version of the image this pod runs. The image's
# entrypoint copies WordPress only into an empty volume, so without this a new image (an upgrade) would keep
# serving the old core. The site's own files stay: wp-content (themes, plugins, uploads), wp-config.php and
# .htaccess. The database schema is brought up to date afterwards by the setup Job (`wp core update-db`).
set -eu
SOURCE=${WORDPRESS_SOURCE:-/usr/src/wordpress}
TARGET=${WORDPRESS_ROOT:-/var/www/html}

log() { printf 'core-sync: %s\n' "$*"; }
version_of() { sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$1/wp-includes/version.php" 2>/dev/null || true; }

want=$(version_of "$SOURCE")
[ -n "$want" ] || { log "no WordPress core in $SOURCE"; exit 1; }
have=$(version_of "$TARGET")
if [ -z "$have" ]; then
  log "no WordPress on the volume yet: the image's entrypoint copies WordPress $want"
  exit 0
fi
if [ "$have" = "$want" ]; then
  log "WordPress $have, as in the image"
  exit 0
fi
log "WordPress $have on the volume, $want in the image: replacing the core files"
# Through a staging folder on the volume, then one rename per top-level entry, so a pod killed mid-copy leaves
# either the old or the new file at each path (the next start copies again: version.php moves last).
staging="$TARGET/.core-sync.$$"
rm -rf "$TARGET"/.core-sync.*
mkdir "$staging"
(cd "$SOURCE" && tar -chf - --exclude=./wp-content --exclude=./wp-config.php --exclude=./.htaccess .) |
  (cd "$staging" && tar -xf - --no-same-owner --no-same-permissions)
version_file="$staging/wp-includes/version.php"
mv "$version_file" "$TARGET/.core-sync-version.php"
for entry in "$staging"/* "$staging"/.[!.]*; do
  [ -e "$entry" ] || continue
  name=${entry##*/}
  if [ -d "$entry" ] && [ -d "$TARGET/$name" ]; then
    (cd "$entry" && tar -cf - .) | (cd "$TARGET/$name" && tar -xf - --no-same-owner)
  else
    rm -rf "${TARGET:?}/$name"
    mv "$entry" "$TARGET/$name"
  fi
done
mv "$TARGET/.core-sync-version.php" "$TARGET/wp-includes/version.php"
rm -rf "$staging"
log "WordPress $(version_of "$TARGET") in place"
