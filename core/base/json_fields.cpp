#include "core/base/json_fields.h"

#include <QJsonArray>

#include <cmath>

namespace lemm::core {

QString checkText(const QString &value, int maxLen)
{
    if (value.trimmed().isEmpty())
        return QStringLiteral("must not be empty");
    if (value.size() > maxLen)
        return QStringLiteral("must be at most %1 characters").arg(maxLen);
    for (QChar c : value)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return QStringLiteral("must not contain control characters");
    return {};
}

Error invalidFields(const QString &message, const QJsonObject &fields)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_fields"), message, fields);
}

// --- FieldReader ---

FieldReader::FieldReader(QJsonObject object, QString prefix)
    : m_object(std::move(object)), m_prefix(std::move(prefix))
{
}

QString FieldReader::path(const QString &key) const
{
    return m_prefix.isEmpty() ? key : m_prefix + QLatin1Char('.') + key;
}

void FieldReader::fail(const QString &key, const QString &message)
{
    m_errors.insert(path(key), message);
}

bool FieldReader::failed(const QString &key) const
{
    return m_errors.contains(path(key));
}

QJsonValue FieldReader::take(const QString &key)
{
    m_known << key;
    return m_object.value(key);
}

QJsonValue FieldReader::value(const QString &key)
{
    return take(key);
}

QString FieldReader::text(const QString &key, int maxLen, bool required)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            fail(key, QStringLiteral("is required"));
        return QStringLiteral(""); // empty, not null: stored as '' in NOT NULL columns
    }
    if (!v.isString()) {
        fail(key, QStringLiteral("must be a string"));
        return {};
    }
    if (const QString why = checkText(v.toString(), maxLen); !why.isEmpty())
        fail(key, why);
    return v.toString().trimmed();
}

QString FieldReader::oneOf(const QString &key, const QStringList &allowed, bool required,
                           const QString &fallback)
{
    const QString s = text(key, 100, required);
    if (failed(key))
        return {};
    if (s.isEmpty() && !required)
        return fallback;
    if (!allowed.contains(s))
        fail(key, QStringLiteral("must be one of: %1").arg(allowed.join(QStringLiteral(", "))));
    return s;
}

QString FieldReader::prose(const QString &key, int maxLen, bool required)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty())) {
        if (required)
            fail(key, QStringLiteral("is required"));
        return {};
    }
    if (!v.isString()) {
        fail(key, QStringLiteral("must be a text"));
        return {};
    }
    if (const QString why = checkText(v.toString(), maxLen); !why.isEmpty()) {
        fail(key, why);
        return {};
    }
    return v.toString().trimmed();
}

QString FieldReader::string(const QString &key)
{
    const QJsonValue v = take(key);
    if (!v.isString()) {
        fail(key, v.isUndefined() || v.isNull() ? QStringLiteral("is required")
                                                : QStringLiteral("must be a string"));
        return {};
    }
    return v.toString();
}

bool FieldReader::boolean(const QString &key, bool required, bool fallback)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            fail(key, QStringLiteral("is required (true or false)"));
        return fallback;
    }
    if (!v.isBool()) {
        fail(key, QStringLiteral("must be true or false"));
        return fallback;
    }
    return v.toBool();
}

QStringList FieldReader::textList(const QString &key, int maxItems, int maxLen)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray()) {
        fail(key, QStringLiteral("must be an array of strings"));
        return {};
    }
    const QJsonArray a = v.toArray();
    if (a.size() > maxItems) {
        fail(key, QStringLiteral("at most %1 entries").arg(maxItems));
        return {};
    }
    QStringList out;
    for (const QJsonValue &e : a) {
        if (!e.isString()) {
            fail(key, QStringLiteral("must be an array of strings"));
            return {};
        }
        if (const QString why = checkText(e.toString(), maxLen); !why.isEmpty()) {
            fail(key, QStringLiteral("every entry: %1").arg(why));
            return {};
        }
        out << e.toString().trimmed();
    }
    return out;
}

QJsonObject FieldReader::object(const QString &key)
{
    const QJsonValue v = take(key);
    if (v.isUndefined() || v.isNull()) {
        fail(key, QStringLiteral("is required"));
        return {};
    }
    if (!v.isObject()) {
        fail(key, QStringLiteral("must be an object"));
        return {};
    }
    return v.toObject();
}

void FieldReader::rejectUnknown()
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it)
        if (!m_known.contains(it.key()))
            fail(it.key(), QStringLiteral("is not a known field"));
}

void FieldReader::absorb(const FieldReader &nested)
{
    for (auto it = nested.m_errors.begin(); it != nested.m_errors.end(); ++it)
        m_errors.insert(it.key(), it.value());
}

Status FieldReader::check(const QString &message) const
{
    if (m_errors.isEmpty())
        return okStatus();
    return invalidFields(message, m_errors);
}

// --- QueryReader ---

QueryReader::QueryReader(QUrlQuery query) : m_query(std::move(query)) {}

QString QueryReader::text(const QString &key) const
{
    return m_query.hasQueryItem(key) ? m_query.queryItemValue(key, QUrl::FullyDecoded) : QString();
}

qint64 QueryReader::integer(const QString &key, qint64 fallback, qint64 min, qint64 max,
                            const QString &message)
{
    const QString s = text(key);
    if (s.isEmpty())
        return fallback;
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    if (!ok || v < min || v > max) {
        fail(key, message);
        return fallback;
    }
    return v;
}

double QueryReader::number(const QString &key, double fallback, double min, double max)
{
    if (!m_query.hasQueryItem(key))
        return fallback;
    bool ok = false;
    const double v = text(key).toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < min || v > max) {
        fail(key, QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
        return fallback;
    }
    return v;
}

QString QueryReader::oneOf(const QString &key, const QStringList &allowed, const QString &fallback,
                           const QString &message)
{
    const QString s = text(key);
    if (s.isEmpty())
        return fallback;
    if (!allowed.contains(s)) {
        fail(key, message);
        return fallback;
    }
    return s;
}

void QueryReader::fail(const QString &key, const QString &message)
{
    m_errors.insert(key, message);
}

Status QueryReader::check(const QString &message) const
{
    if (m_errors.isEmpty())
        return okStatus();
    return invalidFields(message, m_errors);
}

} // namespace lemm::core
