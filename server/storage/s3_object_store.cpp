#include "server/storage/s3_object_store.h"

#include "server/base/config.h"

#include "core/crypto/crypto.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QThread>
#include <QUrl>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <curl/curl.h>
#include <sodium.h>

#include <mutex>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

namespace {

Error s3Error(ErrorKind kind, const QString &code, const QString &message)
{
    return Error::make(kind, code, message);
}

// One curl handle per calling thread, reset before each request; its connection cache keeps
// connections to the endpoint alive between requests.
CURL *threadHandle()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    struct Handle {
        CURL *h = nullptr;
        ~Handle()
        {
            if (h)
                curl_easy_cleanup(h);
        }
    };
    thread_local Handle t;
    if (!t.h)
        t.h = curl_easy_init();
    else
        curl_easy_reset(t.h);
    return t.h;
}

QByteArray sha256Hex(const QByteArray &data)
{
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char *>(data.constData()),
                       quint64(data.size()));
    return QByteArray(reinterpret_cast<const char *>(out), sizeof out).toHex();
}

// The text of the first <tag> element of an S3 XML answer.
QString xmlText(const QByteArray &xml, const QString &tag)
{
    QXmlStreamReader r(xml);
    while (r.readNextStartElement() || !r.atEnd()) {
        if (r.isStartElement() && r.name() == tag)
            return r.readElementText();
        if (r.hasError())
            break;
    }
    return {};
}

} // namespace

// One request and its answer. Bodies are bounded byte arrays (at most one part or one range),
// so a retried request simply sends the same bytes again.
struct S3Request {
    S3Request(QByteArray m, QString k, QByteArray q = {})
        : method(std::move(m)), key(std::move(k)), query(std::move(q))
    {
    }
    QByteArray method;
    QString key;      // the object's key in the bucket; empty: the bucket itself
    QByteArray query; // already encoded, sorted by name ("partNumber=1&uploadId=X")
    QList<QByteArray> headers;
    QByteArray body;
    qint64 maxAnswerBytes = 1 << 20;
    bool idempotent = true;
};

struct S3Response {
    long status = 0;
    QByteArray body;
    QByteArray etag;
    qint64 contentLength = -1;
};

class S3Client
{
public:
    explicit S3Client(S3Settings s) : m_s(std::move(s)) {}

    const S3Settings &settings() const { return m_s; }

    // Sends `req`, retrying connection errors and 5xx answers when it is idempotent; any
    // answer that is not 2xx becomes an Error naming the endpoint and the key.
    Result<S3Response> send(const S3Request &req) const
    {
        Result<S3Response> last = attempt(req);
        for (int i = 1; i < m_s.maxAttempts && req.idempotent && retryable(last); ++i) {
            QThread::msleep(100u << i); // back-off: 200, 400, 800 ms
            last = attempt(req);
        }
        if (!last)
            return last;
        if (last->status / 100 != 2)
            return answerError(req, last.value());
        return last;
    }

    QString objectKey(const ObjectUri &uri) const
    {
        const QString name = uri.bucket + QLatin1Char('/') + uri.key + QStringLiteral(".lvo");
        return m_s.prefix.isEmpty() ? name : m_s.prefix + QLatin1Char('/') + name;
    }

private:
    static bool retryable(const Result<S3Response> &r)
    {
        if (!r)
            return r.error().code == QLatin1String("object_store_unreachable");
        return r->status >= 500;
    }

    QByteArray url(const S3Request &req) const
    {
        QUrl base(m_s.endpoint);
        QString path = req.key;
        if (m_s.pathStyle)
            path = req.key.isEmpty() ? m_s.bucket : m_s.bucket + QLatin1Char('/') + req.key;
        else
            base.setHost(m_s.bucket + QLatin1Char('.') + base.host());
        QByteArray u = base.toString(QUrl::RemovePath | QUrl::RemoveQuery).toUtf8() + '/' +
                       QUrl::toPercentEncoding(path, "/");
        if (!req.query.isEmpty())
            u += '?' + req.query;
        return u;
    }

