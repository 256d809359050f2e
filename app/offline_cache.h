#pragma once
// The desktop app's offline memory (reviewing goes on while the server is away): a local SQLite
// file holding the last fetched review queue, track details and peak envelopes (JSON documents by
// key), and the votes made while the server was unreachable. Queued votes are sent when the server
// is back; one the server refuses (e.g. the submission was decided meanwhile) becomes a conflict
// that stays listed with the server's reason until the reviewer dismisses it — nothing is dropped
// silently. One file per server and account. GUI thread (one Qt SQL connection).

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace lemm::app {

class ApiClient;

struct QueuedVote {
    qint64 id = 0;
    QString trackId;
    QString vote; // approve | reject | needs_more_info
    QString note;
    QString queuedAt;
    QString state;   // queued | conflict
    QString problem; // the server's reason, for conflicts
};

struct SyncOutcome {
    int sent = 0;
    int conflicts = 0;
    bool stillOffline = false;
};

class OfflineCache
{
public:
    // Opens (creating) the cache file; isOpen() tells whether that worked.
    explicit OfflineCache(const QString &path);
    ~OfflineCache();
    OfflineCache(const OfflineCache &) = delete;
    OfflineCache &operator=(const OfflineCache &) = delete;

    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    // Documents: "queue", "review/TRACK", "peaks/TRACK", ...
    void put(const QString &key, const QJsonObject &value);
    std::optional<QJsonObject> get(const QString &key) const;
    QString fetchedAt(const QString &key) const;

    // The new entry's id; 0 when it could not be stored.
    qint64 queueVote(const QString &trackId, const QString &vote, const QString &note);
    QList<QueuedVote> votes(const QString &state = {}) const;
    void removeVote(qint64 id);
    void markConflict(qint64 id, const QString &problem);

    // Preferences' size limit: drops the least recently fetched documents until their bodies
    // take at most `maxBytes`; queued votes and conflicts are never dropped. Returns how many
    // documents went.
    int trimTo(qint64 maxBytes);

    // The default file for a server and account under the user's cache directory.
    static QString defaultPath(const QString &serverUrl, const QString &accountId);

private:
    QString m_path;
    QString m_connection;
    bool m_open = false;
};

} // namespace lemm::app
