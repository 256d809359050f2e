#pragma once
// Request bodies shared by the suites and the benchmarks.

#include <QJsonObject>
#include <QString>

namespace lemm::test {

// A valid POST /tracks/submit body (spec §2.2 example) for the given upload token.
QJsonObject submissionBody(const QString &uploadToken, bool trainingAllowed = true);

} // namespace lemm::test
