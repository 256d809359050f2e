#pragma once
// Prompt moderation (spec §6.3) as a pure function over admin-managed rule lists: a prompt that
// names a commercial song is an explicit_song_reference, one that names a non-participating
// artist is named_artist; anything else (genres, eras, moods) is generic_style. Participating
// artists who allow per-artist adapters are not flagged. Matching ignores case, accents and
// punctuation and respects word boundaries ("Adele" does not match "adelente").

#include <QList>
#include <QString>

namespace lemm::core {

struct PromptRule {
    QString kind; // "song", "artist", "participating_artist"
    QString phrase;
};

struct PromptSpan {
    int start = 0; // in the original prompt (UTF-16 code units)
    int length = 0;
    QString kind;
    QString phrase;
};

struct PromptVerdict {
    QString category; // "explicit_song_reference", "named_artist", "generic_style"
    QList<PromptSpan> spans;
};

PromptVerdict classifyPrompt(const QString &prompt, const QList<PromptRule> &rules);

// The comparable form of a text: lower case, accents removed, punctuation as spaces.
QString foldForMatching(const QString &text);

} // namespace lemm::core
