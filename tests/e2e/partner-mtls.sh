#!/usr/bin/env bash
# partner-mtls.sh — the partner gateway's mutual TLS and configurable login
# (issue 12.6). A CA, a server certificate for 127.0.0.1 and client
# certificates are made here with openssl; thingtop-sim serves HTTPS and wants
# a client certificate signed by the CA. Shown: (a) --dump walks every
# invitation over HTTPS with the client certificate, the token request too;
# (b) without one it fails saying a client certificate is required (403 from
# the simulator, a TLS alert from openssl s_server), and a certificate from
# another CA is refused; (c) an encrypted key works with its passphrase from
# _env and _command, a wrong passphrase fails without printing it; (d) an
# unencrypted key with mode 0644 is refused naming file and mode; (e) the
# provider's placeholder URLs are refused before any request; (f) auth_body
# sends the field names the server wants.
source "$top_srcdir/tests/e2e/lib.sh"
command -v openssl >/dev/null || fail "openssl is not installed (./autogen.sh installs it)"
tt_tmpdir

# --- the PKI, made at run time (no key or certificate is in the repository) ---
pki="$TT_TMP/pki"
mkdir -p "$pki"
cd "$pki" || fail "cd $pki"
umask 077
ossl() { openssl "$@" 2>>"$pki/openssl.err" >/dev/null || fail "openssl $1 failed: $(tail -3 "$pki/openssl.err")"; }
newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
ossl req -x509 "${newkey[@]}" -keyout ca.key -out ca.crt -days 2 -subj "/CN=thingtop test CA"
ossl req "${newkey[@]}" -keyout server.key -out server.csr -subj "/CN=127.0.0.1"
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
ossl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext
ossl req "${newkey[@]}" -keyout client.key -out client.csr -subj "/CN=thingtop client"
printf 'extendedKeyUsage=clientAuth\n' >client.ext
ossl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2 -extfile client.ext
export TT_TEST_KEY_PASS="correct horse $RANDOM$RANDOM battery"
ossl pkcs8 -topk8 -in client.key -out client-enc.key -passout env:TT_TEST_KEY_PASS
printf '%s\n' "$TT_TEST_KEY_PASS" >key-pass
cp client.key loose.key
chmod 0644 loose.key
ossl req -x509 "${newkey[@]}" -keyout rogue.key -out rogue.crt -days 2 -subj "/CN=not from the CA"
head -1 client-enc.key | grep -q ENCRYPTED || fail "set-up: the encrypted key is not encrypted"
head -1 client.key | grep -q ENCRYPTED && fail "set-up: the plain key is encrypted"
cd "$TT_TMP" || fail "cd $TT_TMP"

eval "$("$THINGTOP_SIM" --print-credentials)"
out="$TT_TMP/out"
mkdir -p "$out"
cfg="$TT_TMP/config"
PLACEHOLDER="https://api.partner.example"

# write_config URL: every profile of this test against the simulator at URL
write_config() {
	local u=$1 common
	common="provider = \"partner-jwt\"; api_key = \"$PARTNER_API_KEY\"; auth_param_env = \"TT_TEST_AUTH_PARAM\";
    ca_file = \"$pki/ca.crt\";"
	cat >"$cfg" <<EOC
profiles = (
  { name = "partner"; $common base_url = "$u"; auth_url = "$u/auth";
    client_cert = "$pki/client.crt"; client_key = "$pki/client.key"; },
  { name = "nocert"; $common base_url = "$u"; auth_url = "$u/auth"; },
  { name = "rogue"; $common base_url = "$u"; auth_url = "$u/auth";
    client_cert = "$pki/rogue.crt"; client_key = "$pki/rogue.key"; },
  { name = "enc-env"; $common base_url = "$u"; auth_url = "$u/auth";
    client_cert = "$pki/client.crt"; client_key = "$pki/client-enc.key"; client_key_password_env = "TT_TEST_KEY_PASS"; },
  { name = "enc-cmd"; $common base_url = "$u"; auth_url = "$u/auth";
    client_cert = "$pki/client.crt"; client_key = "$pki/client-enc.key"; client_key_password_command = "cat $pki/key-pass"; },
  { name = "loose"; $common base_url = "$u"; auth_url = "$u/auth";
    client_cert = "$pki/client.crt"; client_key = "$pki/loose.key"; },
  { name = "placeholder"; $common
    client_cert = "$pki/client.crt"; client_key = "$pki/client.key"; },
  { name = "placeholder-auth"; $common base_url = "$u";
    client_cert = "$pki/client.crt"; client_key = "$pki/client.key"; },
  { name = "custom"; $common base_url = "$u"; auth_url = "$u/auth";
    client_cert = "$pki/client.crt"; client_key = "$pki/client.key";
    auth_body = "{\"key\":\"{api_key}\",\"param\":\"{auth_param}\"}"; },
  { name = "bad-body"; $common base_url = "$u"; auth_url = "$u/auth";
    client_cert = "$pki/client.crt"; client_key = "$pki/client.key";
    auth_body = "{\"key\":\"{api_key}\",\"param\":\"{auth_parameter}\"}"; }
);
EOC
}
export TT_TEST_AUTH_PARAM="$PARTNER_AUTH_PARAM"

