#include "core/similarity/embedding_index.h"

#include "core/crypto/crypto.h"

#include <hnswlib/hnswlib.h>

#include <QFile>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QtEndian>

#include <algorithm>
#include <map>

namespace lemm::core {

namespace {
constexpr size_t kM = 16;
constexpr size_t kEfConstruction = 200;
constexpr size_t kEfSearch = 64;
constexpr size_t kInitialCapacity = 1024;

using Graph = hnswlib::HierarchicalNSW<float>;

void ensureRoom(Graph &g)
{
    if (g.cur_element_count + 1 > g.max_elements_)
        g.resizeIndex(std::max<size_t>(kInitialCapacity, g.max_elements_ * 2));
}

Error corrupt(const QString &path, const char *why)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("index_corrupt"),
                       QStringLiteral("%1 is not a valid embedding index: %2")
                           .arg(path, QString::fromLatin1(why)));
}

QByteArray graphBytes(Graph &g)
{
    QTemporaryFile tmp;
    if (!tmp.open())
        return {};
    tmp.close();
    g.saveIndex(tmp.fileName().toStdString());
    QFile f(tmp.fileName());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Little-endian cursor over an index file's body. A read past the end leaves its target
// untouched and clears ok() for good; later reads are still attempted at the same position.
class Reader
{
public:
    explicit Reader(const QByteArray &body) : m_body(body) {}

    template <typename T> void get(T &v)
    {
        if (m_pos + qsizetype(sizeof v) > m_body.size()) {
            m_ok = false;
            return;
        }
        memcpy(&v, m_body.constData() + m_pos, sizeof v);
        v = qFromLittleEndian(v);
        m_pos += sizeof v;
    }

    QString getString()
    {
        quint16 n = 0;
        get(n);
        if (!m_ok || m_pos + n > m_body.size()) {
            m_ok = false;
            return QString();
        }
        const QString s = QString::fromUtf8(m_body.constData() + m_pos, n);
        m_pos += n;
        return s;
    }

    // The next n bytes, or a null pointer (and ok() cleared) when fewer are left.
    const char *take(quint64 n)
    {
        if (!m_ok || m_pos + qsizetype(n) > m_body.size()) {
            m_ok = false;
            return nullptr;
        }
        const char *p = m_body.constData() + m_pos;
        m_pos += qsizetype(n);
        return p;
    }

    bool ok() const { return m_ok; }

private:
    const QByteArray &m_body;
    qsizetype m_pos = 8; // after the magic
    bool m_ok = true;
};
} // namespace

struct EmbeddingIndex::Impl {
    hnswlib::InnerProductSpace space{kEmbeddingDim};
    std::unique_ptr<Graph> tracks =
        std::make_unique<Graph>(&space, kInitialCapacity, kM, kEfConstruction);
    std::unique_ptr<Graph> windows =
        std::make_unique<Graph>(&space, kInitialCapacity, kM, kEfConstruction);
    // label -> (track id, window index or -1)
    std::vector<std::pair<QString, int>> trackLabels, windowLabels;
    QHash<QString, size_t> trackLabel; // live tracks only
    QHash<QString, std::vector<size_t>> windowLabelsOf;
    QHash<QString, std::vector<float>> vectors; // for similarityTo
    QHash<QString, double> hop;

    // The sections of load(), in file order.
    void readTrackLabels(Reader &in);
    void readWindowLabels(Reader &in);
    void readHops(Reader &in);
    Status readGraph(Reader &in, std::unique_ptr<Graph> &g, const QString &path);
};

void EmbeddingIndex::Impl::readTrackLabels(Reader &in)
{
    quint32 count = 0;
    in.get(count);
    for (quint32 i = 0; in.ok() && i < count; ++i) {
        const QString id = in.getString();
        quint8 live = 0;
        in.get(live);
        trackLabels.push_back({id, -1});
        if (live)
            trackLabel.insert(id, i);
    }
}

void EmbeddingIndex::Impl::readWindowLabels(Reader &in)
{
    quint32 count = 0;
    in.get(count);
    for (quint32 i = 0; in.ok() && i < count; ++i) {
        const QString id = in.getString();
        qint32 w = 0;
        quint8 live = 0;
        in.get(w);
        in.get(live);
        windowLabels.push_back({id, w});
        if (live && trackLabel.contains(id))
            windowLabelsOf[id].push_back(i);
    }
}

