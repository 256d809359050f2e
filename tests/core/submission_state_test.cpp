// Every (state, event) pair of the submission state machine against an independent table.
#include "core/domain/submission_state.h"

#include <QTest>

using namespace lemm::core;

class SubmissionStateTest : public QObject
{
    Q_OBJECT

private:
    // The legal transitions of spec §3.3–§3.4 as this test reads them (written independently
    // of the implementation's table).
    static QHash<QString, QString> expected()
    {
        return {
            {QStringLiteral("submitted|checks_started"),
             QStringLiteral("pending_automated_checks")},
            {QStringLiteral("pending_automated_checks|checks_passed"),
             QStringLiteral("pending_review")},
            {QStringLiteral("pending_automated_checks|auto_rejected"), QStringLiteral("rejected")},
            {QStringLiteral("pending_automated_checks|checks_failed"),
             QStringLiteral("pending_review")},
            {QStringLiteral("pending_review|approved"), QStringLiteral("accepted")},
            {QStringLiteral("pending_review|rejected"), QStringLiteral("rejected")},
            {QStringLiteral("rejected|appealed"), QStringLiteral("dispute_pending")},
            {QStringLiteral("dispute_pending|appeal_upheld"), QStringLiteral("accepted")},
            {QStringLiteral("dispute_pending|appeal_denied"), QStringLiteral("rejected_final")},
            {QStringLiteral("accepted|claim_filed"), QStringLiteral("under_investigation")},
            {QStringLiteral("pending_review|claim_filed"), QStringLiteral("under_investigation")},
            {QStringLiteral("under_investigation|claim_dismissed"), QStringLiteral("accepted")},
            {QStringLiteral("under_investigation|claim_sustained_reject"),
             QStringLiteral("rejected_final")},
            {QStringLiteral("under_investigation|claim_sustained_remove"),
             QStringLiteral("removed")},
            {QStringLiteral("submitted|revoked"), QStringLiteral("removed")},
            {QStringLiteral("pending_automated_checks|revoked"), QStringLiteral("removed")},
            {QStringLiteral("pending_review|revoked"), QStringLiteral("removed")},
            {QStringLiteral("accepted|revoked"), QStringLiteral("removed")},
            {QStringLiteral("dispute_pending|revoked"), QStringLiteral("removed")},
            {QStringLiteral("under_investigation|revoked"), QStringLiteral("removed")},
            {QStringLiteral("rejected|revoked"), QStringLiteral("rejected")},
            {QStringLiteral("rejected_final|revoked"), QStringLiteral("rejected_final")},
        };
    }

private Q_SLOTS:
    void everyPair_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("event");
        QTest::addColumn<QString>("next"); // empty: illegal
        const auto table = expected();
        for (SubmissionState s : allSubmissionStates())
            for (SubmissionEvent e : allSubmissionEvents()) {
                const QString key = toString(s) + QLatin1Char('|') + toString(e);
                QTest::addRow("%s", qPrintable(key)) << int(s) << int(e) << table.value(key);
            }
    }

    void everyPair()
    {
        QFETCH(int, state);
        QFETCH(int, event);
        QFETCH(QString, next);
        const auto r = transition(SubmissionState(state), SubmissionEvent(event));
        if (next.isEmpty()) {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().kind, ErrorKind::Conflict);
            QCOMPARE(r.error().code, QStringLiteral("illegal_transition"));
            QVERIFY(r.error().message.contains(toString(SubmissionState(state))));
            QVERIFY(r.error().message.contains(toString(SubmissionEvent(event))));
        } else {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            QCOMPARE(toString(r.value()), next);
        }
    }

    void tableSizes()
    {
        QCOMPARE(allSubmissionStates().size(), 9);
        QCOMPARE(allSubmissionEvents().size(), 14);
    }

    void namesRoundTrip()
    {
        for (SubmissionState s : allSubmissionStates()) {
            auto parsed = parseSubmissionState(toString(s));
            QVERIFY(parsed.ok());
            QVERIFY(parsed.value() == s);
        }
        QVERIFY(!parseSubmissionState(QStringLiteral("approved-ish")).ok());
    }

    void onlyAcceptedIsTrainingEligible()
    {
        for (SubmissionState s : allSubmissionStates())
            QCOMPARE(isTrainingEligibleState(s), s == SubmissionState::Accepted);
    }
};

QTEST_GUILESS_MAIN(SubmissionStateTest)
#include "submission_state_test.moc"
