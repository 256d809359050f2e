#include "server/base/log.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <systemd/sd-journal.h>

#include <sys/stat.h>
#include <sys/uio.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <random>

namespace lemm::server {

namespace {

using Level = ServerConfig::Log::Level;
using Format = ServerConfig::Log::Format;

std::atomic<int> g_level{int(Level::Info)};
std::atomic<int> g_format{int(Format::Text)};
std::atomic<bool> g_journal{false};
std::mutex g_writeLock; // one line at a time on stderr
thread_local QByteArray t_requestId;

Level levelOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return Level::Debug;
    case QtInfoMsg: return Level::Info;
    case QtWarningMsg: return Level::Warning;
    case QtCriticalMsg:
    case QtFatalMsg: return Level::Error;
    }
    return Level::Error;
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "DEBUG";
    case QtInfoMsg: return "INFO";
    case QtWarningMsg: return "WARN";
    case QtCriticalMsg: return "ERROR";
    case QtFatalMsg: return "FATAL";
    }
    return "ERROR";
}

// syslog priorities, as the journal wants them.
int priorityOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return 7;
    case QtInfoMsg: return 6;
    case QtWarningMsg: return 4;
    case QtCriticalMsg: return 3;
    case QtFatalMsg: return 2;
    }
    return 3;
}

// sd_journal's rule: JOURNAL_STREAM is "DEVICE:INODE" of the stream stderr must still be.
bool stderrIsJournal()
{
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    const QList<QByteArray> parts = stream.split(':');
    if (parts.size() != 2)
        return false;
    struct stat st {
    };
    if (fstat(2, &st) != 0)
        return false;
    bool okDev = false, okIno = false;
    const qulonglong dev = parts[0].toULongLong(&okDev);
    const qulonglong ino = parts[1].toULongLong(&okIno);
    return okDev && okIno && dev == qulonglong(st.st_dev) && ino == qulonglong(st.st_ino);
}

QByteArray nowText()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1();
}

void writeLine(const QByteArray &line)
{
    std::lock_guard l(g_writeLock);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

// The request fields of a line, when it is a request line.
struct Fields {
    const RequestLogEntry *request = nullptr;
    const char *category = nullptr;
    const char *file = nullptr;
    int line = 0;
};

QByteArray jsonLine(QtMsgType type, const QString &message, const Fields &f)
{
    QJsonObject o{{QStringLiteral("time"), QString::fromLatin1(nowText())},
                  {QStringLiteral("level"), QString::fromLatin1(levelName(type)).toLower()},
                  {QStringLiteral("msg"), message}};
    const QByteArray id = f.request ? f.request->requestId : t_requestId;
    if (!id.isEmpty())
        o.insert(QStringLiteral("request_id"), QString::fromLatin1(id));
    if (f.category)
        o.insert(QStringLiteral("category"), QString::fromLatin1(f.category));
    if (const RequestLogEntry *r = f.request) {
        o.insert(QStringLiteral("method"), QString::fromLatin1(r->method));
        o.insert(QStringLiteral("route"), r->route);
        o.insert(QStringLiteral("status"), r->status);
        o.insert(QStringLiteral("duration_ms"), qRound(r->durationMs * 1000) / 1000.0);
        o.insert(QStringLiteral("bytes"), double(r->bytes));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray textLine(QtMsgType type, const QString &message, const Fields &f)
{
    QByteArray line = nowText() + ' ' + QByteArray(levelName(type)).leftJustified(5) + ' ';
    const QByteArray id = f.request ? f.request->requestId : t_requestId;
    if (!id.isEmpty())
        line += "req=" + id + ' ';
    if (!f.request && f.category && qstrcmp(f.category, "default") != 0)
        line += QByteArray(f.category) + ": ";
    return line + message.toUtf8();
}

void journalLine(QtMsgType type, const QString &message, const Fields &f)
{
    const QByteArray msg = message.toUtf8();
    const QByteArray id = f.request ? f.request->requestId : t_requestId;
    const QByteArray file = f.file ? QByteArray(f.file) : QByteArray();
    if (const RequestLogEntry *r = f.request) {
        sd_journal_send("MESSAGE=%s", msg.constData(), "PRIORITY=%d", priorityOf(type),
                        "LEMM_REQUEST_ID=%s", id.constData(), "LEMM_METHOD=%s",
                        r->method.constData(), "LEMM_ROUTE=%s", r->route.toUtf8().constData(),
                        "LEMM_STATUS=%d", r->status, "LEMM_DURATION_MS=%.3f", r->durationMs,
                        "LEMM_BYTES=%lld", qlonglong(r->bytes), nullptr);
        return;
    }
    sd_journal_send("MESSAGE=%s", msg.constData(), "PRIORITY=%d", priorityOf(type),
                    "LEMM_REQUEST_ID=%s", id.constData(), "LEMM_CATEGORY=%s",
                    f.category ? f.category : "default", "CODE_FILE=%s", file.constData(),
                    "CODE_LINE=%d", f.line, nullptr);
}

void emitLine(QtMsgType type, const QString &raw, const Fields &f)
{
    const QString message = redactSecrets(raw);
    if (g_journal.load(std::memory_order_relaxed))
        journalLine(type, message, f);
    else if (g_format.load(std::memory_order_relaxed) == int(Format::Json))
        writeLine(jsonLine(type, message, f));
    else
        writeLine(textLine(type, message, f));
}

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type != QtFatalMsg && int(levelOf(type)) < g_level.load(std::memory_order_relaxed))
        return;
    emitLine(type, message, Fields{nullptr, context.category, context.file, context.line});
}

} // namespace

