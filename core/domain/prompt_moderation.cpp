#include "core/domain/prompt_moderation.h"

namespace lemm::core {

namespace {

// Folds each character of `text`, keeping for every folded character the index of the
// original character it came from.
QString fold(const QString &text, QList<int> *origin)
{
    QString out;
    for (int i = 0; i < text.size(); ++i) {
        const QString decomposed = QString(text.at(i)).normalized(QString::NormalizationForm_KD);
        for (const QChar c : decomposed) {
            if (c.category() == QChar::Mark_NonSpacing)
                continue;
            const QChar f = c.isLetterOrNumber() ? c.toLower() : QLatin1Char(' ');
            if (f == QLatin1Char(' ') && (out.isEmpty() || out.back() == QLatin1Char(' ')))
                continue; // collapse separators
            out.append(f);
            if (origin)
                origin->append(i);
        }
    }
    while (out.endsWith(QLatin1Char(' '))) {
        out.chop(1);
        if (origin)
            origin->removeLast();
    }
    return out;
}

} // namespace

QString foldForMatching(const QString &text)
{
    return fold(text, nullptr);
}

PromptVerdict classifyPrompt(const QString &prompt, const QList<PromptRule> &rules)
{
    QList<int> origin;
    const QString hay = fold(prompt, &origin);
    PromptVerdict v;
    bool song = false, artist = false;
    for (const PromptRule &r : rules) {
        const QString needle = foldForMatching(r.phrase);
        if (needle.isEmpty())
            continue;
        for (qsizetype at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
            const qsizetype end = at + needle.size();
            const bool startsWord = at == 0 || hay.at(at - 1) == QLatin1Char(' ');
            const bool endsWord = end == hay.size() || hay.at(end) == QLatin1Char(' ');
            if (!startsWord || !endsWord)
                continue;
            PromptSpan s;
            s.start = origin.at(at);
            s.length = origin.at(end - 1) - s.start + 1;
            s.kind = r.kind;
            s.phrase = r.phrase;
            v.spans << s;
            song = song || r.kind == QLatin1String("song");
            artist = artist || r.kind == QLatin1String("artist");
        }
    }
    std::sort(v.spans.begin(), v.spans.end(),
              [](const PromptSpan &a, const PromptSpan &b) { return a.start < b.start; });
    v.category = song     ? QStringLiteral("explicit_song_reference")
                 : artist ? QStringLiteral("named_artist")
                          : QStringLiteral("generic_style");
    return v;
}

} // namespace lemm::core
