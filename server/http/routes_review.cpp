// Routes of review (spec §3.4): the queue, votes, waveform peaks and previews, appeals and
// infringement claims.
#include "server/http/route_context.h"

namespace lemm::server {

using routes::respond;

ApiRouter::Reply ApiRouter::reviewQueue(Context &c)
{
    return respond(200, m_review.queue(c.who(), c.request.query));
}

ApiRouter::Reply ApiRouter::reviewDetail(Context &c)
{
    return respond(200, m_review.detail(c.who(), c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::vote(Context &c, const QJsonObject &body)
{
    return respond(200, m_review.vote(c.who(), c.param(QStringLiteral("id")), body));
}

ApiRouter::Reply ApiRouter::peaks(Context &c)
{
    return respond(200, m_material.peaks(c.param(QStringLiteral("id")), c.request.query));
}

ApiRouter::Reply ApiRouter::createPreview(Context &c, const QJsonObject &body)
{
    return respond(
        201, m_material.createPreview(c.who(), c.bearer, c.param(QStringLiteral("id")), body));
}

ApiRouter::Reply ApiRouter::preview(Context &c)
{
    // The signed token names the reviewer and the session it was made for: only that
    // session's bearer fetches it.
    auto mp3 = m_material.preview(c.who(), c.bearer, c.param(QStringLiteral("token")));
    if (!mp3)
        return mp3.error();
    return ApiResponse::raw(200, "audio/mpeg", mp3.value());
}

ApiRouter::Reply ApiRouter::appeal(Context &c, const QJsonObject &body)
{
    return respond(200, m_review.appeal(c.who(), c.param(QStringLiteral("id")), body));
}

ApiRouter::Reply ApiRouter::fileClaim(Context &c, const QJsonObject &body)
{
    return respond(201, m_claims.fileClaim(c.who(), body, c.request.peerAddress));
}

ApiRouter::Reply ApiRouter::listClaims(Context &c)
{
    return respond(200, m_claims.listClaims(c.who(), c.request.query));
}

ApiRouter::Reply ApiRouter::reviewClaim(Context &c, const QJsonObject &body)
{
    return respond(200, m_claims.reviewClaim(c.who(), c.param(QStringLiteral("id")), body));
}

ApiRouter::Reply ApiRouter::setClaimStanding(Context &c, const QJsonObject &body)
{
    return respond(200, m_claims.setStanding(c.who(), c.param(QStringLiteral("id")), body));
}

ApiRouter::Reply ApiRouter::decideClaim(Context &c, const QJsonObject &body)
{
    return respond(200, m_claims.decideClaim(c.who(), c.param(QStringLiteral("id")), body));
}

} // namespace lemm::server
