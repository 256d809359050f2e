#include "server/storage/index_files.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QtConcurrent>

namespace lemm::server {

using namespace lemm::core;

namespace {

QString robustPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("robust.lvri"));
}
QString exactPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("exact.json"));
}
QString embeddingPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("embedding.lvei"));
}

} // namespace

Result<IndexSet> IndexSet::load(const QString &dir, bool mustExist)
{
    IndexSet idx;
    if (!QFile::exists(robustPath(dir))) {
        if (mustExist)
            return Error::make(ErrorKind::NotFound, QStringLiteral("no_index"),
                               QStringLiteral("%1 holds no index").arg(dir));
        return idx;
    }
    auto r = RobustIndex::load(robustPath(dir));
    if (!r)
        return r.error();
    idx.robust = std::move(r).value();
    QFile f(exactPath(dir));
    if (f.open(QIODevice::ReadOnly)) {
        auto e = ExactIndex::fromJson(QJsonDocument::fromJson(f.readAll()).object());
        if (!e)
            return e.error();
        idx.exact = std::move(e).value();
    }
    if (QFile::exists(embeddingPath(dir))) {
        auto e = EmbeddingIndex::load(embeddingPath(dir));
        if (!e)
            return e.error();
        idx.embedding = std::move(e).value();
    }
    return idx;
}

Status IndexSet::save(const QString &dir) const
{
    if (!QDir().mkpath(dir))
        return Error::make(ErrorKind::Internal, QStringLiteral("io_error"),
                           QStringLiteral("cannot create %1").arg(dir));
    if (auto s = robust.save(robustPath(dir)); !s)
        return s;
    if (auto s = embedding.save(embeddingPath(dir)); !s)
        return s;
    QSaveFile ef(exactPath(dir));
    if (!ef.open(QIODevice::WriteOnly) || ef.write(QJsonDocument(exact.toJson()).toJson()) < 0 ||
        !ef.commit())
        return Error::make(ErrorKind::Internal, QStringLiteral("io_error"),
                           QStringLiteral("cannot write %1").arg(exactPath(dir)));
    return okStatus();
}

void IndexSet::add(const QString &id, const TrackFeatures &f)
{
    robust.add(id, f.robust);
    exact.add(id, f.exact);
    embedding.add(id, f.embeddings);
}

QList<ExtractedFile> extractFiles(const QList<FileEntry> &files)
{
    return QtConcurrent::blockingMapped(files, [](const FileEntry &e) {
        return ExtractedFile{e, extractFeatures(e.path)};
    });
}

} // namespace lemm::server
