#include "server/services/proofs.h"

#include "server/services/proof_check.h"
#include "server/services/proof_seal.h"
#include "server/storage/audit_log.h"
#include "server/storage/subject_links.h"
#include "server/storage/vault.h"

#include "core/base/ids.h"

#include <QJsonArray>
#include <QSet>

namespace lemm::server {

using namespace lemm::core;
using proofs::ProofEntry;

namespace {

const QString kColumns =
    QStringLiteral("seq, at, event_type, actor, subject, payload, prev_hash, hash");

ProofEntry rowEntry(const QSqlQuery &q)
{
    AuditEntry e;
    e.seq = q.value(0).toLongLong();
    e.at = q.value(1).toString();
    e.eventType = q.value(2).toString();
    e.actor = q.value(3).toString();
    e.subject = q.value(4).toString();
    e.payload = q.value(5).toString();
    e.prevHash = q.value(6).toString();
    e.hash = q.value(7).toString();
    return proofs::proofEntry(e);
}

Result<QList<ProofEntry>> select(const Tx &tx, const QString &where, const QVariantList &binds)
{
    auto q = exec(
        tx, QStringLiteral("SELECT %1 FROM audit_log WHERE %2 ORDER BY seq").arg(kColumns, where),
        binds);
    if (!q)
        return q.error();
    QList<ProofEntry> out;
    while (q.value().next())
        out << rowEntry(q.value());
    return out;
}

Result<qint64> subjectHead(const Tx &tx, const QString &key)
{
    auto q =
        exec(tx, QStringLiteral("SELECT last_seq FROM audit_subject_heads WHERE subject_key = ?"),
             {key});
    if (!q)
        return q.error();
    return q.value().next() ? q.value().value(0).toLongLong() : qint64(0);
}

// What a document is about, and the entries that show it.
struct Gathered {
    QString kind;
    QString id;
    QString key;
    qint64 newest = 0;
    qint64 linksSince = 0;
    QList<ProofEntry> entries;
    QList<ProofEntry> related;
};

// The chain from the newest entry about the subject back to the first, oldest first.
Status walkChain(const Tx &tx, Gathered &g)
{
    qint64 cur = g.newest;
    while (cur > 0) {
        auto e = select(tx, QStringLiteral("seq = ?"), {cur});
        if (!e)
            return e.error();
        if (e->isEmpty())
            return Error::make(ErrorKind::Internal, QStringLiteral("chain_broken"),
                               QStringLiteral("audit entry %1 is missing from the log").arg(cur));
        g.entries.prepend(e->first());
        cur = proofs::prevAbout(e->first(), g.key).value_or(0);
    }
    return okStatus();
}

// Entries from before back-links existed, found by their subject column.
Status addLegacy(const Tx &tx, Gathered &g, const QStringList &types, const QStringList &subjects)
{
    if (g.linksSince == 0)
        return okStatus();
    for (const QString &subject : subjects)
        for (const QString &type : types) {
            auto e = select(tx, QStringLiteral("seq <= ? AND event_type = ? AND subject = ?"),
                            {g.linksSince, type, subject});
            if (!e)
                return e.error();
            g.entries << e.value();
        }
    std::sort(g.entries.begin(), g.entries.end(),
              [](const ProofEntry &a, const ProofEntry &b) { return a.entry.seq < b.entry.seq; });
    return okStatus();
}

Status gatherChain(const Tx &tx, Gathered &g)
{
    auto newest = subjectHead(tx, g.key);
    if (!newest)
        return newest.error();
    auto since = subjectHead(tx, QStringLiteral("*links_since"));
    if (!since)
        return since.error();
    g.newest = newest.value();
    g.linksSince = since.value();
    return walkChain(tx, g);
}

// Revocations and claims of the tracks the model's runs used, after the first run.
Status addRelated(const Tx &tx, Gathered &g)
{
    QSet<QString> tracks;
    qint64 first = 0;
    for (const ProofEntry &e : g.entries)
        for (const QJsonValue &t : e.payload.value(QStringLiteral("track_ids")).toArray()) {
            tracks.insert(t.toString());
            first = first == 0 ? e.entry.seq : first;
        }
    QStringList sorted(tracks.begin(), tracks.end());
    sorted.sort();
    for (const QString &t : sorted) {
        auto e = select(tx, QStringLiteral("subject = ? AND seq > ? AND event_type IN (?, ?)"),
                        {t, first, audit::kConsentChange, audit::kInfringementClaim});
        if (!e)
            return e.error();
        for (const ProofEntry &r : e.value())
            if (r.entry.eventType == audit::kInfringementClaim
                    ? r.payload.value(QStringLiteral("change")).toString() == QLatin1String("filed")
                    : r.payload.value(QStringLiteral("change")).toString() ==
                          QLatin1String("revoked"))
                g.related << r;
    }
    std::sort(g.related.begin(), g.related.end(),
              [](const ProofEntry &a, const ProofEntry &b) { return a.entry.seq < b.entry.seq; });
    return okStatus();
}

QJsonArray entriesJson(const QList<ProofEntry> &entries)
{
    QJsonArray out;
    for (const ProofEntry &e : entries)
        out.append(proofs::entryJson(e));
    return out;
}

const QString kHowToCheck = QStringLiteral(
    "Run `lemm-vault-server proof check FILE --public-key KEY` with the server's public key "
    "(`lemm-vault-server audit public-key`, GET /audit/public-key); no database is needed. It "
    "checks each entry's hash (BLAKE2b-256 over \"lemm-audit-v1\" then prev_hash, seq, at, "
    "event_type, actor, subject and payload, each as a big-endian u32 byte length and its UTF-8 "
    "bytes), each inclusion proof against the signed tree head (RFC 6962, SHA-256, leaf = "
    "SHA-256(0x00 || raw entry hash)), the back-links in each payload's prev_subject_seq from "
    "chain.newest_seq to the first entry, the statement recomputed from the entries, and the "
    "Ed25519 signature over \"lemm-proof-2\\n\" and the document's compact JSON without its "
    "signature. docs/ARCHITECTURE.md, \"Proofs\", describes the format.");

Result<QJsonObject> document(const Vault &vault, const Gathered &g)
{
    auto statement = proofs::statementFor(g.kind, g.id, g.entries, g.related, g.linksSince);
    if (!statement)
        return statement.error();
    QJsonObject doc{{QStringLiteral("kind"), g.kind},
                    {QStringLiteral("subject"),
                     QJsonObject{{QStringLiteral("key"), g.key}, {QStringLiteral("id"), g.id}}},
                    {QStringLiteral("chain"),
                     QJsonObject{{QStringLiteral("newest_seq"), double(g.newest)},
                                 {QStringLiteral("links_since"), double(g.linksSince)}}},
                    {QStringLiteral("entries"), entriesJson(g.entries)},
                    {QStringLiteral("related_entries"), entriesJson(g.related)},
                    {QStringLiteral("statement"), statement.value()},
                    {QStringLiteral("summary"), proofs::summaryFor(g.kind, statement.value())},
                    {QStringLiteral("generated_at"), vault.nowIso()},
                    {QStringLiteral("how_to_check"), kHowToCheck}};
    auto key = proofs::serverKey(vault);
    if (!key)
        return key.error();
    return proofs::seal(vault.db(), key.value(), doc);
}

Result<QStringList> runIdsOf(const Tx &tx, const QString &modelId)
{
    auto q = exec(tx, QStringLiteral("SELECT run_id FROM model_training_runs WHERE model_id = ?"),
                  {modelId});
    if (!q)
        return q.error();
    QStringList ids;
    while (q.value().next())
        ids << q.value().value(0).toString();
    return ids;
}

Result<QJsonObject> modelDocument(const Tx &tx, const Vault &vault, const QString &modelId)
{
    Gathered g{proofs::kModelProof, modelId, subject_links::modelKey(modelId), 0, 0, {}, {}};
    if (auto s = gatherChain(tx, g); !s)
        return s.error();
    auto runs = runIdsOf(tx, modelId);
    if (!runs)
        return runs.error();
    if (auto s = addLegacy(tx, g, {audit::kTrainingBatch}, runs.value()); !s)
        return s.error();
    if (g.entries.isEmpty())
        return Error::make(ErrorKind::NotFound, QStringLiteral("model_not_found"),
                           QStringLiteral("no model '%1' in the registry").arg(modelId));
    if (auto s = addRelated(tx, g); !s)
        return s.error();
    return document(vault, g);
}

} // namespace

Result<QJsonObject> modelProof(const Vault &vault, const QString &modelId)
{
    return vault.transact(
        [&](const Tx &tx) -> Result<QJsonObject> { return modelDocument(tx, vault, modelId); });
}

Result<QJsonObject> outputProof(const Vault &vault, const QString &outputId)
{
    return vault.transact([&](const Tx &tx) -> Result<QJsonObject> {
        Gathered g{
            proofs::kOutputProof, outputId, subject_links::outputKey(outputId), 0, 0, {}, {}};
        if (auto s = gatherChain(tx, g); !s)
            return s.error();
        if (auto s =
                addLegacy(tx, g, {audit::kOutputSimilarityCheck, audit::kOutputExport}, {outputId});
            !s)
            return s.error();
        const bool checked =
            std::any_of(g.entries.begin(), g.entries.end(), [](const ProofEntry &e) {
                return e.entry.eventType == audit::kOutputSimilarityCheck;
            });
        if (!checked)
            return Error::make(
                ErrorKind::NotFound, QStringLiteral("output_not_checked"),
                QStringLiteral("no safety check of output '%1' is recorded").arg(outputId));
        return document(vault, g);
    });
}

Result<QJsonObject> trackReceipt(const Vault &vault, const QString &trackId)
{
    return vault.transact([&](const Tx &tx) -> Result<QJsonObject> {
        Gathered g{proofs::kTrackReceipt, trackId, subject_links::trackKey(trackId), 0, 0, {}, {}};
        if (auto s = gatherChain(tx, g); !s)
            return s.error();
        if (auto s = addLegacy(
                tx, g,
                {audit::kSubmissionDecision, audit::kConsentChange, audit::kInfringementClaim},
                {trackId});
            !s)
            return s.error();
        if (g.entries.isEmpty())
            return Error::make(ErrorKind::NotFound, QStringLiteral("track_not_found"),
                               QStringLiteral("no audit entries about track '%1'").arg(trackId));
        return document(vault, g);
    });
}

Result<int> compareWithLog(const Database &db, const QJsonObject &proof)
{
    int n = 0;
    for (const char *field : {"entries", "related_entries"})
        for (const QJsonValue &v : proof.value(QLatin1String(field)).toArray()) {
            const qint64 seq = qint64(v.toObject().value(QStringLiteral("seq")).toDouble());
            const QString hash = v.toObject().value(QStringLiteral("hash")).toString();
            auto q = db.query(QStringLiteral("SELECT hash FROM audit_log WHERE seq = ?"), {seq});
            if (!q)
                return q.error();
            if (!q.value().next() || q.value().value(0).toString() != hash)
                return Error::make(ErrorKind::Conflict, QStringLiteral("proof_entry_not_in_chain"),
                                   QStringLiteral("entry %1 of the proof is not in the vault's "
                                                  "audit chain")
                                       .arg(seq));
            ++n;
        }
    return n;
}

} // namespace lemm::server
