#pragma once
// multipart/form-data bodies (RFC 7578) as used by POST /safety/check: parts by name, each
// with its filename, content type and bytes. Refuses what it cannot read completely.

#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace lemm::server {

struct FormPart {
    QString name;
    QString fileName;
    QByteArray contentType;
    QByteArray data;
};

// `contentType` is the request's Content-Type header (it carries the boundary).
core::Result<QHash<QString, FormPart>> parseMultipart(const QByteArray &contentType,
                                                      const QByteArray &body);

} // namespace lemm::server
