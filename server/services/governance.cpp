#include "server/services/governance.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lemm::server {

namespace {

const QStringList kDecidedStates{QStringLiteral("accepted"), QStringLiteral("rejected"),
                                 QStringLiteral("rejected_final")};
const QStringList kCategories{QStringLiteral("approve"), QStringLiteral("reject"),
                              QStringLiteral("needs_more_info")};
const QString kPendingReview = QStringLiteral("pending_review");
const QString kDisputePending = QStringLiteral("dispute_pending");

double secondsBetween(const QDateTime &from, const QDateTime &to)
{
    return double(from.msecsTo(to)) / 1000.0;
}

// One track's history: a contiguous run of `rows.history`.
struct TrackSpan {
    QString trackId;
    QList<HistoryMove> entries;
};

// Rows that did not move the track (a vote recorded in the history) are left out.
QList<TrackSpan> spansOf(const QList<HistoryMove> &history)
{
    QList<TrackSpan> out;
    for (const HistoryMove &e : history) {
        if (e.fromState == e.toState)
            continue;
        if (out.isEmpty() || out.last().trackId != e.trackId)
            out << TrackSpan{e.trackId, {}};
        out.last().entries << e;
    }
    return out;
}

struct Decision {
    QString state;
    double seconds = 0;
};

// First entry into pending_review, then the first decision after it, if in the window.
std::optional<Decision> decisionOf(const TrackSpan &span, const QDateTime &since)
{
    qsizetype start = -1;
    for (qsizetype i = 0; i < span.entries.size(); ++i) {
        const HistoryMove &e = span.entries.at(i);
        if (start < 0 && e.toState == kPendingReview) {
            start = i;
        } else if (start >= 0 && kDecidedStates.contains(e.toState)) {
            if (e.at < since)
                return std::nullopt;
            return Decision{e.toState, secondsBetween(span.entries.at(start).at, e.at)};
        }
    }
    return std::nullopt;
}

// The time of the last entry into `state`, for a track waiting there now.
std::optional<QDateTime> enteredAt(const TrackSpan &span, const QString &state)
{
    for (auto it = span.entries.crbegin(); it != span.entries.crend(); ++it)
        if (it->toState == state)
            return it->at;
    return std::nullopt;
}

QueueStats queueStats(const QList<double> &ages)
{
    QueueStats q;
    q.count = int(ages.size());
    q.medianAgeSeconds = quantile(ages, 0.5);
    if (!ages.isEmpty())
        q.oldestAgeSeconds = *std::max_element(ages.begin(), ages.end());
    return q;
}

void addDispute(const TrackSpan &span, qsizetype i, const QString &status, DisputeOutcomes &d)
{
    ++d.opened;
    if (i + 1 >= span.entries.size()) {
        if (status == kDisputePending)
            ++d.open;
        else
            ++d.withdrawn; // left the dispute without a history entry: should not happen
        return;
    }
    const QString next = span.entries.at(i + 1).toState;
    if (next == QLatin1String("accepted"))
        ++d.overturned;
    else if (next == QLatin1String("rejected_final"))
        ++d.upheld;
    else
        ++d.withdrawn;
}

struct TrackFigures {
    QList<double> all;
    QMap<QString, QList<double>> byState;
    QMap<QString, QList<double>> byFlag;
    QList<double> unflagged;
    QList<double> pendingAges, disputeAges;
    DisputeOutcomes disputes;
};

void addTrack(const TrackSpan &span, const GovernanceRows &rows, const QDateTime &since,
              const QDateTime &now, TrackFigures &f)
{
    const QString status = rows.statusOf.value(span.trackId);
    if (auto d = decisionOf(span, since)) {
        f.all << d->seconds;
        f.byState[d->state] << d->seconds;
        const QStringList flags = rows.flagsOf.value(span.trackId);
        for (const QString &flag : flags)
            f.byFlag[flag] << d->seconds;
        if (flags.isEmpty())
            f.unflagged << d->seconds;
    }
    if (status == kPendingReview || status == kDisputePending)
        if (auto at = enteredAt(span, status))
            (status == kPendingReview ? f.pendingAges : f.disputeAges)
                << std::max(0.0, secondsBetween(*at, now));
    for (qsizetype i = 0; i < span.entries.size(); ++i)
        if (span.entries.at(i).toState == kDisputePending && span.entries.at(i).at >= since)
            addDispute(span, i, status, f.disputes);
}

QList<std::pair<QString, DurationStats>> statsByKey(const QMap<QString, QList<double>> &m)
{
    QList<std::pair<QString, DurationStats>> out;
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        out.append({it.key(), durationStats(it.value())});
    return out;
}

Agreement agreementOf(const QList<VoteRecord> &votes, const QDateTime &since)
{
    QMap<QString, QList<int>> perItem;
    for (const VoteRecord &v : votes) {
        const qsizetype c = kCategories.indexOf(v.vote);
        if (v.byAdmin || v.round != QLatin1String("review") || v.at < since || c < 0)
            continue;
        QList<int> &counts = perItem[v.trackId];
        if (counts.isEmpty())
            counts = QList<int>(kCategories.size(), 0);
        ++counts[c];
    }
    return fleissKappa(perItem.values());
}

ClaimOutcomes claimOutcomes(const QList<ClaimRecord> &claims, const QDateTime &since)
{
    ClaimOutcomes c;
    for (const ClaimRecord &e : claims) {
        if (e.createdAt < since)
            continue;
        ++c.filed;
        if (e.state == QLatin1String("decided"))
            ++c.decided;
        if (!e.standing.isEmpty())
            ++c.lockedByStanding;
        else if (e.state == QLatin1String("pending_review"))
            ++c.pendingReview;
        else if (e.state == QLatin1String("dismissed"))
            ++c.dismissed;
        else
            ++c.accepted;
    }
    return c;
}

QList<ReviewerLoad> reviewerLoad(const GovernanceRows &rows, const QDateTime &since)
{
    QList<ReviewerLoad> out;
    QHash<QString, qsizetype> index;
    for (const ReviewerRecord &r : rows.reviewers) {
        index.insert(r.id, out.size());
        out << ReviewerLoad{r.id, r.displayName};
    }
    for (const VoteRecord &v : rows.votes) {
        if (v.at < since)
            continue;
        if (!index.contains(v.reviewerId)) {
            index.insert(v.reviewerId, out.size());
            out << ReviewerLoad{v.reviewerId, v.reviewerId};
        }
        ReviewerLoad &l = out[index.value(v.reviewerId)];
        ++l.votes;
        l.approve += v.vote == kCategories.at(0);
        l.reject += v.vote == kCategories.at(1);
        l.needsMoreInfo += v.vote == kCategories.at(2);
    }
    std::stable_sort(out.begin(), out.end(), [](const ReviewerLoad &a, const ReviewerLoad &b) {
        return a.votes > b.votes;
    });
    return out;
}

QJsonValue orNull(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonObject durationJson(const DurationStats &s)
{
    return QJsonObject{{QStringLiteral("count"), s.count},
                       {QStringLiteral("median_s"), orNull(s.medianSeconds)},
                       {QStringLiteral("p90_s"), orNull(s.p90Seconds)}};
}

QJsonArray keyedJson(const QList<std::pair<QString, DurationStats>> &list, const QString &key)
{
    QJsonArray out;
    for (const auto &[name, stats] : list) {
        QJsonObject o = durationJson(stats);
        o.insert(key, name);
        out.append(o);
    }
    return out;
}

QJsonObject queueJson(const QueueStats &q)
{
    return QJsonObject{{QStringLiteral("count"), q.count},
                       {QStringLiteral("median_age_s"), orNull(q.medianAgeSeconds)},
                       {QStringLiteral("oldest_age_s"), orNull(q.oldestAgeSeconds)}};
}

QJsonObject agreementJson(const Agreement &a)
{
    return QJsonObject{{QStringLiteral("method"), QStringLiteral("fleiss_kappa")},
                       {QStringLiteral("categories"), QJsonArray::fromStringList(kCategories)},
                       {QStringLiteral("items"), a.items},
                       {QStringLiteral("ratings"), a.ratings},
                       {QStringLiteral("observed"), orNull(a.observed)},
                       {QStringLiteral("expected"), orNull(a.expected)},
                       {QStringLiteral("kappa"), orNull(a.kappa)}};
}

QJsonArray reviewersJson(const QList<ReviewerLoad> &list)
{
    QJsonArray out;
    for (const ReviewerLoad &r : list)
        out.append(QJsonObject{{QStringLiteral("id"), r.id},
                               {QStringLiteral("display_name"), r.displayName},
                               {QStringLiteral("votes"), r.votes},
                               {QStringLiteral("approve"), r.approve},
                               {QStringLiteral("reject"), r.reject},
                               {QStringLiteral("needs_more_info"), r.needsMoreInfo}});
    return out;
}

} // namespace

std::optional<double> quantile(QList<double> values, double p)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const double h = std::clamp(p, 0.0, 1.0) * double(values.size() - 1);
    const auto lo = qsizetype(std::floor(h));
    const qsizetype hi = std::min(lo + 1, values.size() - 1);
    return values.at(lo) + (h - double(lo)) * (values.at(hi) - values.at(lo));
}

