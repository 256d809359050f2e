#pragma once
// Numbers the requests of one kind a view makes (the queue, the detail, the list of tracks…) so
// that only the answer to the newest is shown: an older reply that lands after a newer request
// started is dropped, whatever the order the server answers in. A view keeps one
// RequestGeneration per kind as a member; each request takes a Ticket and checks it after every
// co_await. The completion signal a view emits carries the ticket's number, so a caller (or a
// test) waits for the answer to its own request, never for "any" answer.
//
// Ownership: the RequestGeneration owns the counter; a Ticket only watches it, so a Ticket
// outliving its view (a coroutine resumed after the view was deleted) reads "not current" and
// touches nothing. GUI thread (not thread-safe).

#include <QtGlobal>

#include <memory>

namespace lemm::app {

class RequestGeneration
{
public:
    class Ticket
    {
    public:
        // 1, 2, 3… in the order the requests of this kind started.
        quint64 number() const { return m_number; }
        // No newer request of this kind has started, and the view still exists.
        bool current() const
        {
            const auto latest = m_latest.lock();
            return latest && *latest == m_number;
        }

    private:
        friend class RequestGeneration;
        Ticket(std::weak_ptr<const quint64> latest, quint64 number)
            : m_latest(std::move(latest)), m_number(number)
        {
        }
        std::weak_ptr<const quint64> m_latest;
        quint64 m_number;
    };

    // Starts a request of this kind: every earlier ticket stops being current.
    Ticket next()
    {
        ++*m_latest;
        return Ticket(m_latest, *m_latest);
    }
    // Drops the answers in flight without starting a request (e.g. the previews of a submission
    // that is no longer open).
    void invalidate() { ++*m_latest; }
    // The number of the newest request (0: none yet).
    quint64 latest() const { return *m_latest; }

private:
    std::shared_ptr<quint64> m_latest = std::make_shared<quint64>(0);
};

} // namespace lemm::app
