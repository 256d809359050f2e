#include "server/cli/similarity_cli.h"

#include "server/similarity/external_sources.h"
#include "server/storage/index_files.h"

#include "core/similarity/embedding_index.h"
#include "core/similarity/robust_index.h"
#include "core/similarity/score_calibration.h"
#include "core/similarity/track_features.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSaveFile>
#include <QTextStream>
#include <QtConcurrent>

#include <cstdio>

namespace lemm::server {

using namespace lemm::core;

namespace {

const char kUsage[] =
    "Usage: lemm-vault-server similarity <command> ...\n"
    "\n"
    "  index LIST INDEXDIR    build or extend an index from LIST (lines: id<TAB>audio_path)\n"
    "  query INDEXDIR LIST    match every file of LIST; one JSON object per line on stdout\n"
    "  fingerprint FILE       print the FingerprintRecord JSON of FILE [--max-seconds N]\n"
    "\n"
    "Run 'lemm-vault-server similarity <command> --help' for options.\n";

constexpr int kBatch = 16;

QMutex g_errLock;
void progress(const QString &line)
{
    QMutexLocker lock(&g_errLock);
    std::fprintf(stderr, "%s\n", qPrintable(line));
    std::fflush(stderr);
}

using Entry = FileEntry;

Result<QList<Entry>> readList(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("list_unreadable"),
                           QStringLiteral("cannot read %1").arg(file));
    QList<Entry> out;
    int lineNo = 0;
    QTextStream in(&f);
    while (!in.atEnd()) {
        const QString line = in.readLine();
        ++lineNo;
        if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const int tab = line.indexOf(QLatin1Char('\t'));
        if (tab <= 0 || tab == line.size() - 1)
            return Error::make(
                ErrorKind::InvalidInput, QStringLiteral("list_malformed"),
                QStringLiteral("%1 line %2: expected id<TAB>audio_path").arg(file).arg(lineNo));
        out.append({line.left(tab), line.mid(tab + 1)});
    }
    return out;
}

// Extracts features for a batch of entries on all cores.
QList<ExtractedFile> extractBatch(const QList<Entry> &batch)
{
    return extractFiles(batch);
}

int fail(const QString &msg)
{
    progress(QStringLiteral("error: ") + msg);
    return 1;
}

Result<IndexSet> loadIndexes(const QString &dir, bool mustExist)
{
    auto idx = IndexSet::load(dir, mustExist);
    if (!idx && idx.error().code == QLatin1String("no_index"))
        return Error::make(
            ErrorKind::NotFound, QStringLiteral("no_index"),
            QStringLiteral("%1 holds no index (run 'similarity index' first)").arg(dir));
    return idx;
}

bool parseArgs(QCommandLineParser &p, const QStringList &args, const QString &description,
               const QStringList &positional, int *code)
{
    p.setApplicationDescription(description);
    p.addHelpOption();
    for (const QString &name : positional)
        p.addPositionalArgument(name, name);
    if (!p.parse(args)) {
        progress(p.errorText());
        *code = 2;
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(p.helpText()));
        *code = 0;
        return false;
    }
    if (p.positionalArguments().size() != positional.size()) {
        progress(QStringLiteral("error: expected %1\n").arg(positional.join(QLatin1Char(' '))) +
                 p.helpText());
        *code = 2;
        return false;
    }
    return true;
}

int cmdIndex(const QStringList &args)
{
    QCommandLineParser p;
    int code = 0;
    if (!parseArgs(p, args,
                   QStringLiteral("Build or extend the similarity index in INDEXDIR from LIST "
                                  "(lines: id<TAB>audio_path). Files that fail are reported and "
                                  "skipped; the exit code is then 3."),
                   {QStringLiteral("LIST"), QStringLiteral("INDEXDIR")}, &code))
        return code;
    const QString dir = p.positionalArguments().at(1);
    auto list = readList(p.positionalArguments().at(0));
    if (!list)
        return fail(list.error().message);
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("cannot create %1").arg(dir));
    auto idx = loadIndexes(dir, false);
    if (!idx)
        return fail(idx.error().message);
    QElapsedTimer clock;
    clock.start();
    int done = 0, failed = 0;
    double audioSec = 0, cpuSec = 0;
    for (int i = 0; i < list->size(); i += kBatch) {
        for (const ExtractedFile &x : extractBatch(list->mid(i, kBatch))) {
            ++done;
            if (!x.features) {
                ++failed;
                progress(QStringLiteral("[%1/%2] %3: %4")
                             .arg(done)
                             .arg(list->size())
                             .arg(x.entry.id, x.features.error().message));
                continue;
            }
            const TrackFeatures &f = x.features.value();
            idx->add(x.entry.id, f);
            audioSec += f.stats.decodedSec();
            cpuSec += f.extractSeconds;
            progress(QStringLiteral("[%1/%2] %3: %4 s, %5 triplets, %6x real time")
                         .arg(done)
                         .arg(list->size())
                         .arg(x.entry.id)
                         .arg(f.stats.decodedSec(), 0, 'f', 1)
                         .arg(f.robust.triplets.size())
                         .arg(f.stats.decodedSec() / std::max(1e-9, f.extractSeconds), 0, 'f', 0));
        }
    }
    if (auto s = idx->save(dir); !s)
        return fail(s.error().message);
    progress(
        QStringLiteral("indexed %1 of %2 files (%3 h of audio, %4x real time per core) in %5 s; "
                       "index: %6 tracks, %7 postings")
            .arg(done - failed)
            .arg(list->size())
            .arg(audioSec / 3600, 0, 'f', 2)
            .arg(audioSec / std::max(1e-9, cpuSec), 0, 'f', 0)
            .arg(clock.elapsed() / 1000.0, 0, 'f', 1)
            .arg(idx->robust.trackCount())
            .arg(idx->robust.postingCount()));
    return failed ? 3 : 0;
}