DurationStats durationStats(const QList<double> &seconds)
{
    return DurationStats{int(seconds.size()), quantile(seconds, 0.5), quantile(seconds, 0.9)};
}

Agreement fleissKappa(const QList<QList<int>> &counts)
{
    Agreement a;
    QList<double> totals;
    double sumAgreement = 0;
    for (const QList<int> &item : counts) {
        const int n = std::accumulate(item.begin(), item.end(), 0);
        if (n < 2)
            continue;
        if (totals.size() < item.size())
            totals.resize(item.size(), 0.0);
        double pairs = 0;
        for (qsizetype j = 0; j < item.size(); ++j) {
            pairs += double(item.at(j)) * double(item.at(j) - 1);
            totals[j] += item.at(j);
        }
        sumAgreement += pairs / (double(n) * double(n - 1));
        ++a.items;
        a.ratings += n;
    }
    if (a.items == 0)
        return a;
    a.observed = sumAgreement / a.items;
    double expected = 0;
    for (double t : totals)
        expected += (t / a.ratings) * (t / a.ratings);
    a.expected = expected;
    if (a.items >= 2 && expected < 1.0 - 1e-12)
        a.kappa = (*a.observed - expected) / (1.0 - expected);
    return a;
}

GovernanceReport computeGovernance(const GovernanceRows &rows, const QDateTime &now, int days)
{
    GovernanceReport r;
    r.windowDays = days;
    r.generatedAt = now.toUTC();
    r.since = r.generatedAt.addDays(-days);
    TrackFigures f;
    for (const TrackSpan &span : spansOf(rows.history))
        addTrack(span, rows, r.since, r.generatedAt, f);
    r.decisions = durationStats(f.all);
    for (const QString &state : kDecidedStates)
        if (f.byState.contains(state))
            r.byState.append({state, durationStats(f.byState.value(state))});
    r.byFlag = statsByKey(f.byFlag);
    r.unflagged = durationStats(f.unflagged);
    r.pendingReview = queueStats(f.pendingAges);
    r.disputePending = queueStats(f.disputeAges);
    r.openItems = r.pendingReview.count + r.disputePending.count;
    r.disputes = f.disputes;
    r.agreement = agreementOf(rows.votes, r.since);
    r.claims = claimOutcomes(rows.claims, r.since);
    r.reviewers = reviewerLoad(rows, r.since);
    return r;
}

