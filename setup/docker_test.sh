#!/usr/bin/env bash
# Runs setup/test.sh inside the project's Odoo image (the official odoo:18 with the OCA
# addons the manifests depend on, see the Dockerfile; docker compose --profile test run
# --rm test [PYTEST ARGS]), after adding what the tests need and the image lacks:
#   - a Chromium for the browser tours. The image is Ubuntu 24.04, whose chromium package
#     is only a stub that installs a snap, which cannot run in a container: on amd64 this
#     installs Google Chrome's own package, elsewhere the Chromium build of Playwright;
#   - the Python test tools of setup/requirements-test.txt.
# Runs as root (the compose file's test service does) to install them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ "$(id -u)" = 0 ] || {
    echo "ERROR: setup/docker_test.sh installs packages and must run as root." >&2
    exit 2
}

have_browser() {
    local name
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$name" >/dev/null && return 0
    done
    return 1
}

if ! have_browser; then
    echo "Installing a headless browser for the tours" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    if [ "$(dpkg --print-architecture)" = amd64 ]; then
        curl -fsSL -o /tmp/google-chrome.deb \
            https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb
        apt-get install -y -qq --no-install-recommends /tmp/google-chrome.deb >/dev/null
        rm -f /tmp/google-chrome.deb
    else
        pip3 install --break-system-packages -q playwright
        python3 -m playwright install --with-deps chromium >/dev/null
        chrome=$(find /root/.cache/ms-playwright -type f -name chrome -path '*chrome-linux*' | head -n 1)
        ln -sf "$chrome" /usr/local/bin/chromium
    fi
fi

pip3 install --break-system-packages -q -r setup/requirements-test.txt
# The repository is mounted read-only: no pytest cache.
ODOO_FROM_PACKAGE=1 exec bash setup/test.sh -p no:cacheprovider "$@"