QJsonObject matchJson(const RobustMatch &m, double exactScore, double embedding)
{
    auto r3 = [](double v) { return std::round(v * 1000) / 1000; };
    // The API's segment fields, plus the evidence behind each score (for the benchmarks).
    QJsonArray segments = segmentsJson(m.segments);
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const RobustSegment &s = m.segments[size_t(i)];
        QJsonObject o = segments[i].toObject();
        o.insert(QStringLiteral("statistic"), r3(s.statistic));
        o.insert(QStringLiteral("fp_rate"), s.falsePositiveRate);
        o.insert(QStringLiteral("peaks"), s.peaks);
        o.insert(QStringLiteral("verified"), s.verified);
        o.insert(QStringLiteral("chance_rate"), r3(s.chanceRate));
        segments[i] = o;
    }
    return QJsonObject{
        {QStringLiteral("statistic"), r3(m.significance)},
        {QStringLiteral("fp_rate"), m.falsePositiveRate},
        {QStringLiteral("segments"), segments},
        {QStringLiteral("id"), m.trackId},
        {QStringLiteral("score"), r3(std::max(m.score, exactScore))},
        {QStringLiteral("offset_s"), r3(m.offsetSec)},
        {QStringLiteral("overlap_start"), r3(m.queryStart)},
        {QStringLiteral("overlap_end"), r3(m.queryEnd)},
        {QStringLiteral("ref_overlap_start"), r3(m.refStart)},
        {QStringLiteral("ref_overlap_end"), r3(m.refEnd)},
        {QStringLiteral("time_factor"), r3(m.timeFactor)},
        {QStringLiteral("pitch_factor"), r3(m.pitchFactor)},
        {QStringLiteral("matches"), m.matches},
        {QStringLiteral("coverage"), r3(m.coverage)},
        {QStringLiteral("scores"), QJsonObject{{QStringLiteral("exact"), exactScore},
                                               {QStringLiteral("robust"), r3(m.score)},
                                               {QStringLiteral("embedding"), r3(embedding)}}},
    };
}

void printLine(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
}

// The robust matches of one query, with exact duplicates the robust index did not list
// (e.g. very short audio) put first.
QJsonArray queryMatches(const IndexSet &idx, const TrackFeatures &f, int maxResults,
                        double minScore)
{
    std::vector<RobustMatch> matches = idx.robust.query(f.robust, maxResults, minScore);
    const QStringList exact = idx.exact.lookup(f.exact);
    QJsonArray out;
    QStringList listed;
    for (const RobustMatch &m : matches) {
        out.append(matchJson(m, exact.contains(m.trackId) ? 1.0 : 0.0,
                             idx.embedding.similarityTo(f.embeddings.track, m.trackId)));
        listed << m.trackId;
    }
    for (const QString &id : exact)
        if (!listed.contains(id)) {
            RobustMatch m;
            m.trackId = id;
            m.queryEnd = m.refEnd = f.stats.decodedSec();
            out.prepend(matchJson(m, 1.0, idx.embedding.similarityTo(f.embeddings.track, id)));
        }
    return out;
}

// Nearest neighbours by embedding alone (the "medium embedding similarity" axis).
QJsonArray embeddingNeighbours(const IndexSet &idx, const TrackFeatures &f)
{
    QJsonArray neighbours;
    for (const EmbeddingNeighbour &n : idx.embedding.nearest(f.embeddings.track, 3))
        neighbours.append(
            QJsonObject{{QStringLiteral("id"), n.trackId},
                        {QStringLiteral("similarity"), std::round(n.similarity * 1000) / 1000}});
    return neighbours;
}