QJsonObject governanceJson(const GovernanceReport &r)
{
    const DisputeOutcomes &d = r.disputes;
    const ClaimOutcomes &c = r.claims;
    return QJsonObject{
        {QStringLiteral("window_days"), r.windowDays},
        {QStringLiteral("since"), r.since.toString(Qt::ISODateWithMs)},
        {QStringLiteral("generated_at"), r.generatedAt.toString(Qt::ISODateWithMs)},
        {QStringLiteral("time_to_decision"),
         QJsonObject{{QStringLiteral("overall"), durationJson(r.decisions)},
                     {QStringLiteral("by_state"), keyedJson(r.byState, QStringLiteral("state"))},
                     {QStringLiteral("by_flag"), keyedJson(r.byFlag, QStringLiteral("flag"))},
                     {QStringLiteral("unflagged"), durationJson(r.unflagged)}}},
        {QStringLiteral("queue"),
         QJsonObject{{QStringLiteral("pending_review"), queueJson(r.pendingReview)},
                     {QStringLiteral("dispute_pending"), queueJson(r.disputePending)}}},
        {QStringLiteral("open_items"), r.openItems},
        {QStringLiteral("agreement"), agreementJson(r.agreement)},
        {QStringLiteral("disputes"), QJsonObject{{QStringLiteral("opened"), d.opened},
                                                 {QStringLiteral("open"), d.open},
                                                 {QStringLiteral("upheld"), d.upheld},
                                                 {QStringLiteral("overturned"), d.overturned},
                                                 {QStringLiteral("withdrawn"), d.withdrawn}}},
        {QStringLiteral("claims"),
         QJsonObject{{QStringLiteral("filed"), c.filed},
                     {QStringLiteral("pending_review"), c.pendingReview},
                     {QStringLiteral("accepted"), c.accepted},
                     {QStringLiteral("dismissed"), c.dismissed},
                     {QStringLiteral("locked_by_standing"), c.lockedByStanding},
                     {QStringLiteral("decided"), c.decided}}},
        {QStringLiteral("reviewers"), reviewersJson(r.reviewers)}};
}

Result<QJsonObject> GovernanceService::report(const Database &db, const QDateTime &now, int days)
{
    const QDateTime since = now.toUTC().addDays(-days);
    auto rows = GovernanceQueries::read(db, since);
    if (!rows)
        return rows.error();
    return governanceJson(computeGovernance(rows.value(), now, days));
}

} // namespace lemm::server
