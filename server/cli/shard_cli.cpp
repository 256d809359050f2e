#include "server/cli/shard_cli.h"

#include "server/cli/cli_output.h"
#include "server/cli/server_root.h"
#include "server/http/http_frontend.h"
#include "server/similarity/shard_map.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace lemm::server {

namespace {

using cli_io::err;
using cli_io::fail;
using cli_io::out;

// What the command line asks for.
struct ShardArgs {
    QString dataDir, database, host = QStringLiteral("127.0.0.1"), advertise;
    int shard = -1, of = 0, port = 0;
};

void addOptions(QCommandLineParser &p)
{
    p.setApplicationDescription(
        QStringLiteral("Run one index shard of a sharded robust index: load the tracks of shard "
                       "K of N from the database, register in the shard map and answer POST "
                       "/internal/index/query for system service keys. The first line on "
                       "stdout is 'listening on URL'."));
    p.addHelpOption();
    p.addOption({QStringLiteral("data-dir"), QStringLiteral("Vault data directory (required)."),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("database"),
                 QStringLiteral("Database URL (postgresql://...; default SQLite in DIR)."),
                 QStringLiteral("URL")});
    p.addOption({QStringLiteral("shard"), QStringLiteral("This shard, 0..N-1 (required)."),
                 QStringLiteral("K")});
    p.addOption({QStringLiteral("of"), QStringLiteral("The shard count N, 1..1024 (required)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("port"), QStringLiteral("TCP port; 0 picks a free one (default)."),
                 QStringLiteral("P")});
    p.addOption({QStringLiteral("host"),
                 QStringLiteral("Address to listen on (default 127.0.0.1)."),
                 QStringLiteral("ADDR")});
    p.addOption({QStringLiteral("advertise"),
                 QStringLiteral("Base URL API nodes reach this shard at (default "
                                "http://ADDR:PORT)."),
                 QStringLiteral("URL")});
}

// Parses and checks the arguments; an error message, or empty.
QString parseArgs(const QStringList &args, ShardArgs &a, bool *help)
{
    QCommandLineParser p;
    addOptions(p);
    if (!p.parse(args))
        return p.errorText() + QStringLiteral("\n") + p.helpText();
    if (p.isSet(QStringLiteral("help"))) {
        out() << p.helpText();
        out().flush();
        *help = true;
        return {};
    }
    bool okK = false, okN = false, okP = true;
    a.dataDir = p.value(QStringLiteral("data-dir"));
    a.database = p.value(QStringLiteral("database"));
    a.shard = p.value(QStringLiteral("shard")).toInt(&okK);
    a.of = p.value(QStringLiteral("of")).toInt(&okN);
    if (p.isSet(QStringLiteral("port")))
        a.port = p.value(QStringLiteral("port")).toInt(&okP);
    if (p.isSet(QStringLiteral("host")))
        a.host = p.value(QStringLiteral("host"));
    a.advertise = p.value(QStringLiteral("advertise"));
    if (a.dataDir.isEmpty())
        return QStringLiteral("--data-dir DIR is required");
    if (!okK || !okN || a.of < 1 || a.of > 1024 || a.shard < 0 || a.shard >= a.of)
        return QStringLiteral("--shard K --of N are required, with 0 <= K < N <= 1024");
    if (!okP || a.port < 0 || a.port > 65535)
        return QStringLiteral("--port must be 0..65535");
    return {};
}

// Loads the shard's tracks and says how many, and how long it took.
core::Status loadShard(ServerRoot &root, const ShardArgs &a)
{
    root.references().serveShard(a.shard, a.of);
    QElapsedTimer t;
    t.start();
    auto loaded = root.references().refresh();
    if (!loaded)
        return loaded.error();
    err() << "index shard " << a.shard << " of " << a.of << ": " << loaded->first
          << " track(s) loaded in " << t.elapsed() << " ms\n";
    err().flush();
    return core::okStatus();
}

} // namespace

int runIndexShard(const QStringList &args, const std::function<int()> &runLoop)
{
    ShardArgs a;
    bool help = false;
    if (const QString e = parseArgs(args, a, &help); !e.isEmpty())
        return fail(e, 2);
    if (help)
        return 0;
    auto cfg = ServerConfig::load(a.dataDir);
    if (!cfg)
        return fail(cfg.error().message);
    ServerConfig c = cfg.value();
    if (!a.database.isEmpty())
        c.databaseUrl = a.database;
    c.index.shards = 0; // a shard holds its part itself; it never scatters
    // A whole track's query fingerprint (ingestion checks) is a few MB per 10 minutes in
    // base64; only system keys get past the head check, so the body limit is the highest the
    // configuration allows (limits/max_json_bytes' range).
    c.maxJsonBytes = std::max<qint64>(c.maxJsonBytes, 64ll << 20);
    if (auto calibration = installCalibration(c); !calibration)
        return fail(calibration.error().message);
    auto root = ServerRoot::open(c);
    if (!root)
        return fail(root.error().message);
    if (auto s = loadShard(*root.value(), a); !s)
        return fail(s.error().message);
    HttpFrontend http(root.value()->router(), c);
    auto port = http.listen(a.host, quint16(a.port));
    if (!port)
        return fail(port.error().message);
    const QString url = a.advertise.isEmpty()
                            ? QStringLiteral("http://%1:%2").arg(a.host).arg(port.value())
                            : a.advertise;
    const ShardMap map(root.value()->vault().db());
    Vault &vault = root.value()->vault();
    if (auto s = map.announce(a.shard, a.of, url, vault.now()); !s)
        return fail(s.error().message);
    out() << "listening on " << url << "\n";
    out().flush();
    QTimer heartbeat;
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        if (auto s = map.announce(a.shard, a.of, url, vault.now()); !s)
            qWarning("index shard: heartbeat failed: %s", qPrintable(s.error().message));
    });
    heartbeat.start(c.index.heartbeatSec * 1000);
    const int code = runLoop();
    http.stop();
    if (auto s = map.withdraw(a.shard); !s)
        qWarning("index shard: withdrawing failed: %s", qPrintable(s.error().message));
    return code;
}

} // namespace lemm::server
