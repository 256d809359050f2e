#pragma once
// Server configuration: defaults, then DIR/lemm-vault.ini (QSettings INI), then environment
// variables LEMM_<KEY> (e.g. LEMM_MAX_UPLOAD_BYTES), then command-line flags.

#include "core/policy.h"
#include "core/result.h"

#include <QString>

namespace lemm::server {

struct ServerConfig {
    QString dataDir;
    QString databaseUrl; // empty: SQLite in dataDir
    QString host = QStringLiteral("127.0.0.1");
    int port = 8080;
    int httpThreads = 4;
    qint64 maxUploadBytes = 256ll * 1024 * 1024;
    qint64 maxJsonBytes = 1024 * 1024;
    int uploadTokenTtlSec = 3600;
    int sessionTtlSec = 12 * 3600;
    int emailTokenTtlSec = 48 * 3600;
    QString mailer = QStringLiteral("file"); // only "file" exists in this version
    // 64 hex characters; when empty the key lives in DIR/keys/master.key (created on first
    // start). Several server processes sharing one store must share one key.
    QString masterKeyHex;
    core::Policy policy;

    static core::Result<ServerConfig> load(const QString &dataDir);
};

} // namespace lemm::server
