#!/usr/bin/env bash
# ui-all-requests.sh — the request pattern of :all over 50 tenants (issue 17
# item 4; the timing is `make bench`'s fanout figure, not a test): every
# customer's context (KPN) and every workspace (akenza) asked exactly once, in
# the provider's largest pages, no other list request, no 429, and akenza's
# requests within its token bucket (10/s, burst 25).
source "$top_srcdir/tests/e2e/lib.sh"

sim=(--devices 2000 --customers 50 --workspaces 50)
sim_start "${sim[@]}"
sim_config "$TT_TMP/config" "${sim[@]}"
eval "$("$THINGTOP_SIM" --print-credentials "${sim[@]}")"

# the list requests of one run: path -> "size tenant" lines
list_requests() { # PATH-PREFIX TENANT-FIELD
	python3 - "$SIM_LOG" "$1" "$2" <<'PY'
import sys, urllib.parse
log, prefix, field = sys.argv[1:]
for line in open(log):
    f = dict(x.split("=", 1) for x in line.split() if "=" in x)
    p = f.get("path", "")
    if not p.startswith(prefix + "?"):
        continue
    q = dict(urllib.parse.parse_qsl(p.split("?", 1)[1]))
    print(q.get("limit", q.get("size")), f.get("ctx") if field == "ctx" else q.get(field), f.get("status"))
PY
}

# 1. KPN: 50 customers, one page of 1000 each (none has more), each context once
tmux_start 160 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not load: $(tmux_screen)"
: >"$SIM_LOG"
tmux_keys A
WAIT_SECONDS=60 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qF '50/50 customers · end'" ||
	fail ":all over 50 customers did not end: $(tmux_screen | tail -3)"
list_requests /devices ctx >"$TT_TMP/kpn"
assert_eq "$(wc -l <"$TT_TMP/kpn")" 50 "one list request per customer"
assert_eq "$(awk '{print $1}' "$TT_TMP/kpn" | sort -u)" 1000 "page size: the provider's largest"
assert_eq "$(awk '{print $3}' "$TT_TMP/kpn" | sort -u)" 200 "every customer answered 200"
assert_eq "$(awk '{print $2}' "$TT_TMP/kpn" | sort)" "$(tr , '\n' <<<"$KPN_CUSTOMER_IDS" | sort)" \
	"every configured customer asked once"
grep -q 'status=429' "$SIM_LOG" && fail "a 429 during :all"
echo "ok: KPN :all: 50 requests of 1000, one per customer, no 429"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
tmux -L "$TMUX_SOCK" kill-server

# 2. akenza: the workspaces listed once, then each asked once, within 10/s burst 25
tmux_start 160 30 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "DEVEUI"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not load: $(tmux_screen)"
: >"$SIM_LOG"
tmux_keys A
WAIT_SECONDS=60 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qF '50/50 workspaces · end'" ||
	fail ":all over 50 workspaces did not end: $(tmux_screen | tail -3)"
list_requests /v3/assets workspaceId >"$TT_TMP/ak"
assert_eq "$(wc -l <"$TT_TMP/ak")" 50 "one list request per workspace"
assert_eq "$(awk '{print $1}' "$TT_TMP/ak" | sort -u)" 1000 "page size: the provider's largest"
assert_eq "$(awk '{print $2}' "$TT_TMP/ak" | sort)" "$(tr , '\n' <<<"$AKENZA_WORKSPACE_IDS" | sort)" \
	"every workspace asked once"
assert_eq "$(grep -c 'path=/v3/workspaces?' "$SIM_LOG")" 1 "the workspaces listed once"
assert_eq "$(wc -l <"$SIM_LOG")" 51 "no other request"
grep -q 'status=429' "$SIM_LOG" && fail "a 429 during :all"
# the token bucket, from when the simulator received each request (its answer
# time less its ms=), with 50 ms of slack for a loaded machine's scheduling
python3 - "$SIM_LOG" <<'PY' || fail "akenza's requests outran 10/s, burst 25"
import sys
f = [dict(x.split("=", 1) for x in l.split() if "=" in x) for l in open(sys.argv[1])]
ts = sorted(float(x["ts"]) - float(x["ms"]) / 1000 for x in f)
tokens, last, over = 25.0, ts[0], 0
for t in ts:
    tokens = min(25.0, tokens + (t - last) * 10)
    last = t
    if tokens < 1.0 - 0.5:
        over += 1
    else:
        tokens -= 1.0
print(f"{over} requests beyond the token bucket", file=sys.stderr)
sys.exit(1 if over else 0)
PY
echo "ok: akenza :all: the workspaces once, 50 requests of 1000, within 10/s burst 25, no 429"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