# tt NAME PROFILE ARGS...: run a dump; stdout, stderr and thingtop's own log kept; exit status in $rc
tt() {
	local name=$1 profile=$2
	shift 2
	mark=$(wc -l <"$SIM_LOG")
	rc=0
	"$THINGTOP" --config "$cfg" --profile "$profile" --log "$out/tt.log" "$@" >"$out/$name.out" 2>"$out/$name.err" ||
		rc=$?
}
err() { cat "$out/$1.err"; }
new_log() { tail -n +$((mark + 1)) "$SIM_LOG"; }

# --- HTTPS with a client CA: the first line says https ---
sim_start --tls-cert "$pki/server.crt" --tls-key "$pki/server.key" --tls-client-ca "$pki/ca.crt"
head -1 "$TT_TMP/sim.out" | grep -qE '^listening on https://127\.0\.0\.1:[0-9]+$' ||
	fail "first line with --tls-cert: $(head -1 "$TT_TMP/sim.out")"
case "$SIM_URL" in https://127.0.0.1:*) ;; *) fail "sim_start parsed '$SIM_URL'" ;; esac
"$THINGTOP_SIM" --print-config --port "$SIM_PORT" --tls-cert "$pki/server.crt" --tls-key "$pki/server.key" |
	grep -qF "base_url = \"$SIM_URL\"" || fail "--print-config with --tls-cert does not give $SIM_URL"
write_config "$SIM_URL"

# the truth, independently: curl with the client certificate, one page of 200
truth_token=$(curl -sS --cacert "$pki/ca.crt" --cert "$pki/client.crt" --key "$pki/client.key" \
	-H 'Content-Type: application/json' \
	-d "{\"apiKey\":\"$PARTNER_API_KEY\",\"authParameter\":\"$PARTNER_AUTH_PARAM\"}" "$SIM_URL/auth" | jq -r .token)
[ -n "$truth_token" ] && [ "$truth_token" != null ] || fail "curl could not log in with the client certificate"
curl -sS --cacert "$pki/ca.crt" --cert "$pki/client.crt" --key "$pki/client.key" \
	-H "Authorization: Bearer $truth_token" "$SIM_URL/v1/invitations?size=200&page=0" |
	jq -r '.content[].code' >"$TT_TMP/want"
assert_eq "$(wc -l <"$TT_TMP/want")" 150 "the simulator starts with 150 invitations"

# (a) the whole list over HTTPS with the client certificate, in several pages
# (--dump alone asks the maximum of 200: one page)
tt a partner --dump invitations --limit 20
assert_eq "$rc" 0 "(a) dump with a client certificate: $(err a)"
jq -r .code <"$out/a.out" >"$TT_TMP/got"
cmp -s "$TT_TMP/want" "$TT_TMP/got" ||
	fail "(a) thingtop's invitations differ from curl's: $(diff "$TT_TMP/want" "$TT_TMP/got" | head -5)"
