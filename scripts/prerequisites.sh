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

# Installs PACKAGE==VERSION from PyPI unless that version of DISTRIBUTION is installed and its
# MODULES (comma-separated) import.
ensure_pinned() {
    local package=$1 distribution=$2 version=$3 modules=$4
    if python3 - "$distribution" "$version" "$modules" <<'PY' 2>/dev/null; then return; fi
import importlib, sys, importlib.metadata as m
for module in sys.argv[3].split(","):
    importlib.import_module(module)
sys.exit(0 if m.version(sys.argv[1]) == sys.argv[2] else 1)
PY
    say "installing $package==$version from PyPI"
    python3 -m pip install -q "$package==$version" ||
        python3 -m pip install -q --break-system-packages "$package==$version"
}

# CloudFormation's linter, which the tests run on what `synth` writes.
ensure_cfn_lint() { ensure_pinned cfn-lint cfn-lint "$CFN_LINT_VERSION" cfnlint.runner; }

# Java-style patterns (\p{L}) for the tests' walk of AWS's models.
ensure_regex() { ensure_pinned regex regex "$REGEX_VERSION" regex; }

# The local AWS emulator the tests and the demo run against, with moto[server]'s extras.
ensure_moto() { ensure_pinned "moto[server]" moto "$MOTO_VERSION" flask,flask_cors,moto.server; }
