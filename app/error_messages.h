#pragma once
// The server's error codes (error.code of the one JSON error shape, docs/API.md) and the
// client's own ("network_error", "cancelled", "bad_reply", "file_unreadable") mapped to
// translated sentences for people. ApiError::userMessage() uses it; an unknown code falls back
// to the server's message. Pure lookups over a static table; any thread (the translation is
// looked up when called, so a language change applies to the next call).

#include <QString>
#include <QStringList>

namespace lemm::app {

// The translated sentence for `code`; empty when the table has no entry.
QString errorMessageFor(const QString &code);
// Every code the table knows (for the test that the server's codes are all covered).
QStringList knownErrorCodes();

} // namespace lemm::app
