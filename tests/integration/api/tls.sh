#!/usr/bin/env bash
# HTTPS: storefleet-api with --tls-cert-file/--tls-key-file and a self-signed certificate made here by openssl.
# curl and the CLI (--cacert) talk to it; TLS below 1.2 and plain HTTP are refused; cookies are Secure and HSTS
# is sent; SIGHUP loads a new certificate for new connections while an open event stream keeps flowing; a bad
# certificate on reload keeps the old one.
source "$STOREFLEET_ROOT/tests/integration/provisioner/lib.sh"
CLI_BIN=$BUILD/services/cli/storefleet

make_cert() {  # NAME CN
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$2" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/$1.key" -out "$WORK/$1.pem" 2>/dev/null
}
served_cn() {  # the subject of the certificate a new connection gets
  openssl s_client -connect "127.0.0.1:$PORT" -servername localhost </dev/null 2>/dev/null |
    openssl x509 -noout -subject | sed 's/.*CN *= *//'
}
make_cert a storefleet-test-a
make_cert b storefleet-test-b
cp "$WORK/a.pem" "$WORK/tls.pem"
cp "$WORK/a.key" "$WORK/tls.key"
chmod 600 "$WORK"/*.key

write_admin_token
write_internal_token
"$API_BIN" --listen 127.0.0.1:0 --db "$DB" --admin-token-file "$ADMIN_TOKEN_FILE" \
  --internal-token-file "$INTERNAL_TOKEN_FILE" --tls-cert-file "$WORK/tls.pem" --tls-key-file "$WORK/tls.key" \
  --event-poll-ms 100 >"$WORK/api.log" 2>&1 &
API_PID=$!
PORT=""
for _ in $(seq 100); do
  PORT=$(grep -ao 'storefleet-api listening on 127.0.0.1:[0-9]* (https)' "$WORK/api.log" | sed 's/.*:\([0-9]*\) .*/\1/') || true
  [[ -n $PORT ]] && break
  sleep 0.1
done
[[ -n $PORT ]] || fail "API did not start: $(cat "$WORK/api.log")"
API=https://127.0.0.1:$PORT

# 1. HTTPS with the CA given; HSTS on every answer.
head=$(curl -sS -D - -o /dev/null --cacert "$WORK/a.pem" "$API/api/health")
grep -q '^HTTP/1.1 200' <<<"$head" || fail "health over HTTPS: $head"
grep -qi '^Strict-Transport-Security: max-age=31536000' <<<"$head" || fail "no HSTS header: $head"
# An unknown CA is refused by the client; plain HTTP and TLS 1.1 are refused by the server.
rc=0; curl -sS -o /dev/null "$API/api/health" 2>/dev/null || rc=$?
[[ $rc == 60 ]] || fail "curl without the CA: exit $rc, wanted 60 (certificate not trusted)"
rc=0; curl -sS -m 5 -o /dev/null "http://127.0.0.1:$PORT/api/health" 2>/dev/null || rc=$?
[[ $rc != 0 ]] || fail "plain HTTP was answered on the HTTPS port"
rc=0; curl -sS -o /dev/null --cacert "$WORK/a.pem" --tlsv1.1 --tls-max 1.1 "$API/api/health" 2>/dev/null || rc=$?
[[ $rc == 35 ]] || fail "TLS 1.1 handshake: curl exit $rc, wanted 35 (refused)"
log "HTTPS served; HSTS sent; untrusted CA, plain HTTP and TLS 1.1 refused"

# 2. The dashboard's login over HTTPS sets a Secure cookie.
login=$(curl -sS -D - -o /dev/null --cacert "$WORK/a.pem" -H 'Content-Type: application/json' \
  -d "{\"token\":\"$(cat "$ADMIN_TOKEN_FILE")\"}" "$API/api/session")
grep -i '^Set-Cookie:' <<<"$login" | grep -qi '; Secure' || fail "session cookie not Secure: $login"

# 3. The CLI with --cacert; without it, a clear error and exit 4.
STOREFLEET_TOKEN_FILE=$ADMIN_TOKEN_FILE "$CLI_BIN" --server "$API" --cacert "$WORK/a.pem" create tls-one >/dev/null \
  || fail "CLI create over HTTPS failed"
rc=0; out=$(STOREFLEET_TOKEN_FILE=$ADMIN_TOKEN_FILE "$CLI_BIN" --server "$API" list 2>&1) || rc=$?
[[ $rc == 4 ]] || fail "CLI without --cacert: exit $rc ($out)"
grep -q 'certificate' <<<"$out" || fail "CLI error does not say the certificate is the problem: $out"
log "CLI over HTTPS with --cacert; without it: $out"

