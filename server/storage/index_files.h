#pragma once
// The three similarity indexes as one set of files in a directory (robust.lvri, exact.json,
// embedding.lvei; layouts in docs/ARCHITECTURE.md), and parallel feature extraction over a
// list of files. Shared by `similarity index/query` and the reference catalogs.

#include "core/similarity/embedding_index.h"
#include "core/similarity/robust_index.h"
#include "core/similarity/track_features.h"

namespace lemm::server {

struct IndexSet {
    core::RobustIndex robust;
    core::ExactIndex exact;
    core::EmbeddingIndex embedding;

    // mustExist = false: an empty set when DIR holds no index yet.
    static core::Result<IndexSet> load(const QString &dir, bool mustExist);
    core::Status save(const QString &dir) const;
    void add(const QString &id, const core::TrackFeatures &f);
};

struct FileEntry {
    QString id;
    QString path;
};
struct ExtractedFile {
    FileEntry entry;
    core::Result<core::TrackFeatures> features = core::Error{};
};
// Extracts features for every entry on all cores (results in input order).
QList<ExtractedFile> extractFiles(const QList<FileEntry> &files);

} // namespace lemm::server
