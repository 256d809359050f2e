#!/bin/bash
# Fails when a user-visible string of the desktop client (app/, ui/) has no finished German
# translation: lupdate extracts the strings of today's sources into a copy of lemm_de.ts (the
# file in the repository is not touched), and every message that is new or unfinished there is
# listed. Regenerate with: lupdate app ui -ts translations/lemm_en.ts translations/lemm_de.ts
set -euo pipefail
lupdate=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/translations/lemm_de.ts" "$work/lemm_de.ts"
cd "$root"
"$lupdate" -silent -no-obsolete -locations none app ui -ts "$work/lemm_de.ts" >/dev/null
python3 - "$work/lemm_de.ts" <<'PY'
import sys
import xml.etree.ElementTree as ET
missing = []
for ctx in ET.parse(sys.argv[1]).getroot().iter('context'):
    name = ctx.findtext('name')
    for m in ctx.iter('message'):
        t = m.find('translation')
        if t is None or t.get('type') in ('unfinished',) or (not (t.text or '').strip() and not list(t)):
            missing.append(f'{name}: {m.findtext("source")!r}')
for line in missing[:200]:
    print('untranslated:', line)
if missing:
    print(f'translations_check: {len(missing)} strings without a German translation')
    sys.exit(1)
print('translations_check: every string of app/ and ui/ has a German translation')
PY