    Error answerError(const S3Request &req, const S3Response &r) const
    {
        const QString code = xmlText(r.body, QStringLiteral("Code"));
        const QString detail =
            QStringLiteral("HTTP %1%2%3")
                .arg(r.status)
                .arg(code.isEmpty() ? QString() : QStringLiteral(" ") + code)
                .arg(code.isEmpty()
                         ? QString()
                         : QStringLiteral(": ") + xmlText(r.body, QStringLiteral("Message")));
        const QString what = QStringLiteral("%1 s3://%2/%3")
                                 .arg(QString::fromLatin1(req.method), m_s.bucket, req.key);
        if (r.status == 404 && code != QLatin1String("NoSuchBucket"))
            return s3Error(ErrorKind::NotFound, QStringLiteral("object_not_found"),
                           QStringLiteral("%1 does not exist").arg(what));
        if (r.status == 403 || code == QLatin1String("InvalidAccessKeyId") ||
            code == QLatin1String("SignatureDoesNotMatch"))
            return s3Error(ErrorKind::Unavailable, QStringLiteral("object_store_credentials"),
                           QStringLiteral("%1 refused at %2 (%3): check AWS_ACCESS_KEY_ID / "
                                          "AWS_SECRET_ACCESS_KEY or [storage] credentials_file")
                               .arg(what, m_s.endpoint, detail));
        return s3Error(ErrorKind::Unavailable, QStringLiteral("object_store_error"),
                       QStringLiteral("%1 at %2 failed: %3").arg(what, m_s.endpoint, detail));
    }

    struct Transfer {
        const S3Request *req;
        S3Response *resp;
        qint64 sent = 0;
        bool overflow = false;
    };

    static size_t onWrite(char *data, size_t size, size_t n, void *user)
    {
        auto *t = static_cast<Transfer *>(user);
        if (t->resp->body.size() + qint64(size * n) > t->req->maxAnswerBytes) {
            t->overflow = true;
            return 0;
        }
        t->resp->body.append(data, qsizetype(size * n));
        return size * n;
    }

    static size_t onRead(char *data, size_t size, size_t n, void *user)
    {
        auto *t = static_cast<Transfer *>(user);
        const qint64 left = t->req->body.size() - t->sent;
        const qint64 k = qMin<qint64>(left, qint64(size * n));
        memcpy(data, t->req->body.constData() + t->sent, size_t(k));
        t->sent += k;
        return size_t(k);
    }

