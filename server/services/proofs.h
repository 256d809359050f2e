#pragma once
// Proof documents (spec §7.2, issue 14): self-contained JSON a third party checks offline with
// `proof check` (server/services/proof_check.h has the format and the check). Each holds a
// signed tree head, every audit entry about its subject (the chain of back-links from the
// newest entry to the first, server/storage/subject_links.h) with its inclusion proof, the
// statement recomputed from those entries, and the server's signature over the document.
// `proof model M`: the model's registration and training runs, the packs, clean flags and
// affected_by (revocations and claims of tracks the runs used). `proof output O`: the output's
// safety checks and exports. `proof receipt T`: a track's consent versions (with their CAWG
// training-and-data-mining assertion), decisions, claims, revocation and the runs and models
// that used it. Stateless; reads in one transaction so the head and the entries agree.

#include "server/storage/database.h"

#include <QJsonObject>

namespace lemm::server {

class Vault;

Result<QJsonObject> modelProof(const Vault &vault, const QString &modelId);
Result<QJsonObject> outputProof(const Vault &vault, const QString &outputId);
Result<QJsonObject> trackReceipt(const Vault &vault, const QString &trackId);

// With a vault at hand (`proof check --data-dir`): checks that this vault's log holds every
// entry of the document unchanged (same seq, same hash). Returns the number of entries.
Result<int> compareWithLog(const Database &db, const QJsonObject &proof);

} // namespace lemm::server
