#pragma once
// `lemm-vault-server similarity index|query|fingerprint`: the similarity engine from the
// command line (contract in docs/API.md, "Similarity CLI"). Progress goes to stderr, results
// to stdout.

#include <QStringList>

namespace lemm::server {

int runSimilarityCli(const QStringList &args); // args[0] is the program, args[1] "similarity"

} // namespace lemm::server
