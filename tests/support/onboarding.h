#pragma once
// The contributor onboarding over real HTTP, shared by the end-to-end suites.

#include "http_client.h"

namespace lemm::test {

// Registers, verifies (token from the outbox), logs in and optionally affirms the current
// terms; returns the session token (the client is left without a token).
QString onboard(HttpClient &http, const QString &dataDir, const QString &email, bool affirm = true);

} // namespace lemm::test