void installLogging()
{
    g_journal = stderrIsJournal();
    qInstallMessageHandler(&handleMessage);
}

void configureLogging(const ServerConfig::Log &log)
{
    g_format = int(log.format);
    setLogLevel(log.level);
}

void setLogLevel(ServerConfig::Log::Level level)
{
    g_level = int(level);
}

void logRequest(const RequestLogEntry &e)
{
    if (int(Level::Info) < g_level.load(std::memory_order_relaxed))
        return;
    QString message = QString::fromLatin1(e.method) + QLatin1Char(' ') + e.route +
                      QLatin1Char(' ') + QString::number(e.status) + QLatin1Char(' ') +
                      QString::number(e.durationMs, 'f', 1) + QStringLiteral("ms");
    if (e.bytes >= 0)
        message += QLatin1Char(' ') + QString::number(e.bytes) + QLatin1Char('B');
    emitLine(QtInfoMsg, message, Fields{&e, "http", nullptr, 0});
}

QByteArray newRequestId()
{
    thread_local std::mt19937_64 rng(QRandomGenerator::system()->generate64());
    return QByteArray::number(qulonglong(rng()), 16).rightJustified(16, '0');
}

bool isAcceptableRequestId(const QByteArray &id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (const char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    return true;
}

ScopedRequestId::ScopedRequestId(const QByteArray &requestId) : m_previous(t_requestId)
{
    t_requestId = requestId;
}

ScopedRequestId::~ScopedRequestId()
{
    t_requestId = m_previous;
}

QString redactSecrets(const QString &text)
{
    static const QList<std::pair<QRegularExpression, QString>> kRules{
        {QRegularExpression(
             QStringLiteral(
                 "\\b((?:[a-z_]*token|key|api_key|password|passwd|secret|session|signature)=)"
                 "[^&\\s\"']+"),
             QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1(redacted)")},
        {QRegularExpression(QStringLiteral("\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+"),
                            QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1 (redacted)")},
        {QRegularExpression(QStringLiteral("\\blv[ks]_[A-Za-z0-9_-]+")),
         QStringLiteral("(redacted)")},
        {QRegularExpression(
             QStringLiteral("(/previews/|/training/audio/)(?!\\{[a-z_]+\\}(?:[\\s/?#\"']|$))"
                            "[^\\s/?#\"']+")),
         QStringLiteral("\\1(redacted)")},
        // A long base64url run with a non-hex character: what random tokens look like (hex
        // digests and ids stay readable).
        {QRegularExpression(
             QStringLiteral("(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[g-zG-Z_-])[A-Za-z0-9_-]{40,}")),
         QStringLiteral("(redacted)")},
    };
    QString out = text;
    for (const auto &[re, replacement] : kRules)
        out.replace(re, replacement);
    return out;
}

} // namespace lemm::server
