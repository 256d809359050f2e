#pragma once
// The desktop app's one way to talk to lemm-vault-server: HTTP with QNetworkAccessManager, as
// QCoro coroutines, so the UI never blocks. Every call returns an ApiReply that carries either
// the body (JSON, or raw bytes for audio previews) or the server's error (code, message,
// per-field messages) in plain words. Long calls take a CallProgress to report progress and
// to be cancelled. Lives on the GUI thread; coroutines take their arguments by value.

#include <QCoroTask>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

namespace lemm::app {

struct ApiReply {
    int status = 0; // 0: the server could not be reached, or the call was cancelled
    QJsonObject body;
    QByteArray raw;          // the body as received (audio for previews)
    QString errorCode;       // error.code, "network_error" or "cancelled"
    QString errorMessage;    // for people
    QJsonObject errorFields; // field -> message

    bool ok() const { return status >= 200 && status < 300; }
    // The server was not reached at all (as opposed to answering with an error).
    bool unreachable() const { return errorCode == QLatin1String("network_error"); }
    // "message (field: problem; ...)" for display.
    QString displayError() const;
};

// Progress and cancellation of one call. The caller owns it; the call follows it while both
// live. Cancelling aborts the transfer; the reply then has errorCode "cancelled".
class CallProgress : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    void cancel();
    bool cancelled() const { return m_cancelled; }

Q_SIGNALS:
    void progress(qint64 done, qint64 total); // bytes sent (uploads) or received
    void cancelRequested();

private:
    bool m_cancelled = false;
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
    // Requests sent and not yet answered.
    int pendingCalls() const { return m_pending; }

    QCoro::Task<ApiReply> request(QByteArray method, QString path, QByteArray body = {},
                                  QByteArray contentType = "application/json",
                                  QPointer<CallProgress> progress = {});
    QCoro::Task<ApiReply> get(QString path) { return request("GET", std::move(path)); }
    QCoro::Task<ApiReply> send(QByteArray method, QString path, QJsonObject body);

    // POST /uploads?filename=NAME with the file streamed from disk (never read whole).
    QCoro::Task<ApiReply> uploadFile(QString filePath, QPointer<CallProgress> progress = {});

    // POST /auth/login; keeps the session token on success.
    QCoro::Task<ApiReply> login(QString email, QString password);
    QCoro::Task<ApiReply> logout();
    QCoro::Task<ApiReply> me();
    QCoro::Task<ApiReply> terms();

Q_SIGNALS:
    // When a call finds the server unreachable after it was reachable, or back again
    // (drives the offline indicator and sending queued votes).
    void reachabilityChanged(bool reachable);
    // True when the first request starts, false when the last one ends.
    void busyChanged(bool busy);

private:
    QNetworkRequest makeRequest(const QString &path, const QByteArray &contentType) const;
    QCoro::Task<ApiReply> finish(QNetworkReply *reply, QPointer<CallProgress> progress);

    QNetworkAccessManager m_nam;
    QUrl m_base;
    QString m_token;
    bool m_reachable = true;
    int m_pending = 0;
};

} // namespace lemm::app
