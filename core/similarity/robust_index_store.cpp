// RobustIndex storage: the CSR base (owned or mapped), the mutable delta, compaction, the
// on-disk layout (robust_index.h) and the streaming builder.
#include "core/similarity/robust_index.h"

#include "core/base/assert.h"

#include <QFile>
#include <QSaveFile>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace lemm::core {

using namespace robust;

// The base is used in place from the file: the host must store integers the way the file does.
static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN,
              "the mapped robust index needs a little-endian host");
static_assert(sizeof(RobustIndex::Posting) == 8, "postings are 8 bytes on disk");

struct RobustIndex::Base {
    uint32_t tracks = 0;
    uint64_t postingCount = 0, peakCount = 0;
    const uint64_t *keyOffsets = nullptr; // kKeySpace + 1; null: no postings at all
    const Posting *postings = nullptr;
    const uint64_t *peakOffsets = nullptr; // tracks + 1; null when tracks == 0
    const uint32_t *peaks = nullptr;
    std::vector<uint64_t> ownKeyOffsets, ownPeakOffsets;
    std::vector<Posting> ownPostings;
    std::vector<uint32_t> ownPeaks;
    bool pitchSorted = true;     // each bucket sorted by pitchOrder (false: an LVRI2 file)
    std::unique_ptr<QFile> file; // the mapped file, when mapped
    uchar *map = nullptr;
    qint64 mapBytes = 0;

    Base() = default;
    Base(const Base &) = delete;
    Base &operator=(const Base &) = delete;
    ~Base()
    {
        if (file && map)
            file->unmap(map);
    }
    void pointAtOwn()
    {
        keyOffsets = ownKeyOffsets.empty() ? nullptr : ownKeyOffsets.data();
        postings = ownPostings.data();
        peakOffsets = ownPeakOffsets.empty() ? nullptr : ownPeakOffsets.data();
        peaks = ownPeaks.data();
        postingCount = ownPostings.size();
        peakCount = ownPeaks.size();
    }
    qint64 bytes() const
    {
        if (map)
            return mapBytes;
        return qint64(ownKeyOffsets.capacity() * 8 + ownPostings.capacity() * sizeof(Posting) +
                      ownPeakOffsets.capacity() * 8 + ownPeaks.capacity() * 4);
    }
};

