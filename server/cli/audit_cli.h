#pragma once
// The transparency log from the command line (contract in docs/API.md, "Transparency log"):
//   audit head --data-dir DIR                 the newest signed tree head, as JSON
//   audit public-key --data-dir DIR [--format hex|json]
//   verify-audit --data-dir DIR [--since-head FILE] [--public-key FILE]
// Results go to stdout, problems to stderr; exit 0 when all holds.

#include <QStringList>

namespace lemm::server {

// args[0] is the program, then the command's own arguments ("head", "--data-dir", ...).
int runAuditCli(const QStringList &args);
int runVerifyAudit(const QStringList &args);

} // namespace lemm::server