    static size_t onHeader(char *data, size_t size, size_t n, void *user)
    {
        auto *t = static_cast<Transfer *>(user);
        const QByteArray line = QByteArray(data, qsizetype(size * n)).trimmed();
        const int colon = line.indexOf(':');
        if (colon > 0) {
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "etag")
                t->resp->etag = value;
            else if (name == "content-length")
                t->resp->contentLength = value.toLongLong();
        }
        return size * n;
    }

    curl_slist *headerList(const S3Request &req) const
    {
        curl_slist *h = nullptr;
        h = curl_slist_append(h, ("x-amz-content-sha256: " + sha256Hex(req.body)).constData());
        if (!m_s.sessionToken.isEmpty())
            h = curl_slist_append(
                h, ("x-amz-security-token: " + m_s.sessionToken.toUtf8()).constData());
        for (const QByteArray &line : req.headers)
            h = curl_slist_append(h, line.constData());
        return h;
    }

    void setMethod(CURL *c, const S3Request &req, Transfer &t) const
    {
        if (req.method == "HEAD") {
            curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
        } else if (req.method == "PUT") {
            curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(req.body.size()));
            curl_easy_setopt(c, CURLOPT_READFUNCTION, &S3Client::onRead);
            curl_easy_setopt(c, CURLOPT_READDATA, &t);
        } else if (req.method == "POST") {
            curl_easy_setopt(c, CURLOPT_POST, 1L);
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.constData());
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(req.body.size()));
        } else if (req.method != "GET") {
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.constData());
        }
    }

    void setCommon(CURL *c, const QByteArray &url, Transfer &t) const
    {
        curl_easy_setopt(c, CURLOPT_URL, url.constData());
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, long(m_s.timeoutSec));
        // A stalled transfer (below 1 byte/s for the timeout) fails; a slow large one does not.
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, long(m_s.timeoutSec));
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        if (!m_s.caFile.isEmpty())
            curl_easy_setopt(c, CURLOPT_CAINFO, m_s.caFile.toUtf8().constData());
        const QByteArray sigv4 = "aws:amz:" + m_s.region.toUtf8() + ":s3";
        curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4.constData());
        curl_easy_setopt(c, CURLOPT_USERNAME, m_s.accessKeyId.toUtf8().constData());
        curl_easy_setopt(c, CURLOPT_PASSWORD, m_s.secretAccessKey.toUtf8().constData());
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &S3Client::onWrite);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &S3Client::onHeader);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    }

    Result<S3Response> attempt(const S3Request &req) const
    {
        CURL *c = threadHandle();
        if (!c)
            return s3Error(ErrorKind::Internal, QStringLiteral("object_store_error"),
                           QStringLiteral("cannot start a curl transfer"));
        S3Response resp;
        Transfer t{&req, &resp};
        setCommon(c, url(req), t);
        setMethod(c, req, t);
        curl_slist *headers = headerList(req);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        const CURLcode rc = curl_easy_perform(c);
        curl_slist_free_all(headers);
        if (rc != CURLE_OK) {
            if (t.overflow)
                return s3Error(
                    ErrorKind::Unavailable, QStringLiteral("object_store_error"),
                    QStringLiteral("S3 answer at %1 is larger than expected").arg(m_s.endpoint));
            return s3Error(ErrorKind::Unavailable, QStringLiteral("object_store_unreachable"),
                           QStringLiteral("S3 endpoint %1 unreachable: %2")
                               .arg(m_s.endpoint, QString::fromUtf8(curl_easy_strerror(rc))));
        }
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
        return resp;
    }

    S3Settings m_s;
};

namespace {

// A write-only device that uploads what encryptStream writes: parts of settings().partBytes
// through a multipart upload, or one PUT when the object ends before the first part is full.
// Memory: one part plus one record.
class S3Upload final : public QIODevice
{
public:
    S3Upload(const S3Client &client, QString key) : m_client(client), m_key(std::move(key))
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }

    const std::optional<Error> &failure() const { return m_failure; }

    Status finish()
    {
        if (m_failure)
            return abort();
        if (m_uploadId.isEmpty()) {
            S3Request put{"PUT", m_key};
            put.body = std::move(m_buffer);
            auto r = m_client.send(put);
            return r ? core::okStatus() : Status(r.error());
        }
        if (!m_buffer.isEmpty() && !uploadPart(m_buffer.size()))
            return abort();
        if (!complete())
            return abort();
        return core::okStatus();
    }

    Status abort()
    {
        if (!m_uploadId.isEmpty()) {
            S3Request del{"DELETE", m_key, "uploadId=" + QUrl::toPercentEncoding(m_uploadId)};
            if (auto r = m_client.send(del); !r)
                qWarning("s3: cannot abort multipart upload of %s: %s", qPrintable(m_key),
                         qPrintable(r.error().message));
        }
        return m_failure ? *m_failure
                         : s3Error(ErrorKind::Internal, QStringLiteral("object_store_error"),
                                   QStringLiteral("upload of %1 aborted").arg(m_key));
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }

    qint64 writeData(const char *data, qint64 n) override
    {
        if (m_failure)
            return -1;
        m_buffer.append(data, qsizetype(n));
        const qint64 part = m_client.settings().partBytes;
        while (m_buffer.size() >= part)
            if (!uploadPart(part))
                return -1;
        return n;
    }

private:
    bool fail(const Error &e)
    {
        m_failure = e;
        setErrorString(e.message);
        return false;
    }

