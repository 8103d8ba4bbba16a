#!/usr/bin/env bash
# bench/peer.sh: our mock Google beside the npm package oauth2-mock-server (the peer), on
# the same machine, in one run.
#
# What it measures: the throughput (requests per second, wrk: 1 thread, 32 connections) of
# four endpoint pairs, each answering 200:
#
#   revocation  ours POST /revoke (token in the form body)   peer POST /revoke
#   token       ours POST /token grant_type=refresh_token    peer POST /token grant_type=client_credentials
#   userinfo    ours GET /v1/userinfo (Bearer, live token)   peer GET /userinfo
#   jwks        ours GET /oauth2/v3/certs                    peer GET /jwks
#
# Each side of the token pair signs one RS256 JWT per answer: ours the id_token of a
# refresh (its access token is opaque), the peer its access token (client_credentials
# gives no id_token; its refresh_token grant signs two JWTs, an access token and an
# id_token, so it would not be the same work). Both keys are 2048-bit RSA.
#
# Our revocation ends a grant: a token works once. Each of our revocation runs therefore
# starts from a reset mock, mints a pool of --pool live tokens (one grant each, with a
# seeded client per grant: consent form, then code exchange, driven by wrk) and revokes
# each of them once; the run ends when the pool is used up, so it lasts pool / rate
# seconds, not --duration. Our mock holds the whole pool while it revokes; it finds a
# token and its grant's without looking at the others, so the pool size matters little.
# The peer's /revoke keeps no state and answers 200 to any token: it revokes tokens of
# the same shape, in a loop, for --duration.
#
# How it runs: the two servers are measured alternately, ours then the peer's, --rounds
# times per pair, so the noise of a shared machine hits both; each figure in the table is
# the best of its rounds (every round is printed before the table). Both servers run as
# shipped: ours the release build, the peer under node, each on a free port of its own
# choosing (port 0).
#
# How to read the output: one line per pair, ours and the peer's requests per second and
# "ours/peer" (above 1: ours answers more per second). "non-2xx" is wrk's count of error
# answers over all rounds, ours/peer; it is always 0/0 because any error answer, socket
# error or unexpected first answer stops the script with status 1 (a benchmark of error
# answers measures the wrong thing). A server that does not start is also status 1.
#
# Usage (from anywhere in the checkout):
#   bench/peer.sh [--duration SECONDS] [--rounds N] [--pool TOKENS]
# or the environment: BENCH_DURATION (default 5), BENCH_ROUNDS (2), BENCH_REVOKE_POOL (10000).
# Needs cargo, curl and node/npm; installs wrk with apt-get if missing. The peer is
# installed with npm into target/peer-bench/ (or $CARGO_TARGET_DIR/peer-bench/), our
# binary is built with `cargo build --release -p mock-providers`.
# (oauth2-mock-server 9 declares node 22.12 or later; it runs on node 20 too, and npm
# only warns.)

set -euo pipefail

PEER_PACKAGE=oauth2-mock-server
PEER_VERSION=9.3.0

DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-2}
POOL=${BENCH_REVOKE_POOL:-10000}

usage() {
    sed -n '/^# Usage/,/^# binary/p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
    case $1 in
        --duration) DURATION=${2:?--duration needs a number of seconds}; shift 2 ;;
        --rounds) ROUNDS=${2:?--rounds needs a number}; shift 2 ;;
        --pool) POOL=${2:?--pool needs a number of tokens}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "error: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done
for value in "$DURATION" "$ROUNDS" "$POOL"; do
    if ! [[ $value =~ ^[1-9][0-9]*$ ]]; then
        echo "error: '$value' is not a positive whole number" >&2
        exit 2
    fi
done

