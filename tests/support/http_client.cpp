#include "http_client.h"

#include <QCoroNetworkReply>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace lemm::test {

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString HttpReply::errorCode() const
{
    return json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

QCoro::Task<HttpReply> HttpClient::send(QByteArray method, QString path, QByteArray body,
                                        QByteArray contentType)
{
    QNetworkRequest req(QUrl(m_base + path));
    if (!contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    req.setTransferTimeout(60000);
    QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
    co_await reply;
    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    if (out.status == 0)
        out.networkError = reply->errorString();
    reply->deleteLater();
    co_return out;
}

HttpReply HttpClient::call(const QByteArray &method, const QString &path, const QByteArray &body,
                           const QByteArray &contentType)
{
    return QCoro::waitFor(send(method, path, body, contentType));
}

HttpReply HttpClient::post(const QString &path, const QJsonObject &body)
{
    return call("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpReply HttpClient::put(const QString &path, const QJsonObject &body)
{
    return call("PUT", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QByteArray safetyCheckMultipart(const QByteArray &audio, const QJsonObject &meta,
                                QByteArray *contentType)
{
    const QByteArray boundary = "lemmBoundary7MA4YWxkTrZu0gW";
    *contentType = "multipart/form-data; boundary=" + boundary;
    QByteArray b;
    b += "--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"meta\"\r\n"
         "Content-Type: application/json\r\n\r\n" +
         QJsonDocument(meta).toJson(QJsonDocument::Compact) + "\r\n";
    b += "--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"audio\"; "
         "filename=\"out.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
         audio + "\r\n";
    b += "--" + boundary + "--\r\n";
    return b;
}

} // namespace lemm::test