namespace {

constexpr char kMagicV1[8] = {'L', 'V', 'R', 'I', '1', 0, 0, 0};
constexpr char kMagicV2[8] = {'L', 'V', 'R', 'I', '2', 0, 0, 0};
constexpr char kMagicV3[8] = {'L', 'V', 'R', 'I', '3', 0, 0, 0};

uint32_t anchorPitch(const RobustIndex::Posting &p)
{
    return p.packed & 1023u;
}

// The order of a bucket's postings: by anchor pitch, then track and frame (a total order, so
// every writer lays a bucket out byte for byte the same).
bool pitchOrder(const RobustIndex::Posting &a, const RobustIndex::Posting &b)
{
    const uint32_t pa = anchorPitch(a), pb = anchorPitch(b);
    if (pa != pb)
        return pa < pb;
    return a.track != b.track ? a.track < b.track : a.packed < b.packed;
}

void sortBucket(RobustIndex::Posting *begin, RobustIndex::Posting *end)
{
    std::sort(begin, end, pitchOrder);
}
constexpr qsizetype kHeadBytes = 32; // magic, keySpace, trackCount, postingCount, peakCount

uint32_t packOf(const Triplet &t)
{
    return (std::min<uint32_t>(t.t1, (1u << 22) - 1) << 10) | (t.f1 & 1023u);
}

// A track's anchor peaks as verification looks them up: packed, sorted, distinct.
std::vector<uint32_t> anchorPeaks(const std::vector<Triplet> &triplets)
{
    std::vector<uint32_t> peaks;
    peaks.reserve(triplets.size() / 4 + 1);
    for (const Triplet &t : triplets)
        peaks.push_back(packOf(t));
    std::sort(peaks.begin(), peaks.end());
    peaks.erase(std::unique(peaks.begin(), peaks.end()), peaks.end());
    peaks.shrink_to_fit();
    return peaks;
}

qsizetype padTo8(qsizetype n)
{
    return (n + 7) & ~qsizetype(7);
}

Error ioError(const QString &m)
{
    return Error::make(ErrorKind::Internal, QStringLiteral("index_io"), m);
}

Error corrupt(const QString &path, const char *why)
{
    return Error::make(
        ErrorKind::InvalidInput, QStringLiteral("index_corrupt"),
        QStringLiteral("%1 is not a valid robust index: %2").arg(path, QString::fromLatin1(why)));
}

template <typename T> void appendLe(QByteArray &out, T v)
{
    v = qToLittleEndian(v);
    out.append(reinterpret_cast<const char *>(&v), sizeof v);
}

// The file's head: header, track table and padding (everything before the key offsets).
QByteArray headBytes(const std::vector<QString> &ids, const std::vector<double> &durations,
                     const std::vector<uint32_t> &keep, uint64_t postings, uint64_t peaks)
{
    QByteArray out(kMagicV3, 8);
    appendLe(out, quint32(kKeySpace));
    appendLe(out, quint32(keep.size()));
    appendLe(out, quint64(postings));
    appendLe(out, quint64(peaks));
    for (uint32_t i : keep) {
        const QByteArray id = ids[i].toUtf8().left(UINT16_MAX);
        appendLe(out, quint16(id.size()));
        out.append(id);
        quint64 bits;
        memcpy(&bits, &durations[i], 8);
        appendLe(out, bits);
    }
    out.append(QByteArray(padTo8(out.size()) - out.size(), '\0'));
    return out;
}

// Bounds-checked little-endian reads from a byte range.
struct Cursor {
    const uchar *data = nullptr;
    qsizetype size = 0, pos = 0;
    bool need(qsizetype n) const { return n >= 0 && pos <= size && n <= size - pos; }
    template <typename T> T take()
    {
        T v;
        memcpy(&v, data + pos, sizeof v);
        pos += qsizetype(sizeof v);
        return qFromLittleEndian(v);
    }
};

// A CSR offsets array: starts at 0, never decreases, ends at `total`.
bool offsetsValid(const uint64_t *offsets, size_t n, uint64_t total)
{
    if (offsets[0] != 0 || offsets[n] != total)
        return false;
    for (size_t i = 0; i < n; ++i)
        if (offsets[i + 1] < offsets[i])
            return false;
    return true;
}

// Output through a large buffer (a 10,000-hour index is billions of small values).
class BufferedOut
{
public:
    explicit BufferedOut(QSaveFile &f) : m_file(f) { m_buf.reserve(kChunk); }
    template <typename T> void put(const T &v)
    {
        const char *p = reinterpret_cast<const char *>(&v);
        m_buf.insert(m_buf.end(), p, p + sizeof v);
        if (m_buf.size() >= kChunk)
            flush();
    }
    void bytes(const QByteArray &b)
    {
        flush();
        m_ok = m_ok && m_file.write(b) == b.size();
    }
    bool finish()
    {
        flush();
        return m_ok;
    }

private:
    static constexpr size_t kChunk = size_t(4) << 20;
    void flush()
    {
        if (!m_buf.empty())
            m_ok = m_ok && m_file.write(m_buf.data(), qint64(m_buf.size())) == qint64(m_buf.size());
        m_buf.clear();
    }
    QSaveFile &m_file;
    std::vector<char> m_buf;
    bool m_ok = true;
};

} // namespace

RobustIndex::RobustIndex() : m_base(std::make_shared<Base>()) {}

uint32_t RobustIndex::baseTracks() const
{
    return m_base->tracks;
}

std::span<const RobustIndex::Posting> RobustIndex::basePostings(uint32_t key) const
{
    const Base &b = *m_base;
    if (!b.keyOffsets || key >= kKeySpace)
        return {};
    return {b.postings + b.keyOffsets[key], size_t(b.keyOffsets[key + 1] - b.keyOffsets[key])};
}

