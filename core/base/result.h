#pragma once
// Result<T>: the return type of every fallible core function: a value or an Error.
// Error carries a stable machine code, a human message and optional per-field messages,
// which the HTTP layer maps to the one JSON error shape.

#include <QJsonObject>
#include <QString>

#include <utility>
#include <variant>

namespace lemm::core {

enum class ErrorKind {
    InvalidInput,     // 400: malformed or invalid fields
    Unauthorized,     // 401: no or bad credentials
    Forbidden,        // 403: authenticated but not allowed
    NotFound,         // 404
    MethodNotAllowed, // 405
    Conflict,         // 409: illegal state change, duplicate
    Gone,             // 410: expired or used token
    PayloadTooLarge,  // 413
    UnsupportedMedia, // 415: not audio
    Unprocessable,    // 422: well-formed but refused by policy
    TooManyRequests,  // 429: throttled; fields.retry_after_seconds says when to retry
    Unavailable,      // 503
    Internal,         // 500
};

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    QString code;       // stable snake_case identifier, e.g. "invalid_field"
    QString message;    // plain words for a person
    QJsonObject fields; // field path -> message, for validation errors

    static Error make(ErrorKind kind, QString code, QString message, QJsonObject fields = {})
    {
        return Error{kind, std::move(code), std::move(message), std::move(fields)};
    }
};

template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    const T *operator->() const { return &std::get<T>(m_v); }
    T *operator->() { return &std::get<T>(m_v); }
    const T &operator*() const { return std::get<T>(m_v); }
    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

struct Ok {
};
using Status = Result<Ok>;
inline Status okStatus()
{
    return Status(Ok{});
}

} // namespace lemm::core