new_log >"$TT_TMP/run.log"
grep -q 'method=POST path=/auth status=200 .*auth=issued:jwt' "$TT_TMP/run.log" ||
	fail "(a) the token request did not go over mutual TLS: $(cat "$TT_TMP/run.log")"
assert_eq "$(grep -c 'path=/v1/invitations' "$TT_TMP/run.log")" 8 "(a) 150 invitations in pages of 20"
grep -E 'status=40[13]|mtls:' "$TT_TMP/run.log" && fail "(a) a request was refused"
echo "ok: (a) 150 invitations over HTTPS with a client certificate, token request included"

# (b) no client certificate: the simulator answers 403 and thingtop says what to set
tt b nocert --dump invitations
[ "$rc" -ne 0 ] || fail "(b) a dump without a client certificate succeeded"
assert_contains "$(err b)" "A client certificate is required" "(b) the server's reason"
assert_contains "$(err b)" "set client_cert and client_key" "(b) what to do"
assert_eq "$(new_log | grep -c 'status=403 .*auth=mtls:none')" 1 "(b) one refused token request, not retried"
assert_eq "$(new_log | grep -c 'path=/v1/invitations')" 0 "(b) no list request"
tt b-rogue rogue --dump invitations
[ "$rc" -ne 0 ] || fail "(b) a certificate from another CA was accepted"
assert_contains "$(err b-rogue)" "not signed by a CA this server trusts" "(b) rogue certificate"
assert_contains "$(new_log)" "auth=mtls:untrusted" "(b) the simulator saw the rogue certificate"
echo "ok: (b) no client certificate, or one from another CA: refused, and the error says why"

# (b) a server that fails the TLS handshake with an alert, like most gateways
(cd "$pki" && exec openssl s_server -accept 127.0.0.1:0 -cert server.crt -key server.key -CAfile ca.crt \
	-Verify 1 -verify_return_error -www </dev/null >"$TT_TMP/s_server.out" 2>&1) &
tt_cleanup "kill $!"
wait_for grep -q '^ACCEPT ' "$TT_TMP/s_server.out" || fail "openssl s_server did not start: $(cat "$TT_TMP/s_server.out")"
ss_url="https://127.0.0.1:$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$TT_TMP/s_server.out")"
sed "s|$SIM_URL|$ss_url|g" "$cfg" >"$TT_TMP/config-ss"
"$THINGTOP" --config "$TT_TMP/config-ss" --profile nocert --dump invitations >/dev/null 2>"$out/b-alert.err" &&
	fail "(b) the handshake refusal was not an error"
assert_contains "$(err b-alert)" "the server requires a client certificate (set client_cert and client_key)" \
	"(b) TLS alert 'certificate required'"
assert_contains "$(err b-alert)" "$ss_url" "(b) the error names the host"
"$THINGTOP" --config "$TT_TMP/config-ss" --profile rogue --dump invitations >/dev/null 2>"$out/b-alert-rogue.err" &&
	fail "(b) the rogue certificate's handshake refusal was not an error"
assert_contains "$(err b-alert-rogue)" "the server refused the client certificate" "(b) TLS alert 'unknown ca'"
echo "ok: (b) a TLS alert from the server is explained"

# (c) an encrypted key, passphrase from the environment and from a command; a wrong one
tt c-env enc-env --dump invitations
assert_eq "$rc" 0 "(c) encrypted key, passphrase from _env: $(err c-env)"
assert_eq "$(wc -l <"$out/c-env.out")" 150 "(c) _env: every invitation"
tt c-cmd enc-cmd --dump invitations
assert_eq "$rc" 0 "(c) encrypted key, passphrase from _command: $(err c-cmd)"
assert_eq "$(wc -l <"$out/c-cmd.out")" 150 "(c) _command: every invitation"
wrong="wrong $RANDOM$RANDOM passphrase"
TT_TEST_KEY_PASS="$wrong" tt c-wrong enc-env --dump invitations
[ "$rc" -ne 0 ] || fail "(c) a wrong passphrase was accepted"
assert_contains "$(err c-wrong)" "cannot use the client certificate" "(c) wrong passphrase"
assert_contains "$(err c-wrong)" "passphrase" "(c) the hint names the passphrase"
assert_eq "$(new_log | wc -l)" 0 "(c) nothing reached the server with a wrong passphrase"
TT_TEST_KEY_PASS= tt c-unset enc-env --dump invitations
[ "$rc" -ne 0 ] || fail "(c) an unset passphrase variable was accepted"
assert_contains "$(err c-unset)" "TT_TEST_KEY_PASS, which is not set" "(c) unset passphrase variable"
echo "ok: (c) an encrypted key works with its passphrase from _env and _command; a wrong one fails"

