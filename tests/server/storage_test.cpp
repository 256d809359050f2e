// The vault's storage on the backend under test (SQLite, or PostgreSQL when
// LEMM_TEST_PG_URL_FILE is set): migrations, accounts and tokens, uploads and submissions,
// consent versions and revocation, the audit chain, encrypted objects and audited raw reads.
#include "server/services/revocation.h"
#include "server/services/submissions.h"
#include "server/services/training_gateway.h"
#include "server/services/uploads.h"
#include "server/services/vault_access.h"
#include "server/storage/audit_log.h"
#include "server/storage/migrations.h"
#include "server/storage/policy_store.h"
#include "server/storage/track_store.h"

#include "support/fixtures.h"
#include "support/test_audio.h"
#include "support/test_backend.h"
#include "support/test_vault.h"

#include "core/base/ids.h"
#include "core/crypto/crypto.h"
#include "core/domain/terms.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QTest>
#include <QtConcurrent>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

qint64 count(Vault &v, const QString &sql, const QVariantList &binds = {})
{
    auto conn = v.db().connection();
    auto q = exec(conn.value(), sql, binds);
    if (!q || !q.value().next())
        qFatal("count failed: %s", qPrintable(sql));
    return q.value().value(0).toLongLong();
}

int objectFiles(const QString &dataDir, const QString &bucket)
{
    int n = 0;
    QDirIterator it(QDir(dataDir).filePath(QStringLiteral("objects/") + bucket),
                    {QStringLiteral("*.lvo")}, QDir::Files);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

} // namespace

class StorageTest : public QObject
{
    Q_OBJECT

private:
    // Uploads a tone and submits it; returns the track id.
    QString submitTrack(TestVault &tv, const Account &who, bool trainingAllowed = true)
    {
        auto up = tv.root().uploads().createUpload(
            who, makeWav(1.0, 330), QStringLiteral("audio/wav"), QStringLiteral("tone.wav"));
        if (!up)
            qFatal("upload: %s", qPrintable(up.error().message));
        auto sub = tv.root().submissions().submit(
            who, submissionBody(up->value(QStringLiteral("audio_upload_token")).toString(),
                                trainingAllowed));
        if (!sub)
            qFatal("submit: %s", qPrintable(sub.error().message));
        return sub->value(QStringLiteral("track_id")).toString();
    }

    // Moves a track through the track store, as the services do.
    static core::Result<core::SubmissionState> move(TestVault &tv, const QString &trackId,
                                                    core::SubmissionEvent event,
                                                    const QString &actor, const QString &reason,
                                                    const QString &vote = {})
    {
        const QString now = tv->nowIso();
        return tv->transact([&](const Tx &tx) {
            return TrackStore::transition(tx, trackId, event, actor, reason, now,
                                          TransitionNote{vote, {}});
        });
    }

    void accept(TestVault &tv, const QString &trackId)
    {
        QVERIFY(move(tv, trackId, core::SubmissionEvent::ChecksPassed, QStringLiteral("system"),
                     QStringLiteral("clean"))
                    .ok());
        QVERIFY(move(tv, trackId, core::SubmissionEvent::Approved, QStringLiteral("reviewer"),
                     QStringLiteral("ok"), QStringLiteral("approve"))
                    .ok());
    }

private Q_SLOTS:
    void initTestCase() { qInfo("storage backend: %s", qPrintable(backendName())); }

    void migrationsAreVersionedAndIdempotent()
    {
        TestVault tv;
        QCOMPARE(count(*tv, QStringLiteral("SELECT MAX(version) FROM schema_migrations")),
                 qint64(latestSchemaVersion()));
        auto again = migrate(tv->db());
        QVERIFY(again.ok());
        QCOMPARE(again->fromVersion, latestSchemaVersion());
        QCOMPARE(again->toVersion, latestSchemaVersion());
        // Only the seeded policy's entry: migrating again wrote nothing.
        QCOMPARE(count(*tv, QStringLiteral("SELECT COUNT(*) FROM audit_log")), 1ll);
        QCOMPARE(count(*tv, QStringLiteral("SELECT COUNT(*) FROM policy_versions")), 1ll);
    }

