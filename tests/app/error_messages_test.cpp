// The error-code table of the client (app/error_messages.h): every error code the server and
// core sources can answer with has a sentence for people, found by scanning the sources
// (LEMM_SOURCE_DIR) for the codes given to Error::make and to the helpers that pass a code on;
// ApiError::userMessage() uses the table and falls back to the server's message.
#include "app/api_result.h"
#include "app/error_messages.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace lemm::app;

namespace {

// Functions that take an error code as a parameter and hand it to Error::make: their callers'
// literal codes count. A new helper of that kind must be named here (checked
// below).
const QStringList kCodeHelpers{
    QStringLiteral("packRefused"),     QStringLiteral("previewNotAllowed"),
    QStringLiteral("tokenError"),      QStringLiteral("resetTokenError"),
    QStringLiteral("unauthorized"),    QStringLiteral("errorResponse"),
    QStringLiteral("storeError"),      QStringLiteral("treeError"),
    QStringLiteral("rejectForSanity"), QStringLiteral("dspError"),
    QStringLiteral("s3Error"),
};

// The arguments of the call whose '(' is at `open`, split at top-level commas.
QStringList callArguments(const QString &text, qsizetype open)
{
    QStringList args{QString()};
    int depth = 0;
    bool inString = false;
    for (qsizetype i = open + 1; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            if (c == QLatin1Char('\\'))
                args.last() += text.at(i++);
            else if (c == QLatin1Char('"'))
                inString = false;
        } else if (c == QLatin1Char('"')) {
            inString = true;
        } else if (c == QLatin1Char('(') || c == QLatin1Char('{')) {
            ++depth;
        } else if (c == QLatin1Char(')') || c == QLatin1Char('}')) {
            if (depth-- == 0)
                return args;
        } else if (c == QLatin1Char(',') && depth == 0) {
            args << QString();
            continue;
        }
        args.last() += c;
    }
    return args;
}

struct Scan {
    QSet<QString> codes;
    QStringList unexplained; // Error::make calls whose code is neither a literal nor passed on
    QStringList helpers;     // functions with a `code` parameter
};

void scanFile(const QString &text, const QString &name, Scan &scan)
{
    static const QRegularExpression call(
        QStringLiteral("\\b(Error::make|%1)\\(").arg(kCodeHelpers.join(QLatin1Char('|'))));
    static const QRegularExpression literal(QStringLiteral("\"([a-z][a-z0-9]*(?:_[a-z0-9]+)*)\""));
    static const QRegularExpression passedOn(
        QStringLiteral("^\\s*(?:QString::fromLatin1\\()?(?:code|[\\w.()]+\\.code)\\)?\\s*$"));
    static const QRegularExpression helperDef(QStringLiteral(
        "\\b(\\w+)\\s*(?:=\\s*\\[\\])?\\s*\\([^()]*const (?:QString &|char \\*)code\\b"));
    for (auto m = call.globalMatch(text); m.hasNext();) {
        const auto hit = m.next();
        const QStringList args = callArguments(text, hit.capturedEnd() - 1);
        const bool make = hit.captured(1) == QLatin1String("Error::make");
        // Error::make(kind, code, ...) and dspError(kind, code, ...); the others take the code
        // first.
        const bool kindFirst = make || hit.captured(1) == QLatin1String("dspError");
        const QString codeArg = args.value(kindFirst ? 1 : 0);
        bool found = false;
        for (auto l = literal.globalMatch(codeArg); l.hasNext();) {
            scan.codes.insert(l.next().captured(1));
            found = true;
        }
        if (!found && make && !passedOn.match(codeArg).hasMatch())
            scan.unexplained << QStringLiteral("%1: %2").arg(name, codeArg.simplified());
    }
    for (auto m = helperDef.globalMatch(text); m.hasNext();)
        scan.helpers << m.next().captured(1);
}

Scan scanSources()
{
    Scan scan;
    for (const char *dir : {"server", "core"}) {
        QDirIterator it(QStringLiteral(LEMM_SOURCE_DIR "/") + QLatin1String(dir),
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly))
                scanFile(QString::fromUtf8(f.readAll()), f.fileName(), scan);
        }
    }
    return scan;
}

} // namespace

class ErrorMessagesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyServerCodeHasASentence()
    {
        const Scan scan = scanSources();
        // The scan itself works: codes known to exist are found.
        for (const char *known : {"invalid_token", "link_used", "forbidden", "too_many_attempts",
                                  "route_not_found", "window_too_large", "upload_too_large"})
            QVERIFY2(scan.codes.contains(QString::fromLatin1(known)), known);
        QVERIFY(scan.codes.size() > 100);
        QVERIFY2(scan.unexplained.isEmpty(), qPrintable(scan.unexplained.join(QLatin1Char('\n'))));
        for (const QString &helper : scan.helpers)
            QVERIFY2(kCodeHelpers.contains(helper),
                     qPrintable(helper + QStringLiteral(" passes a code on: add it to the list")));
        QStringList missing;
        for (const QString &code : scan.codes)
            if (errorMessageFor(code).isEmpty())
                missing << code;
        missing.sort();
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("no sentence for: ") +
                                               missing.join(QStringLiteral(", "))));
    }

    void tableIsSortedAndUnique()
    {
        const QStringList codes = knownErrorCodes();
        for (qsizetype i = 1; i < codes.size(); ++i)
            QVERIFY2(codes.at(i - 1).toLatin1() < codes.at(i).toLatin1(), qPrintable(codes.at(i)));
        for (const char *client : {"network_error", "cancelled", "bad_reply", "file_unreadable"})
            QVERIFY2(!errorMessageFor(QString::fromLatin1(client)).isEmpty(), client);
    }

    void userMessageUsesTheTableThenTheServersWords()
    {
        ApiError known;
        known.code = QStringLiteral("too_many_attempts");
        known.message = QStringLiteral("too many failed logins: locked for 300 s");
        QCOMPARE(known.userMessage(), errorMessageFor(known.code));
        QVERIFY(!known.userMessage().contains(QStringLiteral("300 s")));

        ApiError unknown;
        unknown.code = QStringLiteral("brand_new_code");
        unknown.message = QStringLiteral("the server's own words");
        QCOMPARE(unknown.userMessage(), unknown.message);
        QVERIFY(errorMessageFor(unknown.code).isEmpty());

        ApiError withFields;
        withFields.code = QStringLiteral("invalid_fields");
        withFields.fields = QJsonObject{{QStringLiteral("title"), QStringLiteral("is required")}};
        QVERIFY(withFields.userMessage().startsWith(errorMessageFor(withFields.code)));
        QVERIFY(withFields.userMessage().contains(QStringLiteral("title: is required")));

        ApiError bare;
        bare.code = QStringLiteral("http_502");
        QVERIFY(bare.userMessage().contains(QStringLiteral("http_502")));
    }
};

QTEST_GUILESS_MAIN(ErrorMessagesTest)
#include "error_messages_test.moc"
