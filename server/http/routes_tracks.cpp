// Routes of a contributor's tracks: uploading audio, submitting, reading and revoking. The
// router checked a track route's {id} and the caller's right to it before these run.
#include "server/http/route_context.h"

namespace lemm::server {

using routes::respond;

ApiRouter::Reply ApiRouter::upload(Context &c)
{
    const QString fileName = QueryReader(c.request.query).text(QStringLiteral("filename"));
    return respond(
        201, m_uploads.createUpload(c.who(), routes::audioBodyOf(c.request),
                                    QString::fromLatin1(c.request.headers.value("content-type")),
                                    fileName));
}

ApiRouter::Reply ApiRouter::submit(Context &c, const QJsonObject &body)
{
    return respond(201, m_submissions.submit(c.who(), body));
}

ApiRouter::Reply ApiRouter::track(Context &c)
{
    // The owner sees decisions and their reasons, not the individual votes and notes of the
    // review of their own track (issue 14); admins see everything.
    const QString id = c.param(QStringLiteral("id"));
    auto owner = m_submissions.ownerOf(id);
    if (!owner)
        return owner.error();
    const bool ownReview =
        owner.value() == c.who().id && !c.who().roles.contains(core::Role::Admin);
    return respond(200, m_submissions.trackJson(id, !ownReview));
}

ApiRouter::Reply ApiRouter::trackStatus(Context &c)
{
    return respond(200, m_submissions.statusJson(c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::revoke(Context &c, const QJsonObject &body)
{
    return respond(200, m_revocation.revoke(c.who(), c.param(QStringLiteral("id")), body));
}

ApiRouter::Reply ApiRouter::ownTracks(Context &c)
{
    return respond(200, m_submissions.listOwn(c.who()));
}

} // namespace lemm::server