std::span<const RobustIndex::Posting> RobustIndex::pitchWindow(std::span<const Posting> bucket,
                                                               uint16_t f1) const
{
    if (!m_pitchWindow || !m_base->pitchSorted)
        return bucket;
    const uint32_t lo = uint32_t(std::max<int32_t>(0, int32_t(f1) - kMaxPitchShift));
    const uint32_t hi = uint32_t(int32_t(f1) + kMaxPitchShift);
    const auto first = std::partition_point(bucket.begin(), bucket.end(),
                                            [&](const Posting &p) { return anchorPitch(p) < lo; });
    const auto last = std::partition_point(first, bucket.end(),
                                           [&](const Posting &p) { return anchorPitch(p) <= hi; });
    return {first, last};
}

std::span<const RobustIndex::Posting> RobustIndex::deltaPostings(uint32_t key) const
{
    if (key >= m_delta.size())
        return {};
    return m_delta[key];
}

std::span<const uint32_t> RobustIndex::peaksOf(uint32_t track) const
{
    const Base &b = *m_base;
    if (track < b.tracks)
        return {b.peaks + b.peakOffsets[track],
                size_t(b.peakOffsets[track + 1] - b.peakOffsets[track])};
    const size_t d = track - b.tracks;
    return d < m_deltaPeaks.size() ? std::span<const uint32_t>(m_deltaPeaks[d])
                                   : std::span<const uint32_t>();
}

void RobustIndex::add(const QString &trackId, const RobustFingerprint &fp)
{
    remove(trackId);
    const uint32_t idx = uint32_t(m_ids.size());
    m_ids.push_back(trackId);
    m_durations.push_back(fp.durationSec);
    m_removed.push_back(false);
    m_byId.insert(trackId, idx);
    ++m_live;
    m_liveSeconds += fp.durationSec;
    m_deltaPeaks.resize(size_t(idx - baseTracks()) + 1);
    m_deltaPeaks.back() = anchorPeaks(fp.triplets);
    if (m_delta.empty())
        m_delta.resize(kKeySpace);
    for (const Triplet &t : fp.triplets) {
        // fp_robust.h: every key is below kKeySpace (a bucket index).
        LEMM_VERIFY_OR_DEBUG_ASSERT(t.key < kKeySpace)
        {
            continue;
        }
        m_delta[t.key].push_back({idx, packOf(t)});
        ++m_postings;
        ++m_deltaPostings;
    }
}

bool RobustIndex::remove(const QString &trackId)
{
    auto it = m_byId.find(trackId);
    if (it == m_byId.end())
        return false;
    const uint32_t track = it.value();
    m_removed[track] = true;
    m_liveSeconds -= m_durations[track];
    if (track >= baseTracks())
        m_deltaPeaks[track - baseTracks()] = {};
    m_byId.erase(it);
    --m_live;
    return true;
}

bool RobustIndex::contains(const QString &trackId) const
{
    return m_byId.contains(trackId);
}

int RobustIndex::trackCount() const
{
    return m_live;
}

int RobustIndex::removedCount() const
{
    return int(m_ids.size()) - m_live;
}

qint64 RobustIndex::postingCount() const
{
    return m_postings;
}

qint64 RobustIndex::deltaPostingCount() const
{
    return m_deltaPostings;
}

double RobustIndex::indexedSeconds() const
{
    return std::max(0.0, m_liveSeconds);
}

bool RobustIndex::isMapped() const
{
    return m_base->map != nullptr;
}

void RobustIndex::setProbeBudget(qint64 postings)
{
    // At most 2^32 - 1: stage 1 numbers the postings it reads in 32 bits.
    m_probeBudget = std::clamp<qint64>(postings, 1, qint64(UINT32_MAX));
}

void RobustIndex::setPitchWindow(bool on)
{
    m_pitchWindow = on;
}

qint64 RobustIndex::probeBudget() const
{
    return m_probeBudget;
}

qint64 RobustIndex::memoryBytes() const
{
    qint64 bytes = m_base->bytes() + qint64(m_delta.size() * sizeof(std::vector<Posting>));
    for (const auto &b : m_delta)
        bytes += qint64(b.capacity() * sizeof(Posting));
    for (const auto &p : m_deltaPeaks)
        bytes += qint64(sizeof p + p.capacity() * sizeof(uint32_t));
    return bytes;
}

