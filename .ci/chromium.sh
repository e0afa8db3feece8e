#!/usr/bin/env bash
# Installs Debian's Chromium for the live page's browser tests (PuppeteerSharp drives it; nothing downloads a browser).
# Prints nothing on success; the tests skip visibly if it is still missing.
set -uo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
echo "installing Chromium for the browser tests..." >&2
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core) >&2
command -v chromium >/dev/null 2>&1
