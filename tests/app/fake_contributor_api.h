#pragma once
// A ContributorApi for model and controller tests: canned answers (set the members), every call
// recorded in `calls` ("myTracks", "revoke trk_1 reason", …). Each task completes at once.
// GUI thread.

#include "app/contributor_api.h"

#include <QStringList>

namespace lemm::test {

class FakeContributorApi : public app::ContributorApi
{
public:
    QStringList calls;
    app::ApiResult<app::Terms> termsAnswer = app::Terms{};
    app::ApiResult<app::Done> affirmAnswer = app::Done{};
    app::ApiResult<app::UploadReceipt> uploadAnswer =
        app::UploadReceipt{QStringLiteral("lvu_1"), 5};
    app::ApiResult<app::TrackStatus> submitAnswer =
        app::TrackStatus{QStringLiteral("trk_new"), QStringLiteral("pending_automated_checks"), {}};
    app::ApiResult<QList<app::MyTrack>> tracksAnswer = QList<app::MyTrack>{};
    app::ApiResult<app::TrackStatus> statusAnswer =
        app::TrackStatus{QStringLiteral("trk_new"), QStringLiteral("pending_review"), {}};
    app::ApiResult<app::Done> revokeAnswer = app::Done{};
    app::ApiResult<app::TrackStatus> appealAnswer =
        app::TrackStatus{QStringLiteral("trk_1"), QStringLiteral("dispute_pending"), {}};
    app::ApiResult<app::LicenceChoice> licencesAnswer =
        app::LicenceChoice{{QStringLiteral("lemm_training_only_v1"), QStringLiteral("cc_by_4")},
                           QStringLiteral("lemm_training_only_v1")};
    QList<app::SubmissionForm> submitted;

    QCoro::Task<app::ApiResult<app::Terms>> terms() override
    {
        calls << QStringLiteral("terms");
        co_return std::decay_t<decltype(termsAnswer)>(termsAnswer); // a copy: the member stays
    }
    QCoro::Task<app::ApiResult<app::Done>> affirm(QString version) override
    {
        calls << QStringLiteral("affirm ") + version;
        co_return std::decay_t<decltype(affirmAnswer)>(affirmAnswer); // a copy: the member stays
    }
    QCoro::Task<app::ApiResult<app::UploadReceipt>> upload(QString file,
                                                           QPointer<app::CallProgress>) override
    {
        calls << QStringLiteral("upload ") + file;
        co_return std::decay_t<decltype(uploadAnswer)>(uploadAnswer); // a copy: the member stays
    }
    QCoro::Task<app::ApiResult<app::TrackStatus>> submit(QString token,
                                                         app::SubmissionForm form) override
    {
        calls << QStringLiteral("submit ") + token;
        submitted << form;
        co_return std::decay_t<decltype(submitAnswer)>(submitAnswer); // a copy: the member stays
    }
    QCoro::Task<app::ApiResult<QList<app::MyTrack>>> myTracks() override
    {
        calls << QStringLiteral("myTracks");
        co_return std::decay_t<decltype(tracksAnswer)>(tracksAnswer); // a copy: the member stays
    }
    QCoro::Task<app::ApiResult<app::TrackStatus>> status(QString id) override
    {
        calls << QStringLiteral("status ") + id;
        co_return std::decay_t<decltype(statusAnswer)>(statusAnswer); // a copy: the member stays
    }
    QCoro::Task<app::ApiResult<app::Done>> revoke(QString id, QString reason) override
    {
        calls << QStringLiteral("revoke %1 %2").arg(id, reason);
        co_return std::decay_t<decltype(revokeAnswer)>(revokeAnswer); // a copy: the member stays
    }
    QCoro::Task<app::ApiResult<app::TrackStatus>> appeal(QString id, QString reason) override
    {
        calls << QStringLiteral("appeal %1 %2").arg(id, reason);
        co_return std::decay_t<decltype(appealAnswer)>(appealAnswer); // a copy: the member stays
    }
    QCoro::Task<app::ApiResult<app::LicenceChoice>> licences() override
    {
        calls << QStringLiteral("licences");
        co_return std::decay_t<decltype(licencesAnswer)>(
            licencesAnswer); // a copy: the member stays
    }
};

inline app::MyTrack myTrack(const QString &id, const QString &title, const QString &status,
                            int models = 0, bool revoked = false)
{
    app::MyTrack t;
    t.trackId = id;
    t.title = title;
    t.status = status;
    t.createdAt = QStringLiteral("2026-12-01T10:00:00Z");
    t.trainingAllowed = true;
    t.demoAllowed = true;
    t.modelsTrained = models;
    t.revoked = revoked;
    return t;
}

} // namespace lemm::test
