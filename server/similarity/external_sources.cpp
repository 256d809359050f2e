#include "server/similarity/external_sources.h"

#include "core/domain/decisions.h"

#include "server/storage/index_files.h"

#include "core/base/ids.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QThread>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace lemm::server {

using namespace lemm::core;

namespace {

constexpr double kAcoustIdFingerprintSec = 120; // what AcoustID clients fingerprint

QJsonValue optNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(std::round(*v * 1000) / 1000) : QJsonValue();
}

QJsonValue optText(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

const QStringList kAudioSuffixes{
    QStringLiteral("wav"),  QStringLiteral("flac"), QStringLiteral("mp3"), QStringLiteral("ogg"),
    QStringLiteral("oga"),  QStringLiteral("opus"), QStringLiteral("m4a"), QStringLiteral("aac"),
    QStringLiteral("aiff"), QStringLiteral("aif"),  QStringLiteral("wv")};

} // namespace

QJsonArray segmentsJson(const std::vector<RobustSegment> &segments)
{
    const auto r3 = [](double v) { return std::round(v * 1000) / 1000; };
    QJsonArray out;
    for (const RobustSegment &s : segments)
        out.append(QJsonObject{{QStringLiteral("query_start"), r3(s.queryStart)},
                               {QStringLiteral("query_end"), r3(s.queryEnd)},
                               {QStringLiteral("ref_start"), r3(s.refStart)},
                               {QStringLiteral("ref_end"), r3(s.refEnd)},
                               {QStringLiteral("time_factor"), r3(s.timeFactor)},
                               {QStringLiteral("pitch_factor"), r3(s.pitchFactor)},
                               {QStringLiteral("score"), r3(s.score)}});
    return out;
}

double ExternalHit::decisionOverlapSec() const
{
    return core::longestSegmentSec(segments, overlapSec());
}

QJsonObject ExternalHit::toJson() const
{
    QJsonObject o{{QStringLiteral("reference_id"), referenceId},
                  {QStringLiteral("match_confidence"), std::round(matchConfidence * 1000) / 1000},
                  {QStringLiteral("overlap_start"), optNumber(overlapStart)},
                  {QStringLiteral("overlap_end"), optNumber(overlapEnd)},
                  {QStringLiteral("ref_overlap_start"), optNumber(refOverlapStart)},
                  {QStringLiteral("ref_overlap_end"), optNumber(refOverlapEnd)},
                  {QStringLiteral("overlap_estimated"), overlapEstimated},
                  {QStringLiteral("embedding_similarity"), optNumber(embeddingSimilarity)},
                  {QStringLiteral("coverage"), optNumber(coverage)},
                  {QStringLiteral("title"), optText(title)},
                  {QStringLiteral("artist"), optText(artist)},
                  {QStringLiteral("isrc"), optText(isrc)},
                  {QStringLiteral("segments"), segmentsJson(segments)}};
    return o;
}

// --- AcoustID -----------------------------------------------------------------------------

AcoustIdSource::AcoustIdSource(Options options) : m_options(std::move(options)) {}

void AcoustIdSource::waitForRateSlot()
{
    // One limiter for the process: every worker thread shares the service's request budget.
    static QMutex lock;
    static qint64 nextSlotMs = 0;
    static QElapsedTimer clock;
    qint64 waitMs = 0;
    {
        QMutexLocker l(&lock);
        if (!clock.isValid())
            clock.start();
        const qint64 now = clock.elapsed();
        const qint64 slot = std::max(now, nextSlotMs);
        nextSlotMs = slot + qint64(std::ceil(1000.0 / m_options.ratePerSec));
        waitMs = slot - now;
    }
    if (waitMs > 0)
        QThread::msleep(static_cast<unsigned long>(waitMs));
}

