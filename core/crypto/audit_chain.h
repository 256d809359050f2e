#pragma once
// The hash chain behind the tamper-evident audit log (spec §4.4): each entry's hash covers the
// previous entry's hash and the entry's own fields, so editing, deleting or reordering any row
// breaks every later link. Pure; storage lives in the server's AuditLog.

#include <QString>

#include <optional>

namespace lemm::core {

struct AuditEntry {
    qint64 seq = 0;    // 1, 2, 3, ... without gaps
    QString at;        // ISO-8601 UTC
    QString eventType; // policy_change, submission_decision, vault_access, ...
    QString actor;     // account id or service name
    QString subject;   // track id, run id, ... (may be empty)
    QString payload;   // compact JSON text, stored verbatim
    QString prevHash;  // hex of the previous entry's hash; kGenesisHash for seq 1
    QString hash;      // hex BLAKE2b-256 of the canonical encoding, see entryHash()
};

inline const QString kGenesisHash = QString(64, QLatin1Char('0'));

// Hex BLAKE2b-256 over: "lemm-audit-v1" then, for prevHash, seq, at, eventType, actor, subject
// and payload in that order, each as [u32 big-endian byte length][UTF-8 bytes].
QString entryHash(const AuditEntry &e);

// Checks entries one at a time, in seq order.
class AuditChainVerifier
{
public:
    // Returns a description of the first problem with this entry, or nothing.
    std::optional<QString> feed(const AuditEntry &e);
    qint64 count() const { return m_count; }
    QString lastHash() const { return m_prev; }
    qint64 lastSeq() const { return m_lastSeq; }

private:
    QString m_prev = kGenesisHash;
    qint64 m_lastSeq = 0;
    qint64 m_count = 0;
};

} // namespace lemm::core
