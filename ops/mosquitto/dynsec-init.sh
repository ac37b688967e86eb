#!/bin/sh
# Makes the dynamic security plugin's file (docs/ingest.md "Broker mode") once, for a new broker:
#   - the instances' account YIZHAN_BROKER_USER (default yizhan-server) / YIZHAN_BROKER_PASSWORD
#     becomes the plugin's admin (mosquitto_ctrl dynsec init), and its role "admin" gets the one
#     right init does not give: publishing the devices' retained configs;
#   - no device: the instances create, re-password and disable the devices' clients themselves
#     (mqtt.broker.dynsec=true).
# Output: $1 or /mosquitto/dynsec/dynamic-security.json, owner-only, owned by MOSQUITTO_UID (default
# 1883, the eclipse-mosquitto image's user), as is its directory (the plugin rewrites the file).
# An existing file is never touched: it holds the devices. docker-compose.yml runs this as the
# broker-init service before every broker start. The password goes through a pipe from a shell
# builtin, never on a command line.
set -eu
out=${1:-/mosquitto/dynsec/dynamic-security.json}
user=${YIZHAN_BROKER_USER:-yizhan-server}
dir=$(dirname "$out")
owner="${MOSQUITTO_UID:-1883}:${MOSQUITTO_GID:-1883}"

if [ -e "$out" ]; then
  echo "dynsec-init: $out exists, kept as it is"
  exit 0
fi
: "${YIZHAN_BROKER_PASSWORD:?set YIZHAN_BROKER_PASSWORD (the instances' broker password)}"
case $YIZHAN_BROKER_PASSWORD in *'
'*)
  echo "dynsec-init: YIZHAN_BROKER_PASSWORD must be one line" >&2
  exit 1
  ;;
esac

umask 077
mkdir -p "$dir"
tmp="$dir/.dynsec-init.$$"
trap 'rm -f "$tmp" "$tmp.acl"' EXIT
printf '%s\n%s\n' "$YIZHAN_BROKER_PASSWORD" "$YIZHAN_BROKER_PASSWORD" |
  mosquitto_ctrl dynsec init "$tmp" "$user" >/dev/null
# The file init writes has exactly one role ("admin") and so one "acls" array: put the configs'
# publish right first in it.
config_acl='{"acltype": "publishClientSend", "topic": "yz/v1/st/+/dev/+/config", "allow": true}, '
awk -v acl="$config_acl" '
  !done && match($0, /"acls":[ \t]*\[/) {
    $0 = substr($0, 1, RSTART + RLENGTH - 1) acl substr($0, RSTART + RLENGTH)
    done = 1
  }
  { print }
  END { if (!done) exit 1 }
' "$tmp" >"$tmp.acl" || {
  echo "dynsec-init: no role ACL list in what mosquitto_ctrl wrote" >&2
  exit 1
}
mv "$tmp.acl" "$tmp"
chown "$owner" "$dir" "$tmp" 2>/dev/null || true
mv "$tmp" "$out"
trap - EXIT
echo "dynsec-init: $out with admin $user and no device yet"
