#pragma once
// Proof documents (spec §7.2): self-contained JSON a third party can check against the audit
// chain. `proof model M`: the model's registry entry, its runs with their packs, resolved-set
// hashes and track lists, the packs' registry entries, and every supporting audit entry
// (training_batch entries of the runs, the packs' creation entries) in full, so each entry's
// hash can be recomputed (docs/ARCHITECTURE.md, "Audit log") and found in the chain
// (verify-audit). `proof output O`: every output_similarity_check and output_export entry of
// the output with what it was checked against.

#include "server/storage/database.h"

#include <QJsonObject>

namespace lemm::server {

Result<QJsonObject> modelProof(const Database &db, const QString &modelId);
Result<QJsonObject> outputProof(const Database &db, const QString &outputId);

// Recomputes the hash of every entry in a proof and checks that the chain holds each one
// unchanged (same seq, same hash). Returns the number of entries checked.
Result<int> checkProof(const Database &db, const QJsonObject &proof);

} // namespace lemm::server
