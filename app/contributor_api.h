#pragma once
// The contributor's typed API (spec §2.1–2.3): the terms and the rights-holder affirmation,
// uploads, submissions, "My tracks", a track's check status, revocation and appeal, and the
// licences the policy accepts. Value types are parsed once from the server's JSON here; views and
// models see only them. HttpContributorApi is the real one over ApiClient (the transport, owned
// by the caller); tests use tests/app/fake_contributor_api.h. GUI thread; coroutines take their
// arguments by value.

#include "api_result.h"

#include <QCoroTask>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace lemm::app {

class ApiClient;
class CallProgress;

// GET /terms.
struct Terms {
    QString version;
    QString affirmation;  // the statement the contributor affirms, as the server words it
    QStringList promises; // the three bold promises
    QString markdown;     // the whole text
};

// POST /uploads.
struct UploadReceipt {
    QString token;
    double durationSec = 0;
};

// What the submission form describes (spec §2.2), without the upload token.
struct SubmissionForm {
    QString title;
    QString artist;
    QStringList collaborators;
    QStringList genres;
    QString language;
    QString releaseStatus = QStringLiteral("unreleased"); // unreleased | released | work_for_hire
    QString holderType = QStringLiteral("individual");    // individual | label | publisher
    bool original = true;
    bool cover = false;
    bool samples = false;
    bool trainingAllowed = true;
    bool demoAllowed = true;
    bool adaptersAllowed = false;
    QString licence; // one of LicenceChoice::accepted
};

// GET /tracks/{id}/status, POST /tracks/submit, POST /tracks/{id}/appeal.
struct TrackStatus {
    QString trackId;
    QString status; // the server's state id (labels.h statusLabel says it in words)
    QString stage;  // the automated check running now, empty when none
    bool checking() const { return status == QLatin1String("pending_automated_checks"); }
};

// One row of GET /contributors/me/tracks.
struct MyTrack {
    QString trackId;
    QString title;
    QString status;
    QString createdAt; // ISO-8601 UTC
    bool trainingAllowed = false;
    bool demoAllowed = false;
    bool adaptersAllowed = false;
    bool revoked = false;
    int modelsTrained = -1; // -1: the server did not say
};

// The policy's accepted licence types (GET /policy).
struct LicenceChoice {
    QStringList accepted;
    QString defaultLicence;
};

class ContributorApi
{
public:
    virtual ~ContributorApi() = default;

    virtual QCoro::Task<ApiResult<Terms>> terms() = 0;
    virtual QCoro::Task<ApiResult<Done>> affirm(QString termsVersion) = 0;
    // Streams the file from disk; `progress` reports bytes sent and cancels.
    virtual QCoro::Task<ApiResult<UploadReceipt>> upload(QString filePath,
                                                         QPointer<CallProgress> progress) = 0;
    virtual QCoro::Task<ApiResult<TrackStatus>> submit(QString uploadToken,
                                                       SubmissionForm form) = 0;
    virtual QCoro::Task<ApiResult<QList<MyTrack>>> myTracks() = 0;
    virtual QCoro::Task<ApiResult<TrackStatus>> status(QString trackId) = 0;
    virtual QCoro::Task<ApiResult<Done>> revoke(QString trackId, QString reason) = 0;
    virtual QCoro::Task<ApiResult<TrackStatus>> appeal(QString trackId, QString reason) = 0;
    virtual QCoro::Task<ApiResult<LicenceChoice>> licences() = 0;
};

// A reply's error when it is a refused upload token (the file must be uploaded again).
bool isUploadTokenError(const ApiError &error);

// The API over HTTP. Does not own `client`, which must outlive it.
class HttpContributorApi : public ContributorApi
{
public:
    explicit HttpContributorApi(ApiClient &client) : m_client(client) {}

    QCoro::Task<ApiResult<Terms>> terms() override;
    QCoro::Task<ApiResult<Done>> affirm(QString termsVersion) override;
    QCoro::Task<ApiResult<UploadReceipt>> upload(QString filePath,
                                                 QPointer<CallProgress> progress) override;
    QCoro::Task<ApiResult<TrackStatus>> submit(QString uploadToken, SubmissionForm form) override;
    QCoro::Task<ApiResult<QList<MyTrack>>> myTracks() override;
    QCoro::Task<ApiResult<TrackStatus>> status(QString trackId) override;
    QCoro::Task<ApiResult<Done>> revoke(QString trackId, QString reason) override;
    QCoro::Task<ApiResult<TrackStatus>> appeal(QString trackId, QString reason) override;
    QCoro::Task<ApiResult<LicenceChoice>> licences() override;

    // The parsers, public for the tests of hostile answers.
    static ApiResult<Terms> parseTerms(const QJsonObject &body);
    static ApiResult<TrackStatus> parseStatus(const QJsonObject &body);
    static ApiResult<QList<MyTrack>> parseMyTracks(const QJsonObject &body);
    static ApiResult<LicenceChoice> parseLicences(const QJsonObject &body);
    static QJsonObject submissionBody(const QString &uploadToken, const SubmissionForm &form);

private:
    ApiClient &m_client;
};

} // namespace lemm::app
