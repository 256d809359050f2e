#pragma once
// The bounds of one check or ingestion job (issue 11, docs/ARCHITECTURE.md "Bounded work"):
// how much audio its decoder may decode, from the policy's maximum duration (plus a margin)
// and from the memory budget (worker/job_memory_mb) turned into decoded seconds with the
// feature extraction's measured cost per second. The CPU budget (worker/job_cpu_seconds) is a
// core::CpuBudget that the job's thread owns. Plain values: no threads, nothing owned.

#include "server/base/config.h"

#include "core/base/result.h"
#include "core/domain/policy.h"
#include "core/similarity/track_features.h"

namespace lemm::server {

// Decoding stops this far past the policy's maximum duration: a track just over the limit is
// still measured and rejected by the sanity check with its real length.
constexpr double kDecodeMarginSec = 2.0;

struct JobBudget {
    double maxDecodeSeconds = 0; // always > 0
    bool memoryBound = false;    // the memory budget, not the policy, set maxDecodeSeconds
    int memoryMb = 0;
    double cpuSeconds = 0; // 0: unlimited

    // The feature extraction's limits with `cpu` (owned by the caller's thread).
    core::FeatureLimits limits(const core::CpuBudget *cpu) const;
    // A decoder error read in the light of the budget: "audio_too_long" caused by the memory
    // bound becomes "memory_budget_exceeded"; other errors pass unchanged.
    core::Error explain(const core::Error &decodeError) const;
};

// Unprocessable "memory_budget_exceeded" when `heldBytes` (the encoded file in memory) leave
// no room for the extraction's working set.
core::Result<JobBudget> jobBudget(const core::Policy &policy, const ServerConfig &config,
                                  qint64 heldBytes);

// The errors that end a job because of its budget (no retry: it would spend the same again).
bool isBudgetError(const core::Error &e);

} // namespace lemm::server
