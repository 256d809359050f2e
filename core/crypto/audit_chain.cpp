#include "core/crypto/audit_chain.h"

#include "core/crypto/crypto.h"

#include <QtEndian>

namespace lemm::core {

namespace {

void appendField(QByteArray &buf, const QByteArray &field)
{
    uchar len[4];
    qToBigEndian<quint32>(quint32(field.size()), len);
    buf.append(reinterpret_cast<const char *>(len), 4);
    buf.append(field);
}

} // namespace

QString entryHash(const AuditEntry &e)
{
    QByteArray buf("lemm-audit-v1");
    appendField(buf, e.prevHash.toUtf8());
    appendField(buf, QByteArray::number(e.seq));
    appendField(buf, e.at.toUtf8());
    appendField(buf, e.eventType.toUtf8());
    appendField(buf, e.actor.toUtf8());
    appendField(buf, e.subject.toUtf8());
    appendField(buf, e.payload.toUtf8());
    return QString::fromLatin1(crypto::genericHash(buf).toHex());
}

std::optional<QString> AuditChainVerifier::feed(const AuditEntry &e)
{
    if (e.seq != m_lastSeq + 1)
        return QStringLiteral("entry %1: expected sequence number %2 (an entry is missing or "
                              "out of order)")
            .arg(e.seq)
            .arg(m_lastSeq + 1);
    if (e.prevHash != m_prev)
        return QStringLiteral("entry %1 (%2): prev_hash does not match the hash of entry %3")
            .arg(e.seq)
            .arg(e.eventType)
            .arg(m_lastSeq);
    if (entryHash(e) != e.hash)
        return QStringLiteral("entry %1 (%2): content does not match its hash (edited after "
                              "it was written)")
            .arg(e.seq)
            .arg(e.eventType);
    m_prev = e.hash;
    m_lastSeq = e.seq;
    ++m_count;
    return std::nullopt;
}

} // namespace lemm::core
