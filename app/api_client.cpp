#include "api_client.h"

#include <QCoroNetworkReply>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

namespace lemm::app {

QString ApiReply::displayError() const
{
    QStringList parts;
    for (auto it = errorFields.begin(); it != errorFields.end(); ++it)
        parts << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
    if (parts.isEmpty())
        return errorMessage;
    return QStringLiteral("%1 (%2)").arg(errorMessage, parts.join(QStringLiteral("; ")));
}

ApiClient::ApiClient(QObject *parent) : QObject(parent) {}

QCoro::Task<ApiReply> ApiClient::request(QByteArray method, QString path, QByteArray body,
                                         QByteArray contentType)
{
    QUrl url = m_base;
    url.setPath(url.path().remove(QRegularExpression(QStringLiteral("/$"))) + path);
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    req.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    req.setTransferTimeout(30000);
    QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
    co_await reply;
    ApiReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = reply->readAll();
    const QJsonObject json = QJsonDocument::fromJson(data).object();
    if (out.status == 0) {
        out.errorCode = QStringLiteral("network_error");
        out.errorMessage =
            tr("Cannot reach the server at %1: %2").arg(m_base.toString(), reply->errorString());
    } else if (!out.ok()) {
        const QJsonObject err = json.value(QStringLiteral("error")).toObject();
        out.errorCode = err.value(QStringLiteral("code")).toString();
        out.errorMessage = err.value(QStringLiteral("message")).toString();
        out.errorFields = err.value(QStringLiteral("fields")).toObject();
        if (out.errorMessage.isEmpty())
            out.errorMessage = tr("The server answered %1.").arg(out.status);
    } else {
        out.body = json;
    }
    reply->deleteLater();
    co_return out;
}

QCoro::Task<ApiReply> ApiClient::login(QString email, QString password)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("email"), email},
                                                      {QStringLiteral("password"), password}})
                                .toJson(QJsonDocument::Compact);
    m_token.clear();
    ApiReply r = co_await request("POST", QStringLiteral("/auth/login"), body);
    if (r.ok())
        m_token = r.body.value(QStringLiteral("token")).toString();
    co_return r;
}

QCoro::Task<ApiReply> ApiClient::logout()
{
    ApiReply r = co_await request("POST", QStringLiteral("/auth/logout"));
    m_token.clear();
    co_return r;
}

QCoro::Task<ApiReply> ApiClient::me()
{
    return request("GET", QStringLiteral("/auth/me"));
}

QCoro::Task<ApiReply> ApiClient::terms()
{
    return request("GET", QStringLiteral("/terms"));
}

} // namespace lemm::app
