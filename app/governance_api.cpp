#include "governance_api.h"

#include <QJsonArray>

#include <cmath>

namespace lemm::app {

namespace {

std::optional<double> seconds(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < 0)
        return std::nullopt;
    return v.toDouble();
}

std::optional<double> anyNumber(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return std::nullopt;
    return v.toDouble();
}

int count(const QJsonObject &o, const QString &key)
{
    const double v = o.value(key).toDouble();
    return std::isfinite(v) && v > 0 && v < 2e9 ? int(v) : 0;
}

DecisionTimes decisionTimes(const QJsonObject &o, const QString &keyName)
{
    return DecisionTimes{keyName.isEmpty() ? QString() : o.value(keyName).toString(),
                         count(o, QStringLiteral("count")), seconds(o, QStringLiteral("median_s")),
                         seconds(o, QStringLiteral("p90_s"))};
}

QueueAge queueAge(const QJsonObject &o)
{
    return QueueAge{count(o, QStringLiteral("count")), seconds(o, QStringLiteral("median_age_s")),
                    seconds(o, QStringLiteral("oldest_age_s"))};
}

std::optional<QList<DecisionTimes>> timesList(const QJsonValue &v, const QString &keyName)
{
    if (!v.isArray() || v.toArray().size() > kMaxListEntries)
        return std::nullopt;
    QList<DecisionTimes> out;
    for (const QJsonValue &e : v.toArray())
        out << decisionTimes(e.toObject(), keyName);
    return out;
}

std::optional<QList<ReviewerLoadEntry>> reviewersList(const QJsonValue &v)
{
    if (!v.isArray() || v.toArray().size() > kMaxListEntries)
        return std::nullopt;
    QList<ReviewerLoadEntry> out;
    for (const QJsonValue &e : v.toArray()) {
        const QJsonObject o = e.toObject();
        out << ReviewerLoadEntry{o.value(QStringLiteral("id")).toString(),
                                 o.value(QStringLiteral("display_name")).toString(),
                                 count(o, QStringLiteral("votes")),
                                 count(o, QStringLiteral("approve")),
                                 count(o, QStringLiteral("reject")),
                                 count(o, QStringLiteral("needs_more_info"))};
    }
    return out;
}

void parseOutcomes(const QJsonObject &body, GovernanceSnapshot &s)
{
    const QJsonObject d = body.value(QStringLiteral("disputes")).toObject();
    s.disputesOpened = count(d, QStringLiteral("opened"));
    s.disputesOpen = count(d, QStringLiteral("open"));
    s.disputesUpheld = count(d, QStringLiteral("upheld"));
    s.disputesOverturned = count(d, QStringLiteral("overturned"));
    s.disputesWithdrawn = count(d, QStringLiteral("withdrawn"));
    const QJsonObject c = body.value(QStringLiteral("claims")).toObject();
    s.claimsFiled = count(c, QStringLiteral("filed"));
    s.claimsPendingReview = count(c, QStringLiteral("pending_review"));
    s.claimsAccepted = count(c, QStringLiteral("accepted"));
    s.claimsDismissed = count(c, QStringLiteral("dismissed"));
    s.claimsLockedByStanding = count(c, QStringLiteral("locked_by_standing"));
    s.claimsDecided = count(c, QStringLiteral("decided"));
    const QJsonObject a = body.value(QStringLiteral("agreement")).toObject();
    s.agreementItems = count(a, QStringLiteral("items"));
    s.agreementRatings = count(a, QStringLiteral("ratings"));
    s.kappa = anyNumber(a, QStringLiteral("kappa"));
    s.observedAgreement = anyNumber(a, QStringLiteral("observed"));
}

} // namespace

ApiResult<GovernanceSnapshot> parseGovernanceSnapshot(const QJsonObject &body)
{
    const QJsonObject ttd = body.value(QStringLiteral("time_to_decision")).toObject();
    const QJsonObject queue = body.value(QStringLiteral("queue")).toObject();
    if (ttd.isEmpty() || queue.isEmpty())
        return ApiError::badReply(QStringLiteral("no governance figures"));
    GovernanceSnapshot s;
    s.windowDays = count(body, QStringLiteral("window_days"));
    s.since = QDateTime::fromString(body.value(QStringLiteral("since")).toString(), Qt::ISODate);
    s.generatedAt =
        QDateTime::fromString(body.value(QStringLiteral("generated_at")).toString(), Qt::ISODate);
    s.decisions = decisionTimes(ttd.value(QStringLiteral("overall")).toObject(), {});
    s.unflagged = decisionTimes(ttd.value(QStringLiteral("unflagged")).toObject(), {});
    auto byState = timesList(ttd.value(QStringLiteral("by_state")), QStringLiteral("state"));
    auto byFlag = timesList(ttd.value(QStringLiteral("by_flag")), QStringLiteral("flag"));
    auto reviewers = reviewersList(body.value(QStringLiteral("reviewers")));
    if (!byState || !byFlag || !reviewers)
        return ApiError::badReply(QStringLiteral("a governance list is missing or too long"));
    s.byState = *byState;
    s.byFlag = *byFlag;
    s.reviewers = *reviewers;
    s.pendingReview = queueAge(queue.value(QStringLiteral("pending_review")).toObject());
    s.disputePending = queueAge(queue.value(QStringLiteral("dispute_pending")).toObject());
    s.openItems = count(body, QStringLiteral("open_items"));
    parseOutcomes(body, s);
    return s;
}

QCoro::Task<ApiResult<GovernanceSnapshot>> HttpGovernanceApi::governance(int days)
{
    const ApiReply reply =
        co_await m_client->get(QStringLiteral("/admin/governance?days=%1").arg(days));
    co_return ApiResult<GovernanceSnapshot>::fromReply(reply, parseGovernanceSnapshot);
}

} // namespace lemm::app