    void registrationVerificationAndLogin()
    {
        TestVault tv;
        AccountService accounts(*tv);
        const QJsonObject reg{{QStringLiteral("email"), QStringLiteral("Ana@Example.org")},
                              {QStringLiteral("password"), QStringLiteral("long enough pw")},
                              {QStringLiteral("display_name"), QStringLiteral("Ana")}};
        auto a = accounts.registerAccount(reg);
        QVERIFY(a.ok());
        QCOMPARE(a->email, QStringLiteral("ana@example.org"));
        QVERIFY(!a->emailVerified);
        QCOMPARE(core::roleNames(a->roles), QStringList{QStringLiteral("contributor")});
        // The password is stored only as an argon2id hash.
        QCOMPARE(
            count(*tv,
                  QStringLiteral(
                      "SELECT COUNT(*) FROM contributors WHERE password_hash LIKE '$argon2id$%'")),
            1ll);
        QCOMPARE(
            count(*tv,
                  QStringLiteral(
                      "SELECT COUNT(*) FROM contributors WHERE password_hash = 'long enough pw'")),
            0ll);

        auto dup = accounts.registerAccount(reg);
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().code, QStringLiteral("email_taken"));

        const QString token = latestMailToken(tv.dataDir(), QStringLiteral("ana@example.org"));
        QVERIFY(!token.isEmpty());
        auto v = accounts.verifyEmail(QJsonObject{{QStringLiteral("token"), token}});
        QVERIFY(v.ok());
        QVERIFY(v->emailVerified);
        auto replay = accounts.verifyEmail(QJsonObject{{QStringLiteral("token"), token}});
        QVERIFY(!replay.ok());
        QCOMPARE(replay.error().code, QStringLiteral("token_used"));

        auto bad = accounts.login(
            QJsonObject{{QStringLiteral("email"), QStringLiteral("ana@example.org")},
                        {QStringLiteral("password"), QStringLiteral("wrong password")}});
        QCOMPARE(bad.error().code, QStringLiteral("invalid_credentials"));
        auto unknown = accounts.login(
            QJsonObject{{QStringLiteral("email"), QStringLiteral("nobody@example.org")},
                        {QStringLiteral("password"), QStringLiteral("long enough pw")}});
        QCOMPARE(unknown.error().code, QStringLiteral("invalid_credentials"));

        auto s = accounts.login(
            QJsonObject{{QStringLiteral("email"), QStringLiteral("ANA@example.org")},
                        {QStringLiteral("password"), QStringLiteral("long enough pw")}});
        QVERIFY(s.ok());
        QCOMPARE(count(*tv, QStringLiteral("SELECT COUNT(*) FROM sessions WHERE token_hash = ?"),
                       {s->token}),
                 0ll);
        QCOMPARE(accounts.authenticate(s->token)->id, a->id);

        tv.advance(tv->config().sessionTtlSec + 1);
        auto expired = accounts.authenticate(s->token);
        QCOMPARE(expired.error().code, QStringLiteral("token_expired"));

