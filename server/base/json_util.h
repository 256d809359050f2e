#pragma once
// Small JSON helpers shared by the services: the one validation-error shape, compact text for
// storage and parsing stored text back. Request bodies are read with core::FieldReader
// (core/base/json_fields.h), which also refuses unknown fields.

#include "core/base/result.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <cmath>

namespace lemm::server::json {

inline core::Error invalid(const QJsonObject &fields, const QString &what)
{
    return core::Error::make(core::ErrorKind::InvalidInput, QStringLiteral("invalid_fields"), what,
                             fields);
}

inline QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

inline QString compact(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

inline QString compact(const QStringList &l)
{
    return compact(QJsonArray::fromStringList(l));
}

inline QString compact(const QJsonValue &v)
{
    return v.isArray() ? compact(v.toArray()) : compact(v.toObject());
}

// Stored JSON text back to an array or object value.
inline QJsonValue parsed(const QString &text)
{
    const QJsonDocument d = QJsonDocument::fromJson(text.toUtf8());
    return d.isArray() ? QJsonValue(d.array()) : QJsonValue(d.object());
}

// A stored JSON array of strings (e.g. a track's flags) back to a list.
inline QStringList stringsFrom(const QString &text)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array())
        out << v.toString();
    return out;
}

// Three decimals, for scores and seconds in responses.
inline double round3(double v)
{
    return std::round(v * 1000) / 1000;
}

} // namespace lemm::server::json
