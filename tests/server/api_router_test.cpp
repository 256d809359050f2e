// The HTTP API without sockets: ApiRouter::handle() on a real vault. Covers every route for
// every role (and anonymous), and every kind of bad input, each leaving the vault unchanged.
#include "server/http/api_router.h"

#include "support/fixtures.h"
#include "support/test_audio.h"
#include "support/test_vault.h"

#include "core/domain/terms.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class ApiRouterTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestVault> m_tv;
    ApiRouter *m_router = nullptr;    // of m_tv's composition root
    QHash<QString, QString> m_tokens; // role name -> bearer
    QString m_ownerId, m_trackId;

    ApiResponse call(const QString &method, const QString &pathAndQuery,
                     const QByteArray &body = {}, const QString &token = {},
                     const QByteArray &contentType = "application/json")
    {
        ApiRequest r;
        r.method = method;
        const QUrl url(QStringLiteral("http://x") + pathAndQuery);
        r.path = url.path(QUrl::FullyDecoded);
        r.query = QUrlQuery(url);
        if (!token.isEmpty())
            r.headers.insert("authorization", "Bearer " + token.toUtf8());
        r.headers.insert("content-type", contentType);
        r.body = body;
        ApiResponse resp = m_router->handle(r);
        if (resp.status >= 400) {
            // One error shape everywhere.
            const QJsonObject err = resp.jsonBody().value(QStringLiteral("error")).toObject();
            if (err.value(QStringLiteral("code")).toString().isEmpty() ||
                err.value(QStringLiteral("message")).toString().isEmpty() ||
                !err.value(QStringLiteral("fields")).isObject())
                qFatal("bad error shape: %s", resp.body.constData());
        }
        return resp;
    }

    QString code(const ApiResponse &r) const
    {
        return r.jsonBody()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }

    QString login(const QString &email)
    {
        auto r =
            call(QStringLiteral("POST"), QStringLiteral("/auth/login"),
                 toJson({{QStringLiteral("email"), email},
                         {QStringLiteral("password"), QStringLiteral("password-of-") + email}}));
        if (r.status != 200)
            qFatal("login failed: %s", r.body.constData());
        return r.jsonBody().value(QStringLiteral("token")).toString();
    }

    static QString emailFor(const QString &role)
    {
        return (role == QLatin1String("contributor") ? QStringLiteral("owner") : role) +
               QStringLiteral("@example.org");
    }

    QString uploadAndSubmit(const QString &token)
    {
        auto up = call(QStringLiteral("POST"), QStringLiteral("/uploads?filename=tone.wav"),
                       makeWav(0.5), token, "audio/wav");
        if (up.status != 201)
            qFatal("upload: %s", up.body.constData());
        auto sub = call(QStringLiteral("POST"), QStringLiteral("/tracks/submit"),
                        toJson(submissionBody(
                            up.jsonBody().value(QStringLiteral("audio_upload_token")).toString())),
                        token);
        if (sub.status != 201)
            qFatal("submit: %s", sub.body.constData());
        return sub.jsonBody().value(QStringLiteral("track_id")).toString();
    }

    qint64 rows(const QString &table)
    {
        auto conn = (*m_tv)->db().connection().value();
        auto q = exec(conn, QStringLiteral("SELECT COUNT(*) FROM ") + table);
        q.value().next();
        return q.value().value(0).toLongLong();
    }

    QList<qint64> snapshot()
    {
        QList<qint64> out;
        for (const char *t :
             {"contributors", "uploads", "tracks", "rights_records", "submission_history",
              "audit_log", "outbox", "jobs", "sessions", "votes", "claims", "policy_versions",
              "fingerprint_records", "data_packs", "model_training_runs", "moderation_rules",
              "license_versions", "output_checks", "exports"})
            out << rows(QString::fromLatin1(t));
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_tv = std::make_unique<TestVault>();
        m_router = &m_tv->root().router();
        Account owner = m_tv->person(QStringLiteral("owner@example.org"));
        m_tv->person(QStringLiteral("reviewer@example.org"), {core::Role::Reviewer});
        m_tv->person(QStringLiteral("admin@example.org"), {core::Role::Admin});
        m_tv->person(QStringLiteral("other@example.org"));
        m_tv->person(QStringLiteral("unverified@example.org"), {core::Role::Contributor}, false,
                     false);
        m_tv->person(QStringLiteral("unaffirmed@example.org"), {core::Role::Contributor}, true,
                     false);
        QString key;
        m_tv->service(QStringLiteral("gateway"), &key);
        m_ownerId = owner.id;
        m_tokens.insert(QStringLiteral("contributor"), login(QStringLiteral("owner@example.org")));
        m_tokens.insert(QStringLiteral("reviewer"), login(QStringLiteral("reviewer@example.org")));
        m_tokens.insert(QStringLiteral("admin"), login(QStringLiteral("admin@example.org")));
        m_tokens.insert(QStringLiteral("other"), login(QStringLiteral("other@example.org")));
        m_tokens.insert(QStringLiteral("unverified"),
                        login(QStringLiteral("unverified@example.org")));
        m_tokens.insert(QStringLiteral("unaffirmed"),
                        login(QStringLiteral("unaffirmed@example.org")));
        m_tokens.insert(QStringLiteral("system"), key);
        m_trackId = uploadAndSubmit(m_tokens.value(QStringLiteral("contributor")));
    }

    // Route x role: which roles the matrix lets through (written out here, independently of
    // core/permissions.cpp); every other role gets 403, anonymous gets 401.
    void permissionMatrix_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("role");
        QTest::addColumn<bool>("allowed");
        const QStringList roles{QStringLiteral("contributor"), QStringLiteral("reviewer"),
                                QStringLiteral("admin"), QStringLiteral("system")};
        struct Row {
            const char *method;
            const char *path;
            QStringList allowed;
        };
        const QString c = QStringLiteral("contributor"), r = QStringLiteral("reviewer"),
                      a = QStringLiteral("admin"), s = QStringLiteral("system");
        const QList<Row> table{
            {"GET", "/auth/me", {c, r, a, s}},
            {"POST", "/auth/logout", {c, r, a, s}},
            {"POST", "/contributors/me/affirm", {c}},
            {"POST", "/uploads", {c}},
            {"POST", "/tracks/submit", {c}},
            {"GET", "/tracks/{id}", {c, r, a, s}},
            {"GET", "/tracks/{id}/status", {c, r, a, s}},
            {"POST", "/tracks/{id}/revoke", {c}},
            {"GET", "/contributors/me/tracks", {c}},
            {"GET", "/accounts", {a}},
            {"PUT", "/accounts/{id}/roles", {a}},
            {"GET", "/audit", {a}},
            {"GET", "/audit/verify", {a, s}},
            {"POST", "/accounts/{id}/bulk-source", {a}},
            {"GET", "/review/queue", {r, a}},
            {"GET", "/review/{id}", {r, a}},
            {"POST", "/review/{id}/votes", {r, a}},
            {"GET", "/tracks/{id}/peaks", {c, r, a}},
            {"POST", "/tracks/{id}/previews", {r, a}},
            {"POST", "/tracks/{id}/appeal", {c}},
            {"POST", "/claims", {c, r, a}},
            {"GET", "/claims", {r, a}},
            {"POST", "/claims/{id}/decision", {a}},
            {"POST", "/claims/{id}/review", {r, a}},
            {"POST", "/accounts/{id}/rights-holder", {a}},
            {"GET", "/policy", {c, r, a, s}},
            {"GET", "/policy/history", {c, r, a, s}},
            {"PUT", "/policy", {a}},
            {"POST", "/packs", {a}},
            {"GET", "/packs", {a, s}},
            {"POST", "/training/runs", {s}},
            {"GET", "/training/runs/{run}/manifest", {s}},
            {"POST", "/training/runs/{run}/complete", {s}},
            {"GET", "/models/{model}/lineage", {a, s}},
            {"GET", "/tracks/{id}/lineage", {c, a, s}},
            {"GET", "/tracks/{id}/receipt", {c}}, // proofs (issue 14)
            {"GET", "/lineage/revoked", {a, s}},
            {"GET", "/models", {a, s}},
            {"GET", "/training/runs/{run}", {a, s}},
            {"GET", "/proofs/models/{model}", {a, s}},
            {"GET", "/proofs/outputs/{model}", {a, s}},
            {"POST", "/safety/check", {s}},
            {"POST", "/safety/prompt", {s}},
            {"GET", "/safety/rules", {a, s}},
            {"POST", "/safety/rules", {a}},
            {"GET", "/safety/alerts", {a}},
            {"POST", "/licenses", {a}},
            {"POST", "/licenses/v1/accept", {s}},
            {"POST", "/exports", {s}},
            {"POST", "/auth/logout-all", {c, r, a}},
            {"POST", "/auth/password", {c, r, a}},
            {"GET", "/admin/api-keys", {a}},
            {"POST", "/admin/api-keys/{key}/revoke", {a}},
            {"POST", "/admin/api-keys/{key}/rotate", {a}},
            {"GET", "/admin/disputes", {a}},
            {"GET", "/training/audio/{token}", {s}},
            // Outbox part (issue 14).
            {"GET", "/admin/outbox", {a}},
            {"POST", "/admin/outbox/{evt}/retry", {a}},
            {"POST", "/admin/alerts/{alert}/acknowledge", {a}},
            {"GET", "/admin/governance", {a}}, // governance dashboard (issue 15)
        };
        for (const Row &row : table)
            for (const QString &role : roles)
                QTest::addRow("%s %s as %s", row.method, row.path, qPrintable(role))
                    << QString::fromLatin1(row.method) << QString::fromLatin1(row.path) << role
                    << row.allowed.contains(role);
    }

    void permissionMatrix()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, role);
        QFETCH(bool, allowed);
        const QString concrete =
            QString(path)
                .replace(QStringLiteral("/tracks/{id}"), QStringLiteral("/tracks/") + m_trackId)
                .replace(QStringLiteral("/accounts/{id}"), QStringLiteral("/accounts/") + m_ownerId)
                .replace(QStringLiteral("/review/{id}"), QStringLiteral("/review/") + m_trackId)
                .replace(QStringLiteral("/claims/{id}"), QStringLiteral("/claims/claim_unknown"))
                .replace(QStringLiteral("{run}"), QStringLiteral("run-unknown"))
                .replace(QStringLiteral("{model}"), QStringLiteral("model-unknown"))
                .replace(QStringLiteral("{key}"), QStringLiteral("key-unknown"))
                .replace(QStringLiteral("{token}"), QStringLiteral("abc.def"))
                .replace(QStringLiteral("{evt}"), QStringLiteral("evt_unknown"))
                .replace(QStringLiteral("{alert}"), QStringLiteral("alert_unknown"));
        // Requests that would change state get a body the handler refuses (400) after the
        // permission check, so the matrix stays repeatable.
        const QByteArray body = method == QLatin1String("GET") ? QByteArray() : QByteArray("{}");
        // Logging out would end the session the other rows use: log out a fresh one instead.
        const bool endsSessions =
            path == QLatin1String("/auth/logout") || path == QLatin1String("/auth/logout-all");
        const QString token = endsSessions && role != QLatin1String("system")
                                  ? login(emailFor(role))
                                  : m_tokens.value(role);
        const ApiResponse resp = call(method, concrete, body, token);
        // Logging out everywhere ended the role's shared session too: start a new one.
        if (path == QLatin1String("/auth/logout-all") && resp.status == 200)
            m_tokens.insert(role, login(emailFor(role)));
        // Allowed: past authentication and the permission decision. A 404 only counts when it
        // is about the (deliberately unknown) run or model, not a hidden track.
        const bool missingResource =
            resp.status == 404 && (code(resp) == QLatin1String("run_not_found") ||
                                   code(resp) == QLatin1String("model_not_found") ||
                                   code(resp) == QLatin1String("output_not_checked") ||
                                   code(resp) == QLatin1String("api_key_not_found") ||
                                   code(resp) == QLatin1String("outbox_event_not_found") ||
                                   code(resp) == QLatin1String("alert_not_found"));
        // The training link's own check comes after the key's: a made-up link is refused then.
        const bool badLink = path.contains(QLatin1String("{token}")) && resp.status == 401 &&
                             code(resp) == QLatin1String("token_invalid");
        if (allowed)
            QVERIFY2(badLink || (resp.status != 401 && resp.status != 403 &&
                                 (resp.status != 404 || missingResource)),
                     qPrintable(QString::number(resp.status) + QLatin1Char(' ') +
                                QString::fromUtf8(resp.body)));
        else
            QVERIFY2(resp.status == 403,
                     qPrintable(QString::number(resp.status) + QLatin1Char(' ') +
                                QString::fromUtf8(resp.body)));

        const ApiResponse anon = call(method, concrete, body);
        QCOMPARE(anon.status, 401);
        QCOMPARE(code(anon), QStringLiteral("authentication_required"));
        const ApiResponse forged = call(method, concrete, body, QStringLiteral("lvs_forged"));
        QCOMPARE(forged.status, 401);
        QCOMPARE(code(forged), QStringLiteral("invalid_token"));
    }

    void matrixCoversEveryRoute()
    {
        int protectedRoutes = 0;
        for (const RouteInfo &r : m_router->routes())
            if (r.action)
                ++protectedRoutes;
        // The rows of permissionMatrix_data, GET /previews/{token} (previewFetchNeedsARole) and
        // POST /internal/index/query (shard_e2e_test: system keys only).
        QCOMPARE(protectedRoutes, 62);
    }

    // Issue 14: a preview link is no capability on its own; the route needs a reviewing role
    // (decided before the token is even read) and then the token.
    void previewFetchNeedsARole()
    {
        const QString path = QStringLiteral("/previews/garbage");
        QCOMPARE(code(call(QStringLiteral("GET"), path)),
                 QStringLiteral("authentication_required"));
        for (const char *role : {"contributor", "system"}) {
            const ApiResponse r =
                call(QStringLiteral("GET"), path, {}, m_tokens.value(QLatin1String(role)));
            QCOMPARE(r.status, 403);
            QCOMPARE(code(r), QStringLiteral("forbidden"));
        }
        for (const char *role : {"reviewer", "admin"})
            QCOMPARE(
                code(call(QStringLiteral("GET"), path, {}, m_tokens.value(QLatin1String(role)))),
                QStringLiteral("token_invalid"));
    }

    void publicRoutes()
    {
        QCOMPARE(call(QStringLiteral("GET"), QStringLiteral("/health")).status, 200);
        const ApiResponse terms = call(QStringLiteral("GET"), QStringLiteral("/terms"));
        QCOMPARE(terms.status, 200);
        const QJsonObject t = terms.jsonBody();
        QCOMPARE(t.value(QStringLiteral("version")).toString(), core::currentTerms().version);
        QCOMPARE(t.value(QStringLiteral("bold_bullets")).toArray().size(), 3);
        for (const char *bullet : {"**We use your track to train models.**",
                                   "**We do not redistribute your original audio.**",
                                   "**You can revoke future use later.**"})
            QVERIFY(t.value(QStringLiteral("text")).toString().contains(QString::fromUtf8(bullet)));
    }

    void otherContributorsTracksDoNotExist()
    {
        const QString other = m_tokens.value(QStringLiteral("other"));
        for (const QString &suffix : {QString(), QStringLiteral("/status")}) {
            const ApiResponse r = call(QStringLiteral("GET"),
                                       QStringLiteral("/tracks/") + m_trackId + suffix, {}, other);
            QCOMPARE(r.status, 404);
            QCOMPARE(code(r), QStringLiteral("track_not_found"));
            // Exactly what a never-existing id answers.
            const ApiResponse none =
                call(QStringLiteral("GET"),
                     QStringLiteral("/tracks/trk_00000000000000000000") + suffix, {}, other);
            QCOMPARE(none.status, 404);
            QCOMPARE(none.body, r.body);
        }
        const auto before = snapshot();
        QCOMPARE(call(QStringLiteral("POST"),
                      QStringLiteral("/tracks/") + m_trackId + QStringLiteral("/revoke"),
                      toJson({{QStringLiteral("reason"), QStringLiteral("mine now")}}), other)
                     .status,
                 404);
        QCOMPARE(snapshot(), before);
        const ApiResponse mine =
            call(QStringLiteral("GET"), QStringLiteral("/contributors/me/tracks"), {}, other);
        QCOMPARE(mine.jsonBody().value(QStringLiteral("tracks")).toArray().size(), 0);
    }

    void onboardingIsRequiredBeforeUploading()
    {
        const auto before = snapshot();
        ApiResponse r = call(QStringLiteral("POST"), QStringLiteral("/uploads"), makeWav(0.2),
                             m_tokens.value(QStringLiteral("unverified")), "audio/wav");
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), QStringLiteral("email_not_verified"));
        r = call(QStringLiteral("POST"), QStringLiteral("/uploads"), makeWav(0.2),
                 m_tokens.value(QStringLiteral("unaffirmed")), "audio/wav");
        QCOMPARE(r.status, 403);
        QCOMPARE(code(r), QStringLiteral("terms_not_affirmed"));
        QCOMPARE(snapshot(), before);
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("as");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        const QString c = QStringLiteral("contributor");
        QTest::addRow("malformed JSON")
            << "POST"
            << "/tracks/submit" << QByteArray("{\"audio_upload_token\": ") << c << 400
            << "malformed_json"
            << "";
        QTest::addRow("JSON array")
            << "POST"
            << "/tracks/submit" << QByteArray("[1,2]") << c << 400 << "malformed_json"
            << "";
        QTest::addRow("empty body")
            << "POST"
            << "/auth/register" << QByteArray() << "" << 400 << "malformed_json"
            << "";
        QTest::addRow("not UTF-8 JSON")
            << "POST"
            << "/auth/login" << QByteArray("\xff\xfe{}") << "" << 400 << "malformed_json"
            << "";
        QTest::addRow("wrong type email")
            << "POST"
            << "/auth/register"
            << QByteArray(R"({"email": 5, "password": "0123456789", "display_name": "x"})") << ""
            << 400 << "invalid_fields"
            << "email";
        QTest::addRow("bad email")
            << "POST"
            << "/auth/register"
            << QByteArray(
                   R"({"email": "no-at-sign", "password": "0123456789", "display_name": "x"})")
            << "" << 400 << "invalid_fields"
            << "email";
        QTest::addRow("short password")
            << "POST"
            << "/auth/register"
            << QByteArray(R"({"email": "a@b.org", "password": "short", "display_name": "x"})") << ""
            << 400 << "invalid_fields"
            << "password";
        QTest::addRow("hostile display name")
            << "POST"
            << "/auth/register"
            << QByteArray("{\"email\": \"h@b.org\", \"password\": \"0123456789\", "
                          "\"display_name\": \"a\\u0000b\"}")
            << "" << 400 << "invalid_fields"
            << "display_name";
        QTest::addRow("missing fields")
            << "POST"
            << "/tracks/submit" << QByteArray("{}") << c << 400 << "invalid_fields"
            << "audio_upload_token";
        QTest::addRow("unknown upload token")
            << "POST"
            << "/tracks/submit" << toJson(submissionBody(QStringLiteral("lvu_nope"))) << c << 400
            << "invalid_upload_token"
            << "audio_upload_token";
        QTest::addRow("huge JSON")
            << "POST"
            << "/auth/login"
            << (QByteArray("{\"email\": \"") + QByteArray(2 * 1024 * 1024, 'a') + "\"}") << ""
            << 413 << "body_too_large"
            << "";
        QTest::addRow("unknown route")
            << "GET"
            << "/nothing/here" << QByteArray() << c << 404 << "route_not_found"
            << "";
        QTest::addRow("wrong method")
            << "DELETE"
            << "/tracks/submit" << QByteArray() << c << 405 << "method_not_allowed"
            << "";
        QTest::addRow("traversal in id")
            << "GET"
            << "/tracks/..%2F..%2Fetc%2Fpasswd" << QByteArray() << c << 404 << "route_not_found"
            << "";
        QTest::addRow("id of wrong shape")
            << "GET"
            << "/tracks/trk_..%00" << QByteArray() << c << 404 << "track_not_found"
            << "";
        QTest::addRow("hostile filename") << "POST"
                                          << "/uploads?filename=..%2F..%2Fetc%2Fpasswd"
                                          << makeWav(0.2) << c << 400 << "invalid_filename"
                                          << "filename";
        QTest::addRow("control char filename")
            << "POST"
            << "/uploads?filename=a%0Ab.wav" << makeWav(0.2) << c << 400 << "invalid_filename"
            << "filename";
        QTest::addRow("non-audio upload")
            << "POST"
            << "/uploads?filename=notes.wav" << QByteArray("these are my lyrics\n").repeated(40)
            << c << 415 << "not_audio"
            << "";
        QTest::addRow("empty upload") << "POST"
                                      << "/uploads" << QByteArray() << c << 400 << "empty_upload"
                                      << "";
        QTest::addRow("truncated header upload")
            << "POST"
            << "/uploads" << makeWav(1.0).left(40) << c << 415 << "not_audio"
            << "";
        QTest::addRow("wrong password")
            << "POST"
            << "/auth/login"
            << QByteArray(R"({"email": "owner@example.org", "password": "not the password"})") << ""
            << 401 << "invalid_credentials"
            << "";
        QTest::addRow("outdated terms")
            << "POST"
            << "/contributors/me/affirm"
            << QByteArray(R"({"terms_version": "1999-v0", "rights_holder_affirmed": true})") << c
            << 409 << "terms_outdated"
            << "terms_version";
        QTest::addRow("affirmation false")
            << "POST"
            << "/contributors/me/affirm"
            << QByteArray(R"({"terms_version": "x", "rights_holder_affirmed": false})") << c << 400
            << "invalid_fields"
            << "rights_holder_affirmed";
        QTest::addRow("bad verification token")
            << "POST"
            << "/auth/verify-email" << QByteArray(R"({"token": "nope"})") << "" << 400
            << "invalid_token"
            << "";
        QTest::addRow("revoke without reason")
            << "POST"
            << "/tracks/{id}/revoke" << QByteArray("{}") << c << 400 << "invalid_fields"
            << "reason";
        QTest::addRow("revoke wrong type")
            << "POST"
            << "/tracks/{id}/revoke" << QByteArray(R"({"reason": ["x"]})") << c << 400
            << "invalid_fields"
            << "reason";
        QTest::addRow("roles wrong type")
            << "PUT"
            << "/accounts/{owner}/roles" << QByteArray(R"({"roles": "admin"})") << "admin" << 400
            << "invalid_fields"
            << "roles";
        QTest::addRow("roles unknown account")
            << "PUT"
            << "/accounts/contrib_00000000000000000000/roles"
            << QByteArray(R"({"roles": ["reviewer"]})") << "admin" << 404 << "account_not_found"
            << "";
        QTest::addRow("audit bad limit")
            << "GET"
            << "/audit?limit=-5" << QByteArray() << "admin" << 400 << "invalid_fields"
            << "limit";
        QTest::addRow("vote unknown value")
            << "POST"
            << "/review/{id}/votes" << QByteArray(R"({"vote": "maybe"})") << "reviewer" << 400
            << "invalid_fields"
            << "vote";
        QTest::addRow("vote unknown field")
            << "POST"
            << "/review/{id}/votes" << QByteArray(R"({"vote": "approve", "weight": 2})")
            << "reviewer" << 400 << "invalid_fields"
            << "weight";
        QTest::addRow("vote note wrong type")
            << "POST"
            << "/review/{id}/votes" << QByteArray(R"({"vote": "reject", "note": 5})") << "reviewer"
            << 400 << "invalid_fields"
            << "note";
        QTest::addRow("reject without note")
            << "POST"
            << "/review/{id}/votes" << QByteArray(R"({"vote": "reject"})") << "reviewer" << 400
            << "invalid_fields"
            << "note";
        QTest::addRow("vote before the checks")
            << "POST"
            << "/review/{id}/votes" << QByteArray(R"({"vote": "approve"})") << "reviewer" << 409
            << "not_reviewable"
            << "";
        QTest::addRow("review of an unknown track")
            << "GET"
            << "/review/trk_00000000000000000000" << QByteArray() << "reviewer" << 404
            << "track_not_found"
            << "";
        QTest::addRow("queue bad sort") << "GET"
                                        << "/review/queue?sort=loudness" << QByteArray()
                                        << "reviewer" << 400 << "invalid_fields"
                                        << "sort";
        QTest::addRow("peaks before the checks")
            << "GET"
            << "/tracks/{id}/peaks" << QByteArray() << "reviewer" << 409 << "peaks_not_ready"
            << "";
        QTest::addRow("peaks bad resolution") << "GET"
                                              << "/tracks/{id}/peaks?resolution=abc" << QByteArray()
                                              << "reviewer" << 400 << "invalid_fields"
                                              << "resolution";
        QTest::addRow("preview start wrong type")
            << "POST"
            << "/tracks/{id}/previews" << QByteArray(R"({"start_s": "0", "duration_s": 5})")
            << "reviewer" << 400 << "invalid_fields"
            << "start_s";
        QTest::addRow("preview too long")
            << "POST"
            << "/tracks/{id}/previews" << QByteArray(R"({"start_s": 0, "duration_s": 600})")
            << "reviewer" << 400 << "invalid_fields"
            << "duration_s";
        QTest::addRow("preview before review")
            << "POST"
            << "/tracks/{id}/previews" << QByteArray(R"({"start_s": 0, "duration_s": 5})")
            << "reviewer" << 409 << "not_previewable"
            << "";
        QTest::addRow("preview garbage token")
            << "GET"
            << "/previews/garbage" << QByteArray() << "reviewer" << 401 << "token_invalid"
            << "";
        QTest::addRow("preview forged token")
            << "GET"
            << "/previews/eyJwdXJwb3NlIjoicHJldmlldyJ9.AAAA" << QByteArray() << "reviewer" << 401
            << "token_invalid"
            << "";
        QTest::addRow("appeal without reason") << "POST"
                                               << "/tracks/{id}/appeal" << QByteArray(R"({})")
                                               << "contributor" << 400 << "invalid_fields"
                                               << "reason";
        QTest::addRow("appeal of a track not rejected")
            << "POST"
            << "/tracks/{id}/appeal" << QByteArray(R"({"reason": "x"})") << "contributor" << 409
            << "illegal_transition"
            << "";
        QTest::addRow("claim without evidence")
            << "POST"
            << "/claims" << QByteArray(R"({"track_id": "{id}", "claimant": "Label"})")
            << "contributor" << 400 << "invalid_fields"
            << "evidence";
        const QByteArray claim = R"({"track_id": "{id}", "claimant": "Label", "contact": "l@x",
            "statement": "in good faith", "evidence": "same hook"})";
        QTest::addRow("claim on own track in checks")
            << "POST"
            << "/claims" << claim << "contributor" << 409 << "claim_not_applicable"
            << "";
        // Issue 14: someone else's track outside the vault answers as a missing one.
        QTest::addRow("claim on another's track in checks")
            << "POST"
            << "/claims" << claim << "other" << 404 << "track_not_found"
            << "";
        QTest::addRow("claim on an unknown track")
            << "POST"
            << "/claims" << QByteArray(claim).replace("{id}", "trk_00000000000000000000")
            << "contributor" << 404 << "track_not_found"
            << "";
        QTest::addRow("claim without contact")
            << "POST"
            << "/claims" << QByteArray(claim).replace(R"("contact": "l@x",)", "") << "contributor"
            << 400 << "invalid_fields"
            << "contact";
        QTest::addRow("claim from an unverified account")
            << "POST"
            << "/claims" << claim << "unverified" << 403 << "email_not_verified"
            << "";
        QTest::addRow("claim from an unaffirmed account")
            << "POST"
            << "/claims" << claim << "unaffirmed" << 403 << "terms_not_affirmed"
            << "";
        QTest::addRow("claim review unknown claim")
            << "POST"
            << "/claims/claim_x/review" << QByteArray(R"({"decision": "accept", "note": "x"})")
            << "reviewer" << 404 << "claim_not_found"
            << "";
        QTest::addRow("claim review unknown value")
            << "POST"
            << "/claims/claim_x/review" << QByteArray(R"({"decision": "keep", "note": "x"})")
            << "reviewer" << 400 << "invalid_fields"
            << "decision";
        QTest::addRow("claim decision unknown value")
            << "POST"
            << "/claims/claim_x/decision" << QByteArray(R"({"decision": "negotiate", "note": "x"})")
            << "admin" << 400 << "invalid_fields"
            << "decision";
        QTest::addRow("claim decision unknown claim")
            << "POST"
            << "/claims/claim_x/decision" << QByteArray(R"({"decision": "keep", "note": "x"})")
            << "admin" << 404 << "claim_not_found"
            << "";
        QTest::addRow("policy without policy")
            << "PUT"
            << "/policy" << QByteArray(R"({"note": "x"})") << "admin" << 400 << "invalid_fields"
            << "policy";
        QTest::addRow("policy unknown field")
            << "PUT"
            << "/policy" << QByteArray(R"({"policy": {}, "colour": "red"})") << "admin" << 400
            << "invalid_fields"
            << "colour";
        QTest::addRow("policy incomplete")
            << "PUT"
            << "/policy" << QByteArray(R"({"policy": {"external_weak_min": 0.5}})") << "admin"
            << 400 << "invalid_policy"
            << "external_strong_min";
        QTest::addRow("bulk source wrong type")
            << "POST"
            << "/accounts/{owner}/bulk-source" << QByteArray(R"({"approved": "yes"})") << "admin"
            << 400 << "invalid_fields"
            << "approved";
        QTest::addRow("pack bad uses")
            << "POST"
            << "/packs"
            << QByteArray(
                   R"({"name": "P1", "description": "d", "allowed_uses": ["mining"], "clean_compatible": true})")
            << "admin" << 400 << "invalid_fields"
            << "allowed_uses";
        QTest::addRow("external pack without manifest")
            << "POST"
            << "/packs"
            << QByteArray(
                   R"({"name": "P2", "description": "d", "allowed_uses": ["training"], "clean_compatible": false, "external": true, "license": "CC0"})")
            << "admin" << 400 << "invalid_fields"
            << "manifest_hash";
        QTest::addRow("pack filter on another status")
            << "POST"
            << "/packs"
            << QByteArray(
                   R"({"name": "P4", "description": "d", "allowed_uses": ["training"], "clean_compatible": true, "filter": {"status": ["rejected"]}})")
            << "admin" << 400 << "invalid_fields"
            << "filter";
        QTest::addRow("pack bad filter")
            << "POST"
            << "/packs"
            << QByteArray(
                   R"({"name": "P3", "description": "d", "allowed_uses": ["training"], "clean_compatible": true, "filter": {"mood": ["sad"]}})")
            << "admin" << 400 << "invalid_fields"
            << "filter";
        QTest::addRow("run without clean")
            << "POST"
            << "/training/runs"
            << QByteArray(
                   R"({"model_id": "m", "model_type": "t", "run_id": "r", "packs": ["P"], "hyperparameters": {}})")
            << "system" << 400 << "invalid_fields"
            << "clean";
        QTest::addRow("run with a track list")
            << "POST"
            << "/training/runs"
            << QByteArray(
                   R"({"model_id": "m", "model_type": "t", "run_id": "r", "packs": ["P"], "hyperparameters": {}, "clean": false, "track_ids": ["trk_1"]})")
            << "system" << 400 << "invalid_fields"
            << "track_ids";
        QTest::addRow("run with an unknown pack")
            << "POST"
            << "/training/runs"
            << QByteArray(
                   R"({"model_id": "m", "model_type": "t", "run_id": "r", "packs": ["NOPE"], "hyperparameters": {}, "clean": false})")
            << "system" << 422 << "unknown_pack"
            << "packs";
        QTest::addRow("run with a config hash not of its config")
            << "POST"
            << "/training/runs"
            << QByteArray(
                   R"({"model_id": "m", "model_type": "t", "run_id": "r", "packs": ["P"], "hyperparameters": {"lr": 1}, "config_hash": "sha256:00", "clean": false})")
            << "system" << 422 << "config_hash_mismatch"
            << "config_hash";
        QTest::addRow("manifest bad page") << "GET"
                                           << "/training/runs/r/manifest?page=-1" << QByteArray()
                                           << "system" << 400 << "invalid_fields"
                                           << "page";
        QTest::addRow("training token garbage")
            << "GET"
            << "/training/audio/abc.def" << QByteArray() << "system" << 401 << "token_invalid"
            << "";
        QTest::addRow("prompt wrong type") << "POST"
                                           << "/safety/prompt" << QByteArray(R"({"prompt": 42})")
                                           << "system" << 400 << "invalid_fields"
                                           << "prompt";
        QTest::addRow("rule bad kind")
            << "POST"
            << "/safety/rules" << QByteArray(R"({"kind": "label", "phrase": "x"})") << "admin"
            << 400 << "invalid_fields"
            << "kind";
        QTest::addRow("rule empty phrase")
            << "POST"
            << "/safety/rules" << QByteArray(R"({"kind": "song", "phrase": "!!!"})") << "admin"
            << 400 << "invalid_fields"
            << "phrase";
        QTest::addRow("licence bad url")
            << "POST"
            << "/licenses"
            << QByteArray(R"({"version": "v1", "summary": "s", "terms_url": "ftp:x"})") << "admin"
            << 400 << "invalid_fields"
            << "terms_url";
        QTest::addRow("accept without a licence")
            << "POST"
            << "/licenses/v1/accept" << QByteArray(R"({"user_id": "u1"})") << "system" << 404
            << "no_license"
            << "";
        QTest::addRow("export without output") << "POST"
                                               << "/exports" << QByteArray(R"({"user_id": "u1"})")
                                               << "system" << 400 << "invalid_fields"
                                               << "output_id";
        QTest::addRow("check not multipart")
            << "POST"
            << "/safety/check" << QByteArray(R"({})") << "system" << 415 << "multipart_required"
            << "";
        {
            // A stale edit: the full, valid policy against a version that is not the newest.
            const QByteArray stale =
                toJson(QJsonObject{{QStringLiteral("policy"), core::Policy{}.toJson()},
                                   {QStringLiteral("base_version"), 99}});
            QTest::addRow("policy stale version")
                << "PUT"
                << "/policy" << stale << "admin" << 409 << "policy_changed"
                << "";
        }
    }

    void badInput()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QString, as);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, field);
        path.replace(QStringLiteral("{id}"), m_trackId)
            .replace(QStringLiteral("{owner}"), m_ownerId);
        body.replace("{id}", m_trackId.toUtf8());
        const auto before = snapshot();
        const ApiResponse r = call(method, path, body, m_tokens.value(as));
        QVERIFY2(r.status == status, r.body.constData());
        QCOMPARE(this->code(r), code);
        if (!field.isEmpty())
            QVERIFY2(r.jsonBody()
                         .value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("fields"))
                         .toObject()
                         .contains(field),
                     r.body.constData());
        QCOMPARE(snapshot(), before); // nothing written, nothing half-done
    }

    // Query parameters: every bad value answers 400 invalid_fields with the route's message
    // and the parameter's own message, and writes nothing.
    void queryParameterErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("as");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("fieldMessage");
        const QString auditMessage = QStringLiteral("limit must be a whole number from 1 to 1000");
        const QString queueMessage = QStringLiteral("the queue request has invalid parameters");
        for (const char *limit : {"abc", "-1", "0", "1e9", "2.5", "1001", "99999999999999999999"})
            QTest::addRow("audit limit=%s", limit)
                << QStringLiteral("/audit?limit=") + QLatin1String(limit) << "admin" << auditMessage
                << "limit"
                << "must be 1..1000";
        for (const char *limit : {"abc", "-1", "1e9", "501"})
            QTest::addRow("queue limit=%s", limit)
                << QStringLiteral("/review/queue?limit=") + QLatin1String(limit) << "reviewer"
                << queueMessage << "limit"
                << "must be 1..500";
        QTest::addRow("queue state") << "/review/queue?state=done"
                                     << "reviewer" << queueMessage << "state"
                                     << "must be pending_review, dispute_pending or all";
        for (const char *page : {"abc", "-1", "1e9"})
            QTest::addRow("manifest page=%s", page)
                << QStringLiteral("/training/runs/r/manifest?page=") + QLatin1String(page)
                << "system"
                << "the manifest request has invalid parameters"
                << "page"
                << "must be 0 or more";
        const QString peaksMessage = QStringLiteral("the peaks request has invalid parameters");
        QTest::addRow("peaks resolution=abc") << "/tracks/{id}/peaks?resolution=abc"
                                              << "reviewer" << peaksMessage << "resolution"
                                              << "must be a number from 1 to 100000";
        QTest::addRow("peaks resolution=1.5") << "/tracks/{id}/peaks?resolution=1.5"
                                              << "reviewer" << peaksMessage << "resolution"
                                              << "must be a whole number";
        QTest::addRow("peaks to before from") << "/tracks/{id}/peaks?from=5&to=2"
                                              << "reviewer" << peaksMessage << "to"
                                              << "must be after from";
        QTest::addRow("peaks from=-1") << "/tracks/{id}/peaks?from=-1"
                                       << "reviewer" << peaksMessage << "from"
                                       << "must be a number from 0 to 1e+06";
        QTest::addRow("claims state") << "/claims?state=closed"
                                      << "admin"
                                      << "the claims request has invalid parameters"
                                      << "state"
                                      << "must be open, pending_review, decided, dismissed or all";
    }

    void queryParameterErrors()
    {
        QFETCH(QString, path);
        QFETCH(QString, as);
        QFETCH(QString, message);
        QFETCH(QString, field);
        QFETCH(QString, fieldMessage);
        path.replace(QStringLiteral("{id}"), m_trackId);
        const auto before = snapshot();
        const ApiResponse r = call(QStringLiteral("GET"), path, {}, m_tokens.value(as));
        QVERIFY2(r.status == 400, r.body.constData());
        const QJsonObject err = r.jsonBody().value(QStringLiteral("error")).toObject();
        QCOMPARE(err.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_fields"));
        QCOMPARE(err.value(QStringLiteral("message")).toString(), message);
        const QJsonObject expected{{field, fieldMessage}};
        QCOMPARE(err.value(QStringLiteral("fields")).toObject(), expected);
        QCOMPARE(snapshot(), before);
    }

    void policyChangeAndBulkSourceApproval()
    {
        const QString admin = m_tokens.value(QStringLiteral("admin"));
        auto current = call(QStringLiteral("GET"), QStringLiteral("/policy"), {}, admin).jsonBody();
        const QJsonObject original = current.value(QStringLiteral("policy")).toObject();
        QJsonObject strict = original;
        strict.insert(QStringLiteral("bulk_max_tracks"), 1);
        auto put = call(
            QStringLiteral("PUT"), QStringLiteral("/policy"),
            toJson({{QStringLiteral("policy"), strict},
                    {QStringLiteral("note"), QStringLiteral("one track each")},
                    {QStringLiteral("base_version"), current.value(QStringLiteral("version"))}}),
            admin);
        QCOMPARE(put.status, 200);
        QCOMPARE(put.jsonBody()
                     .value(QStringLiteral("changes"))
                     .toObject()
                     .value(QStringLiteral("bulk_max_tracks"))
                     .toObject()
                     .value(QStringLiteral("new"))
                     .toInt(),
                 1);
        // The same edit again is stale.
        QCOMPARE(call(QStringLiteral("PUT"), QStringLiteral("/policy"),
                      toJson({{QStringLiteral("policy"), strict},
                              {QStringLiteral("base_version"),
                               current.value(QStringLiteral("version"))}}),
                      admin)
                     .status,
                 409);

        const QString other = m_tokens.value(QStringLiteral("other"));
        uploadAndSubmit(other);
        const QString held = uploadAndSubmit(other);
        auto status = [&](const QString &id) {
            return call(QStringLiteral("GET"), QStringLiteral("/tracks/%1/status").arg(id), {},
                        other)
                .jsonBody()
                .value(QStringLiteral("flags"))
                .toArray();
        };
        QVERIFY(status(held).contains(QStringLiteral("bulk_hold")));
        const QString otherId = call(QStringLiteral("GET"), QStringLiteral("/auth/me"), {}, other)
                                    .jsonBody()
                                    .value(QStringLiteral("id"))
                                    .toString();
        auto approved =
            call(QStringLiteral("POST"), QStringLiteral("/accounts/%1/bulk-source").arg(otherId),
                 toJson({{QStringLiteral("approved"), true}}), admin);
        QCOMPARE(approved.status, 200);
        QCOMPARE(approved.jsonBody().value(QStringLiteral("bulk_source_approved")).toBool(), true);
        QVERIFY(!status(held).contains(QStringLiteral("bulk_hold")));
        QVERIFY(!status(uploadAndSubmit(other)).contains(QStringLiteral("bulk_hold")));
        auto audit =
            call(QStringLiteral("GET"),
                 QStringLiteral("/audit?event_type=policy_change&subject=") + otherId, {}, admin);
        QCOMPARE(audit.jsonBody()
                     .value(QStringLiteral("entries"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("payload"))
                     .toObject()
                     .value(QStringLiteral("change"))
                     .toString(),
                 QStringLiteral("bulk_source"));
        // The audit viewer's filters: actor and a time window (since inclusive, until not).
        const QJsonObject newest =
            audit.jsonBody().value(QStringLiteral("entries")).toArray().first().toObject();
        const QString actor = newest.value(QStringLiteral("actor")).toString();
        const QString at = newest.value(QStringLiteral("at")).toString();
        const auto entries = [&](const QString &query) {
            return call(QStringLiteral("GET"), QStringLiteral("/audit?") + query, {}, admin)
                .jsonBody()
                .value(QStringLiteral("entries"))
                .toArray();
        };
        const QJsonArray byActor = entries(QStringLiteral("actor=") + actor);
        QVERIFY(!byActor.isEmpty());
        for (const QJsonValue &e : byActor)
            QCOMPARE(e.toObject().value(QStringLiteral("actor")).toString(), actor);
        QVERIFY(entries(QStringLiteral("actor=nobody")).isEmpty());
        const QString encodedAt = QString::fromLatin1(QUrl::toPercentEncoding(at));
        const QJsonArray since = entries(QStringLiteral("since=") + encodedAt);
        QVERIFY(!since.isEmpty());
        for (const QJsonValue &e : since)
            QVERIFY(e.toObject().value(QStringLiteral("at")).toString() >= at);
        for (const QJsonValue &e : entries(QStringLiteral("until=") + encodedAt))
            QVERIFY(e.toObject().value(QStringLiteral("at")).toString() < at);
        auto history = call(QStringLiteral("GET"), QStringLiteral("/policy/history"), {}, other);
        QCOMPARE(history.status, 200);
        QCOMPARE(history.jsonBody()
                     .value(QStringLiteral("versions"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("note"))
                     .toString(),
                 QStringLiteral("one track each"));
        // Back to the original values for the other tests.
        QCOMPARE(call(QStringLiteral("PUT"), QStringLiteral("/policy"),
                      toJson({{QStringLiteral("policy"), original}}), admin)
                     .status,
                 200);
    }

    void refusedLicenceLeavesUploadUsable()
    {
        const QString token = m_tokens.value(QStringLiteral("contributor"));
        auto up = call(QStringLiteral("POST"), QStringLiteral("/uploads"), makeWav(0.3), token,
                       "audio/wav");
        QCOMPARE(up.status, 201);
        QJsonObject body =
            submissionBody(up.jsonBody().value(QStringLiteral("audio_upload_token")).toString());
        QJsonObject rights = body.value(QStringLiteral("rights")).toObject();
        rights.insert(QStringLiteral("license_type"), QStringLiteral("cc-by-nc-4.0"));
        body.insert(QStringLiteral("rights"), rights);
        const auto before = snapshot();
        ApiResponse r =
            call(QStringLiteral("POST"), QStringLiteral("/tracks/submit"), toJson(body), token);
        QCOMPARE(r.status, 422);
        QCOMPARE(code(r), QStringLiteral("license_not_accepted"));
        QCOMPARE(snapshot(), before);
        // The refused submission did not burn the upload token.
        rights.remove(QStringLiteral("license_type"));
        body.insert(QStringLiteral("rights"), rights);
        QCOMPARE(call(QStringLiteral("POST"), QStringLiteral("/tracks/submit"), toJson(body), token)
                     .status,
                 201);
        // ...but a successful one did.
        r = call(QStringLiteral("POST"), QStringLiteral("/tracks/submit"), toJson(body), token);
        QCOMPARE(r.status, 410);
        QCOMPARE(code(r), QStringLiteral("upload_token_used"));
    }

    void expiredTokensAreRefused()
    {
        const QString token = m_tokens.value(QStringLiteral("contributor"));
        auto up = call(QStringLiteral("POST"), QStringLiteral("/uploads"), makeWav(0.3), token,
                       "audio/wav");
        QCOMPARE(up.status, 201);
        m_tv->advance((*m_tv)->config().uploadTokenTtlSec + 1);
        const auto before = snapshot();
        ApiResponse r =
            call(QStringLiteral("POST"), QStringLiteral("/tracks/submit"),
                 toJson(submissionBody(
                     up.jsonBody().value(QStringLiteral("audio_upload_token")).toString())),
                 token);
        QCOMPARE(r.status, 410);
        QCOMPARE(code(r), QStringLiteral("upload_token_expired"));
        QCOMPARE(snapshot(), before);
        m_tv->advance((*m_tv)->config().sessionTtlSec);
        r = call(QStringLiteral("GET"), QStringLiteral("/auth/me"), {}, token);
        QCOMPARE(r.status, 401);
        QCOMPARE(code(r), QStringLiteral("token_expired"));
        // Fresh sessions for the tests that follow.
        for (auto it = m_tokens.begin(); it != m_tokens.end(); ++it)
            if (it.key() != QLatin1String("system"))
                it.value() = login(emailFor(it.key()));
    }

    void revokeTwiceIsAConflict()
    {
        const QString token = m_tokens.value(QStringLiteral("contributor"));
        const QString id = uploadAndSubmit(token);
        const QByteArray body = toJson({{QStringLiteral("reason"), QStringLiteral("leaving")}});
        ApiResponse r =
            call(QStringLiteral("POST"), QStringLiteral("/tracks/%1/revoke").arg(id), body, token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.jsonBody().value(QStringLiteral("status")).toString(),
                 QStringLiteral("removed"));
        const auto before = snapshot();
        r = call(QStringLiteral("POST"), QStringLiteral("/tracks/%1/revoke").arg(id), body, token);
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), QStringLiteral("already_revoked"));
        QCOMPARE(snapshot(), before);
    }

    void logoutEndsTheSession()
    {
        const QString token = login(QStringLiteral("other@example.org"));
        QCOMPARE(call(QStringLiteral("POST"), QStringLiteral("/auth/logout"), {}, token).status,
                 200);
        const ApiResponse r = call(QStringLiteral("GET"), QStringLiteral("/auth/me"), {}, token);
        QCOMPARE(r.status, 401);
        QCOMPARE(code(r), QStringLiteral("token_revoked"));
    }

    void noResponseRevealsStorage()
    {
        const QString admin = m_tokens.value(QStringLiteral("admin"));
        for (const QString &path :
             {QStringLiteral("/tracks/") + m_trackId,
              QStringLiteral("/tracks/") + m_trackId + QStringLiteral("/status"),
              QStringLiteral("/audit?limit=1000"), QStringLiteral("/accounts")}) {
            const ApiResponse r = call(QStringLiteral("GET"), path, {}, admin);
            QCOMPARE(r.status, 200);
            QVERIFY2(!r.body.contains("lemm://"), qPrintable(path));
            QVERIFY(!r.body.contains("password_hash"));
            QVERIFY(!r.body.contains("$argon2id$"));
        }
    }
};

QTEST_GUILESS_MAIN(ApiRouterTest)
#include "api_router_test.moc"
