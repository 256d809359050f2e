#pragma once
// What a route handler of ApiRouter sees (private to server/http): the request, the route's
// path parameters and, on routes that need one, the authenticated account. Built per request
// by ApiRouter::dispatch() on the pool thread that handles it; handlers only read it.

#include "server/base/audio_body.h"
#include "server/http/api_router.h"

#include "core/base/json_fields.h"

namespace lemm::server {

using core::FieldReader;
using core::QueryReader;

struct ApiRouter::Context {
    const ApiRequest &request;
    QHash<QString, QString> params;
    std::optional<Account> account; // set on routes that name an action
    QString bearer;                 // the token the account authenticated with

    QString param(const QString &name) const { return params.value(name); }
    const Account &who() const { return *account; }

    // Parses the body as a JSON object; any other body is a 400 naming the problem.
    Result<QJsonObject> jsonBody() const;
    // Resource-level decision: the route-level one already passed.
    core::Status authorize(core::Action action, core::Ownership ownership) const;
};

namespace routes {

// `status` with the value's JSON, or the error.
template <typename T> Result<ApiResponse> respond(int status, const Result<T> &r)
{
    if (!r)
        return r.error();
    return ApiResponse::json(status, r.value());
}

// The request's audio: the spooled file over HTTP, the in-memory body in tests.
inline AudioBody audioBodyOf(const ApiRequest &request)
{
    return request.bodyFile.isEmpty() ? AudioBody(request.body)
                                      : AudioBody::spooled(request.bodyFile);
}

} // namespace routes

} // namespace lemm::server
