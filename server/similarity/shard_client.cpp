#include "server/similarity/shard_client.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

namespace {

constexpr qsizetype kMaxAnswerBytes = 16 * 1024 * 1024;

Error unavailable(int shard, const QString &why)
{
    return Error::make(ErrorKind::Unavailable, QStringLiteral("index_shard_unavailable"),
                       QStringLiteral("index shard %1 did not answer (%2): the check cannot "
                                      "compare against the whole vault and fails closed")
                           .arg(shard)
                           .arg(why),
                       {{QStringLiteral("shard"), shard}});
}

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t collect(char *data, size_t size, size_t n, void *user)
{
    auto *out = static_cast<QByteArray *>(user);
    if (out->size() + qsizetype(size * n) > kMaxAnswerBytes)
        return 0; // aborts the transfer: CURLE_WRITE_ERROR
    out->append(data, qsizetype(size * n));
    return size * n;
}

// One transfer of the scatter: its handle, headers and answer.
struct Transfer {
    CURL *easy = nullptr;
    curl_slist *headers = nullptr;
    QByteArray answer;
    ~Transfer()
    {
        if (easy)
            curl_easy_cleanup(easy);
        curl_slist_free_all(headers);
    }
};

void setUp(Transfer &t, const QString &url, const QByteArray &body, const QByteArray &auth,
           long timeoutMs)
{
    t.easy = curl_easy_init();
    t.headers = curl_slist_append(t.headers, "Content-Type: application/json");
    t.headers = curl_slist_append(t.headers, auth.constData());
    // No "Expect: 100-continue" round trip before the body: the shard reads it at once.
    t.headers = curl_slist_append(t.headers, "Expect:");
    const QByteArray target = (url + QStringLiteral("/internal/index/query")).toUtf8();
    curl_easy_setopt(t.easy, CURLOPT_URL, target.constData()); // copied by libcurl
    curl_easy_setopt(t.easy, CURLOPT_HTTPHEADER, t.headers);
    curl_easy_setopt(t.easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
    curl_easy_setopt(t.easy, CURLOPT_POSTFIELDS, body.constData()); // outlives the transfer
    curl_easy_setopt(t.easy, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(t.easy, CURLOPT_WRITEDATA, &t.answer);
    curl_easy_setopt(t.easy, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(t.easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(t.easy, CURLOPT_PROTOCOLS_STR, "http,https");
}

// The answer of one finished transfer.
core::Result<ShardAnswer> answerOf(int shard, int shardCount, const Transfer &t, CURLcode code)
{
    if (code != CURLE_OK)
        return unavailable(shard, QString::fromLatin1(curl_easy_strerror(code)));
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200)
        return unavailable(shard, QStringLiteral("HTTP %1").arg(status));
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(t.answer, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return unavailable(shard, QStringLiteral("not a JSON answer"));
    auto a = shardAnswerFromJson(doc.object());
    if (!a)
        return unavailable(shard, a.error().message);
    if (a->shard != shard || a->shardCount != shardCount)
        return unavailable(
            shard, QStringLiteral("it serves shard %1 of %2").arg(a->shard).arg(a->shardCount));
    return a;
}

} // namespace

ShardGatherer::ShardGatherer(const Database &db, Settings settings)
    : m_db(db), m_settings(std::move(settings))
{
    initCurlOnce();
}

core::Result<QByteArray> ShardGatherer::readKeyFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("shard_key_unreadable"),
                           QStringLiteral("cannot read the index shard key file %1").arg(path));
    const QByteArray key = f.readLine(4096).trimmed();
    if (key.isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("shard_key_unreadable"),
                           QStringLiteral("the index shard key file %1 is empty").arg(path));
    return key;
}

core::Result<QStringList> ShardGatherer::liveShards() const
{
    auto rows = ShardMap(m_db).rows();
    if (!rows)
        return rows.error();
    QStringList urls(m_settings.shardCount);
    QList<bool> seen(m_settings.shardCount, false);
    const QDateTime oldest = QDateTime::currentDateTimeUtc().addSecs(-qint64(m_settings.staleSec));
    for (const ShardRow &r : rows.value()) {
        if (r.shard < 0 || r.shard >= m_settings.shardCount)
            continue;
        if (r.shardCount != m_settings.shardCount)
            return unavailable(r.shard,
                               QStringLiteral("registered for %1 shards").arg(r.shardCount));
        if (r.state != QLatin1String("up"))
            return unavailable(r.shard, QStringLiteral("state %1").arg(r.state));
        if (!r.heartbeat.isValid() || r.heartbeat < oldest)
            return unavailable(
                r.shard,
                QStringLiteral("no heartbeat since %1").arg(r.heartbeat.toString(Qt::ISODate)));
        urls[r.shard] = r.baseUrl;
        seen[r.shard] = true;
    }
    for (int k = 0; k < m_settings.shardCount; ++k)
        if (!seen[k])
            return unavailable(k, QStringLiteral("not in the shard map"));
    return urls;
}

core::Result<QList<ShardAnswer>> ShardGatherer::scatter(const QStringList &urls,
                                                        const QByteArray &body) const
{
    const QByteArray auth = "Authorization: Bearer " + m_settings.apiKey;
    std::vector<std::unique_ptr<Transfer>> transfers;
    std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(),
                                                                &curl_multi_cleanup);
    for (const QString &url : urls) {
        transfers.push_back(std::make_unique<Transfer>());
        setUp(*transfers.back(), url, body, auth, long(m_settings.timeoutMs));
        curl_multi_add_handle(multi.get(), transfers.back()->easy);
    }
    int running = 0;
    do {
        if (curl_multi_perform(multi.get(), &running) != CURLM_OK)
            break;
        if (running > 0)
            curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
    } while (running > 0); // every transfer ends by CURLOPT_TIMEOUT_MS at the latest
    std::vector<CURLcode> codes(transfers.size(), CURLE_OPERATION_TIMEDOUT);
    int left = 0;
    while (CURLMsg *m = curl_multi_info_read(multi.get(), &left))
        for (size_t i = 0; i < transfers.size(); ++i)
            if (m->msg == CURLMSG_DONE && m->easy_handle == transfers[i]->easy)
                codes[i] = m->data.result;
    QList<ShardAnswer> answers;
    for (size_t i = 0; i < transfers.size(); ++i) {
        curl_multi_remove_handle(multi.get(), transfers[i]->easy);
        auto a = answerOf(int(i), int(urls.size()), *transfers[i], codes[i]);
        if (!a)
            return a.error();
        answers.append(std::move(a).value());
    }
    return answers;
}

core::Result<GatherResult> ShardGatherer::query(const ShardQuery &q) const
{
    auto urls = liveShards();
    if (!urls)
        return urls.error();
    const QByteArray body = QJsonDocument(toJson(q)).toJson(QJsonDocument::Compact);
    auto answers = scatter(urls.value(), body);
    if (!answers)
        return answers.error();
    GatherResult out;
    for (const ShardAnswer &a : answers.value()) {
        out.indexedSec += a.indexedSec;
        out.hits += a.hits;
    }
    for (ShardHit &h : out.hits)
        rescore(h.match, q.fingerprint.durationSec, out.indexedSec);
    std::sort(out.hits.begin(), out.hits.end(), [](const ShardHit &x, const ShardHit &y) {
        return x.match.significance != y.match.significance
                   ? x.match.significance > y.match.significance
                   : x.match.matches > y.match.matches;
    });
    if (out.hits.size() > q.maxResults + 1)
        out.hits.resize(q.maxResults + 1);
    return out;
}

} // namespace lemm::server
