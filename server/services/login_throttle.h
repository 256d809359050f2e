#pragma once
// The login throttle (issue 11): failed password checks are counted per account (keyed by the
// digest of the e-mail address tried, whether or not such an account exists) and per client
// address (IPv6 by /64; an empty or unparsable address has no per-address state and never
// counts as clean). After `free_failures` each further failure doubles a delay before the
// next attempt is judged; enough failures lock the key for a while. While throttled an attempt
// is not judged at all (429 whether or not the password is right, and no argon2 cost).
//
// So that an attacker cannot keep a victim out: the account lock is short and bounded (at most
// an hour by configuration), the per-account delay does not apply to an address that has no
// failures of its own (it is judged by its per-address state and the account lock only), and
// a successful login clears the account's state (never the address's, or one attacker account
// would reset it). When an account lock has expired the next failure starts a fresh count, so
// one failure per lock period cannot keep the account locked. An address the account logged
// in from within login/known_address_days (table login_known_addresses, keyed by digests of
// the account key and the address key, never the address itself) is not subject to the
// account's lock or delay at all, only to its own address throttle: a distributed attacker
// cannot keep the owner out from where they usually log in, while unknown addresses stay
// subject to the lock that stops distributed guessing. State lives in the database (table
// login_throttle) on the vault's clock, so it is shared by server processes, survives restarts and
// is tested with a manual clock. Counting is atomic (one upsert per key), and serialize() makes
// concurrent attempts on one account take turns within a process, so parallel guesses cannot all
// pass check() before the first failure is counted. (Across server processes, or per address across
// accounts, such overlap adds at most one attempt per HTTP thread.) Limits: ServerConfig::login.
// Thread-safe.

#include "server/storage/vault.h"

#include <QMutex>

#include <mutex>

namespace lemm::server {

class LoginThrottle
{
public:
    explicit LoginThrottle(Vault &vault) : m_vault(vault) {}

    // Who is trying: the throttle keys of one attempt. Never holds the e-mail itself.
    struct Attempt {
        QString accountKey;
        QString addressKey;
    };
    static Attempt attemptFor(const QString &email, const QString &peerAddress);

    // Held from check() until the outcome is recorded: attempts on one account take turns
    // (process-wide; a few striped locks, so unrelated accounts rarely wait for each other).
    static std::unique_lock<QMutex> serialize(const Attempt &attempt);

    // okStatus when the attempt may be judged now; otherwise a TooManyRequests error whose
    // fields carry "retry_after_seconds" (the HTTP layer turns it into Retry-After).
    Status check(const Attempt &attempt) const;
    // A wrong password: counts against both keys, locks a key that reached its limit.
    Status recordFailure(const Attempt &attempt) const;
    // A right password (or a completed reset): forgets the account's failures.
    Status clearAccount(const Attempt &attempt) const;
    // A right password from the attempt's address: clearAccount() and remembers the address
    // as known for the account (a no-op for the address part when there is no address).
    Status recordSuccess(const Attempt &attempt) const;

private:
    struct KeyState {
        qint64 failures = 0;
        QDateTime lastFailure;
        QDateTime lockedUntil;
    };
    // freshAfterLock: a key whose lock has expired reads as (and counts from) no failures.
    Result<KeyState> load(const QString &key, bool freshAfterLock) const;
    Result<bool> isKnownAddress(const Attempt &attempt) const;
    qint64 waitSeconds(const KeyState &state, bool withDelay) const;
    Status count(const Tx &tx, const QString &key, int lockFailures, int lockSeconds,
                 bool freshAfterLock) const;

    Vault &m_vault;
};

} // namespace lemm::server
