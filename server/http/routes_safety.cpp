// Routes of generation-time safety and output licences (spec §6, §8.1): output and prompt
// checks, moderation rules, alerts, licences and exports.
#include "server/http/route_context.h"

namespace lemm::server {

using routes::respond;

ApiRouter::Reply ApiRouter::checkOutput(Context &c)
{
    return respond(200, m_safety.check(c.who(), c.request.headers.value("content-type"),
                                       routes::audioBodyOf(c.request)));
}

ApiRouter::Reply ApiRouter::classifyPrompt(Context &, const QJsonObject &body)
{
    return respond(200, m_safety.classifyPrompt(body));
}

ApiRouter::Reply ApiRouter::listRules(Context &)
{
    return respond(200, m_safety.listRules());
}

ApiRouter::Reply ApiRouter::addRule(Context &c, const QJsonObject &body)
{
    return respond(201, m_safety.addRule(c.who(), body));
}

ApiRouter::Reply ApiRouter::listAlerts(Context &)
{
    return respond(200, m_safety.listAlerts());
}

ApiRouter::Reply ApiRouter::currentLicense(Context &)
{
    return respond(200, m_safety.currentLicense());
}

ApiRouter::Reply ApiRouter::createLicense(Context &c, const QJsonObject &body)
{
    return respond(201, m_safety.createLicense(c.who(), body));
}

ApiRouter::Reply ApiRouter::acceptLicense(Context &c, const QJsonObject &body)
{
    return respond(200, m_safety.acceptLicense(c.who(), c.param(QStringLiteral("version")), body));
}

ApiRouter::Reply ApiRouter::exportOutput(Context &c, const QJsonObject &body)
{
    return respond(201, m_safety.exportOutput(c.who(), body));
}

} // namespace lemm::server
