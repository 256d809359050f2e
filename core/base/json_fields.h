#pragma once
// Typed reading of request input: FieldReader over a JSON body, QueryReader over URL query
// parameters. Both collect one message per bad field (dotted paths for nested objects, e.g.
// "rights.is_cover") instead of stopping at the first, and turn them into the one validation
// error shape: ErrorKind::InvalidInput, code "invalid_fields", fields = {path: message}.
// Request parsers (core::parseSubmitRequest, the services' parse functions) read every field
// through one of them, then call check() once. Plain values, no shared state: use one reader
// per request on any thread.

#include "core/base/result.h"

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace lemm::core {

// A name or text given by a client: non-empty after trimming, at most maxLen characters, no
// control characters. Returns an empty string when fine, else the reason.
QString checkText(const QString &value, int maxLen);

// The "invalid_fields" error with `fields` as its per-field messages.
Error invalidFields(const QString &message, const QJsonObject &fields);

class FieldReader
{
public:
    // `prefix` names the object inside the body ("metadata"); errors are reported under
    // "prefix.key". Empty for the top-level body.
    explicit FieldReader(QJsonObject object, QString prefix = {});

    // Each reader below marks `key` as known (see rejectUnknown) and records a message under
    // the key's path when the value is not acceptable. A failed read returns an empty value.

    // A trimmed text checked with checkText(); absent or null: "is required" when `required`,
    // else an empty (not null) string.
    QString text(const QString &key, int maxLen, bool required);
    // text() limited to `allowed`; absent and not required: `fallback`.
    QString oneOf(const QString &key, const QStringList &allowed, bool required,
                  const QString &fallback = {});
    // A free text where a blank string counts as absent: "is required" when `required`;
    // non-strings "must be a text"; otherwise checkText() and trimmed.
    QString prose(const QString &key, int maxLen, bool required);
    // Any string, untrimmed and unchecked (passwords, tokens): "is required" / "must be a
    // string".
    QString string(const QString &key);
    // true or false; absent or null: "is required (true or false)" when `required`.
    bool boolean(const QString &key, bool required, bool fallback = false);
    // An array of at most maxItems texts, each checked with checkText(); absent: empty.
    QStringList textList(const QString &key, int maxItems, int maxLen);
    // A required JSON object.
    QJsonObject object(const QString &key);
    // The raw value, for fields with a check of their own (then fail() with the message).
    QJsonValue value(const QString &key);

    // Records `message` under the path of `key` (replacing an earlier one).
    void fail(const QString &key, const QString &message);
    bool failed(const QString &key) const;
    // Every key no reader above asked for: "is not a known field". A typo in a consent flag must
    // never silently default.
    void rejectUnknown();
    // Takes over the messages of a reader of a nested object.
    void absorb(const FieldReader &nested);

    QString path(const QString &key) const;
    const QJsonObject &errors() const { return m_errors; }
    bool ok() const { return m_errors.isEmpty(); }
    // okStatus(), or invalidFields(message, errors()).
    Status check(const QString &message) const;

private:
    QJsonValue take(const QString &key);

    QJsonObject m_object;
    QString m_prefix;
    QJsonObject m_errors;
    QSet<QString> m_known;
};

class QueryReader
{
public:
    explicit QueryReader(QUrlQuery query);

    // The fully decoded value; a null string when the parameter is absent.
    QString text(const QString &key) const;
    // A whole number from min to max; absent or empty: `fallback`. Anything else (not a
    // number, "1e9", out of range) records `message` and returns `fallback`.
    qint64 integer(const QString &key, qint64 fallback, qint64 min, qint64 max,
                   const QString &message);
    // A finite number from min to max; absent: `fallback`. Present but empty, not a number
    // or out of range: "must be a number from MIN to MAX" and `fallback`.
    double number(const QString &key, double fallback, double min, double max);
    // One of `allowed`; absent or empty: `fallback`; else `message`, and `fallback`.
    QString oneOf(const QString &key, const QStringList &allowed, const QString &fallback,
                  const QString &message);

    void fail(const QString &key, const QString &message);
    bool failed(const QString &key) const { return m_errors.contains(key); }
    const QJsonObject &errors() const { return m_errors; }
    // okStatus(), or invalidFields(message, errors()).
    Status check(const QString &message) const;

private:
    QUrlQuery m_query;
    QJsonObject m_errors;
};

} // namespace lemm::core
