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
    auto request = parsePromptRequest(body);
    if (!request)
        return request.error();
    return respond(200, m_safety.classifyPrompt(request.value()));
}

ApiRouter::Reply ApiRouter::listRules(Context &)
{
    return respond(200, m_safety.listRules());
}

ApiRouter::Reply ApiRouter::addRule(Context &c, const QJsonObject &body)
{
    auto rule = parseRuleRequest(body);
    if (!rule)
        return rule.error();
    return respond(201, m_safety.addRule(c.who(), rule.value()));
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
    auto license = parseLicenseRequest(body);
    if (!license)
        return license.error();
    return respond(201, m_safety.createLicense(c.who(), license.value()));
}

ApiRouter::Reply ApiRouter::acceptLicense(Context &c, const QJsonObject &body)
{
    auto userId = parseLicenseAcceptance(body);
    if (!userId)
        return userId.error();
    return respond(
        200, m_safety.acceptLicense(c.who(), c.param(QStringLiteral("version")), userId.value()));
}

ApiRouter::Reply ApiRouter::exportOutput(Context &c, const QJsonObject &body)
{
    auto request = parseExportRequest(body);
    if (!request)
        return request.error();
    return respond(201, m_safety.exportOutput(c.who(), request.value()));
}

} // namespace lemm::server