# 4. An event stream opened now survives a certificate reload.
curl -sSN --cacert "$WORK/a.pem" -H @"$AUTH_HEADER" "$API/api/events" >"$WORK/sse.txt" &
BG_PIDS+=($!)
sleep 0.5
[[ $(served_cn) == storefleet-test-a ]] || fail "served certificate: $(served_cn)"
cp "$WORK/b.pem" "$WORK/tls.pem"
cp "$WORK/b.key" "$WORK/tls.key"
kill -HUP "$API_PID"
for _ in $(seq 50); do [[ $(served_cn) == storefleet-test-b ]] && break; sleep 0.1; done
[[ $(served_cn) == storefleet-test-b ]] || fail "after SIGHUP new connections get $(served_cn)"
kill -0 "$API_PID" || fail "the API died on SIGHUP"
curl -sf -o /dev/null --cacert "$WORK/b.pem" "$API/api/health" || fail "the new certificate is not served"
code=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$WORK/b.pem" -H @"$AUTH_HEADER" \
  -H 'Content-Type: application/json' -d '{"storeName":"tls-two","engine":"medusa"}' "$API/api/stores")
[[ $code == 202 ]] || fail "create after the reload answered $code"
for _ in $(seq 50); do grep -q '"store":"tls-two"' "$WORK/sse.txt" && break; sleep 0.1; done
grep -q '"store":"tls-two"' "$WORK/sse.txt" || fail "the stream opened before the reload did not get the new event"
log "SIGHUP: new certificate for new connections; the open stream still delivers"

# 5. A broken certificate on reload: refused, the last good one stays.
echo "not a certificate" >"$WORK/tls.pem"
kill -HUP "$API_PID"
for _ in $(seq 50); do grep -q 'TLS reload failed' "$WORK/api.log" && break; sleep 0.1; done
grep -q 'TLS reload failed' "$WORK/api.log" || fail "a bad reload was not reported"
[[ $(served_cn) == storefleet-test-b ]] || fail "after a bad reload: $(served_cn)"
log "a bad certificate on reload keeps the previous one"

# 6. The provisioner's listener over HTTPS too: the API verifies it with --provisioner-ca-file and relays its
#    event stream; without the CA the API cannot connect (it never falls back to plain HTTP).
kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=""
start_sim
make_cert p storefleet-test-provisioner
chmod 600 "$WORK/p.key"
start_provisioner --tls-cert-file "$WORK/p.pem" --tls-key-file "$WORK/p.key"
PROV_URL=https://127.0.0.1:$PROV_PORT
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$WORK/p.pem" -H @"$INTERNAL_HDR" "$PROV_URL/metrics")
[[ $code == 200 ]] || fail "provisioner /metrics over HTTPS answered $code"
rc=0; curl -s -m 5 -o /dev/null "http://127.0.0.1:$PROV_PORT/healthz" || rc=$?
[[ $rc != 0 ]] || fail "the provisioner answered plain HTTP on its HTTPS port"
cp "$WORK/b.pem" "$WORK/tls.pem"
cp "$WORK/b.key" "$WORK/tls.key"
start_api --provisioner-ca-file "$WORK/p.pem" --event-poll-ms 60000
curl -sf "$API/api/ready" | grep -q '"provisioner":"connected"' || fail "API not linked to the HTTPS provisioner: $(curl -s "$API/api/ready")"
log "API → provisioner over HTTPS, verified with --provisioner-ca-file"
# The credentials read goes to the provisioner over the same verified HTTPS (asynchronously, with a deadline).
create_store tls-shop woocommerce
wait_status tls-shop Ready 60
creds=$(curl -sf -H @"$AUTH_HEADER" "$API/api/stores/tls-shop/credentials") || fail "credentials over HTTPS failed"
[[ $(jq -r '.password | length' <<<"$creds") -ge 16 ]] || fail "credentials over HTTPS: no password"
log "credentials read from the HTTPS provisioner"
kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=""
start_api --event-poll-ms 60000  # the system CAs do not know the test CA
sleep 1
curl -s "$API/api/ready" | grep -q '"provisioner":"connected"' && fail "API connected to a provisioner it cannot verify"
code=$(curl -s -o /dev/null -w '%{http_code}' -H @"$AUTH_HEADER" "$API/api/stores/tls-shop/credentials")
[[ $code == 503 ]] || fail "credentials from a provisioner the API cannot verify answered $code, wanted 503"
log "without the CA the link stays down"
