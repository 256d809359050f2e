// The assertion policy (core/base/assert.h). This file is compiled in the release form (strict
// asserts off, whatever the build says): a broken invariant is logged with qCritical, naming the
// condition, file and line, and LEMM_VERIFY_OR_DEBUG_ASSERT takes its handling branch. The
// strict form runs in a helper process (assert_strict_helper) that must die in qFatal.
#define LEMM_ASSERTS_FORCE_RELEASE
#include "core/base/assert.h"

#include "core/base/cpu_budget.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <memory>

using namespace lemm::core;

namespace {

constexpr bool kBuiltStrict = LEMM_STRICT_ASSERTS_BUILD; // how lemm_core itself was built

QStringList g_criticals;

void collect(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtCriticalMsg)
        g_criticals << message;
}

// Installs the collector for one test and restores the previous handler.
struct CollectCriticals {
    QtMessageHandler previous;
    CollectCriticals() : previous(qInstallMessageHandler(&collect)) { g_criticals.clear(); }
    ~CollectCriticals() { qInstallMessageHandler(previous); }
};

constexpr int kHandledLine = __LINE__ + 3; // the assertion's line in handled()
int handled(int value)
{
    LEMM_VERIFY_OR_DEBUG_ASSERT(value > 0)
    {
        return -1;
    }
    return value;
}

struct HelperRun {
    QProcess::ExitStatus status = QProcess::NormalExit;
    int code = 0;
    QString out;
    QString err;
};

HelperRun runHelper(const QString &mode)
{
    QProcess p;
    p.start(QStringLiteral(LEMM_ASSERT_HELPER), {mode});
    if (!p.waitForFinished(30000))
        qFatal("assert_strict_helper %s did not finish", qPrintable(mode));
    return {p.exitStatus(), p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class AssertTest : public QObject
{
    Q_OBJECT

private slots:
    void releaseVerifyLogsAndHandles()
    {
        CollectCriticals collector;
        QCOMPARE(handled(5), 5);
        QVERIFY(g_criticals.isEmpty());
        QCOMPARE(handled(0), -1);
        QCOMPARE(g_criticals.size(), 1);
        const QString m = g_criticals.first();
        QVERIFY2(m.contains(QStringLiteral("assertion failed: \"value > 0\"")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("assert_test.cpp:%1").arg(kHandledLine)), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("handled")), qPrintable(m));
    }

    void releaseDebugAssertLogsAndContinues()
    {
        CollectCriticals collector;
        int evaluated = 0;
        LEMM_DEBUG_ASSERT(++evaluated == 1); // holds: nothing logged, evaluated once
        QCOMPARE(evaluated, 1);
        QVERIFY(g_criticals.isEmpty());
        bool reached = false;
        LEMM_DEBUG_ASSERT(evaluated == 2);
        reached = true;
        QVERIFY(reached);
        QCOMPARE(g_criticals.size(), 1);
        QVERIFY2(g_criticals.first().contains(QStringLiteral("\"evaluated == 2\"")),
                 qPrintable(g_criticals.first()));
    }

    void strictFormAborts_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("condition");
        QTest::addRow("verify") << "verify"
                                << "zero == 1";
        QTest::addRow("debug") << "debug"
                               << "zero == 1";
    }
    void strictFormAborts()
    {
        QFETCH(QString, mode);
        QFETCH(QString, condition);
        const HelperRun run = runHelper(mode);
        QCOMPARE(run.status, QProcess::CrashExit);
        QVERIFY2(!run.out.contains(QStringLiteral("survived")), qPrintable(run.out));
        static const QRegularExpression where(
            QStringLiteral("assertion failed: \"([^\"]+)\" in .* at .*assert_strict_helper\\.cpp:"
                           "[0-9]+"));
        const auto m = where.match(run.err);
        QVERIFY2(m.hasMatch(), qPrintable(run.err));
        QCOMPARE(m.captured(1), condition);
    }

    void helperSurvivesUnknownMode()
    {
        // The death test above is not a crash of any kind: the helper returns normally when
        // told nothing to break.
        const HelperRun run = runHelper(QStringLiteral("nothing"));
        QCOMPARE(run.status, QProcess::NormalExit);
        QCOMPARE(run.code, 2);
    }

    void cpuBudgetOnAnotherThread()
    {
        if (kBuiltStrict) {
            const HelperRun run = runHelper(QStringLiteral("cpu-budget"));
            QCOMPARE(run.status, QProcess::CrashExit);
            QVERIFY2(run.err.contains(QStringLiteral("QThread::currentThread() == m_thread")),
                     qPrintable(run.err));
            return;
        }
        CollectCriticals collector;
        const CpuBudget budget(1e-9); // spent at once: on its own thread the check fails
        while (budget.usedSec() <= 1e-9) {
        }
        QVERIFY(!budget.check(QStringLiteral("here")));
        bool passed = false;
        std::unique_ptr<QThread> other(
            QThread::create([&] { passed = bool(budget.check(QStringLiteral("there"))); }));
        other->start();
        QVERIFY(other->wait(10000));
        QVERIFY(passed);
        QCOMPARE(g_criticals.size(), 1);
    }
};

QTEST_GUILESS_MAIN(AssertTest)
#include "assert_test.moc"
