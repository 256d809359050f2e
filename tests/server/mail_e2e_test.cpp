// Mail (issue 16): the message composer (headers, RFC 2047, CRLF, dot-stuffing), SmtpMailer
// against a real SMTP server (tests/support/smtp-sink.py, Debian's aiosmtpd: STARTTLS with a
// throwaway certificate, implicit TLS, AUTH PLAIN and LOGIN), SendmailMailer with a local
// `sendmail` script, and the real server binary registering a contributor over SMTP.

#include "server/storage/mail_message.h"
#include "server/storage/mailer.h"
#include "server/storage/smtp_mailer.h"
#include "support/http_client.h"
#include "support/server_process.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace lemm::server;
using namespace lemm::test;

namespace {

const QString kUser = QStringLiteral("vault-mailer");
const QByteArray kPassword = "sink password 7";

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// One smtp-sink.py process; its messages land in out().
class Sink
{
public:
    ~Sink()
    {
        m_proc.kill();
        m_proc.waitForFinished(5000);
    }
    bool start(const QStringList &options)
    {
        QDir().mkpath(out());
        m_proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_proc.start(QStringLiteral(LEMM_SMTP_SINK), QStringList{out()} + options);
        QDeadlineTimer deadline(20000);
        QByteArray line;
        while (!line.endsWith('\n') && m_proc.waitForReadyRead(int(deadline.remainingTime())))
            line += m_proc.readLine();
        const auto m = QRegularExpression(QStringLiteral("^port (\\d+)")).match(line);
        m_port = m.hasMatch() ? m.captured(1).toInt() : 0;
        return m_port > 0;
    }
    int port() const { return m_port; }
    QString out() const { return m_dir.filePath(QStringLiteral("out")); }
    QStringList messages() const
    {
        return QDir(out()).entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name);
    }
    QByteArray message(int i) const { return readAll(QDir(out()).filePath(messages().at(i))); }
    QJsonObject envelope(int i) const
    {
        QString name = messages().at(i);
        name.replace(QStringLiteral(".eml"), QStringLiteral(".json"));
        return QJsonDocument::fromJson(readAll(QDir(out()).filePath(name))).object();
    }
    QByteArray authAttempts() const
    {
        return readAll(QDir(out()).filePath(QStringLiteral("auth-attempts")));
    }

private:
    QTemporaryDir m_dir;
    QProcess m_proc;
    int m_port = 0;
};

