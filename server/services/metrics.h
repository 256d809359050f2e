#pragma once
// A process's counters and timings for GET /metrics (Prometheus text format 0.0.4). The
// composition root owns the one instance and lends it to the router, the workers and the check
// pipelines. Thread-safe. Gauges that live in the database (queue depth) are added by the caller.

#include "core/base/result.h"

#include <QByteArray>
#include <QMap>
#include <QMutex>
#include <QString>

namespace lemm::server {

class Database;
class JobQueue;

class Metrics
{
public:
    // Counter `name` with labels (e.g. {"outcome", "accepted"}) += value.
    void add(const QString &name, const QString &labels, double value = 1);
    // A duration summary: NAME_sum and NAME_count per labels.
    void observe(const QString &name, const QString &labels, double seconds);
    // The text exposition of everything recorded, with `extra` lines appended.
    QByteArray render(const QByteArray &extra = {}) const;

    // label helper: key="value" with the value escaped
    static QString label(const QString &key, const QString &value);

private:
    mutable QMutex m_lock;
    QMap<QString, QMap<QString, double>> m_counters;                 // name -> labels -> value
    QMap<QString, QMap<QString, std::pair<double, qint64>>> m_times; // name -> labels -> sum, n
};

// The gauges that live in the database, as exposition lines for Metrics::render(): jobs by
// state (every state, 0 when none, from `jobs`) and tracks by status (from `db`).
core::Result<QByteArray> databaseGauges(const Database &db, const JobQueue &jobs);

} // namespace lemm::server
