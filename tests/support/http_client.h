#pragma once
// A small HTTP client for tests over real sockets: QNetworkAccessManager driven by QCoro
// coroutines (co_await on the reply), with a blocking call() for test bodies.

#include <QCoroTask>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QString>

namespace lemm::test {

struct HttpReply {
    int status = 0;
    QByteArray body;
    QString networkError;
    QList<QPair<QByteArray, QByteArray>> headers;    // as received
    QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
    QJsonObject json() const;
    QString errorCode() const; // error.code of an error body
};

class HttpClient
{
public:
    explicit HttpClient(QString baseUrl) : m_base(std::move(baseUrl)) {}
    void setToken(const QString &token) { m_token = token; }

    QCoro::Task<HttpReply> send(QByteArray method, QString path, QByteArray body,
                                QByteArray contentType);
    HttpReply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
                   const QByteArray &contentType = "application/json");

    HttpReply get(const QString &path) { return call("GET", path); }
    HttpReply post(const QString &path, const QJsonObject &body);
    HttpReply put(const QString &path, const QJsonObject &body);

private:
    QNetworkAccessManager m_nam;
    QString m_base;
    QString m_token;
};

// The multipart body of POST /safety/check: a `meta` JSON part and an `audio` file part;
// `contentType` receives the header value with the boundary.
QByteArray safetyCheckMultipart(const QByteArray &audio, const QJsonObject &meta,
                                QByteArray *contentType);

} // namespace lemm::test