    bool uploadPart(qint64 bytes)
    {
        if (m_uploadId.isEmpty()) {
            S3Request create{"POST", m_key, "uploads="};
            create.idempotent = false;
            auto r = m_client.send(create);
            if (!r)
                return fail(r.error());
            m_uploadId = xmlText(r->body, QStringLiteral("UploadId"));
            if (m_uploadId.isEmpty())
                return fail(s3Error(ErrorKind::Unavailable, QStringLiteral("object_store_error"),
                                    QStringLiteral("S3 gave no UploadId for %1").arg(m_key)));
        }
        S3Request part{"PUT", m_key,
                       "partNumber=" + QByteArray::number(m_etags.size() + 1) +
                           "&uploadId=" + QUrl::toPercentEncoding(m_uploadId)};
        part.body = m_buffer.left(qsizetype(bytes));
        m_buffer.remove(0, qsizetype(bytes));
        auto r = m_client.send(part);
        if (!r)
            return fail(r.error());
        m_etags.append(QString::fromUtf8(r->etag));
        return true;
    }

    bool complete()
    {
        QByteArray xml;
        QXmlStreamWriter w(&xml);
        w.writeStartElement(QStringLiteral("CompleteMultipartUpload"));
        for (int i = 0; i < m_etags.size(); ++i) {
            w.writeStartElement(QStringLiteral("Part"));
            w.writeTextElement(QStringLiteral("PartNumber"), QString::number(i + 1));
            w.writeTextElement(QStringLiteral("ETag"), m_etags[i]);
            w.writeEndElement();
        }
        w.writeEndElement();
        S3Request done{"POST", m_key, "uploadId=" + QUrl::toPercentEncoding(m_uploadId)};
        done.body = xml;
        auto r = m_client.send(done);
        if (!r)
            return fail(r.error());
        // CompleteMultipartUpload may answer 200 with an <Error> body.
        if (!xmlText(r->body, QStringLiteral("Code")).isEmpty())
            return fail(s3Error(ErrorKind::Unavailable, QStringLiteral("object_store_error"),
                                QStringLiteral("S3 could not complete %1: %2")
                                    .arg(m_key, xmlText(r->body, QStringLiteral("Message")))));
        m_uploadId.clear();
        return true;
    }

    const S3Client &m_client;
    QString m_key;
    QByteArray m_buffer;
    QString m_uploadId;
    QStringList m_etags;
    std::optional<Error> m_failure;
};

// A sequential read-only device over an object's bytes, fetched by ranged GETs of
// S3ObjectStore::kRangeBytes as it is read. Memory: one range.
class S3RangeReader final : public QIODevice
{
public:
    S3RangeReader(std::shared_ptr<S3Client> client, QString key, qint64 size)
        : m_client(std::move(client)), m_key(std::move(key)), m_size(size)
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return true; }

protected:
    qint64 writeData(const char *, qint64) override { return -1; }

    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_at == m_range.size() && !fetch())
            return m_next >= m_size && !m_failed ? 0 : -1;
        const qint64 n = qMin<qint64>(maxSize, m_range.size() - m_at);
        memcpy(data, m_range.constData() + m_at, size_t(n));
        m_at += n;
        return n;
    }

private:
    bool fetch()
    {
        if (m_failed || m_next >= m_size)
            return false;
        const qint64 last = qMin(m_size, m_next + S3ObjectStore::kRangeBytes) - 1;
        S3Request get{"GET", m_key};
        get.headers.append("Range: bytes=" + QByteArray::number(m_next) + '-' +
                           QByteArray::number(last));
        get.maxAnswerBytes = last - m_next + 1;
        auto r = m_client->send(get);
        if (!r || r->body.size() != last - m_next + 1) {
            m_failed = true;
            setErrorString(r ? QStringLiteral("short range answer") : r.error().message);
            return false;
        }
        m_range = std::move(r.value().body);
        m_at = 0;
        m_next = last + 1;
        return true;
    }

    std::shared_ptr<S3Client> m_client;
    QString m_key;
    qint64 m_size;
    qint64 m_next = 0;
    QByteArray m_range;
    qint64 m_at = 0;
    bool m_failed = false;
};

