#!/usr/bin/env bash
# Installs everything Met Twins needs on a fresh Debian or Ubuntu machine with Node.js 20 or newer:
# system packages (faiss, OpenBLAS, Chromium for the browser tests), npm dependencies and the native
# addons. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    libfaiss-dev libopenblas0-pthread libopenblas-dev liblapack-dev libgomp1 \
    build-essential python3 chromium fonts-dejavu-core ca-certificates >/dev/null
else
  echo "setup: apt-get not found; install faiss (libfaiss), OpenBLAS and Chromium with your package manager" >&2
fi

# onnxruntime-node would download CUDA libraries at install time; the CPU provider is bundled.
export ONNXRUNTIME_NODE_INSTALL=skip

# Install scripts are skipped during `npm ci`, because faiss-node's own step clones faiss from GitHub.
# The native addons are built one by one below instead.
npm ci --ignore-scripts --no-audit --no-fund
npm rebuild better-sqlite3 sharp onnxruntime-node
npm run native:faiss
echo "setup: done"