        auto s2 = accounts.login(
            QJsonObject{{QStringLiteral("email"), QStringLiteral("ana@example.org")},
                        {QStringLiteral("password"), QStringLiteral("long enough pw")}});
        QVERIFY(accounts.logout(s2->token).ok());
        QCOMPARE(accounts.authenticate(s2->token).error().code, QStringLiteral("token_revoked"));
    }

    void verificationTokenExpires()
    {
        TestVault tv;
        AccountService accounts(*tv);
        QVERIFY(accounts
                    .registerAccount(
                        QJsonObject{{QStringLiteral("email"), QStringLiteral("late@example.org")},
                                    {QStringLiteral("password"), QStringLiteral("long enough pw")},
                                    {QStringLiteral("display_name"), QStringLiteral("Late")}})
                    .ok());
        tv.advance(tv->config().emailTokenTtlSec + 1);
        auto v = accounts.verifyEmail(
            QJsonObject{{QStringLiteral("token"),
                         latestMailToken(tv.dataDir(), QStringLiteral("late@example.org"))}});
        QCOMPARE(v.error().code, QStringLiteral("token_expired"));
        QCOMPARE(count(*tv, QStringLiteral(
                                "SELECT COUNT(*) FROM contributors WHERE email_verified = 1")),
                 0ll);
    }

    void serviceAccountsUseApiKeys()
    {
        TestVault tv;
        QString key;
        Account svc = tv.service(QStringLiteral("training-gateway"), &key);
        QVERIFY(key.startsWith(QStringLiteral("lvk_")));
        QCOMPARE(core::roleNames(svc.roles), QStringList{QStringLiteral("system")});
        AccountService accounts(*tv);
        QCOMPARE(accounts.authenticate(key + QStringLiteral("x")).error().code,
                 QStringLiteral("invalid_token"));
        // Service accounts cannot log in with a password.
        auto login = accounts.login(QJsonObject{{QStringLiteral("email"), svc.email},
                                                {QStringLiteral("password"), QString()}});
        QVERIFY(!login.ok());
    }

    void submissionCreatesTrackRightsHistoryAndJob()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        const QString id = submitTrack(tv, ana);
        auto status = tv.root().submissions().statusJson(id);
        QVERIFY(status.ok());
        QCOMPARE(status->value(QStringLiteral("status")).toString(),
                 QStringLiteral("pending_automated_checks"));
        const QJsonObject consent = status->value(QStringLiteral("consent")).toObject();
        QCOMPARE(consent.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(consent.value(QStringLiteral("training_allowed")).toBool(), true);
        QCOMPARE(consent.value(QStringLiteral("revoked")).toBool(), false);
        QVERIFY(consent.value(QStringLiteral("revoked_at")).isNull());

        auto track = tv.root().submissions().trackJson(id);
        QVERIFY(track.ok());
        QCOMPARE(track->value(QStringLiteral("history")).toArray().size(), 2);
        QVERIFY(qAbs(track->value(QStringLiteral("metadata"))
                         .toObject()
                         .value(QStringLiteral("duration_sec"))
                         .toDouble() -
                     1.0) < 0.01);
        QCOMPARE(count(*tv,
                       QStringLiteral(
                           "SELECT COUNT(*) FROM jobs WHERE track_id = ? AND state = 'queued'"),
                       {id}),
                 1ll);
        QCOMPARE(count(*tv,
                       QStringLiteral("SELECT COUNT(*) FROM rights_records WHERE track_id = ?"),
                       {id}),
                 1ll);
        // The audio moved from the upload area to the vault, encrypted.
        QCOMPARE(objectFiles(tv.dataDir(), QStringLiteral("uploads")), 0);
        QCOMPARE(objectFiles(tv.dataDir(), QStringLiteral("audio")), 1);
        const QByteArray stored =
            readFile(QDir(tv.dataDir())
                         .filePath(QStringLiteral("objects/audio/") + id + QStringLiteral(".lvo")));
        QVERIFY(stored.startsWith("LVOB1\n"));
        QVERIFY(!stored.contains("WAVEfmt"));
        QVERIFY(!stored.contains(makeWav(1.0, 330).mid(44, 64)));
    }

    void uploadTokensAreSingleUseExpiringAndPersonal()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        Account bob = tv.person(QStringLiteral("bob@example.org"));
        auto up = tv.root().uploads().createUpload(ana, makeWav(0.5), QStringLiteral("audio/wav"),
                                                   QString());
        QVERIFY(up.ok());
        const QString token = up->value(QStringLiteral("audio_upload_token")).toString();

        auto stolen = tv.root().submissions().submit(bob, submissionBody(token));
        QCOMPARE(stolen.error().code, QStringLiteral("invalid_upload_token"));
        QVERIFY(tv.root().submissions().submit(ana, submissionBody(token)).ok());
        auto replay = tv.root().submissions().submit(ana, submissionBody(token));
        QCOMPARE(replay.error().code, QStringLiteral("upload_token_used"));
        QCOMPARE(count(*tv, QStringLiteral("SELECT COUNT(*) FROM tracks")), 1ll);

        auto up2 = tv.root().uploads().createUpload(ana, makeWav(0.5), QStringLiteral("audio/wav"),
                                                    QString());
        tv.advance(tv->config().uploadTokenTtlSec + 1);
        auto late = tv.root().submissions().submit(
            ana, submissionBody(up2->value(QStringLiteral("audio_upload_token")).toString()));
        QCOMPARE(late.error().code, QStringLiteral("upload_token_expired"));
        QCOMPARE(count(*tv, QStringLiteral("SELECT COUNT(*) FROM tracks")), 1ll);

        // The expired upload is swept: row and encrypted object both go.
        QCOMPARE(objectFiles(tv.dataDir(), QStringLiteral("uploads")), 1);
        QCOMPARE(tv.root().uploads().sweepExpiredUploads().value(), 1);
        QCOMPARE(objectFiles(tv.dataDir(), QStringLiteral("uploads")), 0);
        QCOMPARE(
            count(*tv, QStringLiteral("SELECT COUNT(*) FROM uploads WHERE consumed_at IS NULL")),
            0ll);
    }

    void rejectedUploadsLeaveNothing()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        QCOMPARE(tv.root()
                     .uploads()
                     .createUpload(ana, QByteArray("not audio at all").repeated(50),
                                   QStringLiteral("audio/wav"), QString())
                     .error()
                     .code,
                 QStringLiteral("not_audio"));
        QCOMPARE(tv.root()
                     .uploads()
                     .createUpload(ana, QByteArray(), QStringLiteral("audio/wav"), QString())
                     .error()
                     .code,
                 QStringLiteral("empty_upload"));
        QCOMPARE(tv.root()
                     .uploads()
                     .createUpload(ana, makeWav(0.2), QStringLiteral("audio/wav"),
                                   QStringLiteral("../../etc/passwd"))
                     .error()
                     .code,
                 QStringLiteral("invalid_filename"));
        QCOMPARE(count(*tv, QStringLiteral("SELECT COUNT(*) FROM uploads")), 0ll);
        QCOMPARE(objectFiles(tv.dataDir(), QStringLiteral("uploads")), 0);

        // The configuration is immutable once the vault is open: a smaller upload limit is a
        // vault opened with it.
        TestVault small([](ServerConfig &c) { c.maxUploadBytes = 1024; });
        Account bea = small.person(QStringLiteral("bea@example.org"));
        QCOMPARE(small.root()
                     .uploads()
                     .createUpload(bea, makeWav(0.2), QStringLiteral("audio/wav"), QString())
                     .error()
                     .code,
                 QStringLiteral("upload_too_large"));
        QCOMPARE(count(*small, QStringLiteral("SELECT COUNT(*) FROM uploads")), 0ll);
        QCOMPARE(objectFiles(small.dataDir(), QStringLiteral("uploads")), 0);
    }

    void holdFlags()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        auto up = tv.root().uploads().createUpload(ana, makeWav(0.5), QStringLiteral("audio/wav"),
                                                   QString());
        QJsonObject body =
            submissionBody(up->value(QStringLiteral("audio_upload_token")).toString());
        QJsonObject rights = body.value(QStringLiteral("rights")).toObject();
        rights.insert(QStringLiteral("is_cover"), true);
        body.insert(QStringLiteral("rights"), rights);
        auto sub = tv.root().submissions().submit(ana, body);
        QVERIFY(sub.ok());
        QVERIFY(sub->value(QStringLiteral("flags"))
                    .toArray()
                    .contains(QStringLiteral("rights_review")));

        // Bulk rule: with a maximum of 2 tracks per contributor the third is held.
        core::Policy strict = tv->policy().value();
        strict.bulkMaxTracks = 2;
        QVERIFY(PolicyStore::update(tv->db(), QStringLiteral("test"), strict.toJson(), {}, 0,
                                    tv->nowIso())
                    .ok());
        const QString second = submitTrack(tv, ana);
        QVERIFY(!tv.root()
                     .submissions()
                     .statusJson(second)
                     ->value(QStringLiteral("flags"))
                     .toArray()
                     .contains(QStringLiteral("bulk_hold")));
        const QString third = submitTrack(tv, ana);
        QVERIFY(tv.root()
                    .submissions()
                    .statusJson(third)
                    ->value(QStringLiteral("flags"))
                    .toArray()
                    .contains(QStringLiteral("bulk_hold")));
    }

    void revocationExcludesFromTrainingAndKeepsConsentHistory()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        Account bob = tv.person(QStringLiteral("bob@example.org"));
        const QString kept = submitTrack(tv, bob);
        const QString revoked = submitTrack(tv, ana);
        const QString noTraining = submitTrack(tv, ana, false);
        const QString pending = submitTrack(tv, ana);
        accept(tv, kept);
        accept(tv, revoked);
        accept(tv, noTraining);
        QStringList both{kept, revoked};
        both.sort();
        QCOMPARE(tv.root().trainingGateway().eligibleTrackIds().value(), both);

        tv.advance(60);
        auto r = tv.root().revocation().revoke(
            ana, revoked,
            QJsonObject{{QStringLiteral("reason"), QStringLiteral("Leaving the platform")},
                        {QStringLiteral("scope"), QStringLiteral("all_future_use")}});
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->value(QStringLiteral("status")).toString(), QStringLiteral("removed"));
        const QJsonObject consent = r->value(QStringLiteral("consent")).toObject();
        QCOMPARE(consent.value(QStringLiteral("revoked")).toBool(), true);
        QCOMPARE(consent.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(consent.value(QStringLiteral("revocation_reason")).toString(),
                 QStringLiteral("Leaving the platform"));
        QCOMPARE(consent.value(QStringLiteral("revoked_at")).toString(), tv->nowIso());

        // The selection the training gateway uses no longer returns it.
        QCOMPARE(tv.root().trainingGateway().eligibleTrackIds().value(), QStringList{kept});
        // The old consent version is kept unchanged.
        QCOMPARE(count(*tv,
                       QStringLiteral("SELECT COUNT(*) FROM rights_records WHERE track_id = ?"),
                       {revoked}),
                 2ll);
        QCOMPARE(count(*tv,
                       QStringLiteral("SELECT revoked FROM rights_records WHERE track_id = ? AND "
                                      "consent_version = 1"),
                       {revoked}),
                 0ll);
        QCOMPARE(count(*tv,
                       QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = "
                                      "'track.revoked' AND subject = ?"),
                       {revoked}),
                 1ll);
        QCOMPARE(count(*tv,
                       QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE event_type = "
                                      "'consent_change' AND subject = ?"),
                       {revoked}),
                 1ll);

        auto twice = tv.root().revocation().revoke(
            ana, revoked, QJsonObject{{QStringLiteral("reason"), QStringLiteral("again")}});
        QCOMPARE(twice.error().code, QStringLiteral("already_revoked"));
        QCOMPARE(count(*tv,
                       QStringLiteral("SELECT COUNT(*) FROM rights_records WHERE track_id = ?"),
                       {revoked}),
                 2ll);

        // A pending track revoked before review is withdrawn and its queued job cancelled.
        QVERIFY(
            tv.root()
                .revocation()
                .revoke(ana, pending,
                        QJsonObject{{QStringLiteral("reason"), QStringLiteral("changed my mind")}})
                .ok());
        QCOMPARE(count(*tv,
                       QStringLiteral(
                           "SELECT COUNT(*) FROM jobs WHERE track_id = ? AND state = 'cancelled'"),
                       {pending}),
                 1ll);

        auto badScope = tv.root().revocation().revoke(
            ana, noTraining,
            QJsonObject{{QStringLiteral("reason"), QStringLiteral("x")},
                        {QStringLiteral("scope"), QStringLiteral("retroactive")}});
        QVERIFY(badScope.error().fields.contains(QStringLiteral("scope")));
        QVERIFY(AuditLog::verify(tv->db())->ok);
    }

    // The SQL conditions the training gateway and the reference index use are generated from
    // the core definitions; for every state and consent they select exactly what core says.
    void eligibilitySqlMatchesTheCoreDefinitions()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        const QString now = tv->nowIso();
        QHash<QString, std::pair<bool, bool>> expected; // id -> (eligible, reference)
        for (core::SubmissionState s : core::allSubmissionStates())
            for (int allowed = 0; allowed < 2; ++allowed)
                for (int revoked = 0; revoked < 2; ++revoked) {
                    TrackRecord rec;
                    rec.track.id = core::newId(QStringLiteral("trk"));
                    rec.track.storageUri = QStringLiteral("lvobj://audio/") + rec.track.id;
                    rec.track.title = QStringLiteral("t");
                    rec.track.primaryArtistId = ana.id;
                    rec.track.displayArtistName = QStringLiteral("Ana");
                    rec.track.language = QStringLiteral("en");
                    rec.track.releaseStatus = QStringLiteral("unreleased");
                    rec.track.createdAt = rec.track.updatedAt = now;
                    rec.track.rightsRecordId = core::newId(QStringLiteral("rights"));
                    rec.track.submissionHistoryId = core::newId(QStringLiteral("subm"));
                    rec.track.status = s;
                    rec.rights.id = rec.track.rightsRecordId;
                    rec.rights.trackId = rec.track.id;
                    rec.rights.contributorId = ana.id;
                    rec.rights.licenseType = QStringLiteral("x");
                    rec.rights.territorialScope = QStringLiteral("worldwide");
                    rec.rights.term = QStringLiteral("perpetual");
                    rec.rights.rightsHolderType = QStringLiteral("self");
                    rec.rights.trainingAllowed = allowed != 0;
                    rec.rights.revoked = revoked != 0;
                    rec.rights.termsVersion = QStringLiteral("2026-01");
                    rec.rights.createdAt = now;
                    auto created = tv->transact([&](const Tx &tx) {
                        return TrackStore::create(tx, rec, now, QJsonObject{});
                    });
                    QVERIFY2(created.ok(),
                             qPrintable(created.ok() ? QString() : created.error().message));
                    expected.insert(rec.track.id,
                                    {core::isTrainingEligible(s, rec.rights.consent()),
                                     core::isReferenceState(s)});
                }
        auto selected = [&](const QString &where) {
            QSet<QString> out;
            auto q = tv->db().query(QStringLiteral("SELECT t.track_id FROM ") +
                                    TrackStore::trackWithConsentSql() + QStringLiteral("WHERE ") +
                                    where);
            while (q && q.value().next())
                out.insert(q.value().value(0).toString());
            return out;
        };
        const QSet<QString> eligible = selected(TrackStore::trainingEligibleSql());
        const QSet<QString> reference = selected(TrackStore::referenceStatesSql());
        int eligibleCount = 0;
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            QCOMPARE(eligible.contains(it.key()), it.value().first);
            QCOMPARE(reference.contains(it.key()), it.value().second);
            eligibleCount += it.value().first;
        }
        QCOMPARE(eligibleCount, 1); // accepted, training allowed, not revoked
        auto ids = tv.root().trainingGateway().eligibleTrackIds();
        QVERIFY(ids.ok());
        QCOMPARE(QSet<QString>(ids->begin(), ids->end()), eligible);
    }

    void trackFlagsAreASet()
    {
        TrackFlags f = TrackFlags::fromList(
            {QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("b"), QString()});
        QCOMPARE(f.toList(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        f.add(QStringLiteral("a"));
        f.add(QStringLiteral("c"));
        f.remove(QStringLiteral("b"));
        QCOMPARE(f.toList(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QVERIFY(f.has(QStringLiteral("c")));
        QVERIFY(!f.has(QStringLiteral("b")));

        // Stored one row per flag: a second add is no second row; a group replace keeps the
        // flags outside the group.
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        const QString id = submitTrack(tv, ana);
        const QString now = tv->nowIso();
        QVERIFY(tv->transact([&](const Tx &tx) -> Status {
                      if (auto s = TrackStore::addFlag(tx, id, QStringLiteral("x"), now); !s)
                          return s;
                      if (auto s = TrackStore::addFlag(tx, id, QStringLiteral("x"), now); !s)
                          return s;
                      return TrackStore::replaceFlags(
                          tx, id, {QStringLiteral("y"), QStringLiteral("z")},
                          TrackFlags::fromList({QStringLiteral("z")}), now);
                  }).ok());
        QCOMPARE(count(*tv,
                       QStringLiteral("SELECT COUNT(*) FROM track_flags WHERE track_id = ? "
                                      "AND flag = 'x'"),
                       {id}),
                 qint64(1));
        const TrackFlags stored = TrackStore(tv->db()).find(id)->track.flags;
        QVERIFY(stored.has(QStringLiteral("x")));
        QVERIFY(stored.has(QStringLiteral("z")));
        QVERIFY(!stored.has(QStringLiteral("y")));
    }

    void illegalTransitionsChangeNothing()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        const QString id = submitTrack(tv, ana);
        const qint64 audits = count(*tv, QStringLiteral("SELECT COUNT(*) FROM audit_log"));
        auto r = move(tv, id, core::SubmissionEvent::Approved, QStringLiteral("x"),
                      QStringLiteral("too early"));
        QCOMPARE(r.error().code, QStringLiteral("illegal_transition"));
        QCOMPARE(tv.root().submissions().statusJson(id)->value(QStringLiteral("status")).toString(),
                 QStringLiteral("pending_automated_checks"));
        QCOMPARE(count(*tv, QStringLiteral("SELECT COUNT(*) FROM audit_log")), audits);
        QCOMPARE(count(*tv,
                       QStringLiteral("SELECT COUNT(*) FROM submission_history WHERE track_id = ?"),
                       {id}),
                 2ll);
    }

    void auditChainVerifiesAndCatchesTampering()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        submitTrack(tv, ana);
        auto ok = AuditLog::verify(tv->db());
        QVERIFY(ok.ok());
        QVERIFY2(ok->ok, qPrintable(ok->problem));
        QVERIFY(ok->entries >= 4);

        auto conn = tv->db().connection().value();
        // The schema refuses updates and deletes...
        QVERIFY(!exec(conn, QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
                     .ok());
        QVERIFY(!exec(conn, QStringLiteral("DELETE FROM audit_log WHERE seq = 2")).ok());
        // ...and someone who bypasses that is still caught, at the right entry.
        if (usingPostgres())
            QVERIFY(
                exec(conn, QStringLiteral("DROP TRIGGER audit_log_no_change ON audit_log")).ok());
        else
            QVERIFY(exec(conn, QStringLiteral("DROP TRIGGER audit_log_no_update")).ok());
        QVERIFY(exec(conn, QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
                    .ok());
        auto bad = AuditLog::verify(tv->db());
        QVERIFY(bad.ok());
        QVERIFY(!bad->ok);
        QVERIFY2(bad->problem.startsWith(QStringLiteral("entry 2 ")), qPrintable(bad->problem));
    }

    void concurrentAppendsKeepOneChain()
    {
        TestVault tv;
        Vault *v = &*tv;
        const int perThread = 25;
        auto work = [v, perThread](int t) {
            for (int i = 0; i < perThread; ++i) {
                auto r = v->transact([&](const Tx &tx) -> core::Result<core::AuditEntry> {
                    return AuditLog::append(tx, QStringLiteral("test_event"),
                                            QStringLiteral("thread%1").arg(t), QString::number(i),
                                            QJsonObject{{QStringLiteral("i"), i}}, v->nowIso());
                });
                if (!r)
                    return false;
            }
            return true;
        };
        QList<QFuture<bool>> futures;
        for (int t = 0; t < 4; ++t)
            futures << QtConcurrent::run(work, t);
        for (auto &f : futures)
            QVERIFY(f.result());
        QCOMPARE(count(*tv, QStringLiteral("SELECT COUNT(*) FROM audit_log")),
                 4ll * perThread + 1); // + the seeded policy
        auto report = AuditLog::verify(tv->db());
        QVERIFY2(report->ok, qPrintable(report->problem));
    }

    void rawAudioOnlyForSystemAndAlwaysAudited()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        Account admin = tv.person(QStringLiteral("admin@example.org"), {core::Role::Admin});
        Account svcAccount = tv.service(QStringLiteral("fingerprint-service"));
        const QString id = submitTrack(tv, ana);
        VaultAccess access(*tv);

        for (const Account &who : {ana, admin}) {
            QByteArray sink;
            QBuffer b(&sink);
            b.open(QIODevice::WriteOnly);
            auto denied = access.readTrackAudio(who, id, QStringLiteral("curiosity"), {}, b);
            QCOMPARE(denied.error().code, QStringLiteral("raw_audio_forbidden"));
            QVERIFY(sink.isEmpty());
        }
        QCOMPARE(
            count(*tv, QStringLiteral(
                           "SELECT COUNT(*) FROM audit_log WHERE event_type = 'vault_access'")),
            0ll);

        QByteArray audio;
        QBuffer out(&audio);
        out.open(QIODevice::WriteOnly);
        auto n = access.readTrackAudio(svcAccount, id, QStringLiteral("fingerprinting"),
                                       QStringLiteral("job_1"), out);
        QVERIFY(n.ok());
        QCOMPARE(audio, makeWav(1.0, 330));
        auto entries =
            AuditLog::list(tv->db(), {QStringLiteral("vault_access"), id, {}, {}, {}, 10});
        QCOMPARE(entries->size(), 1);
        const QString payload = entries->first().payload;
        QVERIFY(payload.contains(QStringLiteral("\"purpose\":\"fingerprinting\"")));
        QVERIFY(payload.contains(QStringLiteral("\"job_id\":\"job_1\"")));
        QVERIFY(payload.contains(QStringLiteral("\"role\":\"system\"")));
        QCOMPARE(entries->first().actor, svcAccount.id);
    }

    void objectStoreRoundTripAndUriSafety()
    {
        TestVault tv;
        auto uri = ObjectUri::make(QStringLiteral("audio"), QStringLiteral("trk_x"));
        QVERIFY(uri.ok());
        QByteArray data = QByteArray("abc").repeated(100000);
        QBuffer in(&data);
        in.open(QIODevice::ReadOnly);
        QVERIFY(tv->store().put(uri.value(), in).ok());
        QByteArray back;
        QBuffer out(&back);
        out.open(QIODevice::WriteOnly);
        QCOMPARE(tv->store().read(uri.value(), out).value(), qint64(data.size()));
        QCOMPARE(back, data);
        QBuffer in2(&data);
        in2.open(QIODevice::ReadOnly);
        QCOMPARE(tv->store().put(uri.value(), in2).error().code, QStringLiteral("object_exists"));
        for (const char *bad : {"lemm://audio/../keys/master", "lemm://../x", "http://audio/x",
                                "lemm://audio/", "lemm://Audio/x"})
            QVERIFY2(!ObjectUri::parse(QString::fromLatin1(bad)).ok(), bad);
        QCOMPARE(ObjectUri::parse(QStringLiteral("lemm://audio/trk_x"))->toString(),
                 QStringLiteral("lemm://audio/trk_x"));
        // The master key file is private to its owner.
        QFileInfo key(QDir(tv.dataDir()).filePath(QStringLiteral("keys/master.key")));
        QCOMPARE(key.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                      QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
    }

    void masterKeyFromConfiguration()
    {
        QTemporaryDir dir;
        const QByteArray key = core::crypto::randomBytes(32);
        auto cfg = ServerConfig::load(dir.path());
        ServerConfig c = cfg.value();
        c.databaseUrl = freshDatabaseUrl();
        c.masterKeyHex = QString::fromLatin1(key.toHex());
        auto vault = Vault::open(c);
        QVERIFY(vault.ok());
        QVERIFY(!QFileInfo::exists(QDir(dir.path()).filePath(QStringLiteral("keys/master.key"))));
        auto uri = ObjectUri::make(QStringLiteral("audio"), QStringLiteral("k"));
        QByteArray data("configured key");
        QBuffer in(&data);
        in.open(QIODevice::ReadOnly);
        QVERIFY(vault.value()->store().put(uri.value(), in).ok());
        // A store with the same key reads it; one with another key cannot.
        const QString root = QDir(dir.path()).filePath(QStringLiteral("objects"));
        QByteArray back;
        QBuffer out(&back);
        out.open(QIODevice::WriteOnly);
        QVERIFY(LocalEncryptedObjectStore(root, key).read(uri.value(), out).ok());
        QCOMPARE(back, data);
        QBuffer out2;
        out2.open(QIODevice::WriteOnly);
        QVERIFY(!LocalEncryptedObjectStore(root, core::crypto::randomBytes(32))
                     .read(uri.value(), out2)
                     .ok());

        qputenv("LEMM_MASTER_KEY", "abcd");
        auto bad = ServerConfig::load(dir.path());
        qunsetenv("LEMM_MASTER_KEY");
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().fields.contains(QStringLiteral("storage/master_key")));
    }

    void rolesChangeIsAPolicyChange()
    {
        TestVault tv;
        Account admin = tv.person(QStringLiteral("admin@example.org"), {core::Role::Admin});
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        AccountService accounts(*tv);
        auto r = accounts.setRoles(
            admin, ana.id,
            QJsonObject{{QStringLiteral("roles"),
                         QJsonArray{QStringLiteral("contributor"), QStringLiteral("reviewer")}}});
        QVERIFY(r.ok());
        QVERIFY(r->roles.contains(core::Role::Reviewer));
        auto entries =
            AuditLog::list(tv->db(), {QStringLiteral("policy_change"), ana.id, {}, {}, {}, 10});
        QCOMPARE(entries->size(), 1);
        QVERIFY(entries->first().payload.contains(QStringLiteral("\"old\":[\"contributor\"]")));
        QCOMPARE(accounts
                     .setRoles(admin, admin.id,
                               QJsonObject{{QStringLiteral("roles"),
                                            QJsonArray{QStringLiteral("reviewer")}}})
                     .error()
                     .code,
                 QStringLiteral("cannot_demote_self"));
        QCOMPARE(accounts
                     .setRoles(admin, ana.id,
                               QJsonObject{
                                   {QStringLiteral("roles"), QJsonArray{QStringLiteral("system")}}})
                     .error()
                     .code,
                 QStringLiteral("invalid_fields"));
    }
};

QTEST_GUILESS_MAIN(StorageTest)
#include "storage_test.moc"
