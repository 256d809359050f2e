#!/bin/bash
# Fails when a file includes a header of a layer it may not depend on. The build enforces the
# same through per-target include directories (cmake/LemmHelpers.cmake lemm_export_headers);
# this check also catches relative paths ("../server/x.h") and files no target compiles.
#   core/    includes core/ only
#   server/  includes core/ and server/
#   ui/      includes core/ and ui/
#   app/     includes core/, ui/ and app/
#   core/base includes no other folder of core/; core/domain, core/audio and core/crypto
#   include core/base; core/similarity includes core/base, core/audio and core/crypto
#   server/ in layers, each including only those below it (server/*/README.md):
#   base <- storage <- services <- similarity <- http <- cli
set -euo pipefail
cd "$1"
forbidden() { # folder, pattern of forbidden include targets
    grep -rnE --include='*.h' --include='*.cpp' --include='*.h.in' \
        "^[[:space:]]*#[[:space:]]*include[[:space:]]*[\"<]([./]*/)?($2)/" "$1" || true
}
bad=$(
    forbidden core 'server|ui|app|tests|support'
    forbidden server 'ui|app|tests|support'
    forbidden ui 'server|app|tests|support'
    forbidden app 'server|tests|support'
    # Inside core/ (core/*/README.md): base includes nothing else of core; domain, audio and
    # crypto include base; similarity includes base, audio and crypto.
    forbidden core/base 'core/(domain|audio|similarity|crypto)'
    forbidden core/domain 'core/(audio|similarity|crypto)'
    forbidden core/audio 'core/(domain|similarity|crypto)'
    forbidden core/crypto 'core/(domain|audio|similarity)'
    forbidden core/similarity 'core/domain'
    forbidden server/base 'server/(storage|services|similarity|http|cli)'
    forbidden server/storage 'server/(services|similarity|http|cli)'
    forbidden server/services 'server/(similarity|http|cli)'
    forbidden server/similarity 'server/(http|cli)'
    forbidden server/http 'server/cli'
    grep -rnE --include='*.h' --include='*.cpp' '^[[:space:]]*#[[:space:]]*include[[:space:]]*"\.\./' core server ui app || true
)
if [ -n "$bad" ]; then
    echo "layering_check: forbidden includes:" >&2
    echo "$bad" >&2
    exit 1
fi
echo "layering_check: core, server, ui and app include only what they may"