std::vector<uint32_t> RobustIndex::keyHistogram() const
{
    std::vector<uint32_t> h(kKeySpace);
    for (uint32_t k = 0; k < kKeySpace; ++k)
        h[k] = uint32_t(basePostings(k).size() + deltaPostings(k).size());
    return h;
}

void RobustIndex::reserve(const std::vector<size_t> &extra)
{
    if (m_delta.empty())
        m_delta.resize(kKeySpace);
    for (size_t k = 0; k < m_delta.size() && k < extra.size(); ++k)
        m_delta[k].reserve(m_delta[k].size() + extra[k]);
}

void RobustIndex::addRaw(const QString &trackId, double durationSec,
                         const std::vector<Triplet> &triplets)
{
    RobustFingerprint fp;
    fp.durationSec = durationSec;
    fp.triplets = triplets;
    add(trackId, fp);
}

std::vector<uint32_t> RobustIndex::liveRemap() const
{
    std::vector<uint32_t> remap(m_ids.size(), UINT32_MAX);
    uint32_t next = 0;
    for (size_t i = 0; i < m_ids.size(); ++i)
        if (!m_removed[i])
            remap[i] = next++;
    return remap;
}

void RobustIndex::adoptTrackTable(std::vector<QString> ids, std::vector<double> durations)
{
    m_ids = std::move(ids);
    m_durations = std::move(durations);
    m_removed.assign(m_ids.size(), false);
    m_byId.clear();
    m_liveSeconds = 0;
    for (size_t i = 0; i < m_ids.size(); ++i) {
        m_byId.insert(m_ids[i], uint32_t(i));
        m_liveSeconds += m_durations[i];
    }
    m_live = int(m_ids.size());
}

template <typename Fn>
void RobustIndex::forEachLive(uint32_t key, const std::vector<uint32_t> &remap, Fn &&fn) const
{
    // Base postings name base tracks only (a damaged file's others are skipped).
    const uint32_t bt = baseTracks();
    for (const Posting &p : basePostings(key))
        if (p.track < bt && remap[p.track] != UINT32_MAX)
            fn(Posting{remap[p.track], p.packed});
    for (const Posting &p : deltaPostings(key))
        if (remap[p.track] != UINT32_MAX)
            fn(Posting{remap[p.track], p.packed});
}

std::vector<uint64_t> RobustIndex::liveOffsets(const std::vector<uint32_t> &remap) const
{
    std::vector<uint64_t> offsets(size_t(kKeySpace) + 1, 0);
    for (uint32_t k = 0; k < kKeySpace; ++k) {
        uint64_t n = 0;
        forEachLive(k, remap, [&](const Posting &) { ++n; });
        offsets[k + 1] = offsets[k] + n;
    }
    return offsets;
}

RobustIndex RobustIndex::compacted() const
{
    const std::vector<uint32_t> remap = liveRemap();
    auto nb = std::make_shared<Base>();
    nb->ownKeyOffsets = liveOffsets(remap);
    nb->ownPostings.reserve(nb->ownKeyOffsets.back());
    for (uint32_t k = 0; k < kKeySpace; ++k) {
        const size_t from = nb->ownPostings.size();
        forEachLive(k, remap, [&](const Posting &p) { nb->ownPostings.push_back(p); });
        sortBucket(nb->ownPostings.data() + from, nb->ownPostings.data() + nb->ownPostings.size());
    }
    std::vector<QString> ids;
    std::vector<double> durations;
    nb->ownPeakOffsets.push_back(0);
    for (size_t i = 0; i < m_ids.size(); ++i) {
        if (remap[i] == UINT32_MAX)
            continue;
        const auto peaks = peaksOf(uint32_t(i));
        nb->ownPeaks.insert(nb->ownPeaks.end(), peaks.begin(), peaks.end());
        nb->ownPeakOffsets.push_back(nb->ownPeaks.size());
        ids.push_back(m_ids[i]);
        durations.push_back(m_durations[i]);
    }
    nb->tracks = uint32_t(ids.size());
    nb->pointAtOwn();
    RobustIndex out;
    out.m_postings = qint64(nb->postingCount);
    out.m_base = std::move(nb);
    out.m_probeBudget = m_probeBudget;
    out.m_pitchWindow = m_pitchWindow;
    out.adoptTrackTable(std::move(ids), std::move(durations));
    return out;
}

