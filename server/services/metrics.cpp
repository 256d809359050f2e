#include "server/services/metrics.h"

#include "server/services/jobs.h"
#include "server/storage/database.h"

namespace lemm::server {

void Metrics::add(const QString &name, const QString &labels, double value)
{
    QMutexLocker l(&m_lock);
    m_counters[name][labels] += value;
}

void Metrics::observe(const QString &name, const QString &labels, double seconds)
{
    QMutexLocker l(&m_lock);
    auto &slot = m_times[name][labels];
    slot.first += seconds;
    slot.second += 1;
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
    QMutexLocker l(&m_lock);
    QByteArray out;
    auto series = [](const QString &name, const QString &labels) {
        return (labels.isEmpty() ? name : name + QLatin1Char('{') + labels + QLatin1Char('}'))
            .toUtf8();
    };
    for (auto it = m_counters.begin(); it != m_counters.end(); ++it) {
        out += "# TYPE " + it.key().toUtf8() + " counter\n";
        for (auto s = it.value().begin(); s != it.value().end(); ++s)
            out += series(it.key(), s.key()) + ' ' + QByteArray::number(s.value(), 'g', 12) + '\n';
    }
    for (auto it = m_times.begin(); it != m_times.end(); ++it) {
        out += "# TYPE " + it.key().toUtf8() + " summary\n";
        for (auto s = it.value().begin(); s != it.value().end(); ++s) {
            out += series(it.key() + QStringLiteral("_sum"), s.key()) + ' ' +
                   QByteArray::number(s.value().first, 'g', 12) + '\n';
            out += series(it.key() + QStringLiteral("_count"), s.key()) + ' ' +
                   QByteArray::number(s.value().second) + '\n';
        }
    }
    return out + extra;
}

core::Result<QByteArray> databaseGauges(const Database &db, const JobQueue &jobs)
{
    auto counts = jobs.countsByState();
    if (!counts)
        return counts.error();
    QByteArray out = "# TYPE lemm_jobs gauge\n";
    for (const char *state : {"queued", "running", "done", "failed", "cancelled"})
        out += "lemm_jobs{state=\"" + QByteArray(state) + "\"} " +
               QByteArray::number(counts->value(QString::fromLatin1(state))) + "\n";
    auto tracks = db.query(QStringLiteral("SELECT status, COUNT(*) FROM tracks GROUP BY status"));
    if (!tracks)
        return tracks.error();
    out += "# TYPE lemm_tracks gauge\n";
    while (tracks.value().next())
        out += "lemm_tracks{status=\"" + tracks.value().value(0).toString().toUtf8() + "\"} " +
               QByteArray::number(tracks.value().value(1).toLongLong()) + "\n";
    return out;
}

} // namespace lemm::server
