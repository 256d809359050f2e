#pragma once
// Shared by the benchmark executables: percentiles, Markdown rows, in-process API calls.

#include "server/http/api_router.h"

#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace lemm::bench {

struct Stats {
    double p50, p95, mean;
};

inline Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v)
        sum += x;
    return {v[v.size() / 2], v[std::min(v.size() - 1, size_t(std::ceil(v.size() * 0.95)) - 1)],
            sum / double(v.size())};
}

inline void row(const char *what, const QString &value, const char *unit)
{
    std::printf("| %s | %s | %s |\n", what, qPrintable(value), unit);
    std::fflush(stdout);
}

// ApiRouter::handle() without sockets; `pathAndQuery` may carry a query string.
inline server::ApiResponse call(server::ApiRouter &r, const char *method,
                                const QString &pathAndQuery, const QByteArray &body,
                                const QString &token = {})
{
    server::ApiRequest q;
    q.method = QString::fromLatin1(method);
    const QUrl url(QStringLiteral("http://x") + pathAndQuery);
    q.path = url.path();
    q.query = QUrlQuery(url);
    q.body = body;
    q.peerAddress = QStringLiteral("127.0.0.1");
    // JSON routes admit application/json only; everything else here is an audio upload.
    q.headers.insert("content-type", body.startsWith('{') ? QByteArray("application/json")
                                                          : QByteArray("audio/wav"));
    if (!token.isEmpty())
        q.headers.insert("authorization", "Bearer " + token.toUtf8());
    return r.handle(q);
}

} // namespace lemm::bench