die() {
    echo "error: $*" >&2
    exit 1
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TARGET_DIR=${CARGO_TARGET_DIR:-target}
PEER_DIR=$TARGET_DIR/peer-bench
WORK=$(mktemp -d "${TMPDIR:-/tmp}/peer-bench.XXXXXX")

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- tools, the peer, our binary -------------------------------------------------------

for tool in cargo curl; do
    command -v "$tool" >/dev/null || die "$tool is needed"
done
if ! command -v wrk >/dev/null; then
    echo "installing wrk with apt-get" >&2
    as_root apt-get update -qq && as_root apt-get install -y -qq wrk >/dev/null
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "installing node and npm with apt-get" >&2
    as_root apt-get update -qq && as_root apt-get install -y -qq nodejs npm >/dev/null
fi

PEER_MAIN=$PEER_DIR/node_modules/$PEER_PACKAGE/dist/oauth2-mock-server.mjs
installed=$(node -p 'require(require("path").resolve(process.argv[1])).version' \
    "$PEER_DIR/node_modules/$PEER_PACKAGE/package.json" 2>/dev/null || true)
if [ "$installed" != "$PEER_VERSION" ]; then
    echo "installing $PEER_PACKAGE@$PEER_VERSION into $PEER_DIR" >&2
    mkdir -p "$PEER_DIR"
    npm install --prefix "$PEER_DIR" --no-audit --no-fund --save-exact --loglevel=error \
        "$PEER_PACKAGE@$PEER_VERSION" >&2
fi
[ -f "$PEER_MAIN" ] || die "$PEER_MAIN is missing after npm install"

echo "building mock-providers (release)" >&2
cargo build --release -p mock-providers >&2
OURS_BIN=$TARGET_DIR/release/mock-providers
[ -x "$OURS_BIN" ] || die "$OURS_BIN is missing after the build"

# --- the Lua scripts wrk runs ----------------------------------------------------------

# mint.lua SID CSRF COUNT OUT: one live access token per seeded client bench-1..bench-COUNT,
# written to OUT one a line. Posts the consent form (a grant each: Ada allows bench-K), and
# exchanges each code the redirect carries; the state parameter names the client.
cat >"$WORK/mint.lua" <<'LUA'
local ffi = require("ffi")
ffi.cdef [[ int kill(int pid, int sig); int getpid(void); ]]
local sid, csrf, count, file
local verified, sent, minted, failed = false, 0, 0, false
local queue = {}
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local redirect = "http%3A%2F%2Flocalhost%3A3000%2Fauth%2Fgoogle%2Fcallback"

function init(args)
    sid, csrf, count = args[1], args[2], tonumber(args[3])
    file = assert(io.open(args[4], "w"))
end

-- Stops this thread, and wrk at once (its SIGINT handler), rather than at -d.
local function finish()
    file:close()
    wrk.thread:stop()
    ffi.C.kill(ffi.C.getpid(), 2)
end

function request()
    if not verified then
        -- wrk calls request() once before the run to check it; that request is never sent.
        verified = true
        return wrk.format("GET", "/oauth2/v3/certs")
    end
    local exchange = table.remove(queue)
    if exchange then
        return wrk.format("POST", "/token", form,
            "grant_type=authorization_code&client_id=" .. exchange.client
            .. "&client_secret=bench-secret&redirect_uri=" .. redirect .. "&code=" .. exchange.code)
    end
    if sent < count then
        sent = sent + 1
        local client = "bench-" .. sent
        local headers = { ["Content-Type"] = form["Content-Type"], ["Cookie"] = "SID=" .. sid }
        return wrk.format("POST", "/o/oauth2/v2/auth", headers,
            "client_id=" .. client .. "&redirect_uri=" .. redirect
            .. "&response_type=code&scope=email&state=" .. client
            .. "&authenticity_token=" .. csrf .. "&authorize=1")
    end
    -- Everything is asked for; an answer that is not read while the last ones come back.
    return wrk.format("GET", "/oauth2/v3/certs")
end

function response(status, headers, body)
    if failed then return end
    if status == 302 then
        local location = headers["location"] or headers["Location"] or ""
        local client = location:match("[?&]state=([^&]*)")
        local code = location:match("[?&]code=([^&]*)")
        if client and code then
            table.insert(queue, { client = client, code = code })
            return
        end
    elseif status == 200 then
        local token = body:match('"access_token":"([^"]*)"')
        if token then
            file:write(token, "\n")
            minted = minted + 1
            if minted == count then finish() end
            return
        end
        if body:find('"keys"', 1, true) then return end
    end
    failed = true
    io.stderr:write("mint: unexpected answer ", status, ": ", body:sub(1, 300), "\n")
    finish()
end
LUA

# revoke.lua POOL once|cycle: POST /revoke with token=<the next token of POOL>. "once": each
# token once, then wrk stops (the last request, to a path nobody reads, is never counted);
# "cycle": round the pool again until -d.
cat >"$WORK/revoke.lua" <<'LUA'
local ffi = require("ffi")
ffi.cdef [[ int kill(int pid, int sig); int getpid(void); ]]
local tokens, next_token, cycle = {}, 0, false
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function init(args)
    for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
    cycle = args[2] == "cycle"
end

function request()
    next_token = next_token + 1
    if next_token > #tokens then
        if not cycle then
            wrk.thread:stop()
            ffi.C.kill(ffi.C.getpid(), 2)
            return wrk.format("GET", "/")
        end
        next_token = 1
    end
    return wrk.format("POST", "/revoke", form, "token=" .. tokens[next_token])
end
LUA

# static_lua FILE METHOD BODY [HEADER VALUE]: a script sending one fixed request.
static_lua() {
    local file=$1 method=$2 body=$3
    {
        echo "wrk.method = \"$method\""
        [ -n "$body" ] && echo "wrk.body = [[$body]]"
        [ -n "$body" ] && echo 'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"'
        [ $# -ge 5 ] && echo "wrk.headers[\"$4\"] = [[$5]]"
        true
    } >"$file"
}

# --- starting the two servers ----------------------------------------------------------

# wait_for_url NAME PID LOG REGEX: the base URL the server printed, once it answers.
wait_for_url() {
    local name=$1 pid=$2 log=$3 regex=$4 url="" _
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || {
            cat "$log" "$log.err" >&2 2>/dev/null
            die "$name exited before it started"
        }
        url=$(grep -oE "$regex" "$log" | grep -oE 'http://[0-9.]+:[0-9]+' | head -n1 || true)
        if [ -n "$url" ] && curl -s -o /dev/null "$url/"; then
            echo "$url"
            return
        fi
        sleep 0.1
    done
    cat "$log" "$log.err" >&2 2>/dev/null
    die "$name did not answer within 30 s"
}

# One seeded Google client per token of a revocation pool.
seq 1 "$POOL" | awk '{
    printf "[[google.clients]]\nclient_id = \"bench-%d\"\nclient_secret = \"bench-secret\"\n", $1
    printf "redirect_uris = [\"http://localhost:3000/auth/google/callback\"]\n\n"
}' >"$WORK/seed.toml"

"$OURS_BIN" --github-addr 127.0.0.1:0 --google-addr 127.0.0.1:0 --seed "$WORK/seed.toml" \
    >"$WORK/ours.log" 2>"$WORK/ours.log.err" &
PIDS+=("$!")
OURS=$(wait_for_url "our mock-providers" "$!" "$WORK/ours.log" 'mock Google: http://[0-9.:]+')

node "$PEER_MAIN" -a 127.0.0.1 -p 0 >"$WORK/peer.log" 2>"$WORK/peer.log.err" &
PIDS+=("$!")
PEER=$(wait_for_url "$PEER_PACKAGE" "$!" "$WORK/peer.log" 'listening on http://[0-9.:]+')

# --- our mock: sessions, tokens --------------------------------------------------------

CLIENT_ID=logout-lab.apps.googleusercontent.com
CLIENT_SECRET=logout-lab-google-secret
REDIRECT_URI=http://localhost:3000/auth/google/callback
JAR=$WORK/cookies

json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

# The "alg" of a JWT's header.
jwt_alg() {
    local header=${1%%.*}
    header=$(tr '_-' '/+' <<<"$header")
    while [ $((${#header} % 4)) -ne 0 ]; do header+="="; done
    base64 -d <<<"$header" 2>/dev/null | json_field alg
}

# status_of ARGS...: the HTTP status of one curl call; its body goes to $WORK/body.
status_of() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }

# Back to the seeds, and Ada signed in: sets SID and CSRF (the session's authenticity_token).
ours_session() {
    curl -sf -o /dev/null -X POST "$OURS/__mock/reset" || die "POST $OURS/__mock/reset failed"
    rm -f "$JAR"
    curl -sf -o /dev/null -c "$JAR" -X POST "$OURS/ServiceLogin" \
        -d email=ada@example.com -d continue=/ || die "signing in at $OURS/ServiceLogin failed"
    SID=$(awk '$6 == "SID" { print $7 }' "$JAR")
    CSRF=$(curl -s -b "$JAR" "$OURS/" | sed -n 's/.*name="authenticity_token" value="\([^"]*\)".*/\1/p' | head -n1)
    if [ -z "$SID" ] || [ -z "$CSRF" ]; then
        die "no session or authenticity_token after signing in"
    fi
}

# A fresh pool of $POOL live tokens, one grant each, in $WORK/pool (the mock reset first).
ours_pool() {
    ours_session
    wrk -t1 -c16 -d300s -s "$WORK/mint.lua" "$OURS" -- "$SID" "$CSRF" "$POOL" "$WORK/pool" \
        >"$WORK/mint.out" 2>&1 || { cat "$WORK/mint.out" >&2; die "minting tokens failed"; }
    local minted
    minted=$(wc -l <"$WORK/pool")
    [ "$minted" -eq "$POOL" ] || { cat "$WORK/mint.out" >&2; die "minted $minted tokens, not $POOL"; }
}

# One authorization-code login of the default client, as an app does it (offline access):
# sets ACCESS_TOKEN and REFRESH_TOKEN.
ours_login() {
    ours_session
    local redirect code answer
    redirect=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$JAR" -X POST "$OURS/o/oauth2/v2/auth" \
        --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT_URI" \
        -d response_type=code --data-urlencode "scope=openid email profile" -d access_type=offline \
        -d prompt=consent -d state=bench --data-urlencode "authenticity_token=$CSRF" -d authorize=1)
    code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$redirect")
    [ -n "$code" ] || die "consent did not redirect with a code: '$redirect'"
    answer=$(curl -s -X POST "$OURS/token" -d grant_type=authorization_code -d "code=$code" \
        --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "client_secret=$CLIENT_SECRET" \
        --data-urlencode "redirect_uri=$REDIRECT_URI")
    ACCESS_TOKEN=$(json_field access_token <<<"$answer")
    REFRESH_TOKEN=$(json_field refresh_token <<<"$answer")
    if [ -z "$ACCESS_TOKEN" ] || [ -z "$REFRESH_TOKEN" ]; then
        die "the code exchange gave no tokens: $answer"
    fi
}

# --- measuring -------------------------------------------------------------------------

RESULTS=$WORK/results

# measure PAIR SIDE ROUND URL SECONDS [SCRIPT [ARGS...]]: one wrk run, recorded.
measure() {
    local pair=$1 side=$2 round=$3 url=$4 seconds=$5
    shift 5
    local out=$WORK/wrk.out rps requests non2xx errors command
    command=(wrk -t1 -c32 -d "${seconds}s")
    if [ $# -gt 0 ]; then
        command+=(-s "$1" "$url")
        shift
        [ $# -gt 0 ] && command+=(-- "$@")
    else
        command+=("$url")
    fi
    "${command[@]}" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed: $pair, $side"; }
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    requests=$(awk '/ requests in / { print $1 }' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")
    non2xx=${non2xx:-0} errors=${errors:-0}
    printf 'round %d/%d  %-10s %-4s %10.0f req/s  (%s requests in %s, %s non-2xx, %s socket errors)\n' \
        "$round" "$ROUNDS" "$pair" "$side" "$rps" "$requests" \
        "$(awk '/ requests in / { sub(",", "", $4); print $4 }' "$out")" "$non2xx" "$errors"
    echo "$pair $side $round $rps $non2xx $errors" >>"$RESULTS"
    if [ "$non2xx" != 0 ] || [ "$errors" != 0 ] || [ -z "$rps" ]; then
        cat "$out" >&2
        die "$side $pair: $non2xx error answers, $errors socket errors: this measures failures, not the endpoint"
    fi
}

# expect_200 WHAT ARGS...: one request by curl first, which must answer 200 (wrk would
# count a 3xx as a success).
expect_200() {
    local what=$1 status
    shift
    status=$(status_of "$@")
    [ "$status" = 200 ] || die "$what answered $status, not 200: $(head -c 300 "$WORK/body")"
}

echo
echo "our mock Google: $OURS  (release build, seeded with $POOL extra clients for the revocation pool)"
echo "peer: $PEER_PACKAGE $PEER_VERSION at $PEER  (node $(node --version))"
echo "wrk: 1 thread, 32 connections, ${DURATION} s a run; rounds: $ROUNDS, each ours then the peer's;" \
    "$(nproc) cores; $(wrk -v 2>&1 | head -n1 | awk '{ print $1, $2 }')"
echo

# Revocation. The peer's pool: tokens of the same shape as ours (ya29. and 150 characters).
awk -v n="$POOL" 'BEGIN { srand(1); for (i = 0; i < n; i++) { s = "ya29."
    for (j = 0; j < 150; j++) s = s substr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", int(rand() * 64) + 1, 1)
    print s } }' >"$WORK/peer-pool"
expect_200 "the peer's POST /revoke" -X POST "$PEER/revoke" -d "token=$(head -n1 "$WORK/peer-pool")"
for round in $(seq "$ROUNDS"); do
    ours_pool
    # The first token is the one wrk's check of the script takes and never sends: revoke it
    # here, and see the answer.
    expect_200 "our POST /revoke" -X POST "$OURS/revoke" -d "token=$(head -n1 "$WORK/pool")"
    measure revocation ours "$round" "$OURS" 300 "$WORK/revoke.lua" "$WORK/pool" once
    measure revocation peer "$round" "$PEER" "$DURATION" "$WORK/revoke.lua" "$WORK/peer-pool" cycle
done

# Token, then userinfo: one real login, its refresh token and its access token.
ours_login
OURS_TOKEN_BODY="grant_type=refresh_token&refresh_token=$REFRESH_TOKEN&client_id=$CLIENT_ID&client_secret=$CLIENT_SECRET"
PEER_TOKEN_BODY="grant_type=client_credentials&client_id=bench&client_secret=bench&scope=openid%20email"
expect_200 "our POST /token (refresh_token)" -X POST "$OURS/token" -d "$OURS_TOKEN_BODY"
id_token=$(json_field id_token <"$WORK/body")
[ "$(jwt_alg "$id_token")" = RS256 ] || die "our refresh gave no RS256 id_token: $(cat "$WORK/body")"
expect_200 "the peer's POST /token (client_credentials)" -X POST "$PEER/token" -d "$PEER_TOKEN_BODY"
access_jwt=$(json_field access_token <"$WORK/body")
[ "$(jwt_alg "$access_jwt")" = RS256 ] || die "the peer's client_credentials gave no RS256 token: $(cat "$WORK/body")"
static_lua "$WORK/ours-token.lua" POST "$OURS_TOKEN_BODY"
static_lua "$WORK/peer-token.lua" POST "$PEER_TOKEN_BODY"
for round in $(seq "$ROUNDS"); do
    measure token ours "$round" "$OURS/token" "$DURATION" "$WORK/ours-token.lua"
    measure token peer "$round" "$PEER/token" "$DURATION" "$WORK/peer-token.lua"
done

expect_200 "our GET /v1/userinfo" "$OURS/v1/userinfo" -H "Authorization: Bearer $ACCESS_TOKEN"
expect_200 "the peer's GET /userinfo" "$PEER/userinfo" -H "Authorization: Bearer $access_jwt"
static_lua "$WORK/ours-userinfo.lua" GET "" Authorization "Bearer $ACCESS_TOKEN"
static_lua "$WORK/peer-userinfo.lua" GET "" Authorization "Bearer $access_jwt"
for round in $(seq "$ROUNDS"); do
    measure userinfo ours "$round" "$OURS/v1/userinfo" "$DURATION" "$WORK/ours-userinfo.lua"
    measure userinfo peer "$round" "$PEER/userinfo" "$DURATION" "$WORK/peer-userinfo.lua"
done

expect_200 "our GET /oauth2/v3/certs" "$OURS/oauth2/v3/certs"
expect_200 "the peer's GET /jwks" "$PEER/jwks"
for round in $(seq "$ROUNDS"); do
    measure jwks ours "$round" "$OURS/oauth2/v3/certs" "$DURATION"
    measure jwks peer "$round" "$PEER/jwks" "$DURATION"
done

# --- the table -------------------------------------------------------------------------

echo
echo "requests per second, the best of each side's $ROUNDS runs (ours/peer above 1: ours is faster)"
awk -v pool="$POOL" '
    { key = $1 " " $2; if (!(key in best) || $4 > best[key]) best[key] = $4; bad[key] += $5 + $6 }
    END {
        label["revocation"] = "revocation (ours: " pool " live tokens held)"
        label["token"] = "token, one RS256 JWT signed"
        label["userinfo"] = "userinfo"
        label["jwks"] = "JWKS"
        ours["revocation"] = "POST /revoke";                peer["revocation"] = "POST /revoke"
        ours["token"] = "POST /token refresh_token";        peer["token"] = "POST /token client_credentials"
        ours["userinfo"] = "GET /v1/userinfo";              peer["userinfo"] = "GET /userinfo"
        ours["jwks"] = "GET /oauth2/v3/certs";              peer["jwks"] = "GET /jwks"
        printf "%-42s %-27s %-31s %10s %10s %9s %8s\n", "endpoint pair", "ours", "peer", \
            "ours req/s", "peer req/s", "ours/peer", "non-2xx"
        n = split("revocation token userinfo jwks", pairs, " ")
        for (i = 1; i <= n; i++) {
            p = pairs[i]; o = best[p " ours"]; q = best[p " peer"]
            printf "%-42s %-27s %-31s %10.0f %10.0f %9.2f %8s\n", label[p], ours[p], peer[p], \
                o, q, o / q, bad[p " ours"] "/" bad[p " peer"]
        }
    }' "$RESULTS"
