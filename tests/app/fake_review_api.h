#pragma once
// A ReviewApi for tests: returns the canned values a test sets (or an error), records every
// call, and completes at once (the coroutines never suspend). Votes cast while `offline` is set
// are kept in a list like the offline cache keeps them. GUI thread.
//
// Members are returned as copies: QCoro's Task<T> moves from an lvalue of another type that a
// coroutine co_returns, which would empty the canned value after its first use.

#include "app/review_api.h"

#include <QHash>
#include <QStringList>

namespace lemm::test {

class FakeReviewApi : public app::ReviewApi
{
public:
    app::ReviewQueue queue;
    app::ReviewDetail detail;
    core::PeakEnvelope envelope;
    app::Preview snippet;
    QHash<QString, QByteArray> snippetBytes; // per track, instead of snippet.bytes
    std::optional<app::ApiError> failure;    // every call answers it when set
    bool offline = false;
    bool queueFromCache = false;
    QList<app::QueuedVote> kept;
    QStringList calls; // "queue all age", "review ID", "peaks ID", "preview ID 10.0 5.0", …

    QCoro::Task<app::ApiResult<app::ReviewQueue>> reviewQueue(QString state, QString sort) override
    {
        calls << QStringLiteral("queue %1 %2").arg(state, sort);
        if (failure)
            co_return app::ApiError(*failure); // a copy: QCoro moves from an lvalue
        app::ApiResult<app::ReviewQueue> r(queue);
        r.setFromCache(queueFromCache);
        co_return r;
    }
    QCoro::Task<app::ApiResult<app::ReviewDetail>> review(QString trackId) override
    {
        calls << QStringLiteral("review ") + trackId;
        if (failure)
            co_return app::ApiError(*failure); // a copy: QCoro moves from an lvalue
        app::ReviewDetail d = detail;
        d.trackId = trackId;
        co_return d;
    }
    QCoro::Task<app::ApiResult<core::PeakEnvelope>> peaks(QString trackId) override
    {
        calls << QStringLiteral("peaks ") + trackId;
        if (failure)
            co_return app::ApiError(*failure); // a copy: QCoro moves from an lvalue
        co_return core::PeakEnvelope(envelope);
    }
    QCoro::Task<app::ApiResult<app::Preview>> preview(QString trackId, double start,
                                                      double duration) override
    {
        calls << QStringLiteral("preview %1 %2 %3")
                     .arg(trackId)
                     .arg(start, 0, 'f', 1)
                     .arg(duration, 0, 'f', 1);
        if (failure)
            co_return app::ApiError(*failure); // a copy: QCoro moves from an lvalue
        app::Preview p = snippet;
        p.bytes = snippetBytes.value(trackId, snippet.bytes);
        p.startSec = start;
        p.durationSec = duration;
        co_return p;
    }
    QCoro::Task<app::ApiResult<app::VoteOutcome>> vote(QString trackId, QString vote,
                                                       QString note) override
    {
        calls << QStringLiteral("vote %1 %2 %3").arg(trackId, vote, note);
        if (failure)
            co_return app::ApiError(*failure); // a copy: QCoro moves from an lvalue
        if (offline) {
            app::QueuedVote v;
            v.id = kept.size() + 1;
            v.trackId = trackId;
            v.vote = vote;
            v.note = note;
            v.state = QStringLiteral("queued");
            kept << v;
            co_return app::VoteOutcome{trackId, vote, QString(), {}, true};
        }
        co_return app::VoteOutcome{trackId, vote, QStringLiteral("pending_review"), {}, false};
    }
    QList<app::QueuedVote> offlineVotes() const override { return kept; }
    QCoro::Task<app::ApiResult<app::QueuedVotesSent>> sendQueuedVotes() override
    {
        calls << QStringLiteral("send queued");
        app::QueuedVotesSent sent;
        for (app::QueuedVote &v : kept)
            if (v.state == QLatin1String("queued")) {
                v.state = QStringLiteral("conflict");
                v.problem = QStringLiteral("decided meanwhile");
                ++sent.conflicts;
            }
        co_return sent;
    }
};

} // namespace lemm::test
