#!/bin/sh
# Writes Mosquitto's password file from secrets that never enter the repository:
#   - the instances' account: YIZHAN_BROKER_USER (default yizhan-server) / YIZHAN_BROKER_PASSWORD;
#   - the devices: a file of "device-id secret" lines (the secrets Yizhan issued at provisioning;
#     blank lines and lines starting with # are skipped), path in $1 or YIZHAN_BROKER_DEVICES.
# Output: $2 or /mosquitto/passwd/passwd, owner-only, owned by MOSQUITTO_UID (default 1883, the
# eclipse-mosquitto image's user). docker-compose.yml runs this as the broker-init service on every
# start; after adding devices: docker compose run --rm broker-init && docker compose kill -s HUP broker
# Passwords go through a file hashed in place (mosquitto_passwd -U), never on a command line.
set -eu
devices=${1:-${YIZHAN_BROKER_DEVICES:-}}
out=${2:-/mosquitto/passwd/passwd}
user=${YIZHAN_BROKER_USER:-yizhan-server}
: "${YIZHAN_BROKER_PASSWORD:?set YIZHAN_BROKER_PASSWORD (the instances' broker password)}"

umask 077
mkdir -p "$(dirname "$out")"
tmp="$out.new.$$"
trap 'rm -f "$tmp"' EXIT
printf '%s:%s\n' "$user" "$YIZHAN_BROKER_PASSWORD" >"$tmp"
count=0
if [ -n "$devices" ] && [ -f "$devices" ]; then
  while read -r id secret rest || [ -n "$id" ]; do
    case $id in '' | '#'*) continue ;; esac
    case $id in *[!a-z0-9-]* | -*)
      echo "make-passwd: skipping '$id': a device id is a-z, 0-9 and -" >&2
      continue
      ;;
    esac
    if [ -z "$secret" ] || [ -n "$rest" ]; then
      echo "make-passwd: skipping '$id': expected 'device-id secret'" >&2
      continue
    fi
    printf '%s:%s\n' "$id" "$secret" >>"$tmp"
    count=$((count + 1))
  done <"$devices"
fi
mosquitto_passwd -U "$tmp"
chown "${MOSQUITTO_UID:-1883}:${MOSQUITTO_GID:-1883}" "$(dirname "$out")" 2>/dev/null || true
chown "${MOSQUITTO_UID:-1883}:${MOSQUITTO_GID:-1883}" "$tmp" 2>/dev/null || true
mv "$tmp" "$out"
trap - EXIT
echo "make-passwd: $out with $user and $count devices"
