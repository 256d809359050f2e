#pragma once
// The desktop app's one way to talk to lemm-vault-server: JSON over HTTP with QNetworkAccess-
// Manager, as QCoro coroutines, so the UI never blocks. Every call returns an ApiReply that
// carries either the JSON body or the server's error (code, message, per-field messages) in
// plain words. Lives on the GUI thread; coroutines take their arguments by value.

#include <QCoroTask>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

namespace lemm::app {

struct ApiReply {
    int status = 0; // 0: the server could not be reached
    QJsonObject body;
    QString errorCode;       // error.code, or "network_error"
    QString errorMessage;    // for people
    QJsonObject errorFields; // field -> message

    bool ok() const { return status >= 200 && status < 300; }
    // "message (field: problem; ...)" for display.
    QString displayError() const;
};

class ApiClient : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url) { m_base = url; }
    QUrl baseUrl() const { return m_base; }
    void setToken(const QString &token) { m_token = token; }
    bool loggedIn() const { return !m_token.isEmpty(); }

    QCoro::Task<ApiReply> request(QByteArray method, QString path, QByteArray body = {},
                                  QByteArray contentType = "application/json");

    // POST /auth/login; keeps the session token on success.
    QCoro::Task<ApiReply> login(QString email, QString password);
    QCoro::Task<ApiReply> logout();
    QCoro::Task<ApiReply> me();
    QCoro::Task<ApiReply> terms();

private:
    QNetworkAccessManager m_nam;
    QUrl m_base;
    QString m_token;
};

} // namespace lemm::app
