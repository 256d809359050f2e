#include "onboarding.h"

#include "fixtures.h"
#include "test_vault.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTest>

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

QString Submission::failure() const
{
    if (upload.status != 201)
        return QStringLiteral("upload: %1 %2")
            .arg(upload.status)
            .arg(QString::fromUtf8(upload.body));
    if (submit.status != 201)
        return QStringLiteral("submit: %1 %2")
            .arg(submit.status)
            .arg(QString::fromUtf8(submit.body));
    return {};
}

Submission uploadAndSubmit(HttpClient &http, const QByteArray &audio, const QString &fileName,
                           const QByteArray &contentType, bool trainingAllowed,
                           const std::function<void(QJsonObject &body)> &editBody)
{
    Submission s;
    s.upload =
        http.call("POST", QStringLiteral("/uploads?filename=") + fileName, audio, contentType);
    if (s.upload.status != 201)
        return s;
    QJsonObject body = submissionBody(
        s.upload.json().value(QStringLiteral("audio_upload_token")).toString(), trainingAllowed);
    if (editBody)
        editBody(body);
    s.submit = http.post(QStringLiteral("/tracks/submit"), body);
    if (s.submit.status == 201)
        s.trackId = s.submit.json().value(QStringLiteral("track_id")).toString();
    return s;
}

QString submitOrDie(HttpClient &http, const QByteArray &audio, const QString &fileName,
                    const QByteArray &contentType)
{
    const Submission s = uploadAndSubmit(http, audio, fileName, contentType);
    if (s.trackId.isEmpty())
        qFatal("%s: %s", qPrintable(fileName), qPrintable(s.failure()));
    return s.trackId;
}

QJsonObject waitForChecks(HttpClient &http, const QString &trackId, int timeoutMs)
{
    QJsonObject s;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        s = http.get(QStringLiteral("/tracks/%1/status").arg(trackId)).json();
        const QString st = s.value(QStringLiteral("status")).toString();
        if (st != QLatin1String("pending_automated_checks") && st != QLatin1String("submitted"))
            return s;
        QTest::qWait(100);
    }
    qWarning("checks did not finish: %s", QJsonDocument(s).toJson().constData());
    return s;
}

} // namespace lemm::test
