#pragma once
// What a typed call of the desktop client's API returns: the parsed value, or the server's error
// (HTTP status, error code, message, per-field messages) — never raw JSON. The typed role APIs
// (review_api.h, admin_api.h, contributor_api.h, governance_api.h) parse a reply once, here, and
// views and models only see value types. Plain values, any thread.

#include "api_client.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

namespace lemm::app {

struct ApiError {
    int status = 0;     // 0: not reached or cancelled
    QString code;       // the server's error.code, "network_error", "cancelled", "bad_reply"
    QString message;    // the server's message (English); views show userMessage() instead
    QJsonObject fields; // field -> message
    bool fromCache = false;

    bool unreachable() const { return code == QLatin1String("network_error"); }
    bool cancelled() const { return code == QLatin1String("cancelled"); }
    // The message for people, translated where the code is known (error_messages.h).
    QString userMessage() const;

    static ApiError fromReply(const ApiReply &reply);
    static ApiError badReply(const QString &what);
};

template <typename T> class ApiResult
{
public:
    ApiResult(T value) : m_value(std::move(value)) {}
    ApiResult(ApiError error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    const T *operator->() const { return &*m_value; }
    const ApiError &error() const { return m_error; }
    // True when the value is the offline cache's copy (the server was not reachable).
    bool fromCache() const { return m_fromCache; }
    void setFromCache(bool cached) { m_fromCache = cached; }

    // A successful reply's body through `parse` (which may itself fail); an error reply's error.
    static ApiResult fromReply(const ApiReply &reply,
                               const std::function<ApiResult(const QJsonObject &)> &parse)
    {
        if (!reply.ok())
            return ApiError::fromReply(reply);
        return parse(reply.body);
    }

private:
    std::optional<T> m_value;
    ApiError m_error;
    bool m_fromCache = false;
};

// For calls whose success carries nothing.
struct Done {
};

} // namespace lemm::app
