// The transparency log's cost (issue 14): audit appends with the Merkle state and a signed head
// per transaction against the plain hash chain of before (the same statements the old
// AuditLog::append ran, reproduced here), at one entry per transaction and in batches; then
// inclusion and consistency proofs and verification on the grown log. Prints Markdown rows.
//   build/ci/bench/tlog_bench [ENTRIES]   (default 100000; LEMM_BENCH_DATABASE as vault_bench)
#include "bench_util.h"

#include "server/storage/audit_log.h"
#include "server/storage/transparency_log.h"
#include "server/storage/vault.h"

#include "core/crypto/audit_chain.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace lemm;
using namespace lemm::server;

namespace {

std::unique_ptr<Vault> openVault(const QTemporaryDir &dir)
{
    auto cfg = ServerConfig::load(dir.path());
    ServerConfig c = cfg.value();
    c.databaseUrl = qEnvironmentVariable("LEMM_BENCH_DATABASE");
    auto vault = Vault::open(c);
    if (!vault)
        qFatal("vault: %s", qPrintable(vault.error().message));
    return std::move(vault).value();
}

// The audit append as it was before the transparency log: chain and head row only.
Status plainAppend(const Tx &tx, const QString &at, int i)
{
    auto bump = exec(tx, QStringLiteral("UPDATE audit_head SET seq = seq + 1 WHERE id = 1"));
    auto head = exec(tx, QStringLiteral("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (!bump || !head || !head->next())
        return Error::make(ErrorKind::Internal, QStringLiteral("bench"), QStringLiteral("head"));
    core::AuditEntry e{
        head->value(0).toLongLong(),
        at,
        audit::kPolicyChange,
        QStringLiteral("bench"),
        QStringLiteral("s"),
        QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("i"), i}}).toJson(QJsonDocument::Compact)),
        head->value(1).toString(),
        QString()};
    e.hash = core::entryHash(e);
    auto ins = exec(tx,
                    QStringLiteral("INSERT INTO audit_log (seq, at, event_type, actor, subject, "
                                   "payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                    {e.seq, e.at, e.eventType, e.actor, e.subject, e.payload, e.prevHash, e.hash});
    if (!ins)
        return ins.error();
    auto upd = exec(tx, QStringLiteral("UPDATE audit_head SET hash = ? WHERE id = 1"), {e.hash});
    return upd ? core::okStatus() : Status(upd.error());
}

Status merkleAppend(const Tx &tx, const QString &at, int i)
{
    auto e = AuditLog::append(tx, audit::kPolicyChange, QStringLiteral("bench"),
                              QStringLiteral("s"), QJsonObject{{QStringLiteral("i"), i}}, at);
    return e ? core::okStatus() : Status(e.error());
}

using Append = Status (*)(const Tx &, const QString &, int);

// Appends `n` entries in transactions of `perTx`; microseconds per entry.
double appendRate(Vault &vault, Append append, int n, int perTx)
{
    QElapsedTimer t;
    t.start();
    for (int done = 0; done < n; done += perTx) {
        auto r = vault.transact([&](const Tx &tx) -> Result<int> {
            for (int i = done; i < qMin(n, done + perTx); ++i)
                if (auto s = append(tx, vault.nowIso(), i); !s)
                    return s.error();
            return 0;
        });
        if (!r)
            qFatal("append: %s", qPrintable(r.error().message));
    }
    return double(t.nsecsElapsed()) / 1000.0 / n;
}

void appendRows(const char *mode, Append append, int entries)
{
    QTemporaryDir dir;
    auto vault = openVault(dir);
    const int single = qMin(entries, 2000);
    const double one = appendRate(*vault, append, single, 1);
    const double batched = appendRate(*vault, append, entries, 500);
    bench::row(qPrintable(QStringLiteral("%1: append, 1 entry per transaction (%2 entries)")
                              .arg(QLatin1String(mode))
                              .arg(single)),
               QString::number(one, 'f', 1), "µs/entry");
    bench::row(qPrintable(QStringLiteral("%1: append, 500 per transaction (to %2 entries)")
                              .arg(QLatin1String(mode))
                              .arg(single + entries)),
               QString::number(batched, 'f', 1), "µs/entry");
}

// Mean microseconds of `runs` calls of `f` with a random size or index below `bound`.
template <typename F> double meanMicros(int runs, qint64 bound, F &&f)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const qint64 x = 1 + QRandomGenerator::global()->bounded(bound);
        QElapsedTimer t;
        t.start();
        f(x);
        times.push_back(double(t.nsecsElapsed()) / 1000.0);
    }
    return bench::stats(times).mean;
}

void proofRows(int entries)
{
    QTemporaryDir dir;
    auto vault = openVault(dir);
    appendRate(*vault, merkleAppend, entries, 500);
    const auto head = TransparencyLog::newestHead(vault->db(), vault->signingKey().keyId());
    const qint64 size = (*head)->treeSize;
    const QString keyId = vault->signingKey().keyId();
    const double inclusion = meanMicros(1000, size, [&](qint64 seq) {
        if (!TransparencyLog::inclusion(vault->db(), seq, size, keyId))
            qFatal("inclusion failed");
    });
    const double consistency = meanMicros(1000, size, [&](qint64 first) {
        if (!TransparencyLog::consistency(vault->db(), first, size, keyId))
            qFatal("consistency failed");
    });
    QElapsedTimer t;
    t.start();
    auto report = TransparencyLog::verify(vault->db(), vault->signingKey().publicKey(), *head);
    if (!report || !report->ok)
        qFatal("verify failed");
    const double verifyMs = double(t.nsecsElapsed()) / 1e6;
    const QString n = QString::number(size);
    bench::row(qPrintable(QStringLiteral("inclusion proof in a tree of %1, mean of 1000").arg(n)),
               QString::number(inclusion, 'f', 0), "µs");
    bench::row(qPrintable(QStringLiteral("consistency proof M→%1, mean of 1000 random M").arg(n)),
               QString::number(consistency, 'f', 0), "µs");
    bench::row(qPrintable(QStringLiteral("verify (chain scan, recomputed root, heads), %1").arg(n)),
               QString::number(verifyMs, 'f', 0), "ms");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int entries = argc > 1 ? QString::fromLatin1(argv[1]).toInt() : 100000;
    std::printf("| measurement | value | unit |\n|---|---|---|\n");
    appendRows("plain chain (before)", plainAppend, entries);
    appendRows("chain + Merkle + head", merkleAppend, entries);
    proofRows(entries);
    return 0;
}
