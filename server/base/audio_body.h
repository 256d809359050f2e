#pragma once
// The body of an audio route (POST /uploads, POST /safety/check) as services see it: spooled
// to a file by the HTTP adapter, which never holds it in memory, or in memory when a test
// calls the router directly. The adapter owns the spool file and removes it after answering.

#include "core/audio/audio_decoder.h"
#include "core/base/result.h"

#include <QBuffer>
#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QString>

#include <memory>

namespace lemm::server {

struct AudioBody {
    AudioBody() = default;
    AudioBody(QByteArray inMemory) : bytes(std::move(inMemory)) {} // NOLINT: implicit on purpose
    static AudioBody spooled(QString path)
    {
        AudioBody b;
        b.file = std::move(path);
        return b;
    }

    QByteArray bytes; // when `file` is empty
    QString file;     // the spool file

    qint64 size() const { return file.isEmpty() ? bytes.size() : QFileInfo(file).size(); }

    // A fresh read-only device over the whole body, positioned at its start.
    core::Result<std::unique_ptr<QIODevice>> open() const
    {
        std::unique_ptr<QIODevice> dev;
        if (file.isEmpty()) {
            auto buf = std::make_unique<QBuffer>();
            buf->setData(bytes); // shares the bytes
            dev = std::move(buf);
        } else {
            dev = std::make_unique<QFile>(file);
        }
        if (!dev->open(QIODevice::ReadOnly))
            return core::Error::make(
                core::ErrorKind::Internal, QStringLiteral("spool_unreadable"),
                QStringLiteral("cannot read the request body: %1").arg(dev->errorString()));
        return dev;
    }

    core::Result<core::AudioInfo> probe() const
    {
        return file.isEmpty() ? core::probeAudioBuffer(bytes) : core::probeAudioFile(file);
    }
};

} // namespace lemm::server
