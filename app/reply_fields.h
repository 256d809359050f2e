#pragma once
// Reading the fields of a server answer, for the typed role APIs (*_api.cpp) only: each reader
// gives a fallback for a missing key or a value of the wrong kind (a string for a number, NaN,
// an integer beyond 2^53), so a broken or hostile answer never yields a surprising value. Plain
// functions, any thread.

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <cmath>

namespace lemm::app::reply {

inline QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// A finite number, or `fallback`.
inline double num(const QJsonObject &o, const char *key, double fallback = 0)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() && std::isfinite(v.toDouble()) ? v.toDouble() : fallback;
}

// A whole number within ±2^53 (what a JSON number holds exactly), or `fallback`.
inline qint64 whole(const QJsonObject &o, const char *key, qint64 fallback = 0)
{
    const double d = num(o, key, double(fallback));
    return d >= -9007199254740992.0 && d <= 9007199254740992.0 ? qint64(d) : fallback;
}

// The strings of an array (other entries skipped), at most `max` of them.
inline QStringList strings(const QJsonValue &v, qsizetype max = 100000)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        if (out.size() >= max)
            break;
        if (e.isString())
            out << e.toString();
    }
    return out;
}

} // namespace lemm::app::reply
