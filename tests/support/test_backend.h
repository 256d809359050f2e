#pragma once
// Which database backend a test run uses. ctest runs the storage and end-to-end suites twice:
// once on SQLite (default) and once with LEMM_TEST_PG_URL_FILE naming the file in which the
// `postgres` fixture (pg-fixture.sh) wrote the URL of the throwaway PostgreSQL it started.

#include <QString>

namespace lemm::test {

bool usingPostgres();
QString backendName();
// A URL for a brand-new empty database: "" (SQLite inside the data directory) or a fresh
// PostgreSQL database created on the fixture server.
QString freshDatabaseUrl();

} // namespace lemm::test
