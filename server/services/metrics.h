#pragma once
// A process's counters and histograms for GET /metrics: Prometheus text exposition 0.0.4 that
// `promtool check metrics` accepts without lint findings (HELP and TYPE for every family,
// counters ending in _total, base units in names). The composition root owns the one instance
// and lends it to the router, the HTTP front end, the workers and the check pipelines.
// Thread-safe and cheap under concurrency: a series is found under a shared (read) lock and
// updated with atomics; the exclusive lock is taken only the first time a series appears.
// Gauges that live in the database (queue depth, tracks) are added by the caller; process
// gauges (CPU, memory, file descriptors, start time) are read from /proc at render time.
// The families and their help texts: metrics.cpp's kFamilies; docs/API.md lists them.

#include "core/base/result.h"

#include <QByteArray>
#include <QMap>
#include <QReadWriteLock>
#include <QString>

#include <array>
#include <atomic>
#include <memory>

namespace lemm::server {

class Database;
class JobQueue;

class Metrics
{
public:
    Metrics();
    ~Metrics();

    // Counter `name` (ending in _total) with labels (e.g. outcome="accepted") += value.
    void add(const QString &name, const QString &labels, double value = 1);
    // One observation of histogram `name` (a duration, ending in _seconds) with labels.
    void observe(const QString &name, const QString &labels, double seconds);
    // One answered HTTP request: lemm_http_requests_total{route,method,code} and
    // lemm_http_request_duration_seconds{route,method}. `route` is the route pattern.
    void observeRequest(const QString &method, const QString &route, int status, double seconds);
    // The text exposition of everything recorded, process metrics and build info, with
    // `extra` (complete families, HELP and TYPE included) appended.
    QByteArray render(const QByteArray &extra = {}) const;

    // label helper: key="value" with the value escaped
    static QString label(const QString &key, const QString &value);

    // The upper bounds of every histogram's buckets, in seconds (1 ms ... 30 s; +Inf added).
    static constexpr std::array<double, 14> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,    1,     2.5,  5,     10,   30};

private:
    struct Series; // one labelled series: a counter value or histogram buckets (metrics.cpp)
    enum class Kind { Counter, Histogram };
    Series &series(Kind kind, const QString &name, const QString &labels);

    mutable QReadWriteLock m_lock; // guards the maps' shape; values are atomics
    QMap<QString, QMap<QString, std::shared_ptr<Series>>> m_counters;   // name -> labels -> s
    QMap<QString, QMap<QString, std::shared_ptr<Series>>> m_histograms; // name -> labels -> s
};

// The gauges that live in the database, as exposition lines for Metrics::render(): jobs by
// state (lemm_jobs_in_state, every state, 0 when none, from `jobs`) and tracks by status
// (lemm_tracks, from `db`).
core::Result<QByteArray> databaseGauges(const Database &db, const JobQueue &jobs);

} // namespace lemm::server