Result<QList<ExternalHit>> AcoustIdSource::parseResponse(const QByteArray &body,
                                                         double fingerprintedSec)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    auto garbage = [](const QString &why) {
        return Error::make(
            ErrorKind::Unavailable, QStringLiteral("external_bad_response"),
            QStringLiteral("the lookup service answered something unexpected: %1").arg(why));
    };
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return garbage(QStringLiteral("not a JSON object"));
    const QJsonObject o = doc.object();
    const QString status = o.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("error")) {
        const QJsonObject e = o.value(QStringLiteral("error")).toObject();
        return Error::make(ErrorKind::Unavailable, QStringLiteral("external_error"),
                           QStringLiteral("the lookup service refused the request (code %1): %2")
                               .arg(e.value(QStringLiteral("code")).toInt())
                               .arg(e.value(QStringLiteral("message")).toString().left(200)));
    }
    if (status != QLatin1String("ok") || !o.value(QStringLiteral("results")).isArray())
        return garbage(QStringLiteral("no status \"ok\" with a results array"));
    QList<ExternalHit> hits;
    for (const QJsonValue &rv : o.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = rv.toObject();
        const QJsonValue score = r.value(QStringLiteral("score"));
        if (!score.isDouble() || score.toDouble() < 0 || score.toDouble() > 1)
            return garbage(QStringLiteral("a result without a score in [0, 1]"));
        ExternalHit h;
        h.referenceId = QStringLiteral("acoustid:") + r.value(QStringLiteral("id")).toString();
        h.matchConfidence = score.toDouble();
        // A lookup matches the fingerprinted span as a whole.
        h.overlapStart = 0;
        h.overlapEnd = fingerprintedSec;
        h.overlapEstimated = true;
        const QJsonArray recs = r.value(QStringLiteral("recordings")).toArray();
        if (!recs.isEmpty()) {
            const QJsonObject rec = recs.first().toObject();
            h.title = rec.value(QStringLiteral("title")).toString().left(500);
            QStringList artists;
            for (const QJsonValue &a : rec.value(QStringLiteral("artists")).toArray())
                artists << a.toObject().value(QStringLiteral("name")).toString().left(200);
            h.artist = artists.join(QStringLiteral(", "));
            const QJsonArray isrcs = rec.value(QStringLiteral("isrcs")).toArray();
            if (!isrcs.isEmpty())
                h.isrc = isrcs.first().toString().left(20);
            if (!rec.value(QStringLiteral("id")).toString().isEmpty())
                h.referenceId += QStringLiteral("/") + rec.value(QStringLiteral("id")).toString();
        }
        hits << h;
    }
    std::sort(hits.begin(), hits.end(), [](const ExternalHit &a, const ExternalHit &b) {
        return a.matchConfidence > b.matchConfidence;
    });
    return hits;
}

ExternalResult AcoustIdSource::check(const TrackFeatures &f)
{
    QElapsedTimer t;
    t.start();
    ExternalResult res;
    res.source = name();
    const size_t items =
        std::min(f.exact.raw.size(),
                 size_t(std::lround(kAcoustIdFingerprintSec / ExactFingerprint::kItemSeconds)));
    auto fp = encodeChromaprint(
        std::vector<uint32_t>(f.exact.raw.begin(), f.exact.raw.begin() + qsizetype(items)));
    if (!fp) {
        res.available = false;
        res.error = fp.error().message;
        return res;
    }
    const double fingerprinted = double(items) * ExactFingerprint::kItemSeconds;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("client"), m_options.clientKey);
    form.addQueryItem(QStringLiteral("format"), QStringLiteral("json"));
    form.addQueryItem(QStringLiteral("meta"), QStringLiteral("recordings"));
    form.addQueryItem(QStringLiteral("duration"),
                      QString::number(std::lround(f.stats.decodedSec())));
    form.addQueryItem(QStringLiteral("fingerprint"), fp.value());
    const QByteArray body = form.toString(QUrl::FullyEncoded).toUtf8();
    QUrl url(m_options.baseUrl);
    url.setPath(url.path().chopped(url.path().endsWith(QLatin1Char('/')) ? 1 : 0) +
                QStringLiteral("/v2/lookup"));

    QNetworkAccessManager nam; // this thread's; the worker runs a local event loop below
    QString lastError;
    for (int attempt = 0; attempt <= m_options.retries; ++attempt) {
        if (attempt > 0)
            QThread::msleep(static_cast<unsigned long>(250 * (1 << std::min(attempt - 1, 6))));
        waitForRateSlot();
        QNetworkRequest req(url);
        req.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
        req.setTransferTimeout(m_options.timeoutMs);
        QNetworkReply *reply = nam.post(req, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        const auto netError = reply->error();
        const QString netMessage = reply->errorString();
        reply->deleteLater();
        if (netError == QNetworkReply::OperationCanceledError ||
            netError == QNetworkReply::TimeoutError) {
            lastError = QStringLiteral("no answer within %1 ms").arg(m_options.timeoutMs);
            continue;
        }
        if (http == 429 || http >= 500 || (netError != QNetworkReply::NoError && http == 0)) {
            lastError = http ? QStringLiteral("HTTP %1").arg(http) : netMessage;
            continue;
        }
        // 4xx answers carry the service's JSON error; parse either way.
        auto hits = parseResponse(answer, fingerprinted);
        if (!hits) {
            lastError = hits.error().message;
            if (hits.error().code == QLatin1String("external_error"))
                break; // a refusal (bad key, bad request) does not improve with retries
            continue;
        }
        res.hits = hits.value();
        res.elapsedMs = t.nsecsElapsed() / 1e6;
        return res;
    }
    res.available = false;
    res.error = lastError;
    res.elapsedMs = t.nsecsElapsed() / 1e6;
    return res;
}

