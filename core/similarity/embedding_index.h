#pragma once
// Nearest-neighbour search over embed_music vectors with hnswlib (inner product on unit
// vectors = cosine similarity): one graph for whole-track vectors, one for 5-second windows
// (to locate similar regions). Removal is immediate (hnswlib's delete marks). Not thread-safe
// for writers; queries are const.
//
// File (save/load): "LVEI1\0\0\0", u32 dim; u32 track-label count, each: u16 id bytes, id,
// u8 live; u32 window-label count, each: u16 id bytes, id, i32 window index, u8 live; u32 hop
// count, each: u16 id bytes, id, f32 hop seconds; then for each of the two graphs u64 byte count
// and hnswlib's own serialisation; last, 32 bytes BLAKE2b-256 of everything before it.
// hnswlib does not validate its input, so the checksum is verified before it sees a byte.

#include "core/base/result.h"
#include "core/similarity/embedding.h"

#include <QHash>
#include <QString>

#include <memory>
#include <vector>

namespace lemm::core {

struct EmbeddingNeighbour {
    QString trackId;
    float similarity = 0;       // cosine
    double queryWindowSec = -1; // for window matches: start of the query window
    double refWindowSec = -1;   //                      start of the reference window
};

class EmbeddingIndex
{
public:
    EmbeddingIndex();
    ~EmbeddingIndex();
    EmbeddingIndex(EmbeddingIndex &&) noexcept;
    EmbeddingIndex &operator=(EmbeddingIndex &&) noexcept;

    void add(const QString &trackId, const Embeddings &e);
    bool remove(const QString &trackId);
    bool contains(const QString &trackId) const;
    int trackCount() const;

    // Whole-track neighbours, best first.
    std::vector<EmbeddingNeighbour> nearest(const std::vector<float> &v, int k) const;
    // For each query window, its nearest reference windows; the best pair per track.
    std::vector<EmbeddingNeighbour> nearestWindows(const Embeddings &q, int k) const;
    // Cosine between the query's track vector and a stored track's (0 when unknown).
    float similarityTo(const std::vector<float> &v, const QString &trackId) const;

    Status save(const QString &path) const;
    static Result<EmbeddingIndex> load(const QString &path);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lemm::core
