#include "server/base/multipart.h"

#include <QDir>
#include <QRegularExpression>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

namespace {

constexpr qint64 kBlock = 64 * 1024;
constexpr qsizetype kMaxPartHead = 16 * 1024;
constexpr qsizetype kMaxPreamble = 64 * 1024;

Error malformed(const QString &why)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("malformed_multipart"),
                       QStringLiteral("the multipart/form-data body is malformed: %1").arg(why));
}

QString param(const QByteArray &header, const char *name)
{
    const QRegularExpression re(
        QStringLiteral(";\\s*%1=(\"([^\"]*)\"|([^;\\s]+))").arg(QLatin1String(name)),
        QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(QString::fromUtf8(header));
    if (!m.hasMatch())
        return {};
    return m.captured(2).isEmpty() ? m.captured(3) : m.captured(2);
}

// A window onto the body: what has been read and not yet consumed.
class Reader
{
public:
    explicit Reader(QIODevice &in) : m_in(in) {}

    // Reads until `marker` is in the window or the window would exceed `limit`; the index of
    // the marker, or -1.
    qsizetype find(const QByteArray &marker, qsizetype limit)
    {
        for (;;) {
            const qsizetype at = m_buf.indexOf(marker);
            if (at >= 0 || m_buf.size() > limit || !more())
                return at;
        }
    }
    // Like find(), but hands everything before the marker to `sink` as it goes, keeping only
    // what could be the marker's beginning; false when the body ends first.
    template <typename Sink> bool streamUntil(const QByteArray &marker, Sink &&sink)
    {
        for (;;) {
            const qsizetype at = m_buf.indexOf(marker);
            if (at >= 0) {
                if (!sink(m_buf.constData(), at))
                    return false;
                m_buf.remove(0, at);
                return true;
            }
            const qsizetype keep = std::min<qsizetype>(m_buf.size(), marker.size() - 1);
            const qsizetype flush = m_buf.size() - keep;
            if (flush > 0) {
                if (!sink(m_buf.constData(), flush))
                    return false;
                m_buf.remove(0, flush);
            }
            if (!more())
                return false;
        }
    }
    bool ensure(qsizetype n)
    {
        while (m_buf.size() < n)
            if (!more())
                return false;
        return true;
    }
    QByteArray &buffer() { return m_buf; }

private:
    bool more()
    {
        const qsizetype old = m_buf.size();
        m_buf.resize(old + kBlock);
        const qint64 n = m_in.read(m_buf.data() + old, kBlock);
        m_buf.resize(old + std::max<qint64>(n, 0));
        return n > 0;
    }
    QIODevice &m_in;
    QByteArray m_buf;
};

void readPartHead(const QByteArray &head, FormPart &part)
{
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.trimmed();
        const int colon = int(l.indexOf(':'));
        if (colon <= 0)
            continue;
        const QByteArray name = l.left(colon).trimmed().toLower();
        const QByteArray value = l.mid(colon + 1).trimmed();
        if (name == "content-disposition") {
            part.name = param(value, "name");
            part.fileName = param(value, "filename");
        } else if (name == "content-type") {
            part.contentType = value;
        }
    }
}

core::Status readPartData(Reader &reader, const QByteArray &marker, FormPart &part,
                          const MultipartOptions &options)
{
    const bool toFile = options.fileParts.contains(part.name);
    if (toFile) {
        part.file = std::make_shared<QTemporaryFile>(
            QDir(options.spoolDir).filePath(QStringLiteral("part-XXXXXX")));
        if (!part.file->open())
            return Error::make(ErrorKind::Internal, QStringLiteral("spool_failed"),
                               QStringLiteral("cannot create a spool file in %1: %2")
                                   .arg(options.spoolDir, part.file->errorString()));
    }
    bool tooLarge = false;
    const bool complete = reader.streamUntil(marker, [&](const char *data, qsizetype n) {
        part.size += n;
        if (toFile)
            return part.file->write(data, n) == n;
        if (part.size > options.maxMemoryPartBytes) {
            tooLarge = true;
            return false;
        }
        part.data.append(data, n);
        return true;
    });
    if (tooLarge)
        return Error::make(ErrorKind::PayloadTooLarge, QStringLiteral("part_too_large"),
                           QStringLiteral("part '%1' is limited to %2 bytes")
                               .arg(part.name)
                               .arg(options.maxMemoryPartBytes));
    if (!complete)
        return toFile && part.file->error() != QFileDevice::NoError
                   ? Error::make(ErrorKind::Internal, QStringLiteral("spool_failed"),
                                 QStringLiteral("cannot write the spool file: %1")
                                     .arg(part.file->errorString()))
                   : malformed(QStringLiteral("part '%1' is truncated").arg(part.name));
    if (toFile && (!part.file->flush() || !part.file->seek(0)))
        return Error::make(
            ErrorKind::Internal, QStringLiteral("spool_failed"),
            QStringLiteral("cannot write the spool file: %1").arg(part.file->errorString()));
    return core::okStatus();
}

} // namespace

core::Result<QHash<QString, FormPart>>
parseMultipart(const QByteArray &contentType, QIODevice &body, const MultipartOptions &options)
{
    if (!contentType.toLower().startsWith("multipart/form-data"))
        return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("multipart_required"),
                           QStringLiteral("send multipart/form-data"));
    const QString boundary = param(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 70)
        return malformed(QStringLiteral("no boundary in the Content-Type"));
    const QByteArray delimiter = "--" + boundary.toLatin1();
    const QByteArray marker = "\r\n" + delimiter; // ends every part's data
    Reader reader(body);
    QByteArray &buf = reader.buffer();
    const qsizetype first = reader.find(delimiter, kMaxPreamble);
    if (first < 0)
        return malformed(QStringLiteral("the boundary never occurs"));
    buf.remove(0, first + delimiter.size());
    QHash<QString, FormPart> parts;
    for (;;) {
        if (!reader.ensure(2))
            return malformed(QStringLiteral("a delimiter line does not end"));
        if (buf.startsWith("--"))
            return parts; // closing delimiter
        if (!buf.startsWith("\r\n"))
            return malformed(QStringLiteral("a delimiter line does not end"));
        buf.remove(0, 2);
        const qsizetype headEnd = reader.find("\r\n\r\n", kMaxPartHead);
        if (headEnd < 0)
            return malformed(QStringLiteral("a part has no end of headers"));
        FormPart part;
        readPartHead(buf.left(headEnd), part);
        buf.remove(0, headEnd + 4);
        if (part.name.isEmpty())
            return malformed(QStringLiteral("a part has no name"));
        if (parts.contains(part.name))
            return malformed(QStringLiteral("part '%1' occurs twice").arg(part.name));
        if (auto d = readPartData(reader, marker, part, options); !d)
            return d.error();
        buf.remove(0, marker.size());
        parts.insert(part.name, part);
    }
}

} // namespace lemm::server