// --- Reference catalogs ----------------------------------------------------------------------

Result<std::unique_ptr<CatalogSource>> CatalogSource::load(const QString &dir)
{
    QFile f(QDir(dir).filePath(QStringLiteral("catalog.json")));
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::NotFound, QStringLiteral("no_catalog"),
                           QStringLiteral("%1 holds no catalog (run 'catalog build')").arg(dir));
    const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
    if (doc.value(QStringLiteral("format")).toString() != QLatin1String("lemm-catalog-1"))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("bad_catalog"),
                           QStringLiteral("%1/catalog.json is not a LEMM catalog").arg(dir));
    auto idx = IndexSet::load(dir, true);
    if (!idx)
        return idx.error();
    std::unique_ptr<CatalogSource> c(new CatalogSource);
    c->m_name = doc.value(QStringLiteral("name")).toString();
    const QJsonObject tracks = doc.value(QStringLiteral("tracks")).toObject();
    for (auto it = tracks.begin(); it != tracks.end(); ++it)
        c->m_meta.insert(it.key(), it.value().toObject());
    c->m_robust = std::move(idx.value().robust);
    c->m_exact = std::move(idx.value().exact);
    c->m_embedding = std::move(idx.value().embedding);
    return c;
}

ExternalResult CatalogSource::check(const TrackFeatures &f)
{
    QElapsedTimer t;
    t.start();
    ExternalResult res;
    res.source = m_name;
    QHash<QString, ExternalHit> byId;
    const double dur = f.stats.decodedSec();
    for (const QString &id : m_exact.lookup(f.exact)) {
        ExternalHit h;
        h.referenceId = id;
        h.matchConfidence = 1.0;
        h.overlapStart = 0;
        h.overlapEnd = dur;
        h.refOverlapStart = 0;
        h.refOverlapEnd = dur;
        h.coverage = 1.0;
        byId.insert(id, h);
    }
    for (const RobustMatch &m : m_robust.query(f.robust, 5, 0.05)) {
        if (byId.contains(m.trackId))
            continue;
        ExternalHit h;
        h.referenceId = m.trackId;
        h.matchConfidence = m.score;
        h.overlapStart = m.queryStart;
        h.overlapEnd = m.queryEnd;
        h.refOverlapStart = m.refStart;
        h.refOverlapEnd = m.refEnd;
        h.coverage = m.coverage;
        h.segments = m.segments;
        byId.insert(m.trackId, h);
    }
    QList<ExternalHit> hits = byId.values();
    for (ExternalHit &h : hits) {
        if (!f.embeddings.track.empty())
            h.embeddingSimilarity =
                double(m_embedding.similarityTo(f.embeddings.track, h.referenceId));
        const QJsonObject meta = m_meta.value(h.referenceId);
        h.title = meta.value(QStringLiteral("title")).toString();
        h.artist = meta.value(QStringLiteral("artist")).toString();
        h.isrc = meta.value(QStringLiteral("isrc")).toString();
        h.referenceId = m_name + QLatin1Char(':') + h.referenceId;
    }
    std::sort(hits.begin(), hits.end(), [](const ExternalHit &a, const ExternalHit &b) {
        return a.matchConfidence > b.matchConfidence;
    });
    res.hits = hits;
    res.elapsedMs = t.nsecsElapsed() / 1e6;
    return res;
}

