#include "server/services/metrics.h"

#include "server/services/jobs.h"
#include "server/storage/database.h"

#include <QDir>
#include <QFile>
#include <QReadLocker>
#include <QWriteLocker>

#include <sys/resource.h>

#include <unistd.h>

namespace lemm::server {

struct Metrics::Series {
    std::atomic<double> value{0}; // the counter's value, or the histogram's sum
    std::atomic<quint64> count{0};
    // Per-bucket (not cumulative) counts; the last one is above the highest bound (+Inf).
    std::array<std::atomic<quint64>, kBuckets.size() + 1> buckets{};
};

namespace {

// Help texts of the families this process records (any other name gets a generic one).
struct Family {
    const char *name;
    const char *help;
};
constexpr Family kFamilies[] = {
    {"lemm_http_requests_total", "HTTP requests answered, by route pattern, method and status."},
    {"lemm_http_request_duration_seconds",
     "Time from a request's head to its answer being queued, by route pattern and method."},
    {"lemm_jobs_claimed_total", "Jobs this process claimed from the queue, by kind."},
    {"lemm_jobs_total", "Jobs this process finished with an outcome, by outcome."},
    {"lemm_job_duration_seconds", "Time one claimed job took in this process, by kind."},
    {"lemm_job_stage_duration_seconds",
     "Time of one stage of an ingestion job or output check (read_audio, features, "
     "internal_refresh, internal, external:SOURCE, decision)."},
};

QByteArray helpOf(const QString &name)
{
    for (const Family &f : kFamilies)
        if (name == QLatin1String(f.name))
            return f.help;
    return "LEMM Vault metric " + name.toUtf8() + ".";
}

QByteArray header(const QByteArray &name, const QByteArray &help, const char *type)
{
    return "# HELP " + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

QByteArray seriesName(const QByteArray &name, const QString &labels, const QByteArray &more = {})
{
    QByteArray l = labels.toUtf8();
    if (!more.isEmpty())
        l += (l.isEmpty() ? "" : ",") + more;
    return l.isEmpty() ? name : name + '{' + l + '}';
}

QByteArray number(double v)
{
    return QByteArray::number(v, 'g', 15);
}

// /proc/self/stat's fields after the command name (field 3 on), as text.
QList<QByteArray> procStatFields()
{
    QFile f(QStringLiteral("/proc/self/stat"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray stat = f.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    return close < 0 ? QList<QByteArray>{} : stat.mid(close + 2).trimmed().split(' ');
}

double bootTime()
{
    QFile f(QStringLiteral("/proc/stat"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("btime "))
            return line.mid(6).trimmed().toDouble();
    return 0;
}

QByteArray processMetrics()
{
    const QList<QByteArray> s = procStatFields(); // s[0] is field 3 (state)
    if (s.size() < 22)
        return {};
    const double tick = double(sysconf(_SC_CLK_TCK));
    const double cpu = (s[11].toDouble() + s[12].toDouble()) / tick; // utime, stime
    const double start = bootTime() + s[19].toDouble() / tick;       // starttime
    const double vsize = s[20].toDouble();
    const double rss = s[21].toDouble() * double(sysconf(_SC_PAGESIZE));
    const qsizetype fds = QDir(QStringLiteral("/proc/self/fd"))
                              .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                              .size();
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    QByteArray out;
    out += header("process_cpu_seconds_total", "User and system CPU time spent, in seconds.",
                  "counter") +
           "process_cpu_seconds_total " + number(cpu) + '\n';
    out += header("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge") +
           "process_resident_memory_bytes " + number(rss) + '\n';
    out += header("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge") +
           "process_virtual_memory_bytes " + number(vsize) + '\n';
    out += header("process_open_fds", "Open file descriptors.", "gauge") + "process_open_fds " +
           QByteArray::number(fds) + '\n';
    out += header("process_max_fds", "The open file descriptor limit.", "gauge") +
           "process_max_fds " + number(double(limit.rlim_cur)) + '\n';
    out += header("process_start_time_seconds",
                  "Start time of the process since the Unix epoch, in seconds.", "gauge") +
           "process_start_time_seconds " + number(start) + '\n';
    return out;
}

QByteArray buildInfo()
{
    return header("lemm_build_info", "Always 1; the labels name this build.", "gauge") +
           "lemm_build_info{" +
           Metrics::label(QStringLiteral("version"), QStringLiteral(LEMM_VERSION)).toUtf8() + ',' +
           Metrics::label(QStringLiteral("qt"), QString::fromLatin1(qVersion())).toUtf8() + "} 1\n";
}

// The bucket lines, _sum and _count of one histogram series.
QByteArray histogramLines(const QByteArray &name, const QString &labels, const auto &s)
{
    QByteArray out;
    quint64 cumulative = 0;
    for (size_t i = 0; i <= Metrics::kBuckets.size(); ++i) {
        cumulative += s.buckets[i].load(std::memory_order_relaxed);
        const QByteArray le = i < Metrics::kBuckets.size()
                                  ? QByteArray::number(Metrics::kBuckets[i], 'g', 6)
                                  : QByteArray("+Inf");
        out += seriesName(name + "_bucket", labels, "le=\"" + le + '"') + ' ' +
               QByteArray::number(cumulative) + '\n';
    }
    out += seriesName(name + "_sum", labels) + ' ' +
           number(s.value.load(std::memory_order_relaxed)) + '\n';
    // _count is the +Inf bucket: the same reading, so the two always agree.
    out += seriesName(name + "_count", labels) + ' ' + QByteArray::number(cumulative) + '\n';
    return out;
}

QByteArray methodLabel(const QString &method)
{
    static const QStringList kKnown{QStringLiteral("GET"),    QStringLiteral("POST"),
                                    QStringLiteral("PUT"),    QStringLiteral("DELETE"),
                                    QStringLiteral("PATCH"),  QStringLiteral("HEAD"),
                                    QStringLiteral("OPTIONS")};
    return kKnown.contains(method) ? method.toLatin1() : QByteArray("other");
}

} // namespace

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::Series &Metrics::series(Kind kind, const QString &name, const QString &labels)
{
    auto &families = kind == Kind::Counter ? m_counters : m_histograms;
    {
        QReadLocker r(&m_lock);
        const auto family = families.constFind(name);
        if (family != families.constEnd()) {
            const auto found = family->constFind(labels);
            if (found != family->constEnd())
                return **found;
        }
    }
    QWriteLocker w(&m_lock);
    std::shared_ptr<Series> &slot = families[name][labels];
    if (!slot)
        slot = std::make_shared<Series>();
    return *slot;
}

void Metrics::add(const QString &name, const QString &labels, double value)
{
    series(Kind::Counter, name, labels).value.fetch_add(value, std::memory_order_relaxed);
}

void Metrics::observe(const QString &name, const QString &labels, double seconds)
{
    Series &s = series(Kind::Histogram, name, labels);
    size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i])
        ++i;
    s.buckets[i].fetch_add(1, std::memory_order_relaxed);
    s.value.fetch_add(seconds, std::memory_order_relaxed);
}

void Metrics::observeRequest(const QString &method, const QString &route, int status,
                             double seconds)
{
    const QString routeAndMethod =
        label(QStringLiteral("route"), route) + QLatin1Char(',') +
        label(QStringLiteral("method"), QString::fromLatin1(methodLabel(method)));
    add(QStringLiteral("lemm_http_requests_total"),
        routeAndMethod + QLatin1Char(',') + label(QStringLiteral("code"), QString::number(status)));
    observe(QStringLiteral("lemm_http_request_duration_seconds"), routeAndMethod, seconds);
}

QString Metrics::label(const QString &key, const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""))
        .replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return key + QStringLiteral("=\"") + v + QLatin1Char('"');
}

QByteArray Metrics::render(const QByteArray &extra) const
{
    QByteArray out;
    {
        QReadLocker l(&m_lock);
        for (auto it = m_counters.begin(); it != m_counters.end(); ++it) {
            const QByteArray name = it.key().toUtf8();
            out += header(name, helpOf(it.key()), "counter");
            for (auto s = it.value().begin(); s != it.value().end(); ++s)
                out += seriesName(name, s.key()) + ' ' +
                       number(s.value()->value.load(std::memory_order_relaxed)) + '\n';
        }
        for (auto it = m_histograms.begin(); it != m_histograms.end(); ++it) {
            const QByteArray name = it.key().toUtf8();
            out += header(name, helpOf(it.key()), "histogram");
            for (auto s = it.value().begin(); s != it.value().end(); ++s)
                out += histogramLines(name, s.key(), *s.value());
        }
        // Families nothing has recorded yet still say what they are (dashboards find them).
        for (const Family &f : kFamilies) {
            const QString name = QString::fromLatin1(f.name);
            if (!m_counters.contains(name) && !m_histograms.contains(name))
                out += header(f.name, f.help,
                              name.endsWith(QLatin1String("_total")) ? "counter" : "histogram");
        }
    }
    return out + processMetrics() + buildInfo() + extra;
}

core::Result<QByteArray> databaseGauges(const Database &db, const JobQueue &jobs)
{
    auto counts = jobs.countsByState();
    if (!counts)
        return counts.error();
    QByteArray out =
        header("lemm_jobs_in_state", "Jobs in the queue by state (database-wide).", "gauge");
    for (const char *state : {"queued", "running", "done", "failed", "cancelled"})
        out += "lemm_jobs_in_state{state=\"" + QByteArray(state) + "\"} " +
               QByteArray::number(counts->value(QString::fromLatin1(state))) + "\n";
    auto tracks = db.query(QStringLiteral("SELECT status, COUNT(*) FROM tracks GROUP BY status"));
    if (!tracks)
        return tracks.error();
    out += header("lemm_tracks", "Tracks by status (database-wide).", "gauge");
    while (tracks.value().next())
        out +=
            "lemm_tracks{" +
            Metrics::label(QStringLiteral("status"), tracks.value().value(0).toString()).toUtf8() +
            "} " + QByteArray::number(tracks.value().value(1).toLongLong()) + "\n";
    return out;
}

} // namespace lemm::server