// key_id=... / secret=... / session_token=... lines; '#' comments.
Status readCredentialsFile(const QString &path, S3Settings &s)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return s3Error(ErrorKind::InvalidInput, QStringLiteral("invalid_config"),
                       QStringLiteral("cannot read [storage] credentials_file %1").arg(path));
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine(4096)).trimmed();
        const int eq = line.indexOf(QLatin1Char('='));
        if (line.startsWith(QLatin1Char('#')) || eq <= 0)
            continue;
        const QString name = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (name == QLatin1String("key_id"))
            s.accessKeyId = value;
        else if (name == QLatin1String("secret"))
            s.secretAccessKey = value;
        else if (name == QLatin1String("session_token"))
            s.sessionToken = value;
    }
    return core::okStatus();
}

Error configError(const QString &message)
{
    return s3Error(ErrorKind::InvalidInput, QStringLiteral("invalid_config"), message);
}

} // namespace

Result<S3Settings> S3Settings::fromConfig(const ServerConfig &config)
{
    const auto &st = config.storage;
    static const QRegularExpression re(
        QStringLiteral("^s3://([a-z0-9][a-z0-9.-]{1,62})(/[A-Za-z0-9._/-]*)?$"));
    const auto m = re.match(st.url);
    if (!m.hasMatch() || st.url.contains(QLatin1String("..")))
        return configError(QStringLiteral("[storage] url must be s3://bucket/prefix"));
    S3Settings s;
    s.bucket = m.captured(1);
    s.prefix = m.captured(2);
    while (s.prefix.startsWith(QLatin1Char('/')))
        s.prefix.remove(0, 1);
    while (s.prefix.endsWith(QLatin1Char('/')))
        s.prefix.chop(1);
    s.region = st.region;
    s.endpoint = st.endpoint.isEmpty()
                     ? QStringLiteral("https://s3.%1.amazonaws.com").arg(st.region)
                     : st.endpoint;
    const QUrl ep(s.endpoint);
    if (!ep.isValid() || ep.host().isEmpty() ||
        (ep.scheme() != QLatin1String("http") && ep.scheme() != QLatin1String("https")))
        return configError(QStringLiteral("[storage] endpoint must be http(s)://host[:port]"));
    s.pathStyle = st.pathStyle;
    s.caFile = st.caFile;
    s.timeoutSec = st.timeoutSec;
    s.partBytes = qint64(st.multipartPartMb) << 20;
    const auto env = QProcessEnvironment::systemEnvironment();
    s.accessKeyId = env.value(QStringLiteral("AWS_ACCESS_KEY_ID"));
    s.secretAccessKey = env.value(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    s.sessionToken = env.value(QStringLiteral("AWS_SESSION_TOKEN"));
    if (!st.credentialsFile.isEmpty())
        if (auto read = readCredentialsFile(st.credentialsFile, s); !read)
            return read.error();
    if (s.accessKeyId.isEmpty() || s.secretAccessKey.isEmpty())
        return configError(QStringLiteral("S3 storage needs credentials: AWS_ACCESS_KEY_ID and "
                                          "AWS_SECRET_ACCESS_KEY, or [storage] credentials_file"));
    return s;
}

S3ObjectStore::S3ObjectStore(S3Settings settings, QByteArray masterKey)
    : m_client(std::make_shared<S3Client>(std::move(settings))), m_masterKey(std::move(masterKey))
{
}

S3ObjectStore::~S3ObjectStore() = default;

QString S3ObjectStore::objectKeyFor(const ObjectUri &uri) const
{
    return m_client->objectKey(uri);
}

Result<qint64> S3ObjectStore::objectSize(const QString &key) const
{
    auto r = m_client->send(S3Request{"HEAD", key});
    if (!r)
        return r.error();
    return r->contentLength;
}

Status S3ObjectStore::put(const ObjectUri &uri, QIODevice &plaintext)
{
    // HEAD, then write: two concurrent puts of one key could both pass the check, but keys are
    // random or derived from unique ids (docs/object-storage.md), so that never happens.
    const QString key = objectKeyFor(uri);
    auto size = objectSize(key);
    if (size)
        return Error::make(ErrorKind::Conflict, QStringLiteral("object_exists"),
                           QStringLiteral("object %1 already exists").arg(uri.toString()));
    if (size.error().kind != ErrorKind::NotFound)
        return size.error();
    S3Upload upload(*m_client, key);
    auto n = writeEncryptedObject(plaintext, upload, m_masterKey);
    if (!n) {
        if (upload.failure())
            return upload.abort();
        const Status aborted = upload.abort(); // the encryption error is the one to report
        Q_UNUSED(aborted);
        return n.error();
    }
    return upload.finish();
}

Result<std::unique_ptr<QIODevice>> S3ObjectStore::openReader(const ObjectUri &uri) const
{
    const QString key = objectKeyFor(uri);
    auto size = objectSize(key);
    if (!size) {
        if (size.error().kind == ErrorKind::NotFound)
            return Error::make(ErrorKind::NotFound, QStringLiteral("object_not_found"),
                               QStringLiteral("object %1 does not exist").arg(uri.toString()));
        return size.error();
    }
    return openEncryptedObject(std::make_unique<S3RangeReader>(m_client, key, size.value()),
                               m_masterKey, uri);
}

Result<qint64> S3ObjectStore::read(const ObjectUri &uri, QIODevice &out) const
{
    auto reader = openReader(uri);
    if (!reader)
        return reader.error();
    auto copied = core::crypto::copyDevice(*reader.value(), out);
    if (!copied && copied.error().code == QLatin1String("read_failed"))
        return Error::make(
            ErrorKind::Internal, QStringLiteral("decryption_failed"),
            QStringLiteral("object %1: %2").arg(uri.toString(), copied.error().message));
    return copied;
}

bool S3ObjectStore::exists(const ObjectUri &uri) const
{
    auto size = objectSize(objectKeyFor(uri));
    if (!size && size.error().kind != ErrorKind::NotFound)
        qWarning("s3: %s", qPrintable(size.error().message));
    return size.ok();
}

Status S3ObjectStore::remove(const ObjectUri &uri)
{
    auto r = m_client->send(S3Request{"DELETE", objectKeyFor(uri)});
    if (!r && r.error().kind != ErrorKind::NotFound)
        return r.error();
    return core::okStatus();
}

Status S3ObjectStore::move(const ObjectUri &from, const ObjectUri &to)
{
    // The format has no binding to the object's name (writeEncryptedObject), so a server-side
    // copy is the moved object. CopyObject handles up to 5 GiB, above the upload limit.
    const QString dst = objectKeyFor(to);
    if (auto size = objectSize(dst); size)
        return Error::make(ErrorKind::Conflict, QStringLiteral("object_exists"),
                           QStringLiteral("object %1 already exists").arg(to.toString()));
    S3Request copy{"PUT", dst};
    const QString source =
        QLatin1Char('/') + m_client->settings().bucket + QLatin1Char('/') + objectKeyFor(from);
    copy.headers.append("x-amz-copy-source: " + QUrl::toPercentEncoding(source, "/"));
    auto r = m_client->send(copy);
    if (!r)
        return r.error();
    if (!xmlText(r->body, QStringLiteral("Code")).isEmpty())
        return Error::make(
            ErrorKind::Unavailable, QStringLiteral("object_store_error"),
            QStringLiteral("S3 could not copy %1 to %2: %3")
                .arg(from.toString(), to.toString(), xmlText(r->body, QStringLiteral("Message"))));
    return remove(from);
}

Result<QByteArray> S3ObjectStore::rawObject(const ObjectUri &uri) const
{
    S3Request get{"GET", objectKeyFor(uri)};
    get.maxAnswerBytes = 1ll << 30;
    auto r = m_client->send(get);
    if (!r)
        return r.error();
    return r->body;
}

Status S3ObjectStore::putRaw(const ObjectUri &uri, const QByteArray &bytes)
{
    S3Request put{"PUT", objectKeyFor(uri)};
    put.body = bytes;
    auto r = m_client->send(put);
    return r ? core::okStatus() : Status(r.error());
}

Status S3ObjectStore::createBucket()
{
    auto r = m_client->send(S3Request{"PUT", QString()});
    if (!r && !r.error().message.contains(QLatin1String("BucketAlreadyOwnedByYou")))
        return r.error();
    return core::okStatus();
}

} // namespace lemm::server