Result<QList<std::shared_ptr<ExternalSource>>> loadExternalSources(const ServerConfig &c)
{
    QList<std::shared_ptr<ExternalSource>> out;
    if (!c.acoustidUrl.isEmpty()) {
        AcoustIdSource::Options o;
        o.baseUrl = c.acoustidUrl;
        o.clientKey = c.acoustidKey;
        o.timeoutMs = c.acoustidTimeoutMs;
        o.retries = c.acoustidRetries;
        o.ratePerSec = c.acoustidRatePerSec;
        out << std::make_shared<AcoustIdSource>(o);
    }
    const QDir root(QDir(c.dataDir).filePath(QStringLiteral("catalogs")));
    QStringList names = c.catalogs;
    if (!c.catalogsSet)
        names = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : names) {
        auto cat = CatalogSource::load(root.filePath(name));
        if (!cat)
            return cat.error();
        out << std::shared_ptr<ExternalSource>(std::move(cat).value());
    }
    if (out.size() > 2)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("too_many_sources"),
                           QStringLiteral("at most two external sources may be configured (found "
                                          "%1); list the catalogs to use in external/catalogs")
                               .arg(out.size()));
    return out;
}

namespace {

// The optional metadata file of a catalog: relative path -> {title, artist, isrc}.
Result<QJsonObject> readCatalogMetadata(const QString &metadataFile)
{
    if (metadataFile.isEmpty())
        return QJsonObject();
    QFile mf(metadataFile);
    if (!mf.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("metadata_unreadable"),
                           QStringLiteral("cannot read %1").arg(metadataFile));
    QJsonParseError pe;
    const QJsonDocument d = QJsonDocument::fromJson(mf.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !d.isObject())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("metadata_malformed"),
                           QStringLiteral("%1 must be a JSON object: relative path -> "
                                          "{title, artist, isrc}")
                               .arg(metadataFile));
    return d.object();
}

// Every audio file under audioDir, by relative path, sorted.
Result<QList<FileEntry>> listCatalogAudio(const QString &audioDir)
{
    QList<FileEntry> files;
    // Absolute: QDir::relativeFilePath() returns a relative path unchanged, so a relative DIR
    // gave ids like "DIR/a.ogg" that no metadata key matched (issue 16).
    const QDir base(QFileInfo(audioDir).absoluteFilePath());
    QDirIterator it(base.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (kAudioSuffixes.contains(QFileInfo(path).suffix().toLower()))
            files.append({base.relativeFilePath(path), path});
    }
    std::sort(files.begin(), files.end(),
              [](const FileEntry &a, const FileEntry &b) { return a.id < b.id; });
    if (files.isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("no_audio_files"),
                           QStringLiteral("no audio files (%1) under %2")
                               .arg(kAudioSuffixes.join(QStringLiteral(", ")), audioDir));
    return files;
}

// A catalog being built: its indexes and its catalog.json track entries.
struct CatalogContents {
    IndexSet idx;
    QJsonObject tracks;
};

QJsonObject catalogTrackJson(const QString &id, const QJsonObject &m, const TrackFeatures &f)
{
    return QJsonObject{
        {QStringLiteral("title"),
         m.value(QStringLiteral("title")).toString(QFileInfo(id).completeBaseName())},
        {QStringLiteral("artist"), m.value(QStringLiteral("artist")).toString()},
        {QStringLiteral("isrc"), m.value(QStringLiteral("isrc")).toString()},
        {QStringLiteral("duration_sec"), f.stats.decodedSec()}};
}