void EmbeddingIndex::Impl::readHops(Reader &in)
{
    quint32 count = 0;
    in.get(count);
    for (quint32 i = 0; in.ok() && i < count; ++i) {
        const QString id = in.getString();
        quint32 bits = 0;
        in.get(bits);
        float h;
        memcpy(&h, &bits, 4);
        hop.insert(id, h);
    }
}

// hnswlib reads a graph only from a file: the blob goes through a temporary one.
Status EmbeddingIndex::Impl::readGraph(Reader &in, std::unique_ptr<Graph> &g, const QString &path)
{
    quint64 n = 0;
    in.get(n);
    const char *blob = in.take(n);
    if (!blob)
        return corrupt(path, "truncated");
    QTemporaryFile tmp;
    if (!tmp.open() || tmp.write(blob, qint64(n)) != qint64(n) || !tmp.flush())
        return Error::make(ErrorKind::Internal, QStringLiteral("index_io"),
                           QStringLiteral("temporary file"));
    try {
        g = std::make_unique<Graph>(&space, tmp.fileName().toStdString(), false, 0);
    } catch (const std::exception &) {
        return corrupt(path, "graph unreadable");
    }
    g->setEf(kEfSearch);
    return okStatus();
}

EmbeddingIndex::EmbeddingIndex() : d(std::make_unique<Impl>())
{
    d->tracks->setEf(kEfSearch);
    d->windows->setEf(kEfSearch);
}
EmbeddingIndex::~EmbeddingIndex() = default;
EmbeddingIndex::EmbeddingIndex(EmbeddingIndex &&) noexcept = default;
EmbeddingIndex &EmbeddingIndex::operator=(EmbeddingIndex &&) noexcept = default;

void EmbeddingIndex::add(const QString &trackId, const Embeddings &e)
{
    remove(trackId);
    if (e.track.size() != size_t(kEmbeddingDim))
        return;
    ensureRoom(*d->tracks);
    const size_t label = d->trackLabels.size();
    d->tracks->addPoint(e.track.data(), label);
    d->trackLabels.push_back({trackId, -1});
    d->trackLabel.insert(trackId, label);
    d->vectors.insert(trackId, e.track);
    d->hop.insert(trackId, e.hopSec);
    std::vector<size_t> mine;
    for (size_t w = 0; w < e.windows.size(); ++w) {
        ensureRoom(*d->windows);
        const size_t wl = d->windowLabels.size();
        d->windows->addPoint(e.windows[w].data(), wl);
        d->windowLabels.push_back({trackId, int(w)});
        mine.push_back(wl);
    }
    d->windowLabelsOf.insert(trackId, mine);
}

bool EmbeddingIndex::remove(const QString &trackId)
{
    auto it = d->trackLabel.find(trackId);
    if (it == d->trackLabel.end())
        return false;
    d->tracks->markDelete(it.value());
    for (size_t wl : d->windowLabelsOf.value(trackId))
        d->windows->markDelete(wl);
    d->trackLabel.erase(it);
    d->windowLabelsOf.remove(trackId);
    d->vectors.remove(trackId);
    return true;
}

bool EmbeddingIndex::contains(const QString &trackId) const
{
    return d->trackLabel.contains(trackId);
}

int EmbeddingIndex::trackCount() const
{
    return int(d->trackLabel.size());
}