# (d) an unencrypted key anyone may read
tt d loose --dump invitations
[ "$rc" -ne 0 ] || fail "(d) an unencrypted 0644 key was used"
assert_contains "$(err d)" "client_key $pki/loose.key is not encrypted and has mode 0644" "(d) file and mode"
assert_contains "$(err d)" "chmod 600 $pki/loose.key" "(d) the fix"
assert_eq "$(new_log | wc -l)" 0 "(d) refused before any request"
echo "ok: (d) an unencrypted key readable by others is refused before any request"

# (e) the provider's placeholder URLs
tt e placeholder --dump invitations
[ "$rc" -ne 0 ] || fail "(e) the placeholder base_url was used"
assert_contains "$(err e)" "profile 'placeholder': base_url is the placeholder $PLACEHOLDER; set base_url (and auth_url)" \
	"(e) placeholder base_url"
tt e-auth placeholder-auth --dump invitations
[ "$rc" -ne 0 ] || fail "(e) the placeholder auth_url was used"
assert_contains "$(err e-auth)" "auth_url is the placeholder $PLACEHOLDER/auth" "(e) placeholder auth_url"
assert_eq "$(new_log | wc -l)" 0 "(e) refused before any request"
echo "ok: (e) placeholder URLs are refused before any request"

# (f) the login body from the profile: a gateway that wants other field names
tt f-bad bad-body --dump invitations
[ "$rc" -ne 0 ] || fail "(f) an auth_body with an unknown placeholder was used"
assert_contains "$(err f-bad)" "$cfg:" "(f) the error names the file"
assert_contains "$(err f-bad)" "unknown placeholder {auth_parameter}" "(f) unknown placeholder"
kill "$SIM_PID" && wait "$SIM_PID"
SIM_PID=""
sim_start --tls-cert "$pki/server.crt" --tls-key "$pki/server.key" --tls-client-ca "$pki/ca.crt" \
	--partner-auth-fields key,param
write_config "$SIM_URL"
tt f custom --dump invitations
assert_eq "$rc" 0 "(f) auth_body with the server's field names: $(err f)"
assert_eq "$(wc -l <"$out/f.out")" 150 "(f) every invitation"
assert_contains "$(new_log)" "method=POST path=/auth status=200" "(f) the login used the custom fields"
tt f-default partner --dump invitations
[ "$rc" -ne 0 ] || fail "(f) the default body was accepted by a server wanting other fields"
assert_contains "$(err f-default)" "The body must be JSON with key and param" "(f) the server's reason"
"$THINGTOP_SIM" --print-config --port 1 --partner-auth-fields key,param |
	grep -qF 'auth_body = "{\"key\":\"{api_key}\",\"param\":\"{auth_param}\"}";' ||
	fail "(f) --print-config does not give the matching auth_body"
echo "ok: (f) auth_body reaches the server with its field names"

# the passphrases and the key never show: not in any output nor thingtop's log
[ -s "$out/tt.log" ] || fail "thingtop --log wrote nothing"
for s in "$TT_TEST_KEY_PASS" "$wrong" "$(sed -n 2p "$pki/client.key")"; do
	if grep -rlF -- "$s" "$out" >/dev/null; then
		fail "a secret leaked into: $(grep -rlF -- "$s" "$out" | xargs -n1 basename | tr '\n' ' ')"
	fi
done
echo "ok: no passphrase or key material in $(ls "$out" | wc -l) files of output"
