// Route of the governance dashboard (issue 15, part "gov"): GET /admin/governance?days=N.
#include "server/http/route_context.h"

#include "server/services/governance.h"

namespace lemm::server {

ApiRouter::Reply ApiRouter::governance(Context &c)
{
    QueryReader q(c.request.query);
    const auto days = int(q.integer(QStringLiteral("days"), GovernanceService::kDefaultDays, 1,
                                    GovernanceService::kMaxDays,
                                    QStringLiteral("must be a whole number from 1 to 3650")));
    if (auto ok = q.check(QStringLiteral("days must be a whole number from 1 to 3650")); !ok)
        return ok.error();
    return routes::respond(200, GovernanceService::report(m_vault.db(), m_vault.now(), days));
}

} // namespace lemm::server
