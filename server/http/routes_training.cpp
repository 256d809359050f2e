// Routes of the training gateway and lineage (spec §5, §7): packs, runs and their manifests,
// the token-bound audio, models, proofs and the impact of revocations.
#include "server/http/route_context.h"

#include "server/services/proofs.h"

namespace lemm::server {

using routes::respond;

ApiRouter::Reply ApiRouter::createPack(Context &c, const QJsonObject &body)
{
    return respond(201, m_training.createPack(c.who(), body));
}

ApiRouter::Reply ApiRouter::listPacks(Context &)
{
    return respond(200, m_training.listPacks());
}

ApiRouter::Reply ApiRouter::createRun(Context &c, const QJsonObject &body)
{
    return respond(201, m_training.createRun(c.who(), body));
}

ApiRouter::Reply ApiRouter::manifest(Context &c)
{
    return respond(200,
                   m_training.manifest(c.who(), c.param(QStringLiteral("id")), c.request.query));
}

ApiRouter::Reply ApiRouter::completeRun(Context &c, const QJsonObject &body)
{
    return respond(200, m_training.complete(c.who(), c.param(QStringLiteral("id")), body));
}

ApiRouter::Reply ApiRouter::trainingAudio(Context &c)
{
    // The signed, run- and track-bound token is the capability.
    auto audio = m_training.audio(c.param(QStringLiteral("token")));
    if (!audio)
        return audio.error();
    ApiResponse r = ApiResponse::raw(200, "application/octet-stream", {});
    r.stream = std::move(audio.value()); // decrypted block by block as it is sent
    return r;
}

ApiRouter::Reply ApiRouter::modelLineage(Context &c)
{
    return respond(200, m_training.modelLineage(c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::listModels(Context &)
{
    return respond(200, m_training.listModels());
}

ApiRouter::Reply ApiRouter::runDetail(Context &c)
{
    return respond(200, m_training.runDetail(c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::modelProof(Context &c)
{
    return respond(200, server::modelProof(m_vault.db(), c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::outputProof(Context &c)
{
    return respond(200, server::outputProof(m_vault.db(), c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::revokedImpact(Context &)
{
    return respond(200, m_training.revokedImpact());
}

ApiRouter::Reply ApiRouter::trackLineage(Context &c)
{
    return respond(200, m_training.trackLineage(c.param(QStringLiteral("id"))));
}

} // namespace lemm::server
