// The desktop views' guard against late answers (app/request_generation.h): a newer request of
// a kind makes every older ticket stale, an answer that lands after a newer request started is
// dropped whatever the order the answers arrive in, and a ticket that outlives its view reads
// stale instead of reaching into freed memory.
#include "app/request_generation.h"

#include <QCoroSignal>
#include <QCoroTask>
#include <QObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using lemm::app::RequestGeneration;

namespace {

// Stands in for one request's network reply: the test releases each when it chooses.
class Gate : public QObject
{
    Q_OBJECT
public:
    explicit Gate(int request) : request(request) {}
    const int request;
Q_SIGNALS:
    void released();
};

// What a view's loader does: waits for its answer, then shows it only if still current.
class FakeView : public QObject
{
    Q_OBJECT
public:
    quint64 reload(Gate *reply)
    {
        const RequestGeneration::Ticket ticket = m_requests.next();
        QCoro::connect(load(reply, ticket), this, [] {});
        return ticket.number();
    }
    int answered = 0; // answers that arrived, shown or dropped
    int shown = 0;    // the request whose answer the view shows

Q_SIGNALS:
    void loaded(int request, quint64 generation);

private:
    QCoro::Task<> load(Gate *reply, RequestGeneration::Ticket ticket)
    {
        co_await qCoro(reply, &Gate::released);
        ++answered;
        if (!ticket.current())
            co_return;
        shown = reply->request;
        Q_EMIT loaded(reply->request, ticket.number());
    }

    RequestGeneration m_requests;
};

} // namespace

class RequestGenerationTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aNewerRequestMakesOlderTicketsStale()
    {
        RequestGeneration kind;
        QCOMPARE(kind.latest(), quint64(0));
        const auto first = kind.next();
        QVERIFY(first.current());
        const auto second = kind.next();
        QCOMPARE(first.number(), quint64(1));
        QCOMPARE(second.number(), quint64(2));
        QCOMPARE(kind.latest(), quint64(2));
        QVERIFY(!first.current());
        QVERIFY(second.current());
        kind.invalidate(); // e.g. another submission opened: its previews are not wanted
        QVERIFY(!second.current());
        QCOMPARE(kind.latest(), quint64(3));
        // Kinds are independent.
        RequestGeneration other;
        const auto mine = other.next();
        kind.next();
        QVERIFY(mine.current());
    }

    void aTicketOutlivingItsViewIsStale()
    {
        auto kind = std::make_unique<RequestGeneration>();
        const auto ticket = kind->next();
        QVERIFY(ticket.current());
        kind.reset(); // the view was deleted while its request was in flight
        QVERIFY(!ticket.current());
    }

    void lateAnswersAreDropped_data()
    {
        QTest::addColumn<bool>("olderLandsFirst");
        QTest::addRow("older answer lands last") << false;
        QTest::addRow("older answer lands first") << true;
    }

    void lateAnswersAreDropped()
    {
        QFETCH(bool, olderLandsFirst);
        Gate first(1), second(2);
        FakeView view;
        QSignalSpy loaded(&view, &FakeView::loaded);
        const quint64 older = view.reload(&first);
        const quint64 newer = view.reload(&second);
        QVERIFY(newer > older);
        if (olderLandsFirst) {
            Q_EMIT first.released();
            Q_EMIT second.released();
        } else {
            Q_EMIT second.released();
            Q_EMIT first.released();
        }
        QTRY_COMPARE_WITH_TIMEOUT(view.answered, 2, 5000);
        // Either way only the newer answer is shown, once.
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.first().at(0).toInt(), 2);
        QCOMPARE(loaded.first().at(1).toULongLong(), newer);
        QCOMPARE(view.shown, 2);
    }

    void aLoneRequestIsShown()
    {
        Gate only(7);
        FakeView view;
        QSignalSpy loaded(&view, &FakeView::loaded);
        const quint64 generation = view.reload(&only);
        Q_EMIT only.released();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(loaded.first().at(0).toInt(), 7);
        QCOMPARE(loaded.first().at(1).toULongLong(), generation);
    }
};

QTEST_GUILESS_MAIN(RequestGenerationTest)
#include "request_generation_test.moc"
