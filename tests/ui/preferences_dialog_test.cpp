// The preferences (server URL, language, cache limit, audio output) round-trip through QSettings
// (this test's own scope) and the dialog; a licence id is shown in words.
#include "ui/format.h"
#include "ui/preferences_dialog.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::ui;

class PreferencesDialogTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("lemm-test"));
        QCoreApplication::setApplicationName(QStringLiteral("preferences-dialog-test"));
    }

    void roundTripThroughSettingsAndTheDialog()
    {
        const Preferences defaults = Preferences::load();
        QCOMPARE(defaults.language, QString());
        Preferences p;
        p.serverUrl = QStringLiteral("https://vault.example.org");
        p.language = QStringLiteral("de");
        p.cacheLimitMb = 42;
        p.save();
        const Preferences loaded = Preferences::load();
        QCOMPARE(loaded.serverUrl, p.serverUrl);
        QCOMPARE(loaded.language, QStringLiteral("de"));
        QCOMPARE(loaded.cacheLimitMb, 42);

        PreferencesDialog dialog(loaded);
        auto *language = dialog.findChild<QComboBox *>(QStringLiteral("language"));
        QVERIFY(language);
        QVERIFY(language->findData(QStringLiteral("en")) >= 0);
        QCOMPARE(language->currentData().toString(), QStringLiteral("de"));
        QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("cacheLimit"))->value(), 42);
        auto *audio = dialog.findChild<QComboBox *>(QStringLiteral("audioDevice"));
        QVERIFY(audio && audio->count() >= 1);
        QVERIFY(audio->itemData(0).toByteArray().isEmpty()); // the system's default first
        dialog.findChild<QLineEdit *>(QStringLiteral("serverUrl"))
            ->setText(QStringLiteral("other.example.org:9000"));
        language->setCurrentIndex(language->findData(QStringLiteral("en")));
        const Preferences edited = dialog.preferences();
        QCOMPARE(edited.language, QStringLiteral("en"));
        QVERIFY(edited.serverUrl.contains(QStringLiteral("other.example.org")));
    }

    void aHostileStoredLimitIsBounded()
    {
        QSettings().setValue(QStringLiteral("preferences/cache_limit_mb"), -5);
        QVERIFY(Preferences::load().cacheLimitMb > 0);
        QSettings().setValue(QStringLiteral("preferences/cache_limit_mb"), QStringLiteral("lots"));
        QVERIFY(Preferences::load().cacheLimitMb > 0);
    }

    void licenceIdsInWords()
    {
        QCOMPARE(licenceName(QStringLiteral("lemm_training_only_v1")),
                 QStringLiteral("LEMM training only, version 1"));
        QCOMPARE(licenceName(QStringLiteral("cc-by-4")), QStringLiteral("CC by 4"));
        QCOMPARE(licenceName(QString()), QString());
    }
};

QTEST_MAIN(PreferencesDialogTest)
#include "preferences_dialog_test.moc"
