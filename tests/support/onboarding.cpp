#include "onboarding.h"

#include "test_vault.h"

namespace lemm::test {

// Registers, verifies (token from the outbox), logs in and optionally affirms; returns the token.
QString onboard(HttpClient &http, const QString &dataDir, const QString &email, bool affirm)
{
    auto r = http.post(QStringLiteral("/auth/register"),
                       {{QStringLiteral("email"), email},
                        {QStringLiteral("password"), QStringLiteral("a long password")},
                        {QStringLiteral("display_name"), email.section(QLatin1Char('@'), 0, 0)}});
    if (r.status != 201)
        qFatal("register %s: %d %s %s", qPrintable(email), r.status, r.body.constData(),
               qPrintable(r.networkError));
    r = http.post(QStringLiteral("/auth/verify-email"),
                  {{QStringLiteral("token"), latestMailToken(dataDir, email)}});
    if (r.status != 200)
        qFatal("verify: %s", r.body.constData());
    r = http.post(QStringLiteral("/auth/login"),
                  {{QStringLiteral("email"), email},
                   {QStringLiteral("password"), QStringLiteral("a long password")}});
    if (r.status != 200)
        qFatal("login: %s", r.body.constData());
    const QString token = r.json().value(QStringLiteral("token")).toString();
    if (affirm) {
        http.setToken(token);
        const QString version =
            http.get(QStringLiteral("/terms")).json().value(QStringLiteral("version")).toString();
        r = http.post(QStringLiteral("/contributors/me/affirm"),
                      {{QStringLiteral("terms_version"), version},
                       {QStringLiteral("rights_holder_affirmed"), true}});
        if (r.status != 200)
            qFatal("affirm: %s", r.body.constData());
        http.setToken({});
    }
    return token;
}

} // namespace lemm::test
