#include "api_client.h"

#include <QCoroNetworkReply>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QUrlQuery>

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

void CallProgress::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    Q_EMIT cancelRequested();
}

ApiClient::ApiClient(QObject *parent) : QObject(parent) {}

QNetworkRequest ApiClient::makeRequest(const QString &path, const QByteArray &contentType) const
{
    QUrl url = m_base;
    const int q = path.indexOf(QLatin1Char('?'));
    url.setPath(url.path().remove(QRegularExpression(QStringLiteral("/$"))) + path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    req.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    req.setTransferTimeout(30000);
    return req;
}

QCoro::Task<ApiReply> ApiClient::request(QByteArray method, QString path, QByteArray body,
                                         QByteArray contentType, QPointer<CallProgress> progress)
{
    QNetworkReply *reply = m_nam.sendCustomRequest(makeRequest(path, contentType), method, body);
    co_return co_await finish(reply, progress);
}

QCoro::Task<ApiReply> ApiClient::send(QByteArray method, QString path, QJsonObject body)
{
    return request(std::move(method), std::move(path),
                   QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QCoro::Task<ApiReply> ApiClient::uploadFile(QString filePath, QPointer<CallProgress> progress)
{
    auto *file = new QFile(filePath);
    if (!file->open(QIODevice::ReadOnly)) {
        ApiReply out;
        out.errorCode = QStringLiteral("file_unreadable");
        out.errorMessage = tr("Cannot read %1: %2").arg(filePath, file->errorString());
        delete file;
        co_return out;
    }
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("filename"), QFileInfo(filePath).fileName());
    QNetworkRequest req =
        makeRequest(QStringLiteral("/uploads?") + query.toString(QUrl::FullyEncoded),
                    "application/octet-stream");
    req.setHeader(QNetworkRequest::ContentLengthHeader, file->size());
    req.setTransferTimeout(120000);
    QNetworkReply *reply = m_nam.post(req, file);
    file->setParent(reply);
    co_return co_await finish(reply, progress);
}

QCoro::Task<ApiReply> ApiClient::finish(QNetworkReply *reply, QPointer<CallProgress> progress)
{
    if (progress) {
        connect(progress, &CallProgress::cancelRequested, reply, &QNetworkReply::abort);
        connect(reply, &QNetworkReply::uploadProgress, progress, &CallProgress::progress);
        connect(reply, &QNetworkReply::downloadProgress, progress, &CallProgress::progress);
        if (progress->cancelled())
            reply->abort();
    }
    if (m_pending++ == 0)
        Q_EMIT busyChanged(true);
    co_await reply;
    if (--m_pending == 0)
        Q_EMIT busyChanged(false);
    ApiReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.raw = reply->readAll();
    const QJsonObject json = QJsonDocument::fromJson(out.raw).object();
    if (reply->error() == QNetworkReply::OperationCanceledError && progress &&
        progress->cancelled()) {
        out.status = 0;
        out.errorCode = QStringLiteral("cancelled");
        out.errorMessage = tr("Cancelled.");
    } else if (out.status == 0) {
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
    const bool reachable = out.errorCode != QLatin1String("network_error");
    if (reachable != m_reachable) {
        m_reachable = reachable;
        Q_EMIT reachabilityChanged(reachable);
    }
    co_return out;
}

QCoro::Task<ApiReply> ApiClient::login(QString email, QString password)
{
    m_token.clear();
    // Built before co_await: GCC 12 cannot keep a braced list alive across a suspension.
    QJsonObject body;
    body.insert(QStringLiteral("email"), email);
    body.insert(QStringLiteral("password"), password);
    ApiReply r = co_await send("POST", QStringLiteral("/auth/login"), body);
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
    return get(QStringLiteral("/auth/me"));
}

QCoro::Task<ApiReply> ApiClient::terms()
{
    return get(QStringLiteral("/terms"));
}

} // namespace lemm::app