void RobustIndex::compact()
{
    *this = compacted();
}

Status RobustIndex::save(const QString &path) const
{
    // Streams the merged view (base and delta, removed tracks dropped) without a copy.
    const std::vector<uint32_t> remap = liveRemap();
    std::vector<uint32_t> keep;
    uint64_t peaks = 0;
    for (size_t i = 0; i < m_ids.size(); ++i)
        if (remap[i] != UINT32_MAX) {
            keep.push_back(uint32_t(i));
            peaks += peaksOf(uint32_t(i)).size();
        }
    const std::vector<uint64_t> offsets = liveOffsets(remap);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("cannot write %1").arg(path));
    BufferedOut out(f);
    out.bytes(headBytes(m_ids, m_durations, keep, offsets.back(), peaks));
    for (uint64_t o : offsets)
        out.put(o);
    std::vector<Posting> bucket;
    for (uint32_t k = 0; k < kKeySpace; ++k) {
        bucket.clear();
        forEachLive(k, remap, [&](const Posting &p) { bucket.push_back(p); });
        sortBucket(bucket.data(), bucket.data() + bucket.size());
        for (const Posting &p : bucket)
            out.put(p);
    }
    uint64_t at = 0;
    out.put(at);
    for (uint32_t i : keep)
        out.put(at += peaksOf(i).size());
    for (uint32_t i : keep)
        for (uint32_t p : peaksOf(i))
            out.put(p);
    if (peaks % 2)
        out.put(uint32_t(0));
    if (!out.finish() || !f.commit())
        return ioError(QStringLiteral("cannot commit %1").arg(path));
    return okStatus();
}

namespace {

// The track table of a file, read through `c` (bounds-checked).
bool readTrackTable(Cursor &c, quint32 tracks, std::vector<QString> &ids,
                    std::vector<double> &durations)
{
    ids.reserve(tracks);
    durations.reserve(tracks);
    for (quint32 i = 0; i < tracks; ++i) {
        if (!c.need(2))
            return false;
        const quint16 len = c.take<quint16>();
        if (!c.need(qsizetype(len) + 8))
            return false;
        ids.push_back(QString::fromUtf8(reinterpret_cast<const char *>(c.data + c.pos), len));
        c.pos += len;
        const quint64 bits = c.take<quint64>();
        double d;
        memcpy(&d, &bits, 8);
        durations.push_back(std::isfinite(d) ? std::max(0.0, d) : 0.0);
    }
    return true;
}

} // namespace

Result<RobustIndex> RobustIndex::load(const QString &path)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("cannot read %1").arg(path));
    const QByteArray magic = file->peek(8);
    if (magic == QByteArray(kMagicV1, 8))
        return loadV1(path, file->readAll());
    const bool v3 = magic == QByteArray(kMagicV3, 8);
    if ((!v3 && magic != QByteArray(kMagicV2, 8)) || file->size() < kHeadBytes)
        return corrupt(path, "bad magic");
    auto base = std::make_shared<Base>();
    base->pitchSorted = v3;
    base->mapBytes = file->size();
    base->map = file->map(0, base->mapBytes);
    if (!base->map)
        return ioError(QStringLiteral("cannot map %1").arg(path));
    base->file = std::move(file);
    Cursor c{base->map, qsizetype(base->mapBytes), 8};
    const quint32 keySpace = c.take<quint32>(), tracks = c.take<quint32>();
    const quint64 postings = c.take<quint64>(), peaks = c.take<quint64>();
    if (keySpace != kKeySpace)
        return corrupt(path, "made with another key layout");
    if (tracks > uint32_t(INT32_MAX) || postings > quint64(c.size) / 8 ||
        peaks > quint64(c.size) / 4)
        return corrupt(path, "sizes larger than the file");
    std::vector<QString> ids;
    std::vector<double> durations;
    if (!readTrackTable(c, tracks, ids, durations))
        return corrupt(path, "truncated track table");
    c.pos = padTo8(c.pos);
    const qsizetype rest = qsizetype(kKeySpace + 1) * 8 + qsizetype(postings) * 8 +
                           qsizetype(tracks + 1) * 8 + padTo8(qsizetype(peaks) * 4);
    if (!c.need(rest) || c.size - c.pos != rest)
        return corrupt(path, "truncated postings");
    base->tracks = tracks;
    base->postingCount = postings;
    base->peakCount = peaks;
    base->keyOffsets = reinterpret_cast<const uint64_t *>(c.data + c.pos);
    base->postings = reinterpret_cast<const Posting *>(base->keyOffsets + kKeySpace + 1);
    base->peakOffsets = reinterpret_cast<const uint64_t *>(base->postings + postings);
    base->peaks = reinterpret_cast<const uint32_t *>(base->peakOffsets + tracks + 1);
    if (!offsetsValid(base->keyOffsets, kKeySpace, postings) ||
        !offsetsValid(base->peakOffsets, tracks, peaks))
        return corrupt(path, "offsets out of range");
    RobustIndex idx;
    idx.m_base = std::move(base);
    idx.m_postings = qint64(postings);
    idx.adoptTrackTable(std::move(ids), std::move(durations));
    return idx;
}

