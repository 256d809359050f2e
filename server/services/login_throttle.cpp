#include "server/services/login_throttle.h"

#include "core/base/ids.h"
#include "core/crypto/crypto.h"

#include <QHostAddress>

#include <algorithm>
#include <array>

namespace lemm::server {

namespace {

QString addressKeyFor(const QString &peerAddress)
{
    const QHostAddress a(peerAddress);
    if (a.isNull())
        return {}; // unknown: no per-address state (one shared bucket would lock everyone out)
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    if (isV4)
        return QStringLiteral("address:") + QHostAddress(v4).toString();
    // One IPv6 subscriber usually holds a whole /64: count it as one address.
    Q_IPV6ADDR v6 = a.toIPv6Address();
    std::fill(std::begin(v6.c) + 8, std::end(v6.c), quint8(0));
    return QStringLiteral("address:") + QHostAddress(v6).toString() + QStringLiteral("/64");
}

// The stored form of "this account logged in from this address": a digest of both keys.
QString knownAddressDigest(const LoginThrottle::Attempt &attempt)
{
    return core::crypto::tokenDigest(attempt.accountKey + QLatin1Char('|') + attempt.addressKey);
}

// Known addresses kept per account; the oldest beyond this are forgotten.
constexpr int kMaxKnownAddressesPerAccount = 32;

qint64 secondsUntil(const QDateTime &now, const QDateTime &then)
{
    const qint64 ms = now.msecsTo(then);
    return ms <= 0 ? 0 : std::max<qint64>(1, (ms + 999) / 1000);
}

} // namespace

LoginThrottle::Attempt LoginThrottle::attemptFor(const QString &email, const QString &peerAddress)
{
    return Attempt{QStringLiteral("account:") +
                       core::crypto::tokenDigest(email.trimmed().toLower()),
                   addressKeyFor(peerAddress)};
}

std::unique_lock<QMutex> LoginThrottle::serialize(const Attempt &attempt)
{
    static std::array<QMutex, 64> stripes;
    return std::unique_lock<QMutex>(stripes[qHash(attempt.accountKey) % stripes.size()]);
}

Result<LoginThrottle::KeyState> LoginThrottle::load(const QString &key, bool freshAfterLock) const
{
    auto q = m_vault.db().query(QStringLiteral("SELECT failures, last_failure_at, locked_until "
                                               "FROM login_throttle WHERE throttle_key = ?"),
                                {key});
    if (!q)
        return q.error();
    KeyState s;
    if (!q.value().next())
        return s;
    const QDateTime now = m_vault.now();
    s.failures = q.value().value(0).toLongLong();
    s.lastFailure = core::fromIso(q.value().value(1).toString());
    if (!q.value().value(2).isNull())
        s.lockedUntil = core::fromIso(q.value().value(2).toString());
    const bool locked = s.lockedUntil.isValid() && s.lockedUntil > now;
    if (!locked && s.lastFailure.addSecs(m_vault.config().login.windowSec) <= now)
        return KeyState{}; // forgotten
    if (freshAfterLock && s.lockedUntil.isValid() && !locked)
        return KeyState{}; // the lock has been served: counting starts over
    return s;
}

Result<bool> LoginThrottle::isKnownAddress(const Attempt &attempt) const
{
    const int days = m_vault.config().login.knownAddressDays;
    if (attempt.addressKey.isEmpty() || days <= 0)
        return false;
    auto q = m_vault.db().query(QStringLiteral("SELECT 1 FROM login_known_addresses WHERE "
                                               "account_key = ? AND address_digest = ? AND "
                                               "last_login_at > ?"),
                                {attempt.accountKey, knownAddressDigest(attempt),
                                 core::toIso(m_vault.now().addDays(-days))});
    if (!q)
        return q.error();
    return q.value().next();
}

qint64 LoginThrottle::waitSeconds(const KeyState &state, bool withDelay) const
{
    const auto &limits = m_vault.config().login;
    const QDateTime now = m_vault.now();
    qint64 wait = state.lockedUntil.isValid() ? secondsUntil(now, state.lockedUntil) : 0;
    if (withDelay && state.failures > limits.freeFailures) {
        const qint64 steps = std::min<qint64>(state.failures - limits.freeFailures - 1, 30);
        const qint64 delay =
            std::min<qint64>(qint64(limits.delayBaseSec) << steps, limits.delayMaxSec);
        wait = std::max(wait, secondsUntil(now, state.lastFailure.addSecs(delay)));
    }
    return wait;
}

Status LoginThrottle::check(const Attempt &attempt) const
{
    auto known = isKnownAddress(attempt);
    if (!known)
        return known.error();
    // A known address is judged by its own state only: the account's lock does not apply.
    auto account = known.value() ? Result<KeyState>(KeyState{}) : load(attempt.accountKey, true);
    if (!account)
        return account.error();
    auto address = attempt.addressKey.isEmpty() ? Result<KeyState>(KeyState{})
                                                : load(attempt.addressKey, false);
    if (!address)
        return address.error();
    // An address without failures is judged by its own state and the account lock only.
    const bool cleanAddress = !attempt.addressKey.isEmpty() && address->failures == 0;
    const qint64 wait =
        std::max(waitSeconds(account.value(), !cleanAddress), waitSeconds(address.value(), true));
    if (wait == 0)
        return core::okStatus();
    const QDateTime now = m_vault.now();
    const bool locked = (account->lockedUntil.isValid() && account->lockedUntil > now) ||
                        (address->lockedUntil.isValid() && address->lockedUntil > now);
    return Error::make(
        ErrorKind::TooManyRequests, QStringLiteral("too_many_attempts"),
        (locked ? QStringLiteral("too many failed logins: logins are locked for %1 s; try again "
                                 "then, or reset the password (POST /auth/password-reset/request)")
                : QStringLiteral("too many failed logins: wait %1 s before the next attempt"))
            .arg(wait),
        QJsonObject{{QStringLiteral("retry_after_seconds"), wait}});
}

Status LoginThrottle::count(const Tx &tx, const QString &key, int lockFailures, int lockSeconds,
                            bool freshAfterLock) const
{
    const QDateTime now = m_vault.now();
    const QString nowIso = core::toIso(now);
    const QString staleBefore = core::toIso(now.addSecs(-m_vault.config().login.windowSec));
    // A key whose last failure is older than the window (and that is not locked) starts over;
    // with freshAfterLock so does a key whose lock has expired (a new lock needs the full count).
    const QString startOver =
        QStringLiteral("((login_throttle.last_failure_at <= ? AND "
                       "(login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ?)) "
                       "OR (? = 1 AND login_throttle.locked_until IS NOT NULL AND "
                       "login_throttle.locked_until <= ?))");
    const int fresh = freshAfterLock ? 1 : 0;
    auto up = exec(
        tx,
        QStringLiteral(
            "INSERT INTO login_throttle (throttle_key, failures, last_failure_at) VALUES (?, 1, ?) "
            "ON CONFLICT (throttle_key) DO UPDATE SET "
            "failures = CASE WHEN %1 THEN 1 ELSE login_throttle.failures + 1 END, "
            "locked_until = CASE WHEN %1 THEN NULL ELSE login_throttle.locked_until END, "
            "last_failure_at = excluded.last_failure_at")
            .arg(startOver),
        {key, nowIso, staleBefore, nowIso, fresh, nowIso, staleBefore, nowIso, fresh, nowIso});
    if (!up)
        return up.error();
    auto lock = exec(tx,
                     QStringLiteral("UPDATE login_throttle SET locked_until = ? WHERE "
                                    "throttle_key = ? AND failures >= ? AND (locked_until IS "
                                    "NULL OR locked_until <= ?)"),
                     {core::toIso(now.addSecs(lockSeconds)), key, lockFailures, nowIso});
    if (!lock)
        return lock.error();
    return core::okStatus();
}

Status LoginThrottle::recordFailure(const Attempt &attempt) const
{
    const auto &limits = m_vault.config().login;
    return m_vault.transact([&](const Tx &tx) -> Status {
        const QDateTime now = m_vault.now();
        // Forgotten keys go, so that addresses that tried once do not pile up.
        auto prune = exec(tx,
                          QStringLiteral("DELETE FROM login_throttle WHERE last_failure_at <= ? "
                                         "AND (locked_until IS NULL OR locked_until <= ?)"),
                          {core::toIso(now.addSecs(-limits.windowSec)), core::toIso(now)});
        if (!prune)
            return prune.error();
        if (auto a = count(tx, attempt.accountKey, limits.accountLockFailures,
                           limits.accountLockSec, true);
            !a)
            return a;
        if (attempt.addressKey.isEmpty())
            return core::okStatus();
        // An address that keeps failing stays slowed: its count does not start over.
        return count(tx, attempt.addressKey, limits.addressLockFailures, limits.addressLockSec,
                     false);
    });
}

Status LoginThrottle::clearAccount(const Attempt &attempt) const
{
    auto r = m_vault.db().query(QStringLiteral("DELETE FROM login_throttle WHERE throttle_key = ?"),
                                {attempt.accountKey});
    if (!r)
        return r.error();
    return core::okStatus();
}

Status LoginThrottle::recordSuccess(const Attempt &attempt) const
{
    if (auto cleared = clearAccount(attempt); !cleared)
        return cleared;
    if (attempt.addressKey.isEmpty() || m_vault.config().login.knownAddressDays <= 0)
        return core::okStatus();
    const QDateTime now = m_vault.now();
    return m_vault.transact([&](const Tx &tx) -> Status {
        auto up = exec(tx,
                       QStringLiteral("INSERT INTO login_known_addresses (account_key, "
                                      "address_digest, last_login_at) VALUES (?, ?, ?) ON "
                                      "CONFLICT (account_key, address_digest) DO UPDATE SET "
                                      "last_login_at = excluded.last_login_at"),
                       {attempt.accountKey, knownAddressDigest(attempt), core::toIso(now)});
        if (!up)
            return up.error();
        // Bounded per account: expired ones go, and the oldest beyond the cap.
        auto prune = exec(
            tx,
            QStringLiteral("DELETE FROM login_known_addresses WHERE account_key = ? AND "
                           "(last_login_at <= ? OR address_digest NOT IN (SELECT address_digest "
                           "FROM login_known_addresses WHERE account_key = ? ORDER BY "
                           "last_login_at DESC, address_digest LIMIT %1))")
                .arg(kMaxKnownAddressesPerAccount),
            {attempt.accountKey, core::toIso(now.addDays(-m_vault.config().login.knownAddressDays)),
             attempt.accountKey});
        if (!prune)
            return prune.error();
        return core::okStatus();
    });
}

} // namespace lemm::server