QString header(const QByteArray &message, const QByteArray &name)
{
    const auto m =
        QRegularExpression(QStringLiteral("(?m)^%1: ([^\\r\\n]*)").arg(QString::fromLatin1(name)))
            .match(QString::fromUtf8(message));
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace

class MailTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_cert;
    QString m_key;

    QStringList tlsOptions(const QString &mode) const
    {
        return {QStringLiteral("--tls"), mode, QStringLiteral("--cert"), m_cert,
                QStringLiteral("--key"), m_key};
    }
    QStringList authOptions() const
    {
        return {QStringLiteral("--user"), kUser, QStringLiteral("--password"),
                QString::fromUtf8(kPassword)};
    }
    ServerConfig::Mail smtpConfig(int port, ServerConfig::Mail::Tls tls) const
    {
        ServerConfig::Mail m;
        m.mailer = ServerConfig::Mail::Kind::Smtp;
        m.from = QStringLiteral("Vault Tester <vault@lemm.test>");
        m.smtpHost = QStringLiteral("127.0.0.1");
        m.smtpPort = port;
        m.smtpTls = tls;
        m.smtpUser = kUser;
        m.smtpPassword = kPassword;
        m.smtpCaFile = m_cert;
        m.smtpTimeoutSec = 20;
        return m;
    }
    // A data directory whose lemm-vault.ini submits mail to the sink with `password`.
    QString smtpVault(const QString &name, int port, const QByteArray &password) const
    {
        const QString dir = m_tmp.filePath(name);
        QDir().mkpath(dir);
        writeFile(QDir(dir).filePath(QStringLiteral("smtp-password")), password + "\n");
        const QString ini = QStringLiteral("[mail]\nmailer = smtp\nfrom = LEMM Vault "
                                           "<registrations@lemm.test>\nsmtp_host = 127.0.0.1\n"
                                           "smtp_port = %1\nsmtp_tls = starttls\nsmtp_user = %2\n"
                                           "smtp_password_file = smtp-password\n"
                                           "smtp_ca_file = %3\nsmtp_timeout_seconds = 20\n")
                                .arg(port)
                                .arg(kUser, m_cert);
        writeFile(QDir(dir).filePath(QStringLiteral("lemm-vault.ini")), ini.toUtf8());
        return dir;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_cert = m_tmp.filePath(QStringLiteral("cert.pem"));
        m_key = m_tmp.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), m_key, QStringLiteral("-out"), m_cert,
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
    }

    // The composer -------------------------------------------------------------------------

    void composedMessageHasEveryHeaderInCrlf()
    {
        const QDateTime date(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);
        auto m = composeMail({QStringLiteral("LEMM Vault <no-reply@lemm.test>"),
                              QStringLiteral("ana@example.org"), QStringLiteral("Verify"),
                              QStringLiteral("line 1\nline 2\r\n.dot\rend")},
                             date);
        QVERIFY(m);
        const QByteArray &text = m.value();
        QCOMPARE(header(text, "To"), QStringLiteral("ana@example.org"));
        QCOMPARE(header(text, "From"), QStringLiteral("LEMM Vault <no-reply@lemm.test>"));
        QCOMPARE(header(text, "Subject"), QStringLiteral("Verify"));
        QCOMPARE(header(text, "MIME-Version"), QStringLiteral("1.0"));
        QCOMPARE(header(text, "Content-Type"), QStringLiteral("text/plain; charset=utf-8"));
        QCOMPARE(header(text, "Date"), date.toString(Qt::RFC2822Date));
        QVERIFY(QRegularExpression(QStringLiteral("^<[0-9a-f]{24}@lemm\\.test>$"))
                    .match(header(text, "Message-ID"))
                    .hasMatch());
        QVERIFY(text.endsWith("\r\n\r\nline 1\r\nline 2\r\n.dot\r\nend\r\n"));
        QCOMPARE(text.count('\n'), text.count("\r\n")); // no bare LF
        QCOMPARE(text.count('\r'), text.count("\r\n")); // no bare CR
    }

    void nonAsciiSubjectIsEncodedWords()
    {
        const QString subject =
            QStringLiteral("Bestätige deine Adresse — Überprüfung für Zoë ✓ ").repeated(3);
        const QByteArray encoded = encodeHeaderText(subject);
        QByteArray decoded;
        for (const QByteArray &word : encoded.split('\n')) {
            const QByteArray w = word.trimmed();
            QVERIFY2(w.size() <= 75, w.constData());
            QVERIFY(w.startsWith("=?UTF-8?B?") && w.endsWith("?="));
            const QByteArray bytes = QByteArray::fromBase64(w.mid(10, w.size() - 12));
            auto toUtf16 = QStringDecoder(QStringDecoder::Utf8);
            const QString part = toUtf16(bytes);
            QVERIFY2(!toUtf16.hasError(), "a word splits a UTF-8 character");
            Q_UNUSED(part);
            decoded += bytes;
        }
        QCOMPARE(QString::fromUtf8(decoded), subject);
        QCOMPARE(encodeHeaderText(QStringLiteral("Plain ASCII")), QByteArray("Plain ASCII"));
    }

    void dotStuffingDoublesLeadingDots()
    {
        QCOMPARE(dotStuff(".a\r\nb.\r\n.\r\n..c\r\n"), QByteArray("..a\r\nb.\r\n..\r\n...c\r\n"));
        QCOMPARE(dotStuff("no dots\r\n"), QByteArray("no dots\r\n"));
        QCOMPARE(toCrlf("a\nb\rc\r\nd"), QByteArray("a\r\nb\r\nc\r\nd\r\n"));
    }

    void headerInjectionIsRefused()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto bad = composeMail({QStringLiteral("a@lemm.test"),
                                QStringLiteral("x@example.org\r\nBcc: all@example.org"),
                                QStringLiteral("s"), QStringLiteral("b")},
                               now);
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, QStringLiteral("bad_mail_address"));
        QVERIFY(!composeMail({QStringLiteral("a@lemm.test"), QStringLiteral("nobody"),
                              QStringLiteral("s"), QStringLiteral("b")},
                             now));
        auto folded =
            composeMail({QStringLiteral("a@lemm.test"), QStringLiteral("x@example.org"),
                         QStringLiteral("s\r\nBcc: all@example.org"), QStringLiteral("b")},
                        now);
        QVERIFY(folded);
        QVERIFY(!folded.value().contains("\r\nBcc:"));
    }

    // SmtpMailer against the sink ----------------------------------------------------------

    void starttlsWithPlainAuthDelivers()
    {
        Sink sink;
        QVERIFY(sink.start(tlsOptions(QStringLiteral("starttls")) + authOptions()));
        SmtpMailer mailer(smtpConfig(sink.port(), ServerConfig::Mail::Tls::StartTls));
        const QString subject = QStringLiteral("Überprüfe deine Adresse");
        auto sent = mailer.send(QStringLiteral("ana@example.org"), subject,
                                QStringLiteral("first\r\n.a line with a leading dot\r\n.\r\nlast"));
        QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().message));
        QCOMPARE(sink.messages().size(), 1);
        const QByteArray msg = sink.message(0);
        QCOMPARE(header(msg, "To"), QStringLiteral("ana@example.org"));
        QCOMPARE(header(msg, "From"), QStringLiteral("Vault Tester <vault@lemm.test>"));
        QCOMPARE(header(msg, "Subject"), QString::fromLatin1(encodeHeaderText(subject)));
        // The sink un-stuffs: the lines arrive as they were written.
        QVERIFY(msg.contains("\r\nfirst\r\n.a line with a leading dot\r\n.\r\nlast\r\n"));
        const QJsonObject env = sink.envelope(0);
        QCOMPARE(env.value(QStringLiteral("user")).toString(), kUser);
        QCOMPARE(env.value(QStringLiteral("tls")).toBool(), true);
        QCOMPARE(env.value(QStringLiteral("mail_from")).toString(),
                 QStringLiteral("vault@lemm.test"));
        QCOMPARE(sink.authAttempts(), QByteArray("PLAIN tls=True\n"));
    }

    void loginMechanismWhenOnlyLoginIsOffered()
    {
        Sink sink;
        QVERIFY(sink.start(tlsOptions(QStringLiteral("starttls")) + authOptions() +
                           QStringList{QStringLiteral("--mechanisms"), QStringLiteral("LOGIN")}));
        SmtpMailer mailer(smtpConfig(sink.port(), ServerConfig::Mail::Tls::StartTls));
        auto sent =
            mailer.send(QStringLiteral("bo@example.org"), QStringLiteral("s"), QStringLiteral("b"));
        QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().message));
        QCOMPARE(sink.authAttempts(), QByteArray("LOGIN tls=True\n"));
        QCOMPARE(sink.messages().size(), 1);
    }

    void implicitTlsDelivers()
    {
        Sink sink;
        QVERIFY(sink.start(tlsOptions(QStringLiteral("tls")) + authOptions()));
        SmtpMailer mailer(smtpConfig(sink.port(), ServerConfig::Mail::Tls::Implicit));
        auto sent =
            mailer.send(QStringLiteral("cy@example.org"), QStringLiteral("s"), QStringLiteral("b"));
        QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().message));
        QCOMPARE(sink.messages().size(), 1);
        QCOMPARE(sink.envelope(0).value(QStringLiteral("tls")).toBool(), true);
    }

    void wrongPasswordIsAClearErrorWithTheReplyCode()
    {
        Sink sink;
        QVERIFY(sink.start(tlsOptions(QStringLiteral("starttls")) + authOptions()));
        ServerConfig::Mail config = smtpConfig(sink.port(), ServerConfig::Mail::Tls::StartTls);
        config.smtpPassword = "not the password";
        SmtpMailer mailer(config);
        auto sent = mailer.send(QStringLiteral("ana@example.org"), QStringLiteral("s"),
                                QStringLiteral("b"));
        QVERIFY(!sent);
        QCOMPARE(sent.error().code, QStringLiteral("mail_failed"));
        QVERIFY2(sent.error().message.contains(QStringLiteral("535")),
                 qPrintable(sent.error().message));
        QVERIFY(!sent.error().message.contains(QStringLiteral("not the password")));
        QVERIFY(sink.messages().isEmpty());
    }

    void starttlsDemandedButNotOfferedSendsNoCredentials()
    {
        Sink sink; // plain SMTP that advertises AUTH in clear
        QVERIFY(sink.start(QStringList{QStringLiteral("--tls"), QStringLiteral("none")} +
                           authOptions()));
        SmtpMailer mailer(smtpConfig(sink.port(), ServerConfig::Mail::Tls::StartTls));
        auto sent = mailer.send(QStringLiteral("ana@example.org"), QStringLiteral("s"),
                                QStringLiteral("b"));
        QVERIFY(!sent);
        QVERIFY2(sent.error().message.contains(QStringLiteral("STARTTLS")),
                 qPrintable(sent.error().message));
        QVERIFY(sink.authAttempts().isEmpty());
        QVERIFY(sink.messages().isEmpty());
    }

    void untrustedCertificateIsRefused()
    {
        Sink sink;
        QVERIFY(sink.start(tlsOptions(QStringLiteral("starttls")) + authOptions()));
        ServerConfig::Mail config = smtpConfig(sink.port(), ServerConfig::Mail::Tls::StartTls);
        config.smtpCaFile.clear();
        auto sent = SmtpMailer(config).send(QStringLiteral("ana@example.org"), QStringLiteral("s"),
                                            QStringLiteral("b"));
        QVERIFY(!sent);
        QVERIFY(sink.authAttempts().isEmpty());
        QVERIFY(sink.messages().isEmpty());
    }

    // SendmailMailer with a local script ---------------------------------------------------

    void sendmailGetsDashTAndTheMessage()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("sendmail"));
        QDir().mkpath(dir);
        const QString script = QDir(dir).filePath(QStringLiteral("sendmail"));
        QVERIFY(writeFile(script, QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$@\" > '%1/args'\n"
                                                 "cat > '%1/stdin'\n[ -z \"$FAIL\" ] || { echo "
                                                 "'queue full' >&2; exit 75; }\n")
                                      .arg(dir)
                                      .toUtf8()));
        QFile::setPermissions(script, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        SendmailMailer mailer(script + QStringLiteral(" -f vault@lemm.test"),
                              QStringLiteral("LEMM Vault <vault@lemm.test>"), 20);
        auto sent = mailer.send(QStringLiteral("ana@example.org"), QStringLiteral("Verify"),
                                QStringLiteral("verification-token: abc"));
        QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().message));
        QCOMPARE(readAll(QDir(dir).filePath(QStringLiteral("args"))),
                 QByteArray("-f\nvault@lemm.test\n-t\n-i\n"));
        const QByteArray in = readAll(QDir(dir).filePath(QStringLiteral("stdin")));
        QCOMPARE(header(in, "To"), QStringLiteral("ana@example.org"));
        QCOMPARE(header(in, "Subject"), QStringLiteral("Verify"));
        QVERIFY(in.contains("\n\nverification-token: abc\n"));

        qputenv("FAIL", "1");
        auto failed = mailer.send(QStringLiteral("ana@example.org"), QStringLiteral("Verify"),
                                  QStringLiteral("b"));
        qunsetenv("FAIL");
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QStringLiteral("exit 75")) &&
                     failed.error().message.contains(QStringLiteral("queue full")),
                 qPrintable(failed.error().message));
        auto missing =
            SendmailMailer(dir + QStringLiteral("/no-such-sendmail"), QStringLiteral("a@lemm.test"),
                           5)
                .send(QStringLiteral("ana@example.org"), QStringLiteral("s"), QStringLiteral("b"));
        QVERIFY(!missing);
    }

    // The real server ----------------------------------------------------------------------

    void registrationMailArrivesOverSmtpAndVerifies()
    {
        Sink sink;
        QVERIFY(sink.start(tlsOptions(QStringLiteral("starttls")) + authOptions()));
        ServerProcess server;
        server.setLogFile(m_tmp.filePath(QStringLiteral("server-ok.log")));
        QVERIFY2(server.start(smtpVault(QStringLiteral("vault-ok"), sink.port(), kPassword)),
                 qPrintable(server.error()));
        HttpClient http(server.baseUrl());
        const int schema = http.get(QStringLiteral("/health"))
                               .json()
                               .value(QStringLiteral("schema_version"))
                               .toInt();
        const auto reg = http.post(QStringLiteral("/auth/register"),
                                   {{QStringLiteral("email"), QStringLiteral("ana@example.org")},
                                    {QStringLiteral("password"), QStringLiteral("a long password")},
                                    {QStringLiteral("display_name"), QStringLiteral("Ana")}});
        QCOMPARE(reg.status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(sink.messages().size(), 1, 20000);
        const QByteArray msg = sink.message(0);
        QCOMPARE(header(msg, "To"), QStringLiteral("ana@example.org"));
        QCOMPARE(header(msg, "From"), QStringLiteral("LEMM Vault <registrations@lemm.test>"));
        QCOMPARE(header(msg, "Subject"), QStringLiteral("Verify your LEMM Vault e-mail address"));
        const auto token =
            QRegularExpression(QStringLiteral("verification-token: ([A-Za-z0-9_-]+)\\r\\n"))
                .match(QString::fromUtf8(msg));
        QVERIFY(token.hasMatch());
        const auto verified = http.post(QStringLiteral("/auth/verify-email"),
                                        {{QStringLiteral("token"), token.captured(1)}});
        QCOMPARE(verified.status, 200);
        QCOMPARE(verified.json().value(QStringLiteral("email_verified")).toBool(), true);
        server.stop();
        const QByteArray log = readAll(m_tmp.filePath(QStringLiteral("server-ok.log")));
        QVERIFY(!log.contains(kPassword));
        QVERIFY(!log.contains(token.captured(1).toUtf8()));
        // /health's schema_version is the database's: migrations 1..N, all applied.
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(m_tmp.filePath(QStringLiteral("vault-ok/vault.sqlite3")));
            QVERIFY(db.open());
            QSqlQuery q(QStringLiteral("SELECT MAX(version), COUNT(*) FROM schema_migrations"), db);
            QVERIFY(q.next());
            QVERIFY(schema >= 12);
            QCOMPARE(q.value(0).toInt(), schema);
            QCOMPARE(q.value(1).toInt(), schema);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void refusedMailKeepsTheAccountAndResendDelivers()
    {
        Sink sink;
        QVERIFY(sink.start(tlsOptions(QStringLiteral("starttls")) + authOptions()));
        const QString dir = smtpVault(QStringLiteral("vault-retry"), sink.port(), "wrong password");
        const QJsonObject registration{
            {QStringLiteral("email"), QStringLiteral("bo@example.org")},
            {QStringLiteral("password"), QStringLiteral("a long password")},
            {QStringLiteral("display_name"), QStringLiteral("Bo")}};
        {
            ServerProcess server;
            const QString logPath = m_tmp.filePath(QStringLiteral("server-refused.log"));
            server.setLogFile(logPath);
            QVERIFY2(server.start(dir), qPrintable(server.error()));
            HttpClient http(server.baseUrl());
            const auto reg = http.post(QStringLiteral("/auth/register"), registration);
            QCOMPARE(reg.status, 503);
            QCOMPARE(reg.errorCode(), QStringLiteral("mail_unavailable"));
            QCOMPARE(http.get(QStringLiteral("/health")).status, 200); // the refusal is survived
            QCOMPARE(http.post(QStringLiteral("/auth/register"), registration).errorCode(),
                     QStringLiteral("email_taken")); // the account was kept
            server.stop();
            const QByteArray log = readAll(logPath);
            QVERIFY2(log.contains("535"), log.constData());
            QVERIFY(!log.contains("wrong password"));
        }
        QVERIFY(sink.messages().isEmpty());
        writeFile(QDir(dir).filePath(QStringLiteral("smtp-password")), kPassword);
        ServerProcess server;
        server.setLogFile(m_tmp.filePath(QStringLiteral("server-resend.log")));
        QVERIFY2(server.start(dir), qPrintable(server.error()));
        HttpClient http(server.baseUrl());
        const auto resend =
            http.post(QStringLiteral("/auth/verify-email/resend"),
                      {{QStringLiteral("email"), QStringLiteral("bo@example.org")}});
        QCOMPARE(resend.status, 202);
        QCOMPARE(http.post(QStringLiteral("/auth/verify-email/resend"),
                           {{QStringLiteral("email"), QStringLiteral("nobody@example.org")}})
                     .status,
                 202); // the same answer for an unknown address, and no mail
        QTRY_COMPARE_WITH_TIMEOUT(sink.messages().size(), 1, 20000);
        const auto token =
            QRegularExpression(QStringLiteral("verification-token: ([A-Za-z0-9_-]+)"))
                .match(QString::fromUtf8(sink.message(0)));
        QVERIFY(token.hasMatch());
        QCOMPARE(http.post(QStringLiteral("/auth/verify-email"),
                           {{QStringLiteral("token"), token.captured(1)}})
                     .status,
                 200);
        // Verified: a further resend mails nothing.
        QCOMPARE(http.post(QStringLiteral("/auth/verify-email/resend"),
                           {{QStringLiteral("email"), QStringLiteral("bo@example.org")}})
                     .status,
                 202);
        QCOMPARE(sink.messages().size(), 1);
    }

    void unknownMailerNamesTheKey()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("vault-bad"));
        QDir().mkpath(dir);
        writeFile(QDir(dir).filePath(QStringLiteral("lemm-vault.ini")),
                  "[mail]\nmailer = pigeon\n");
        const CliResult r = runCli({QStringLiteral("migrate"), QStringLiteral("--data-dir"), dir});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("mail/mailer")), qPrintable(r.err));
        writeFile(QDir(dir).filePath(QStringLiteral("lemm-vault.ini")),
                  "[mail]\nmailer = smtp\nsmtp_host = 127.0.0.1\nsmtp_tls = none\nsmtp_user = u\n");
        const CliResult clear =
            runCli({QStringLiteral("migrate"), QStringLiteral("--data-dir"), dir});
        QVERIFY(clear.exitCode != 0);
        QVERIFY2(clear.err.contains(QStringLiteral("mail/smtp_tls")), qPrintable(clear.err));
    }
};

QTEST_MAIN(MailTest)
#include "mail_e2e_test.moc"
