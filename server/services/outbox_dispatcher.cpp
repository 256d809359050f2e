#include "server/services/outbox_dispatcher.h"

#include "core/base/ids.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSysInfo>
#include <QTimer>

#include <sodium.h>

#include <algorithm>
#include <cmath>

namespace lemm::server {

namespace {

constexpr int kRowsPerRound = 50;
constexpr int kStopCheckMs = 100;

} // namespace

QByteArray WebhookSignature::canonical(const QByteArray &timestamp, const QByteArray &body)
{
    return timestamp + '.' + body;
}

QByteArray WebhookSignature::hmacHex(const QByteArray &secret, const QByteArray &message)
{
    if (sodium_init() < 0)
        qFatal("libsodium failed to initialise");
    crypto_auth_hmacsha256_state state;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(secret.constData()),
                                size_t(secret.size()));
    crypto_auth_hmacsha256_update(&state,
                                  reinterpret_cast<const unsigned char *>(message.constData()),
                                  size_t(message.size()));
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_memzero(&state, sizeof state);
    return QByteArray(reinterpret_cast<const char *>(mac), sizeof mac).toHex();
}

OutboxDispatcher::OutboxDispatcher(Deps deps)
    : m_deps(std::move(deps)), m_owner(QStringLiteral("%1-%2-%3")
                                           .arg(QSysInfo::machineHostName().left(40))
                                           .arg(QCoreApplication::applicationPid())
                                           .arg(core::newId(QStringLiteral("dispatch"))))
{
}

OutboxDispatcher::~OutboxDispatcher()
{
    stop();
}

void OutboxDispatcher::start()
{
    if (m_thread || m_deps.config.hooks.isEmpty())
        return;
    m_stop.store(false);
    m_thread.reset(QThread::create([this] {
        QNetworkAccessManager nam; // this thread's
        while (!m_stop.load()) {
            const quint64 seen = m_wake.generation();
            auto ran = runOnce(nam);
            if (!ran)
                qWarning("outbox: %s", qPrintable(ran.error().message));
            m_wake.wait(seen, m_deps.config.pollMs, m_stop);
        }
    }));
    m_thread->setObjectName(QStringLiteral("outbox"));
    m_thread->start();
}

void OutboxDispatcher::stop()
{
    if (!m_thread)
        return;
    m_stop.store(true);
    m_wake.notify();
    m_thread->wait();
    m_thread.reset();
}

Result<int> OutboxDispatcher::runOnce(QNetworkAccessManager &nam)
{
    const QDateTime now = m_deps.clock();
    auto rows = Outbox::claimDue(m_deps.db, m_owner, now, m_deps.config.leaseSec, kRowsPerRound);
    if (!rows)
        return rows.error();
    for (const OutboxRow &row : rows.value()) {
        if (m_stop.load())
            break; // the lease runs out; another round (or process) takes the row
        const DeliveryOutcome outcome = deliver(nam, row);
        if (m_stop.load() && !outcome.allDone)
            break; // not an attempt: the lease runs out and the row is tried again
        const QDateTime done = m_deps.clock();
        if (auto r = Outbox::record(m_deps.db, m_owner, row, outcome, m_deps.config.attempts, done,
                                    retryAt(row, done));
            !r)
            return r.error();
        if (!outcome.allDone)
            qWarning("outbox: %s %s attempt %lld: %s", qPrintable(row.eventType),
                     qPrintable(row.eventId), row.attempts + 1, qPrintable(outcome.error));
    }
    return int(rows->size());
}

DeliveryOutcome OutboxDispatcher::deliver(QNetworkAccessManager &nam, const OutboxRow &row)
{
    DeliveryOutcome outcome{row.hooksDone, true, {}};
    const QByteArray body = row.deliveryBody();
    for (const ServerConfig::Webhook &hook : m_deps.config.hooks) {
        if (!hook.wants(row.eventType) || outcome.hooksDone.contains(hook.name))
            continue;
        const QString error = post(nam, hook, row, body);
        if (error.isEmpty()) {
            outcome.hooksDone << hook.name;
            continue;
        }
        outcome.allDone = false;
        if (outcome.error.isEmpty())
            outcome.error = QStringLiteral("webhook %1: %2").arg(hook.name, error);
    }
    return outcome;
}

// One POST; an empty string when the hook answered 2xx, else what went wrong.
QString OutboxDispatcher::post(QNetworkAccessManager &nam, const ServerConfig::Webhook &hook,
                               const OutboxRow &row, const QByteArray &body)
{
    const QByteArray timestamp = QByteArray::number(m_deps.clock().toSecsSinceEpoch());
    const QByteArray message = WebhookSignature::canonical(timestamp, body);
    QNetworkRequest req{QUrl(hook.url)};
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("Idempotency-Key", row.eventId.toUtf8());
    req.setRawHeader("X-Lemm-Event", row.eventType.toUtf8());
    req.setRawHeader("X-Lemm-Timestamp", timestamp);
    if (m_deps.signer.sign) {
        req.setRawHeader("X-Lemm-Signature", "ed25519=" + m_deps.signer.sign(message).toHex());
        req.setRawHeader("X-Lemm-Key-Id", m_deps.signer.keyId.toUtf8());
    }
    if (!hook.secret.isEmpty())
        req.setRawHeader("X-Lemm-Signature-HMAC",
                         "sha256=" + WebhookSignature::hmacHex(hook.secret, message));
    req.setTransferTimeout(m_deps.config.timeoutMs);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply(nam.post(req, body));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // stop() does not wait for a slow hook: the POST under way is aborted.
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, reply.get(), [this, r = reply.get()] {
        if (m_stop.load())
            r->abort();
    });
    stopCheck.start(kStopCheckMs);
    if (!reply->isFinished())
        loop.exec();
    if (m_stop.load())
        return QStringLiteral("stopped");
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (http >= 200 && http < 300)
        return {};
    if (reply->error() == QNetworkReply::OperationCanceledError ||
        reply->error() == QNetworkReply::TimeoutError)
        return QStringLiteral("no answer within %1 ms").arg(m_deps.config.timeoutMs);
    if (http != 0)
        return QStringLiteral("HTTP %1").arg(http);
    // The error's name, not errorString(): that can quote the URL, which may carry a secret.
    const char *name =
        QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error());
    return QStringLiteral("network error %1").arg(QLatin1String(name ? name : "unknown"));
}

QDateTime OutboxDispatcher::retryAt(const OutboxRow &row, const QDateTime &now) const
{
    const ServerConfig::Webhooks &c = m_deps.config;
    const double delay =
        std::min(double(c.retryMaxMs), c.retryBaseMs * std::pow(2.0, double(row.attempts)));
    return now.addMSecs(qint64(delay));
}

} // namespace lemm::server