// The first layout (postings only; peaks rebuilt from them), read into memory.
Result<RobustIndex> RobustIndex::loadV1(const QString &path, const QByteArray &all)
{
    Cursor c{reinterpret_cast<const uchar *>(all.constData()), all.size(), 8};
    if (!c.need(16))
        return corrupt(path, "bad magic");
    const quint32 keySpace = c.take<quint32>(), tracks = c.take<quint32>();
    const quint64 postings = c.take<quint64>();
    if (keySpace != kKeySpace)
        return corrupt(path, "made with another key layout");
    std::vector<QString> ids;
    std::vector<double> durations;
    if (tracks > uint32_t(INT32_MAX) || !readTrackTable(c, tracks, ids, durations))
        return corrupt(path, "truncated track table");
    if (postings > quint64(c.size) / 8 ||
        !c.need(qsizetype(kKeySpace + 1) * 8 + qsizetype(postings) * 8))
        return corrupt(path, "truncated postings");
    auto base = std::make_shared<Base>();
    base->tracks = tracks;
    base->ownKeyOffsets.resize(size_t(kKeySpace) + 1);
    for (auto &o : base->ownKeyOffsets)
        o = c.take<quint64>();
    if (!offsetsValid(base->ownKeyOffsets.data(), kKeySpace, postings))
        return corrupt(path, "offsets out of range");
    base->ownPostings.resize(postings);
    std::vector<std::vector<uint32_t>> peaks(tracks);
    for (Posting &p : base->ownPostings) {
        p.track = c.take<quint32>();
        p.packed = c.take<quint32>();
        if (p.track >= tracks)
            return corrupt(path, "posting names an unknown track");
        peaks[p.track].push_back(p.packed);
    }
    for (uint32_t k = 0; k < kKeySpace; ++k)
        sortBucket(base->ownPostings.data() + base->ownKeyOffsets[k],
                   base->ownPostings.data() + base->ownKeyOffsets[k + 1]);
    base->ownPeakOffsets.push_back(0);
    for (auto &tp : peaks) {
        std::sort(tp.begin(), tp.end());
        tp.erase(std::unique(tp.begin(), tp.end()), tp.end());
        base->ownPeaks.insert(base->ownPeaks.end(), tp.begin(), tp.end());
        base->ownPeakOffsets.push_back(base->ownPeaks.size());
        tp = {};
    }
    base->pointAtOwn();
    RobustIndex idx;
    idx.m_base = std::move(base);
    idx.m_postings = qint64(postings);
    idx.adoptTrackTable(std::move(ids), std::move(durations));
    return idx;
}

// --- RobustIndexBuilder ---------------------------------------------------------------------

struct RobustIndexBuilder::Impl {
    std::vector<QString> ids;
    std::vector<double> durations;
    std::vector<uint64_t> keyOffsets = std::vector<uint64_t>(size_t(kKeySpace) + 1, 0);
    std::vector<uint64_t> peakOffsets{0};
    std::vector<uint64_t> cursor; // next free posting per key
    QString path;
    QFile file;
    uchar *map = nullptr;
    RobustIndex::Posting *postings = nullptr;
    uint32_t *peaks = nullptr;
    uint32_t placed = 0;
};