std::vector<EmbeddingNeighbour> EmbeddingIndex::nearest(const std::vector<float> &v, int k) const
{
    std::vector<EmbeddingNeighbour> out;
    if (v.size() != size_t(kEmbeddingDim) || d->trackLabel.isEmpty())
        return out;
    auto heap = d->tracks->searchKnn(v.data(), size_t(std::min(k, trackCount())));
    while (!heap.empty()) {
        const auto [dist, label] = heap.top();
        heap.pop();
        out.push_back({d->trackLabels[label].first, 1.0f - dist});
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<EmbeddingNeighbour> EmbeddingIndex::nearestWindows(const Embeddings &q, int k) const
{
    std::map<QString, EmbeddingNeighbour> best;
    if (d->windowLabels.empty())
        return {};
    for (size_t w = 0; w < q.windows.size(); ++w) {
        auto heap = d->windows->searchKnn(q.windows[w].data(), size_t(k));
        while (!heap.empty()) {
            const auto [dist, label] = heap.top();
            heap.pop();
            const auto &[id, index] = d->windowLabels[label];
            const float sim = 1.0f - dist;
            auto it = best.find(id);
            if (it == best.end() || it->second.similarity < sim)
                best[id] = {id, sim, w * q.hopSec, index * d->hop.value(id, 2.5)};
        }
    }
    std::vector<EmbeddingNeighbour> out;
    for (auto &[id, n] : best)
        out.push_back(n);
    std::sort(out.begin(), out.end(),
              [](const auto &a, const auto &b) { return a.similarity > b.similarity; });
    if (int(out.size()) > k)
        out.resize(size_t(k));
    return out;
}

float EmbeddingIndex::similarityTo(const std::vector<float> &v, const QString &trackId) const
{
    auto it = d->vectors.find(trackId);
    return it == d->vectors.end() ? 0.0f : cosine(v, it.value());
}

Status EmbeddingIndex::save(const QString &path) const
{
    QByteArray out("LVEI1\0\0\0", 8);
    auto put = [&](auto v) {
        v = qToLittleEndian(v);
        out.append(reinterpret_cast<const char *>(&v), sizeof v);
    };
    put(quint32(kEmbeddingDim));
    // Live tracks with their labels' order preserved; deleted points stay inside the graphs
    // (hnswlib keeps them marked), so labels are written for every slot.
    put(quint32(d->trackLabels.size()));
    for (size_t label = 0; label < d->trackLabels.size(); ++label) {
        const QString &id = d->trackLabels[label].first;
        const QByteArray b = id.toUtf8();
        put(quint16(b.size()));
        out.append(b);
        // Live when this label is the id's current one (a re-added track has a newer label).
        put(quint8(d->trackLabel.contains(id) && d->trackLabel.value(id) == label ? 1 : 0));
    }
    put(quint32(d->windowLabels.size()));
    for (size_t label = 0; label < d->windowLabels.size(); ++label) {
        const auto &[id, w] = d->windowLabels[label];
        const QByteArray b = id.toUtf8();
        put(quint16(b.size()));
        out.append(b);
        put(qint32(w));
        // Live when it belongs to the id's current version (not to one removed or replaced).
        const auto current = d->windowLabelsOf.value(id);
        put(quint8(std::find(current.begin(), current.end(), label) != current.end() ? 1 : 0));
    }
    put(quint32(d->hop.size()));
    for (auto it = d->hop.begin(); it != d->hop.end(); ++it) {
        const QByteArray b = it.key().toUtf8();
        put(quint16(b.size()));
        out.append(b);
        float h = float(it.value());
        quint32 bits;
        memcpy(&bits, &h, 4);
        put(bits);
    }
    for (Graph *g : {d->tracks.get(), d->windows.get()}) {
        const QByteArray blob = graphBytes(*g);
        if (blob.isEmpty())
            return Error::make(ErrorKind::Internal, QStringLiteral("index_io"),
                               QStringLiteral("cannot serialise the graph"));
        put(quint64(blob.size()));
        out.append(blob);
    }
    out.append(crypto::genericHash(out));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(out) != out.size() || !f.commit())
        return Error::make(ErrorKind::Internal, QStringLiteral("index_io"),
                           QStringLiteral("cannot write %1").arg(path));
    return okStatus();
}

Result<EmbeddingIndex> EmbeddingIndex::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::NotFound, QStringLiteral("index_io"),
                           QStringLiteral("cannot read %1").arg(path));
    const QByteArray all = f.readAll();
    if (all.size() < 8 + 32 || memcmp(all.constData(), "LVEI1\0\0\0", 8) != 0)
        return corrupt(path, "bad magic");
    const QByteArray body = all.left(all.size() - 32);
    if (!crypto::equalConstantTime(crypto::genericHash(body), all.right(32)))
        return corrupt(path, "checksum mismatch");
    Reader in(body);
    quint32 dim = 0;
    in.get(dim);
    if (dim != quint32(kEmbeddingDim))
        return corrupt(path, "wrong dimension");
    EmbeddingIndex idx;
    idx.d->readTrackLabels(in);
    idx.d->readWindowLabels(in);
    idx.d->readHops(in);
    for (auto *g : {&idx.d->tracks, &idx.d->windows})
        if (Status read = idx.d->readGraph(in, *g, path); !read)
            return read.error();
    if (!in.ok())
        return corrupt(path, "truncated");
    // Stored vectors for similarityTo(): read back from the track graph.
    for (auto it = idx.d->trackLabel.begin(); it != idx.d->trackLabel.end(); ++it)
        idx.d->vectors.insert(it.key(), idx.d->tracks->getDataByLabel<float>(it.value()));
    return idx;
}

} // namespace lemm::core
