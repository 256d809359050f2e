#pragma once
// multipart/form-data bodies (RFC 7578) as used by POST /safety/check: parts by name, each
// with its filename and content type. Reads the body in blocks: small parts are kept in
// memory (up to a limit), the parts named as file parts are written to a temporary file in
// a spool directory, so an audio part of any size never sits in one buffer. Refuses what it
// cannot read completely.

#include "core/base/result.h"

#include <QByteArray>
#include <QHash>
#include <QIODevice>
#include <QSet>
#include <QString>
#include <QTemporaryFile>

#include <memory>

namespace lemm::server {

struct FormPart {
    QString name;
    QString fileName;
    QByteArray contentType;
    QByteArray data;                      // in-memory parts
    std::shared_ptr<QTemporaryFile> file; // file parts (removed when the last owner goes)
    qint64 size = 0;                      // bytes of data either way
};

struct MultipartOptions {
    QSet<QString> fileParts;             // names whose data goes to a spool file
    QString spoolDir;                    // where; must exist
    qint64 maxMemoryPartBytes = 1 << 20; // larger in-memory parts are refused
};

// `contentType` is the request's Content-Type header (it carries the boundary).
core::Result<QHash<QString, FormPart>>
parseMultipart(const QByteArray &contentType, QIODevice &body, const MultipartOptions &options);

} // namespace lemm::server
