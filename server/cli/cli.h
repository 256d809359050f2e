#pragma once
// The lemm-vault-server command line: serve, migrate, create-admin, create-service-account,
// verify-audit; each with --help. main() only calls runCli().

namespace lemm::server {

int runCli(int argc, char **argv);

} // namespace lemm::server