RobustIndexBuilder::RobustIndexBuilder() : d(std::make_unique<Impl>()) {}

RobustIndexBuilder::~RobustIndexBuilder()
{
    if (d->map)
        d->file.unmap(d->map);
}

void RobustIndexBuilder::count(const QString &trackId, double durationSec,
                               const std::vector<Triplet> &triplets)
{
    d->ids.push_back(trackId);
    d->durations.push_back(durationSec);
    for (const Triplet &t : triplets)
        if (t.key < kKeySpace)
            ++d->keyOffsets[t.key + 1];
    d->peakOffsets.push_back(d->peakOffsets.back() + anchorPeaks(triplets).size());
}

Status RobustIndexBuilder::open(const QString &path)
{
    std::partial_sum(d->keyOffsets.begin(), d->keyOffsets.end(), d->keyOffsets.begin());
    d->cursor.assign(d->keyOffsets.begin(), d->keyOffsets.end() - 1);
    const uint64_t postings = d->keyOffsets.back(), peaks = d->peakOffsets.back();
    std::vector<uint32_t> all(d->ids.size());
    std::iota(all.begin(), all.end(), 0u);
    const QByteArray head = headBytes(d->ids, d->durations, all, postings, peaks);
    const qint64 keyBytes = qint64(d->keyOffsets.size()) * 8,
                 peakOffBytes = qint64(d->peakOffsets.size()) * 8;
    const qint64 total =
        head.size() + keyBytes + qint64(postings) * 8 + peakOffBytes + padTo8(qint64(peaks) * 4);
    d->path = path + QStringLiteral(".part");
    d->file.setFileName(d->path);
    if (!d->file.open(QIODevice::ReadWrite | QIODevice::Truncate) || !d->file.resize(total))
        return ioError(QStringLiteral("cannot write %1").arg(d->path));
    d->map = d->file.map(0, total);
    if (!d->map)
        return ioError(QStringLiteral("cannot map %1").arg(d->path));
    uchar *at = d->map;
    memcpy(at, head.constData(), size_t(head.size()));
    at += head.size();
    memcpy(at, d->keyOffsets.data(), size_t(keyBytes));
    d->postings = reinterpret_cast<RobustIndex::Posting *>(at + keyBytes);
    at += keyBytes + qint64(postings) * 8;
    memcpy(at, d->peakOffsets.data(), size_t(peakOffBytes));
    d->peaks = reinterpret_cast<uint32_t *>(at + peakOffBytes);
    d->path = path;
    return okStatus();
}

Status RobustIndexBuilder::place(uint32_t track, const std::vector<Triplet> &triplets)
{
    if (!d->map || track != d->placed || track >= d->ids.size())
        return ioError(QStringLiteral("place() out of order"));
    const std::vector<uint32_t> peaks = anchorPeaks(triplets);
    if (peaks.size() != d->peakOffsets[track + 1] - d->peakOffsets[track])
        return ioError(QStringLiteral("place() got other triplets than count()"));
    for (const Triplet &t : triplets) {
        if (t.key >= kKeySpace)
            continue;
        uint64_t &slot = d->cursor[t.key];
        if (slot >= d->keyOffsets[t.key + 1])
            return ioError(QStringLiteral("place() got other triplets than count()"));
        d->postings[slot++] = {track, packOf(t)};
    }
    std::copy(peaks.begin(), peaks.end(), d->peaks + d->peakOffsets[track]);
    ++d->placed;
    return okStatus();
}

Status RobustIndexBuilder::finish()
{
    if (!d->map || d->placed != d->ids.size())
        return ioError(QStringLiteral("finish() before every track was placed"));
    for (uint32_t k = 0; k < kKeySpace; ++k)
        sortBucket(d->postings + d->keyOffsets[k], d->postings + d->keyOffsets[k + 1]);
    d->file.unmap(d->map);
    d->map = nullptr;
    d->file.close();
    const QString part = d->path + QStringLiteral(".part");
    QFile::remove(d->path);
    if (!QFile::rename(part, d->path))
        return ioError(QStringLiteral("cannot rename %1").arg(part));
    return okStatus();
}

} // namespace lemm::core
