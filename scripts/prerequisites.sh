# Installs what streamstack's build, tests and demo need and are missing. Sourced by
# scripts/test and scripts/demo; safe to run again (it only installs what is absent).

requirements="$(dirname "${BASH_SOURCE[0]}")/test-requirements.txt"
MOTO_VERSION=$(sed -n 's/^moto\[server\]==//p' "$requirements")
CFN_LINT_VERSION=$(sed -n 's/^cfn-lint==//p' "$requirements")
REGEX_VERSION=$(sed -n 's/^regex==//p' "$requirements")

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        say "need root to run: $*"; return 1
    fi
}

ensure_swift() {
    if ! command -v swift >/dev/null; then
        say "the Swift toolchain (6.1 or newer) is not on PATH; install it from swift.org first"
        exit 1
    fi
}

# Foundation's URLSession and XMLParser load libcurl and libxml2 at run time; streamstack
# calls libcurl itself for a CA bundle of the user's, so it builds against libcurl's headers;
# zlib reads gzip-compressed deliveries.
ensure_system_libraries() {
    local missing=()
    ldconfig -p | grep -q 'libcurl\.so\.4' || missing+=(libcurl4)
    [ -e /usr/include/curl/curl.h ] || [ -e /usr/include/x86_64-linux-gnu/curl/curl.h ] ||
        [ -e /usr/include/aarch64-linux-gnu/curl/curl.h ] || missing+=(libcurl4-openssl-dev)
    ldconfig -p | grep -q 'libxml2\.so\.2' || missing+=(libxml2)
    command -v python3 >/dev/null || missing+=(python3)
    python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
    command -v curl >/dev/null || missing+=(curl)
    [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]} with apt-get"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Linking Foundation statically (scripts/install) needs libxml2's development link too.
ensure_static_link_libraries() {
    if [ ! -e /usr/lib/x86_64-linux-gnu/libxml2.so ] && [ ! -e /usr/lib/aarch64-linux-gnu/libxml2.so ]; then
        say "installing libxml2-dev with apt-get"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-dev >/dev/null
    fi
}

# CloudFormation's linter, which the tests run on what `synth` writes, pinned.
ensure_cfn_lint() {
    if python3 - "$CFN_LINT_VERSION" <<'PY' 2>/dev/null; then return; fi
import sys, importlib.metadata as m
import cfnlint.runner
sys.exit(0 if m.version("cfn-lint") == sys.argv[1] else 1)
PY
    say "installing cfn-lint==$CFN_LINT_VERSION from PyPI"
    python3 -m pip install -q "cfn-lint==$CFN_LINT_VERSION" ||
        python3 -m pip install -q --break-system-packages "cfn-lint==$CFN_LINT_VERSION"
}

# Java-style patterns (\p{L}) for the tests' walk of AWS's models, pinned.
ensure_regex() {
    if python3 - "$REGEX_VERSION" <<'PY' 2>/dev/null; then return; fi
import sys, importlib.metadata as m
import regex
sys.exit(0 if m.version("regex") == sys.argv[1] else 1)
PY
    say "installing regex==$REGEX_VERSION from PyPI"
    python3 -m pip install -q "regex==$REGEX_VERSION" ||
        python3 -m pip install -q --break-system-packages "regex==$REGEX_VERSION"
}

# The local AWS emulator the tests and the demo run against, pinned.
ensure_moto() {
    if python3 - "$MOTO_VERSION" <<'PY' 2>/dev/null; then return; fi
import sys, importlib.metadata as m
import flask, flask_cors, moto.server  # moto[server]'s extras
sys.exit(0 if m.version("moto") == sys.argv[1] else 1)
PY
    say "installing moto[server]==$MOTO_VERSION from PyPI"
    python3 -m pip install -q "moto[server]==$MOTO_VERSION" ||
        python3 -m pip install -q --break-system-packages "moto[server]==$MOTO_VERSION"
}
