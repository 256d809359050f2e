// Routes of the outbox part (issue 14): the outbox's delivery state and the retry of dead
// letters (server/services/outbox.h), and the acknowledgement of safety alerts.
#include "server/http/route_context.h"
#include "server/services/outbox.h"

namespace lemm::server {

using routes::respond;

ApiRouter::Reply ApiRouter::listOutbox(Context &c)
{
    return respond(200, Outbox::list(m_vault.db(), c.request.query));
}

ApiRouter::Reply ApiRouter::retryOutbox(Context &c)
{
    return respond(200,
                   Outbox::retry(m_vault.db(), c.param(QStringLiteral("id")), m_vault.nowIso()));
}

ApiRouter::Reply ApiRouter::acknowledgeAlert(Context &c)
{
    return respond(200, m_safety.acknowledgeAlert(c.who(), c.param(QStringLiteral("id"))));
}

} // namespace lemm::server