// One output line: the query's matches, its neighbours and the time both took.
QJsonObject queryLine(const IndexSet &idx, const ExtractedFile &x, int maxResults, double minScore)
{
    const TrackFeatures &f = x.features.value();
    QElapsedTimer t;
    t.start();
    const QJsonArray out = queryMatches(idx, f, maxResults, minScore);
    const QJsonArray neighbours = embeddingNeighbours(idx, f);
    return QJsonObject{
        {QStringLiteral("query"), x.entry.id},
        {QStringLiteral("query_sec"), std::round(f.robust.durationSec * 100) / 100},
        {QStringLiteral("index_hours"), idx.robust.indexedSeconds() / 3600},
        {QStringLiteral("calibration_version"), ScoreCalibration::active().version()},
        {QStringLiteral("matches"), out},
        {QStringLiteral("embedding_neighbours"), neighbours},
        {QStringLiteral("query_ms"), std::round(t.nsecsElapsed() / 1e4) / 100},
        {QStringLiteral("extract_ms"), std::round(f.extractSeconds * 1e5) / 100}};
}

int cmdQuery(const QStringList &args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("max-results"), QStringLiteral("Matches per query (default 5)."),
                 QStringLiteral("N"), QStringLiteral("5")});
    p.addOption({QStringLiteral("min-score"),
                 QStringLiteral("Leave out matches below this score (default 0)."),
                 QStringLiteral("S"), QStringLiteral("0")});
    int code = 0;
    if (!parseArgs(p, args,
                   QStringLiteral("Match every file of LIST (lines: id<TAB>audio_path) against the "
                                  "index in INDEXDIR; prints one JSON object per line, best match "
                                  "first, [] when nothing matches."),
                   {QStringLiteral("INDEXDIR"), QStringLiteral("LIST")}, &code))
        return code;
    auto idx = loadIndexes(p.positionalArguments().at(0), true);
    if (!idx)
        return fail(idx.error().message);
    auto list = readList(p.positionalArguments().at(1));
    if (!list)
        return fail(list.error().message);
    const int maxResults = std::max(1, p.value(QStringLiteral("max-results")).toInt());
    const double minScore = p.value(QStringLiteral("min-score")).toDouble();
    int failed = 0;
    for (int i = 0; i < list->size(); i += kBatch) {
        for (const ExtractedFile &x : extractBatch(list->mid(i, kBatch))) {
            if (!x.features) {
                ++failed;
                progress(QStringLiteral("%1: %2").arg(x.entry.id, x.features.error().message));
                printLine(QJsonObject{{QStringLiteral("query"), x.entry.id},
                                      {QStringLiteral("matches"), QJsonArray{}},
                                      {QStringLiteral("error"), x.features.error().message}});
                continue;
            }
            printLine(queryLine(*idx, x, maxResults, minScore));
            std::fflush(stdout);
        }
    }
    return failed ? 3 : 0;
}

int cmdFingerprint(const QStringList &args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("id"),
                 QStringLiteral("track_id to put in the record (default: the file name)."),
                 QStringLiteral("ID")});
    p.addOption({QStringLiteral("max-seconds"),
                 QStringLiteral("Stop with audio_too_long after more than N s decoded, whatever "
                                "the file declares (as ingestion does)."),
                 QStringLiteral("N")});
    int code = 0;
    if (!parseArgs(p, args, QStringLiteral("Print the FingerprintRecord JSON of FILE."),
                   {QStringLiteral("FILE")}, &code))
        return code;
    const QString file = p.positionalArguments().at(0);
    FeatureLimits limits;
    if (p.isSet(QStringLiteral("max-seconds"))) {
        bool ok = false;
        limits.maxDecodeSeconds = p.value(QStringLiteral("max-seconds")).toDouble(&ok);
        if (!ok || limits.maxDecodeSeconds <= 0)
            return fail(QStringLiteral("--max-seconds must be a positive number"));
    }
    auto f = extractFeatures(file, limits);
    if (!f)
        return fail(QStringLiteral("%1: %2").arg(file, f.error().message));
    const QString id =
        p.isSet(QStringLiteral("id")) ? p.value(QStringLiteral("id")) : QFileInfo(file).fileName();
    std::printf("%s\n", QJsonDocument(fingerprintRecord(id, f.value()))
                            .toJson(QJsonDocument::Indented)
                            .constData());
    return 0;
}

} // namespace

int runSimilarityCli(const QStringList &args)
{
    const QString cmd = args.value(2);
    QStringList rest = args;
    rest.removeAt(1); // "similarity"
    rest.removeAt(1); // the subcommand
    if (cmd == QLatin1String("index"))
        return cmdIndex(rest);
    if (cmd == QLatin1String("query"))
        return cmdQuery(rest);
    if (cmd == QLatin1String("fingerprint"))
        return cmdFingerprint(rest);
    if (cmd.isEmpty() || cmd == QLatin1String("--help") || cmd == QLatin1String("-h")) {
        std::printf("%s", kUsage);
        return cmd.isEmpty() ? 2 : 0;
    }
    std::fprintf(stderr, "unknown similarity command '%s'\n\n%s", qPrintable(cmd), kUsage);
    return 2;
}

} // namespace lemm::server
