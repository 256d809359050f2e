#pragma once
// The server's structured log (issue 16, part "obs"). installLogging() makes it the Qt message
// handler of the process, so every qDebug/qInfo/qWarning/qCritical of any folder becomes one
// line with its time (RFC 3339, UTC, milliseconds), level, category and, on a thread that
// handles a request, that request's id. The HTTP front end adds one line per answered request
// (logRequest). Three sinks, chosen once at start:
//   - text (default): `2026-12-01T23:00:00.123Z INFO  req=0123456789abcdef GET /tracks/{id} 200
//     3.1ms 512B`
//   - json (`[log] format = json`): one JSON object per line, keys in docs/ARCHITECTURE.md "Logs"
//   - the systemd journal, when stderr is the journal stream (JOURNAL_STREAM names its device
//     and inode): sd_journal_send with MESSAGE, PRIORITY and LEMM_* fields.
// Every message passes redactSecrets() on its way out: a last defence, the first being that no
// caller logs a path, query or header (routes are logged by pattern).
// Thread-safe; configureLogging() may be called at any time (SIGHUP re-reads [log]).

#include "server/base/config.h"

#include <QByteArray>
#include <QString>

namespace lemm::server {

// Installs the handler with the defaults (text, info) and picks the journal when stderr is it.
void installLogging();
// Applies [log] (format and level) to the running process.
void configureLogging(const ServerConfig::Log &log);
// Messages below `level` are dropped (debug < info < warning < error).
void setLogLevel(ServerConfig::Log::Level level);

// One answered HTTP request. `route` is the route pattern ("/tracks/{id}"), never the path.
struct RequestLogEntry {
    QByteArray requestId;
    QByteArray method;
    QString route;
    int status = 0;
    double durationMs = 0;
    qint64 bytes = -1; // body bytes sent; -1 when unknown (streamed of unknown length)
};
void logRequest(const RequestLogEntry &entry);

// A fresh request id: 16 lower-case hex characters from a per-thread generator.
QByteArray newRequestId();
// Whether a client's X-Request-Id may be used as the request id: 1 to 64 of [A-Za-z0-9._-].
bool isAcceptableRequestId(const QByteArray &id);

// While one lives, log lines of this thread carry `requestId` (the request it handles).
class ScopedRequestId
{
public:
    explicit ScopedRequestId(const QByteArray &requestId);
    ~ScopedRequestId();
    ScopedRequestId(const ScopedRequestId &) = delete;
    ScopedRequestId &operator=(const ScopedRequestId &) = delete;

private:
    QByteArray m_previous;
};

// `text` with anything that looks like a credential replaced by "(redacted)": the values of
// token=, key=, password=, secret=, session=; Bearer credentials; lvk_/lvs_ API keys and
// sessions; capability paths (/previews/..., /training/audio/...); and long base64url runs.
QString redactSecrets(const QString &text);

} // namespace lemm::server
