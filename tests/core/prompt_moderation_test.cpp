// Prompt moderation (spec §6.3): categories, spans in the original text, folding of case,
// accents and punctuation, word boundaries, participating artists.
#include "core/domain/prompt_moderation.h"

#include <QTest>

using namespace lemm::core;

class PromptModerationTest : public QObject
{
    Q_OBJECT

    const QList<PromptRule> rules{
        {QStringLiteral("song"), QStringLiteral("Bohemian Rhapsody")},
        {QStringLiteral("artist"), QStringLiteral("Beyoncé")},
        {QStringLiteral("artist"), QStringLiteral("Adele")},
        {QStringLiteral("participating_artist"), QStringLiteral("Nova Arc")},
    };

private slots:
    void categories_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("category");
        QTest::addColumn<int>("spans");
        QTest::addRow("song") << "make it exactly like bohemian rhapsody please"
                              << "explicit_song_reference" << 1;
        QTest::addRow("song with punctuation") << "Bohemian-Rhapsody, but jazz"
                                               << "explicit_song_reference" << 1;
        QTest::addRow("song beats artist") << "Adele singing Bohemian Rhapsody"
                                           << "explicit_song_reference" << 2;
        QTest::addRow("artist with accent") << "in the style of BEYONCE"
                                            << "named_artist" << 1;
        QTest::addRow("artist as written") << "like Beyoncé in 2016"
                                           << "named_artist" << 1;
        QTest::addRow("inside another word") << "an adelente groove"
                                             << "generic_style" << 0;
        QTest::addRow("participating artist") << "in the style of Nova Arc"
                                              << "generic_style" << 1;
        QTest::addRow("generic") << "90s trip-hop, moody, rainy night"
                                 << "generic_style" << 0;
        QTest::addRow("empty") << ""
                               << "generic_style" << 0;
    }
    void categories()
    {
        QFETCH(QString, prompt);
        QFETCH(QString, category);
        QFETCH(int, spans);
        const PromptVerdict v = classifyPrompt(prompt, rules);
        QCOMPARE(v.category, category);
        QCOMPARE(v.spans.size(), spans);
    }

    void spansPointIntoTheOriginal()
    {
        const QString prompt = QStringLiteral("Hey!  Make a song like   Beyoncé's best");
        const PromptVerdict v = classifyPrompt(prompt, rules);
        QCOMPARE(v.spans.size(), 1);
        QCOMPARE(prompt.mid(v.spans[0].start, v.spans[0].length), QStringLiteral("Beyoncé"));
        QCOMPARE(v.spans[0].kind, QStringLiteral("artist"));
    }
};

QTEST_GUILESS_MAIN(PromptModerationTest)
#include "prompt_moderation_test.moc"
