#pragma once
// Delivers outbox rows (outbox.h) to the configured webhooks (ServerConfig::Webhooks). One
// dispatcher per `serve` process, started by the composition root (ServerRoot) and stopped,
// i.e. joined, on SIGTERM before anything it borrows goes away.
//
// A round: lease the due rows (several processes sharing one database never hold one row at
// once), POST each row's body to every hook subscribed to its event type that has not yet
// answered 2xx, record the outcome: delivered, or a retry after base * 2^(attempts-1) (capped),
// or a dead letter once the attempts are spent. Each POST carries
//   Content-Type: application/json
//   Idempotency-Key: the event id (the same on every retry)
//   X-Lemm-Event: the event type          X-Lemm-Timestamp: Unix seconds of this attempt
//   X-Lemm-Signature: ed25519=<hex>       over "<timestamp>.<body>" with the server's key
//   X-Lemm-Key-Id: that key's id
//   X-Lemm-Signature-HMAC: sha256=<hex>   HMAC-SHA256 of the same text (hooks with a secret)
// Nothing secret and no body goes to the log; errors name the hook and the HTTP status.
//
// Thread model: start() runs the rounds on a thread of its own, with that thread's
// QNetworkAccessManager and database connection; every POST is bounded by the configured
// timeout. runOnce() runs one round on the caller's thread instead (tests).

#include "server/base/config.h"
#include "server/services/outbox.h"
#include "server/services/work_notifier.h"
#include "server/storage/database.h"

#include <QByteArray>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace lemm::server {

// The signing of one delivery (pure; a receiver recomputes the same).
struct WebhookSignature {
    // "<timestamp>.<body>": what both signatures cover.
    static QByteArray canonical(const QByteArray &timestamp, const QByteArray &body);
    // Lower-case hex of HMAC-SHA256(secret, message) (libsodium crypto_auth_hmacsha256).
    static QByteArray hmacHex(const QByteArray &secret, const QByteArray &message);
};

// Detached Ed25519 signer of the server key; `sign` empty: no X-Lemm-Signature header.
struct WebhookSigner {
    std::function<QByteArray(const QByteArray &message)> sign;
    QString keyId;
};

class OutboxDispatcher
{
public:
    struct Deps {
        const Database &db;
        ServerConfig::Webhooks config;
        std::function<QDateTime()> clock;
        WebhookSigner signer;
    };
    explicit OutboxDispatcher(Deps deps);
    ~OutboxDispatcher(); // stop()
    OutboxDispatcher(const OutboxDispatcher &) = delete;
    OutboxDispatcher &operator=(const OutboxDispatcher &) = delete;

    // Starts the delivery thread (at most once; nothing when no webhook is configured).
    void start();
    // Wakes and joins the thread; a POST under way is aborted (within 100 ms) and its row left
    // to its lease, to be tried again.
    void stop();
    bool running() const { return m_thread != nullptr; }

    // One round on the caller's thread: the number of rows it handled.
    Result<int> runOnce(QNetworkAccessManager &nam);

private:
    DeliveryOutcome deliver(QNetworkAccessManager &nam, const OutboxRow &row);
    QString post(QNetworkAccessManager &nam, const ServerConfig::Webhook &hook,
                 const OutboxRow &row, const QByteArray &body);
    QDateTime retryAt(const OutboxRow &row, const QDateTime &now) const;

    Deps m_deps;
    QString m_owner; // lease owner: host, process and this dispatcher
    std::atomic<bool> m_stop{false};
    WorkNotifier m_wake;
    std::unique_ptr<QThread> m_thread;
};

} // namespace lemm::server
