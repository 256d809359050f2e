#!/bin/bash
# Fails when any C++ file of the project differs from what .clang-format would make of it.
set -euo pipefail
clang_format=$1
root=$2
cd "$root"
mapfile -t files < <(find app bench core server ui tests -name '*.cpp' -o -name '*.h' | sort)
"$clang_format" --dry-run --Werror "${files[@]}"
echo "format_check: ${#files[@]} files formatted"
