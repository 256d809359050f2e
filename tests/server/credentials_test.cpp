// The credential lifecycle (issue 11): API keys listed, revoked and rotated (HTTP and the real
// CLI against a running server), logout with an API key refused, logout everywhere, password
// change and reset by mailed token, the session cap, the login throttle on a manual clock, and
// the password rules. ApiRouter::handle() on a real vault; the CLI part runs the real binary.
#include "server/http/api_router.h"
#include "server/services/password_policy.h"
#include "server/storage/audit_log.h"

#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_backend.h"
#include "support/test_vault.h"

#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>
#include <QtConcurrent>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString passwordOf(const QString &email)
{
    return QStringLiteral("password-of-") + email; // TestVault::person's password
}

QString errorCode(const ApiResponse &r)
{
    return r.jsonBody()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

QJsonObject errorFields(const ApiResponse &r)
{
    return r.jsonBody()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("fields"))
        .toObject();
}

QByteArray header(const ApiResponse &r, const QByteArray &name)
{
    for (const auto &[k, v] : r.headers)
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

// The password-reset token of the newest mail to `email`; empty when there is none.
QString latestResetToken(const QString &dataDir, const QString &email)
{
    return latestMailToken(dataDir, email, QStringLiteral("password-reset-token"));
}

int resetMailsTo(const QString &dataDir, const QString &email)
{
    QDir dir(QDir(dataDir).filePath(QStringLiteral("outbox/mail")));
    int n = 0;
    for (const QString &f : dir.entryList({QStringLiteral("*.eml")}, QDir::Files)) {
        QFile file(dir.filePath(f));
        if (file.open(QIODevice::ReadOnly)) {
            const QString text = QString::fromUtf8(file.readAll());
            n += text.contains(QStringLiteral("To: ") + email + QStringLiteral("\r\n")) &&
                 text.contains(QStringLiteral("password-reset-token: "));
        }
    }
    return n;
}

} // namespace

class CredentialsTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestVault> m_tv;
    ApiRouter *m_router = nullptr; // of m_tv's composition root
    QString m_admin;               // an admin session
    QString m_adminId;             // ...and its account

    ApiResponse call(const QString &method, const QString &path, const QByteArray &body = {},
                     const QString &token = {}, const QString &peer = QStringLiteral("192.0.2.1"))
    {
        ApiRequest r;
        r.method = method;
        const QUrl url(QStringLiteral("http://x") + path);
        r.path = url.path(QUrl::FullyDecoded);
        r.query = QUrlQuery(url);
        if (!token.isEmpty())
            r.headers.insert("authorization", "Bearer " + token.toUtf8());
        r.headers.insert("content-type", "application/json");
        r.body = body;
        r.peerAddress = peer;
        ApiResponse resp = m_router->handle(r);
        if (resp.status >= 400 && errorCode(resp).isEmpty())
            qFatal("bad error shape: %s", resp.body.constData());
        return resp;
    }

    ApiResponse post(const QString &path, const QJsonObject &body, const QString &token = {},
                     const QString &peer = QStringLiteral("192.0.2.1"))
    {
        return call(QStringLiteral("POST"), path, toJson(body), token, peer);
    }

    ApiResponse login(const QString &email, const QString &password,
                      const QString &peer = QStringLiteral("192.0.2.1"))
    {
        return post(QStringLiteral("/auth/login"),
                    {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}}, {},
                    peer);
    }

    QString session(const QString &email, const QString &password = {})
    {
        const ApiResponse r = login(email, password.isEmpty() ? passwordOf(email) : password,
                                    QStringLiteral("192.0.2.250"));
        if (r.status != 200)
            qFatal("login %s: %s", qPrintable(email), r.body.constData());
        return r.jsonBody().value(QStringLiteral("token")).toString();
    }

    int me(const QString &token)
    {
        return call(QStringLiteral("GET"), QStringLiteral("/auth/me"), {}, token).status;
    }

    QList<QJsonObject> credentialAudit()
    {
        const ApiResponse r =
            call(QStringLiteral("GET"),
                 QStringLiteral("/audit?event_type=%1&limit=1000").arg(audit::kCredentialChange),
                 {}, m_admin);
        QList<QJsonObject> out;
        for (const QJsonValue &e : r.jsonBody().value(QStringLiteral("entries")).toArray())
            if (e.toObject().value(QStringLiteral("event_type")).toString() ==
                audit::kCredentialChange)
                out << e.toObject();
        return out;
    }

    // Weak passwords the attack test found (issue 11, F7), and their neighbours.
    static void weakPasswordRows()
    {
        const QString zeroWidth = QString(QChar(0x200B)) + QChar(0x200C) + QChar(0x200D);
        QTest::addRow("twelve zero-width characters") << zeroWidth.repeated(4) << false;
        QTest::addRow("control characters")
            << QString::fromLatin1("\x00\x01\x02", 3).repeated(4) << false;
        QTest::addRow("a zero-width joiner inside")
            << QStringLiteral("a long") + QChar(0x200D) + QStringLiteral("password") << false;
        QTest::addRow("a right-to-left override inside")
            << QStringLiteral("violet tram") + QChar(0x202E) + QStringLiteral("under glass")
            << false;
        QTest::addRow("a tab inside") << QStringLiteral("violet tram\tunder glass") << false;
        QTest::addRow("spaced common password") << QStringLiteral("p a s s w o r d") << false;
        QTest::addRow("spaced common password, other case")
            << QStringLiteral("P A S S W O R D 1") << false;
        QTest::addRow("spaced long common password")
            << QStringLiteral("password password") << false;
        QTest::addRow("the e-mail repeated, other case")
            << QStringLiteral("Rules@Example.org rules@example.org") << false;
        QTest::addRow("the e-mail and a digit") << QStringLiteral("rules@example.org1") << false;
        QTest::addRow("the local part twice") << QStringLiteral("rulesrules12") << false;
        QTest::addRow("one code point over 70 %%") << QStringLiteral("aaaaaaaaaabc") << false;
        QTest::addRow("one emoji over 70 %%") << QStringLiteral("😀😀😀😀😀😀😀😀😀😀ab") << false;
        QTest::addRow("keyboard row and two digits") << QStringLiteral("qwertyuiop12") << false;
        QTest::addRow("digit row wrapping, one letter")
            << QStringLiteral("1234567890123a") << false;
        QTest::addRow("reversed digit row") << QStringLiteral("09876543210987") << false;
        QTest::addRow("reversed keyboard row, two marks")
            << QStringLiteral("poiuytrewq!!") << false;
        QTest::addRow("prefix and keyboard row") << QStringLiteral("!asdfghjklasd") << false;
        QTest::addRow("two rows in a walk") << QStringLiteral("qwertyuiopasdf") << false;
        QTest::addRow("spaced keyboard row") << QStringLiteral("z x c v b n m z x") << false;
        // Near misses that stay valid.
        QTest::addRow("a keyboard word among words")
            << QStringLiteral("qwerty is not my password") << true;
        QTest::addRow("three extra characters around a run")
            << QStringLiteral("x1234567890yz") << true;
        QTest::addRow("accents") << QStringLiteral("née à Zürich en mai") << true;
    }

    // Passwords the README, the tests and the benches use must stay valid.
    static void passwordsInUseRows()
    {
        for (const char *pw :
             {"a long password", "admin password 1", "long enough pw", "an admin password",
              "a long bench password", "a long admin password", "not my password at all",
              "the final passphrase", "and once more again", "too late for this one",
              "the thief's own pick"})
            QTest::addRow("in use: %s", pw) << QString::fromUtf8(pw) << true;
        // TestVault::person's password, "password-of-" and the e-mail address.
        QTest::addRow("TestVault's pattern")
            << passwordOf(QStringLiteral("rules@example.org")) << true;
    }

    // A brand-new client address for each call: the distributed attacker of issue 11 F2.
    static QString freshAddress()
    {
        static int n = 0;
        ++n;
        return QStringLiteral("198.18.%1.%2").arg(n / 250).arg(n % 250 + 1);
    }

    void lockAccountFromFreshAddresses(const QString &email, int failures)
    {
        for (int i = 0; i < failures; ++i)
            QCOMPARE(
                login(email, QStringLiteral("distributed guess %1").arg(i), freshAddress()).status,
                401);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(backendName()));
        m_tv = std::make_unique<TestVault>();
        m_router = &m_tv->root().router();
        m_adminId = m_tv->person(QStringLiteral("admin@example.org"), {core::Role::Admin}).id;
        m_admin = session(QStringLiteral("admin@example.org"));
    }

    void limitsAreIniKeys()
    {
        QTemporaryDir dir;
        QFile ini(QDir(dir.path()).filePath(QStringLiteral("lemm-vault.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[login]\nthrottle_free_failures=5\nthrottle_delay_base_seconds=2\n"
                  "throttle_delay_max_seconds=30\naccount_lock_failures=8\n"
                  "account_lock_seconds=120\naddress_lock_failures=50\naddress_lock_seconds=600\n"
                  "throttle_window_seconds=1200\nknown_address_days=7\n[limits]\n"
                  "max_sessions_per_account=7\n"
                  "[tokens]\npassword_reset_ttl_seconds=600\n");
        ini.close();
        auto c = ServerConfig::load(dir.path());
        QVERIFY(c.ok());
        QCOMPARE(c->login.freeFailures, 5);
        QCOMPARE(c->login.delayBaseSec, 2);
        QCOMPARE(c->login.delayMaxSec, 30);
        QCOMPARE(c->login.accountLockFailures, 8);
        QCOMPARE(c->login.accountLockSec, 120);
        QCOMPARE(c->login.addressLockFailures, 50);
        QCOMPARE(c->login.addressLockSec, 600);
        QCOMPARE(c->login.windowSec, 1200);
        QCOMPARE(c->login.knownAddressDays, 7);
        QCOMPARE(c->maxSessionsPerAccount, 7);
        QCOMPARE(c->passwordResetTtlSec, 600);
        // The account lock stays short: more than an hour is refused.
        QVERIFY(ini.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ini.write("[login]\naccount_lock_seconds=86400\n");
        ini.close();
        auto bad = ServerConfig::load(dir.path());
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().fields.contains(QStringLiteral("login/account_lock_seconds")));
    }

    void passwordRules_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("five emoji (10 UTF-16 units)")
            << QStringLiteral("😀😁😂🤣😃") << false;
        QTest::addRow("ten spaces") << QString(10, QLatin1Char(' ')) << false;
        QTest::addRow("twenty spaces") << QString(20, QLatin1Char(' ')) << false;
        QTest::addRow("tabs and spaces") << QStringLiteral(" \t \t \t \t \t \t \t") << false;
        QTest::addRow("eleven characters") << QStringLiteral("abcdefghxyz") << false;
        QTest::addRow("one character repeated") << QStringLiteral("zzzzzzzzzzzzzzzz") << false;
        QTest::addRow("two characters repeated") << QStringLiteral("xyxyxyxyxyxyxy") << false;
        QTest::addRow("passwordpassword") << QStringLiteral("passwordpassword") << false;
        QTest::addRow("digit run") << QStringLiteral("123456789012") << false;
        QTest::addRow("keyboard walk, other case") << QStringLiteral("QwertyUiopAS") << false;
        QTest::addRow("common with spaces around") << QStringLiteral("  1qaz2wsx3edc  ") << false;
        QTest::addRow("the e-mail address") << QStringLiteral("rules@example.org") << false;
        QTest::addRow("the README's example") << QStringLiteral("a long password") << true;
        QTest::addRow("twelve distinct emoji")
            << QStringLiteral("😀😁😂🤣😃😄😅😆😉😊😋😎") << true;
        QTest::addRow("words") << QStringLiteral("violet tram under glass") << true;
        weakPasswordRows();
        passwordsInUseRows();
    }

    void passwordRules()
    {
        QFETCH(QString, password);
        QFETCH(bool, accepted);
        QString email = QStringLiteral("rules@example.org");
        const auto problem = passwordProblem(password, email);
        QVERIFY2(!problem.has_value() == accepted, qPrintable(problem.value_or(QString())));
        // Registration applies the same rules.
        static int n = 0;
        if (accepted)
            email = QStringLiteral("rules%1@example.org").arg(++n);
        const ApiResponse r = post(QStringLiteral("/auth/register"),
                                   {{QStringLiteral("email"), email},
                                    {QStringLiteral("password"), password},
                                    {QStringLiteral("display_name"), QStringLiteral("Rules")}});
        if (accepted) {
            QVERIFY2(r.status == 201, r.body.constData());
        } else {
            QCOMPARE(r.status, 400);
            QVERIFY2(errorFields(r).contains(QStringLiteral("password")), r.body.constData());
        }
    }

    void passwordRulesForOtherAddresses_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("email");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("the e-mail repeated")
            << QStringLiteral("x@x.orgx@x.org") << QStringLiteral("x@x.org") << false;
        QTest::addRow("mostly the local part")
            << QStringLiteral("melody.maker1") << QStringLiteral("melody.maker@example.org")
            << false;
        QTest::addRow("the local part with spaces")
            << QStringLiteral("melody melody 1") << QStringLiteral("melody@example.org") << false;
        QTest::addRow("the local part as a small part")
            << QStringLiteral("melody writes long songs") << QStringLiteral("melody@example.org")
            << true;
        QTest::addRow("a short local part is not looked for")
            << QStringLiteral("a long password") << QStringLiteral("a@example.org") << true;
        QTest::addRow("TestVault's pattern, short address")
            << passwordOf(QStringLiteral("a@b.co")) << QStringLiteral("a@b.co") << true;
    }

    void passwordRulesForOtherAddresses()
    {
        QFETCH(QString, password);
        QFETCH(QString, email);
        QFETCH(bool, accepted);
        const auto problem = passwordProblem(password, email);
        QVERIFY2(!problem.has_value() == accepted, qPrintable(problem.value_or(QString())));
        if (!accepted)
            QVERIFY2(problem->contains(QStringLiteral("e-mail")), qPrintable(*problem));
    }

    void commonListIsShipped()
    {
        for (const char *pw : {"passwordpassword", "123456789012", "qwertyuiopas", "1q2w3e4r5t6y",
                               "iloveyouiloveyou", "welcome12345"})
            QVERIFY2(isCommonPassword(QString::fromLatin1(pw)), pw);
        QVERIFY(!isCommonPassword(QStringLiteral("violet tram under glass")));
        QVERIFY(!isCommonPassword(QStringLiteral("# Common passwords")));
    }

    void apiKeysThroughTheRouter()
    {
        QString key;
        const Account svc = m_tv->service(QStringLiteral("router-gateway"), &key);
        QCOMPARE(me(key), 200);
        const QString contributor = session(m_tv->person(QStringLiteral("c1@example.org")).email);

        ApiResponse r = call(QStringLiteral("GET"), QStringLiteral("/admin/api-keys"), {}, m_admin);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.body.contains(key.toUtf8()));
        QVERIFY(!r.body.contains("lvk_"));
        QJsonObject listed;
        for (const QJsonValue &k : r.jsonBody().value(QStringLiteral("api_keys")).toArray())
            if (k.toObject().value(QStringLiteral("name")).toString() ==
                QLatin1String("router-gateway"))
                listed = k.toObject();
        QCOMPARE(listed.value(QStringLiteral("account_id")).toString(), svc.id);
        QCOMPARE(listed.value(QStringLiteral("revoked")).toBool(), false);
        QVERIFY(!listed.value(QStringLiteral("created_at")).toString().isEmpty());
        QCOMPARE(listed.value(QStringLiteral("last_used_at")).toString(), (*m_tv)->nowIso());

        // Only admins manage keys.
        QCOMPARE(
            call(QStringLiteral("GET"), QStringLiteral("/admin/api-keys"), {}, contributor).status,
            403);
        QCOMPARE(
            post(QStringLiteral("/admin/api-keys/router-gateway/revoke"), {}, contributor).status,
            403);
        QCOMPARE(post(QStringLiteral("/admin/api-keys/router-gateway/rotate"), {}, key).status,
                 403);
        QCOMPARE(me(key), 200);

        // Rotate: the new key works, the old one stops at once.
        r = post(QStringLiteral("/admin/api-keys/router-gateway/rotate"), {}, m_admin);
        QCOMPARE(r.status, 201);
        const QString rotated = r.jsonBody().value(QStringLiteral("api_key")).toString();
        QVERIFY(rotated.startsWith(QStringLiteral("lvk_")));
        QVERIFY(rotated != key);
        QCOMPARE(me(key), 401);
        QCOMPARE(me(rotated), 200);

        // Revoke: the key stops at once; again is a conflict; unknown names are 404.
        r = post(QStringLiteral("/admin/api-keys/router-gateway/revoke"), {}, m_admin);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.jsonBody().value(QStringLiteral("revoked")).toBool(), true);
        const ApiResponse refused =
            call(QStringLiteral("GET"), QStringLiteral("/auth/me"), {}, rotated);
        QCOMPARE(refused.status, 401);
        QCOMPARE(errorCode(refused), QStringLiteral("invalid_token"));
        r = post(QStringLiteral("/admin/api-keys/router-gateway/revoke"), {}, m_admin);
        QCOMPARE(r.status, 409);
        QCOMPARE(errorCode(r), QStringLiteral("api_key_already_revoked"));
        r = post(QStringLiteral("/admin/api-keys/no-such-key/revoke"), {}, m_admin);
        QCOMPARE(r.status, 404);
        QCOMPARE(errorCode(r), QStringLiteral("api_key_not_found"));
        r = post(QStringLiteral("/admin/api-keys/%2E%2E%2Fx/rotate"), {}, m_admin);
        QCOMPARE(r.status, 404);

        // After a revoke, rotating issues a fresh key (recovery after a leak).
        r = post(QStringLiteral("/admin/api-keys/router-gateway/rotate"), {}, m_admin);
        QCOMPARE(r.status, 201);
        const QString fresh = r.jsonBody().value(QStringLiteral("api_key")).toString();
        QCOMPARE(me(fresh), 200);
        QCOMPARE(me(rotated), 401);

        // Audited, by the admin, without the keys.
        QStringList changes;
        for (const QJsonObject &e : credentialAudit()) {
            const QByteArray text = QJsonDocument(e).toJson();
            QVERIFY(!text.contains(key.toUtf8()) && !text.contains(rotated.toUtf8()) &&
                    !text.contains(fresh.toUtf8()));
            if (e.value(QStringLiteral("subject")).toString() == svc.id) {
                QCOMPARE(e.value(QStringLiteral("actor")).toString(), m_adminId);
                changes << e.value(QStringLiteral("payload"))
                               .toObject()
                               .value(QStringLiteral("change"))
                               .toString();
            }
        }
        // Newest first.
        QCOMPARE(changes,
                 (QStringList{QStringLiteral("api_key_rotated"), QStringLiteral("api_key_revoked"),
                              QStringLiteral("api_key_rotated")}));
    }

    void logoutWithAnApiKeyIsRefused()
    {
        QString key;
        m_tv->service(QStringLiteral("logout-gateway"), &key);
        ApiResponse r = post(QStringLiteral("/auth/logout"), {}, key);
        QCOMPARE(r.status, 409);
        QCOMPARE(errorCode(r), QStringLiteral("api_key_not_a_session"));
        QVERIFY(r.jsonBody()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("api-key revoke")));
        QCOMPARE(me(key), 200); // still valid: revoking is an admin's act
        // Services have no sessions to end or passwords to change.
        QCOMPARE(post(QStringLiteral("/auth/logout-all"), {}, key).status, 403);
        QCOMPARE(me(key), 200);
    }

    void logoutAllEndsEverySession()
    {
        const QString email = m_tv->person(QStringLiteral("many@example.org")).email;
        const QString a = session(email), b = session(email), c = session(email);
        const QString other = session(QStringLiteral("admin@example.org"));
        const ApiResponse r = post(QStringLiteral("/auth/logout-all"), {}, b);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.jsonBody().value(QStringLiteral("sessions_ended")).toInt(), 3);
        for (const QString &t : {a, b, c}) {
            const ApiResponse gone = call(QStringLiteral("GET"), QStringLiteral("/auth/me"), {}, t);
            QCOMPARE(gone.status, 401);
            QCOMPARE(errorCode(gone), QStringLiteral("token_revoked"));
        }
        QCOMPARE(me(other), 200); // other accounts keep theirs
        QCOMPARE(me(session(email)), 200);
    }

    void passwordChange()
    {
        const QString email = m_tv->person(QStringLiteral("change@example.org")).email;
        const QString current = session(email), other = session(email);
        const QString newPassword = QStringLiteral("a brand new passphrase");

        // Wrong old password: refused, nothing changed.
        ApiResponse r =
            post(QStringLiteral("/auth/password"),
                 {{QStringLiteral("old_password"), QStringLiteral("not my password at all")},
                  {QStringLiteral("new_password"), newPassword}},
                 current, QStringLiteral("192.0.2.40"));
        QCOMPARE(r.status, 403);
        QCOMPARE(errorCode(r), QStringLiteral("wrong_password"));
        QVERIFY(errorFields(r).contains(QStringLiteral("old_password")));
        QCOMPARE(me(other), 200);
        QCOMPARE(login(email, passwordOf(email)).status, 200);

        // A weak or unchanged new password is refused before the old one is even checked.
        for (const QString &weak :
             {QStringLiteral("passwordpassword"), passwordOf(email), QStringLiteral("short")}) {
            r = post(QStringLiteral("/auth/password"),
                     {{QStringLiteral("old_password"), passwordOf(email)},
                      {QStringLiteral("new_password"), weak}},
                     current);
            QCOMPARE(r.status, 400);
            QVERIFY(errorFields(r).contains(QStringLiteral("new_password")));
        }
        r = post(QStringLiteral("/auth/password"),
                 {{QStringLiteral("old_password"), passwordOf(email)},
                  {QStringLiteral("new_password"), newPassword},
                  {QStringLiteral("also"), 1}},
                 current);
        QCOMPARE(r.status, 400);
        QVERIFY(errorFields(r).contains(QStringLiteral("also")));

        // Changed: this session stays, every other one ends.
        r = post(QStringLiteral("/auth/password"),
                 {{QStringLiteral("old_password"), passwordOf(email)},
                  {QStringLiteral("new_password"), newPassword}},
                 current);
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.jsonBody().value(QStringLiteral("sessions_ended")).toInt(), 2);
        QCOMPARE(me(current), 200);
        const ApiResponse gone = call(QStringLiteral("GET"), QStringLiteral("/auth/me"), {}, other);
        QCOMPARE(gone.status, 401);
        QVERIFY(gone.jsonBody()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("password was changed")));
        QCOMPARE(login(email, passwordOf(email)).status, 401);
        QCOMPARE(login(email, newPassword).status, 200);
        bool audited = false;
        for (const QJsonObject &e : credentialAudit()) {
            QVERIFY(!QJsonDocument(e).toJson().contains(newPassword.toUtf8()));
            audited |= e.value(QStringLiteral("payload"))
                           .toObject()
                           .value(QStringLiteral("change"))
                           .toString() == QLatin1String("password_changed");
        }
        QVERIFY(audited);
    }

    void passwordReset()
    {
        const Account who = m_tv->person(QStringLiteral("reset@example.org"));
        const QString s1 = session(who.email), s2 = session(who.email);
        const QString dir = m_tv->dataDir();

        // The same answer whether or not the account exists; mail only for a real one.
        const ApiResponse known = post(QStringLiteral("/auth/password-reset/request"),
                                       {{QStringLiteral("email"), who.email}});
        const ApiResponse unknown =
            post(QStringLiteral("/auth/password-reset/request"),
                 {{QStringLiteral("email"), QStringLiteral("nobody@example.org")}});
        QCOMPARE(known.status, 202);
        QCOMPARE(unknown.status, known.status);
        QCOMPARE(unknown.body, known.body);
        QCOMPARE(resetMailsTo(dir, QStringLiteral("nobody@example.org")), 0);
        QCOMPARE(resetMailsTo(dir, who.email), 1);
        const QString token = latestResetToken(dir, who.email);
        QVERIFY(!token.isEmpty());
        // A reset token is not a verification token.
        QCOMPARE(
            post(QStringLiteral("/auth/verify-email"), {{QStringLiteral("token"), token}}).status,
            400);

        // A refused password does not spend the token.
        ApiResponse r = post(QStringLiteral("/auth/password-reset/confirm"),
                             {{QStringLiteral("token"), token},
                              {QStringLiteral("new_password"), QStringLiteral("qwertyuiopas")}});
        QCOMPARE(r.status, 400);
        QVERIFY(errorFields(r).contains(QStringLiteral("new_password")));
        const QString newPassword = QStringLiteral("reset to something long");
        r = post(QStringLiteral("/auth/password-reset/confirm"),
                 {{QStringLiteral("token"), token}, {QStringLiteral("new_password"), newPassword}});
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.jsonBody().value(QStringLiteral("sessions_ended")).toInt(), 2);
        QCOMPARE(me(s1), 401);
        QCOMPARE(me(s2), 401);
        QCOMPARE(login(who.email, passwordOf(who.email)).status, 401);
        QCOMPARE(login(who.email, newPassword).status, 200);

        // Single use.
        r = post(QStringLiteral("/auth/password-reset/confirm"),
                 {{QStringLiteral("token"), token},
                  {QStringLiteral("new_password"), QStringLiteral("and once more again")}});
        QCOMPARE(r.status, 410);
        QCOMPARE(errorCode(r), QStringLiteral("token_used"));
        QCOMPARE(login(who.email, newPassword).status, 200);

        // Short-lived.
        QCOMPARE(post(QStringLiteral("/auth/password-reset/request"),
                      {{QStringLiteral("email"), who.email}})
                     .status,
                 202);
        const QString late = latestResetToken(dir, who.email);
        QVERIFY(late != token);
        m_tv->advance((*m_tv)->config().passwordResetTtlSec + 1);
        r = post(QStringLiteral("/auth/password-reset/confirm"),
                 {{QStringLiteral("token"), late},
                  {QStringLiteral("new_password"), QStringLiteral("too late for this one")}});
        QCOMPARE(r.status, 410);
        QCOMPARE(errorCode(r), QStringLiteral("token_expired"));

        // Using one token spends the others; bad tokens are 400.
        for (int i = 0; i < 2; ++i)
            post(QStringLiteral("/auth/password-reset/request"),
                 {{QStringLiteral("email"), who.email}});
        const QString newer = latestResetToken(dir, who.email);
        QCOMPARE(resetMailsTo(dir, who.email), 4);
        r = post(QStringLiteral("/auth/password-reset/confirm"),
                 {{QStringLiteral("token"), newer},
                  {QStringLiteral("new_password"), QStringLiteral("the final passphrase")}});
        QCOMPARE(r.status, 200);
        r = post(QStringLiteral("/auth/password-reset/confirm"),
                 {{QStringLiteral("token"), QStringLiteral("x").repeated(5000)},
                  {QStringLiteral("new_password"), QStringLiteral("the final passphrase")}});
        QCOMPARE(r.status, 400);
        QCOMPARE(errorCode(r), QStringLiteral("invalid_token"));
        r = post(QStringLiteral("/auth/password-reset/request"), {{QStringLiteral("email"), 5}});
        QCOMPARE(r.status, 400);
        QVERIFY(errorFields(r).contains(QStringLiteral("email")));

        // Bounded mail: at most a few live tokens per account, the answer unchanged.
        const int before = resetMailsTo(dir, who.email);
        for (int i = 0; i < CredentialService::kMaxOutstandingResets + 3; ++i)
            QCOMPARE(post(QStringLiteral("/auth/password-reset/request"),
                          {{QStringLiteral("email"), who.email}})
                         .body,
                     known.body);
        QCOMPARE(resetMailsTo(dir, who.email), before + CredentialService::kMaxOutstandingResets);
        for (const QJsonObject &e : credentialAudit())
            QVERIFY(!QJsonDocument(e).toJson().contains(newer.toUtf8()));
    }

    void sessionCap()
    {
        const QString email = m_tv->person(QStringLiteral("cap@example.org")).email;
        const int cap = (*m_tv)->config().maxSessionsPerAccount;
        QCOMPARE(cap, 20); // the documented default
        QStringList tokens;
        for (int i = 0; i < cap + 2; ++i) {
            tokens << session(email);
            m_tv->advance(1); // distinct creation times: "oldest" is well defined
        }
        for (int i = 0; i < tokens.size(); ++i) {
            const ApiResponse r =
                call(QStringLiteral("GET"), QStringLiteral("/auth/me"), {}, tokens[i]);
            if (i < 2) {
                QCOMPARE(r.status, 401);
                QCOMPARE(errorCode(r), QStringLiteral("token_revoked"));
            } else {
                QVERIFY2(r.status == 200, qPrintable(QString::number(i)));
            }
        }
    }

    void throttleDelaysThenLocksThenForgets()
    {
        const QString email = m_tv->person(QStringLiteral("victim@example.org")).email;
        const QString attacker = QStringLiteral("203.0.113.9");
        const auto &limits = (*m_tv)->config().login;
        const QString wrong = QStringLiteral("guess number one two");
        for (int i = 0; i < limits.freeFailures; ++i)
            QCOMPARE(login(email, wrong, attacker).status, 401);
        // From here every failure doubles the wait before the next attempt is judged.
        qint64 expected = limits.delayBaseSec;
        int failures = limits.freeFailures;
        QList<qint64> waits;
        while (failures + 1 < limits.accountLockFailures) {
            QCOMPARE(login(email, wrong, attacker).status, 401);
            ++failures;
            const ApiResponse r = login(email, passwordOf(email), attacker);
            QCOMPARE(r.status, 429); // the right password is not revealed either
            QCOMPARE(errorCode(r), QStringLiteral("too_many_attempts"));
            const qint64 wait = header(r, "Retry-After").toLongLong();
            QCOMPARE(wait, std::min<qint64>(expected, limits.delayMaxSec));
            QCOMPARE(qint64(errorFields(r).value(QStringLiteral("retry_after_seconds")).toDouble()),
                     wait);
            waits << wait;
            m_tv->advance(wait - 1);
            QCOMPARE(login(email, wrong, attacker).status, 429); // not yet, and not counted
            m_tv->advance(1);
            expected *= 2;
        }
        QVERIFY(waits.size() >= 3);
        QVERIFY(waits.last() > waits.first());

        // The last failure locks the account, for every address.
        QCOMPARE(login(email, wrong, attacker).status, 401);
        ApiResponse locked = login(email, passwordOf(email), attacker);
        QCOMPARE(locked.status, 429);
        QCOMPARE(header(locked, "Retry-After").toLongLong(), qint64(limits.accountLockSec));
        const ApiResponse lockedWrong = login(email, wrong, attacker);
        QCOMPARE(lockedWrong.status, 429);
        QCOMPARE(lockedWrong.body, locked.body); // right or wrong: the same answer
        const ApiResponse elsewhere = login(email, passwordOf(email), QStringLiteral("192.0.2.77"));
        QCOMPARE(elsewhere.status, 429);
        QVERIFY(elsewhere.jsonBody()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("locked")));

        // The lock is short and bounded: it ends on its own.
        m_tv->advance(limits.accountLockSec);
        QCOMPARE(login(email, passwordOf(email), QStringLiteral("192.0.2.77")).status, 200);
        // A success clears the account's failures (the address keeps its own).
        QCOMPARE(login(email, wrong, QStringLiteral("192.0.2.78")).status, 401);
        QCOMPARE(login(email, passwordOf(email), QStringLiteral("192.0.2.78")).status, 200);
        QCOMPARE(login(email, passwordOf(email), attacker).status, 200);
        QCOMPARE(login(email, wrong, attacker).status, 401);
        QCOMPARE(login(email, passwordOf(email), attacker).status, 429); // attacker still slowed
        m_tv->advance(limits.windowSec);
        QCOMPARE(login(email, passwordOf(email), attacker).status, 200); // forgotten
    }

    void concurrentGuessesTakeTurns()
    {
        // Parallel guesses must not all pass the check before the first failure is counted:
        // exactly the free failures and one more are judged, the rest are throttled.
        const QString email = m_tv->person(QStringLiteral("parallel@example.org")).email;
        const auto &limits = (*m_tv)->config().login;
        QThreadPool pool;
        pool.setMaxThreadCount(8);
        QList<QFuture<int>> attempts;
        for (int i = 0; i < 16; ++i)
            attempts << QtConcurrent::run(&pool, [this, email, i] {
                return login(email, QStringLiteral("parallel guess %1").arg(i),
                             QStringLiteral("203.0.113.44"))
                    .status;
            });
        int judged = 0, throttled = 0;
        for (auto &a : attempts) {
            const int status = a.result();
            judged += status == 401;
            throttled += status == 429;
        }
        QCOMPARE(judged, limits.freeFailures + 1);
        QCOMPARE(throttled, 16 - judged);
    }

    void throttleSparesAVictimOnACleanAddress()
    {
        const QString email = m_tv->person(QStringLiteral("spared@example.org")).email;
        const auto &limits = (*m_tv)->config().login;
        const QString attacker = QStringLiteral("203.0.113.20");
        for (int i = 0; i < limits.freeFailures + 2; ++i) {
            QCOMPARE(login(email, QStringLiteral("wrong guess for you"), attacker).status, 401);
            m_tv->advance(limits.delayMaxSec);
        }
        QCOMPARE(login(email, QStringLiteral("wrong guess for you"), attacker).status, 401);
        QCOMPARE(login(email, passwordOf(email), attacker).status, 429);
        // The account is delayed, not locked: an address without failures gets in at once.
        QCOMPARE(login(email, passwordOf(email), QStringLiteral("198.51.100.3")).status, 200);
    }

    void reLockAttackSparesTheKnownAddress()
    {
        const QString email = m_tv->person(QStringLiteral("owner@example.org")).email;
        const auto &limits = (*m_tv)->config().login;
        const QString home = QStringLiteral("192.0.2.10");
        QCOMPARE(login(email, passwordOf(email), home).status, 200); // home becomes known
        lockAccountFromFreshAddresses(email, limits.accountLockFailures);
        // Distributed guessing is still locked out: right or wrong, from a new address.
        QCOMPARE(login(email, passwordOf(email), freshAddress()).status, 429);
        QCOMPARE(login(email, QStringLiteral("one more guess here"), freshAddress()).status, 429);
        // ...but the owner gets in from home during the lock.
        QCOMPARE(login(email, passwordOf(email), home).status, 200);
        // The attack: one failure from a new address whenever the lock ran out.
        for (int round = 0; round < 5; ++round) {
            m_tv->advance(limits.accountLockSec + limits.accountLockSec / 10 + 1);
            QCOMPARE(
                login(email, QStringLiteral("late guess %1").arg(round), freshAddress()).status,
                401);
            QCOMPARE(login(email, passwordOf(email), home).status, 200);
        }
        // A wrong password from home counts against home only: home stays subject to its own
        // address throttle.
        for (int i = 0; i <= limits.freeFailures; ++i)
            QCOMPARE(login(email, QStringLiteral("typo at home %1").arg(i), home).status, 401);
        QCOMPARE(login(email, passwordOf(email), home).status, 429);
    }

    void freshCountAfterAnExpiredLock()
    {
        const QString email = m_tv->person(QStringLiteral("recount@example.org")).email;
        const auto &limits = (*m_tv)->config().login;
        lockAccountFromFreshAddresses(email, limits.accountLockFailures);
        const ApiResponse locked = login(email, passwordOf(email), freshAddress());
        QCOMPARE(locked.status, 429);
        QCOMPARE(header(locked, "Retry-After").toLongLong(), qint64(limits.accountLockSec));
        m_tv->advance(limits.accountLockSec);
        // One failure after the lock does not lock again...
        QCOMPARE(login(email, QStringLiteral("after the lock"), freshAddress()).status, 401);
        QCOMPARE(login(email, QStringLiteral("and again later"), freshAddress()).status, 401);
        // ...a new lock needs the full count: the count started at the first failure after it.
        lockAccountFromFreshAddresses(email, limits.accountLockFailures - 3);
        QCOMPARE(login(email, QStringLiteral("the tenth guess"), freshAddress()).status, 401);
        QCOMPARE(login(email, passwordOf(email), freshAddress()).status, 429);
        m_tv->advance(limits.accountLockSec);
        QCOMPARE(login(email, passwordOf(email), freshAddress()).status, 200);
    }

    void knownAddressesExpireAndAreDigests()
    {
        const QString email = m_tv->person(QStringLiteral("traveller@example.org")).email;
        const auto &limits = (*m_tv)->config().login;
        const QString hotel = QStringLiteral("192.0.2.211");
        QCOMPARE(login(email, passwordOf(email), hotel).status, 200);
        auto q = (*m_tv)->db().query(
            QStringLiteral("SELECT account_key, address_digest FROM login_known_addresses"));
        QVERIFY(q.ok());
        int rows = 0;
        while (q.value().next()) {
            ++rows;
            for (int c = 0; c < 2; ++c) {
                const QString v = q.value().value(c).toString();
                QVERIFY2(!v.contains(hotel) && !v.contains(email), qPrintable(v));
            }
        }
        QVERIFY(rows >= 1);
        // After known_address_days the address is unknown again and the lock applies to it.
        m_tv->advance(qint64(limits.knownAddressDays) * 86400 + 1);
        lockAccountFromFreshAddresses(email, limits.accountLockFailures);
        QCOMPARE(login(email, passwordOf(email), hotel).status, 429);
        m_tv->advance(limits.accountLockSec);
        QCOMPARE(login(email, passwordOf(email), hotel).status, 200);
        m_admin = session(QStringLiteral("admin@example.org")); // the old one expired meanwhile
    }

    void throttleCountsPerAddress()
    {
        const auto &limits = (*m_tv)->config().login;
        const QString sprayer = QStringLiteral("2001:db8:1:2::10");
        // Password spraying: one guess per account, many accounts, one /64.
        for (int i = 0; i <= limits.freeFailures; ++i)
            QCOMPARE(login(QStringLiteral("spray%1@example.org").arg(i),
                           QStringLiteral("summer is coming now"),
                           i % 2 ? sprayer : QStringLiteral("2001:db8:1:2:ffff::1"))
                         .status,
                     401);
        const QString email = m_tv->person(QStringLiteral("sprayed@example.org")).email;
        const ApiResponse r = login(email, passwordOf(email), QStringLiteral("2001:db8:1:2::99"));
        QCOMPARE(r.status, 429);
        QVERIFY(header(r, "Retry-After").toLongLong() >= 1);
        // Another network is not affected.
        QCOMPARE(login(email, passwordOf(email), QStringLiteral("2001:db8:9::1")).status, 200);
    }

    void unknownAddressesShareNoBucket()
    {
        // Without a client address only the per-account state counts: failures on some
        // accounts must not slow logins to others.
        const auto &limits = (*m_tv)->config().login;
        for (int i = 0; i <= limits.freeFailures + 2; ++i)
            QCOMPARE(login(QStringLiteral("ghost%1@example.org").arg(i),
                           QStringLiteral("nothing to see here"), QString())
                         .status,
                     401);
        const QString email = m_tv->person(QStringLiteral("noaddress@example.org")).email;
        QCOMPARE(login(email, passwordOf(email), QString()).status, 200);
        // ...and the account's own failures still do.
        for (int i = 0; i <= limits.freeFailures; ++i)
            QCOMPARE(login(email, QStringLiteral("nothing to see here"), QString()).status, 401);
        QCOMPARE(login(email, passwordOf(email), QString()).status, 429);
    }

    void throttleAppliesToPasswordChange()
    {
        const QString email = m_tv->person(QStringLiteral("stolen@example.org")).email;
        const QString token = session(email);
        const auto &limits = (*m_tv)->config().login;
        const QString thief = QStringLiteral("203.0.113.66");
        auto change = [&](const QString &old) {
            return post(QStringLiteral("/auth/password"),
                        {{QStringLiteral("old_password"), old},
                         {QStringLiteral("new_password"), QStringLiteral("the thief's own pick")}},
                        token, thief);
        };
        for (int i = 0; i <= limits.freeFailures; ++i)
            QCOMPARE(change(QStringLiteral("guess %1 of many").arg(i)).status, 403);
        const ApiResponse r = change(passwordOf(email));
        QCOMPARE(r.status, 429);
        QVERIFY(!header(r, "Retry-After").isEmpty());
        QCOMPARE(login(email, passwordOf(email), QStringLiteral("192.0.2.90")).status, 200);
    }

    void cliAgainstARunningServer()
    {
        // The real binary: create-service-account, serve, then api-key list/revoke/rotate
        // from another process while the server runs; the server sees each change at once.
        QTemporaryDir dir;
        const QString url = freshDatabaseUrl();
        {
            // A long first delay, so that the real clock cannot outrun the 429 below.
            QFile ini(QDir(dir.path()).filePath(QStringLiteral("lemm-vault.ini")));
            QVERIFY(ini.open(QIODevice::WriteOnly));
            ini.write(
                "[login]\nthrottle_delay_base_seconds=3600\nthrottle_delay_max_seconds=3600\n");
        }
        QStringList common{QStringLiteral("--data-dir"), dir.path()};
        if (!url.isEmpty())
            common << QStringLiteral("--database") << url;
        for (const char *action : {"list", "revoke", "rotate"}) {
            const CliResult help = runCli(
                {QStringLiteral("api-key"), QString::fromLatin1(action), QStringLiteral("--help")});
            QCOMPARE(help.exitCode, 0);
            QVERIFY(help.out.contains(QStringLiteral("--data-dir")));
            QVERIFY(help.out.contains(QStringLiteral("--database")));
            QVERIFY(help.out.contains(QStringLiteral("--name")));
        }
        QVERIFY(runCli({QStringLiteral("--help")}).out.contains(QStringLiteral("api-key")));
        const CliResult created =
            runCli(QStringList{QStringLiteral("create-service-account"), QStringLiteral("--name"),
                               QStringLiteral("gateway")} +
                   common);
        QCOMPARE(created.exitCode, 0);
        const QString key = created.out.trimmed();
        QVERIFY(key.startsWith(QStringLiteral("lvk_")));

        ServerProcess server;
        QVERIFY2(server.start(dir.path(), url, QProcessEnvironment::systemEnvironment(),
                              {QStringLiteral("--workers"), QStringLiteral("0")}),
                 qPrintable(server.error()));
        HttpClient http(server.baseUrl());
        http.setToken(key);
        QCOMPARE(http.get(QStringLiteral("/auth/me")).status, 200);

        CliResult list = runCli(QStringList{QStringLiteral("api-key"), QStringLiteral("list"),
                                            QStringLiteral("--json")} +
                                common);
        QCOMPARE(list.exitCode, 0);
        QVERIFY(!list.out.contains(QStringLiteral("lvk_")));
        const QJsonArray keys = QJsonDocument::fromJson(list.out.toUtf8()).array();
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys[0].toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("gateway"));
        QVERIFY(!keys[0].toObject().value(QStringLiteral("last_used_at")).toString().isEmpty());
        QCOMPARE(keys[0].toObject().value(QStringLiteral("revoked")).toBool(), false);
        list = runCli(QStringList{QStringLiteral("api-key"), QStringLiteral("list")} + common);
        QCOMPARE(list.exitCode, 0);
        QVERIFY(
            list.out.startsWith(QStringLiteral("NAME\tACCOUNT\tCREATED\tLAST USED\tREVOKED\n")));
        QVERIFY(list.out.contains(QStringLiteral("gateway\tsvc_")));

        const CliResult rotated =
            runCli(QStringList{QStringLiteral("api-key"), QStringLiteral("rotate"),
                               QStringLiteral("--name"), QStringLiteral("gateway")} +
                   common);
        QCOMPARE(rotated.exitCode, 0);
        const QString newKey = rotated.out.trimmed();
        QVERIFY(newKey.startsWith(QStringLiteral("lvk_")) && newKey != key);
        QCOMPARE(http.get(QStringLiteral("/auth/me")).status, 401);
        http.setToken(newKey);
        QCOMPARE(http.get(QStringLiteral("/auth/me")).status, 200);

        const CliResult revoked =
            runCli(QStringList{QStringLiteral("api-key"), QStringLiteral("revoke"),
                               QStringLiteral("--name"), QStringLiteral("gateway")} +
                   common);
        QCOMPARE(revoked.exitCode, 0);
        QVERIFY(!revoked.out.contains(QStringLiteral("lvk_")));
        const HttpReply refused = http.get(QStringLiteral("/auth/me"));
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.errorCode(), QStringLiteral("invalid_token"));

        // Mistakes are clear: unknown name 1, missing name or action 2.
        QCOMPARE(runCli(QStringList{QStringLiteral("api-key"), QStringLiteral("revoke"),
                                    QStringLiteral("--name"), QStringLiteral("nope")} +
                        common)
                     .exitCode,
                 1);
        QCOMPARE(runCli(QStringList{QStringLiteral("api-key"), QStringLiteral("revoke")} + common)
                     .exitCode,
                 2);
        QCOMPARE(runCli(QStringList{QStringLiteral("api-key"), QStringLiteral("frob")} + common)
                     .exitCode,
                 2);
        const CliResult audit = runCli(QStringList{QStringLiteral("verify-audit")} + common);
        QCOMPARE(audit.exitCode, 0);

        // The login throttle over real sockets: wrong passwords, then 429 even for the right one.
        QCOMPARE(runCli(QStringList{QStringLiteral("create-admin"), QStringLiteral("--email"),
                                    QStringLiteral("root@example.org")} +
                            common,
                        "an admin password\n")
                     .exitCode,
                 0);
        HttpClient anon(server.baseUrl());
        auto attempt = [&](const char *password) {
            return anon.post(QStringLiteral("/auth/login"),
                             {{QStringLiteral("email"), QStringLiteral("root@example.org")},
                              {QStringLiteral("password"), QString::fromLatin1(password)}});
        };
        for (int i = 0; i <= ServerConfig().login.freeFailures; ++i)
            QCOMPARE(attempt("not the admin password").status, 401);
        const HttpReply throttled = attempt("an admin password");
        QCOMPARE(throttled.status, 429);
        QVERIFY(throttled.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("fields"))
                    .toObject()
                    .value(QStringLiteral("retry_after_seconds"))
                    .toDouble() > 3000);
        QCOMPARE(throttled.errorCode(), QStringLiteral("too_many_attempts"));
        QVERIFY(throttled.header("Retry-After").toLongLong() > 3000); // on the wire too
        // The adapter hands the client's address to the throttle: the same right password
        // from another, clean address is let in.
        QTcpSocket other;
        QVERIFY(other.bind(QHostAddress(QStringLiteral("127.0.0.2"))));
        const QUrl base(server.baseUrl());
        other.connectToHost(QHostAddress(base.host()), quint16(base.port()));
        QVERIFY(other.waitForConnected(5000));
        const QByteArray login = R"({"email":"root@example.org","password":"an admin password"})";
        other.write("POST /auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    "Content-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(login.size()) + "\r\n\r\n" + login);
        QByteArray reply;
        while (other.waitForReadyRead(10000))
            reply += other.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.constData());
    }
};

QTEST_GUILESS_MAIN(CredentialsTest)
#include "credentials_test.moc"