// Fingerprints every file into contents; files that fail are counted and reported.
void indexCatalogFiles(const QList<FileEntry> &files, const QJsonObject &metadata,
                       CatalogContents &contents, CatalogBuildReport &report,
                       const std::function<void(const QString &)> &progress)
{
    constexpr int kBatch = 16;
    for (int i = 0; i < files.size(); i += kBatch) {
        for (const ExtractedFile &x : extractFiles(files.mid(i, kBatch))) {
            const int done = report.indexed + report.failed + 1;
            if (!x.features) {
                ++report.failed;
                progress(QStringLiteral("[%1/%2] %3: skipped: %4")
                             .arg(done)
                             .arg(files.size())
                             .arg(x.entry.id, x.features.error().message));
                continue;
            }
            const TrackFeatures &f = x.features.value();
            contents.idx.add(x.entry.id, f);
            contents.tracks.insert(
                x.entry.id, catalogTrackJson(x.entry.id, metadata.value(x.entry.id).toObject(), f));
            report.audioSeconds += f.stats.decodedSec();
            ++report.indexed;
            progress(QStringLiteral("[%1/%2] %3: %4 s")
                         .arg(done)
                         .arg(files.size())
                         .arg(x.entry.id)
                         .arg(f.stats.decodedSec(), 0, 'f', 1));
        }
    }
}

// Metadata keys that name no indexed file (keys are paths relative to DIR).
void reportUnmatchedMetadata(const QJsonObject &metadata, const QJsonObject &tracks,
                             const std::function<void(const QString &)> &progress)
{
    QStringList unmatched;
    for (auto it = metadata.begin(); it != metadata.end(); ++it)
        if (!tracks.contains(it.key()))
            unmatched << it.key();
    if (unmatched.isEmpty())
        return;
    progress(QStringLiteral("warning: %1 metadata entries name no audio file that was indexed "
                            "(keys are paths relative to the audio folder), e.g. %2")
                 .arg(unmatched.size())
                 .arg(unmatched.first()));
}

// The indexes and catalog.json into directory.
Status writeCatalog(const QString &directory, const QString &name, const CatalogContents &contents)
{
    if (auto s = contents.idx.save(directory); !s)
        return s.error();
    QSaveFile cf(QDir(directory).filePath(QStringLiteral("catalog.json")));
    const QJsonObject doc{
        {QStringLiteral("format"), QStringLiteral("lemm-catalog-1")},
        {QStringLiteral("name"), name},
        {QStringLiteral("built_at"), core::toIso(QDateTime::currentDateTimeUtc())},
        {QStringLiteral("tracks"), contents.tracks}};
    if (!cf.open(QIODevice::WriteOnly) || cf.write(QJsonDocument(doc).toJson()) < 0 || !cf.commit())
        return Error::make(ErrorKind::Internal, QStringLiteral("io_error"),
                           QStringLiteral("cannot write the catalog in %1").arg(directory));
    return okStatus();
}

} // namespace

Result<CatalogBuildReport> buildCatalog(const QString &dataDir, const QString &name,
                                        const QString &audioDir, const QString &metadataFile,
                                        const std::function<void(const QString &)> &progress)
{
    static const QRegularExpression kName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    if (!kName.match(name).hasMatch())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("bad_catalog_name"),
                           QStringLiteral("a catalog name is 1-64 letters, digits, '.', '_' or "
                                          "'-', starting with a letter or digit"));
    if (!QFileInfo(audioDir).isDir())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("no_audio_dir"),
                           QStringLiteral("%1 is not a directory").arg(audioDir));
    auto metadata = readCatalogMetadata(metadataFile);
    if (!metadata)
        return metadata.error();
    auto files = listCatalogAudio(audioDir);
    if (!files)
        return files.error();
    QElapsedTimer clock;
    clock.start();
    CatalogBuildReport report;
    CatalogContents contents;
    indexCatalogFiles(files.value(), metadata.value(), contents, report, progress);
    reportUnmatchedMetadata(metadata.value(), contents.tracks, progress);
    if (report.indexed == 0)
        return Error::make(
            ErrorKind::Unprocessable, QStringLiteral("nothing_indexed"),
            QStringLiteral("none of the %1 files could be decoded").arg(files.value().size()));
    report.directory = QDir(dataDir).filePath(QStringLiteral("catalogs/") + name);
    if (auto s = writeCatalog(report.directory, name, contents); !s)
        return s.error();
    report.wallSeconds = clock.elapsed() / 1000.0;
    return report;
}

} // namespace lemm::server
