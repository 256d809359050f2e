#pragma once
// The contributor onboarding and the first submission over real HTTP, shared by the
// end-to-end suites: register and log in, then upload, submit and wait for the checks.

#include "http_client.h"

#include <QJsonObject>

#include <functional>

namespace lemm::test {

// Registers, verifies (token from the outbox), logs in and optionally affirms the current
// terms; returns the session token (the client is left without a token).
QString onboard(HttpClient &http, const QString &dataDir, const QString &email, bool affirm = true);

// POST /uploads?filename=FILE_NAME with `audio`, then POST /tracks/submit with
// submissionBody(the upload token, trainingAllowed), changed by `editBody` when given. Uses the
// client's token. The suites assert on the statuses (QCOMPARE, or qFatal via failure()).
struct Submission {
    HttpReply upload;
    HttpReply submit;        // status 0 when the upload failed (nothing was submitted)
    QString trackId;         // empty unless both answered 201
    QString failure() const; // what went wrong, for qFatal/QVERIFY2; empty on success
};
Submission uploadAndSubmit(HttpClient &http, const QByteArray &audio, const QString &fileName,
                           const QByteArray &contentType = "application/octet-stream",
                           bool trainingAllowed = true,
                           const std::function<void(QJsonObject &body)> &editBody = {});
// The same, qFatal unless both answer 201; returns the track id.
QString submitOrDie(HttpClient &http, const QByteArray &audio, const QString &fileName,
                    const QByteArray &contentType = "application/octet-stream");

// Polls GET /tracks/{id}/status (with the client's token) every 100 ms until the automated
// checks are over (the status is neither "submitted" nor "pending_automated_checks") or
// `timeoutMs` pass (then with a qWarning); returns the last status object.
QJsonObject waitForChecks(HttpClient &http, const QString &trackId, int timeoutMs = 60000);

} // namespace lemm::test
