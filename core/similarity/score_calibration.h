#pragma once
// The calibrated match confidence (spec §3.2, §6.1): maps the verification statistic of an
// fp_robust segment to the rate at which music that is NOT in the index reaches it, per query
// against the whole index, and that rate to the 0..1 score every caller reads.
//
// Model. For a statistic s (RobustSegment::statistic), a query of L seconds and an index of H
// hours, the expected number of chance segments at least as strong is
//     n(s, L, H) = 10^(table(s)) * (L / L_ref)^a * (H / H_ref)^b
// where table() interpolates the fitted knots (and extends the last knot with the fitted tail
// slope), and the false-positive rate per query is fp = 1 - exp(-n). The score is
//     score = clamp(0.3 * (-log10 fp) - 0.2, 0, 1)
// so that 0.1 <-> fp 10 %, 0.4 <-> 1 %, 0.7 <-> 0.1 %, 1.0 <-> 0.01 %.
// The knots are fitted by bench/fit_calibration.py on null music and shipped as
// resources/calibration/fp_robust.json (compiled in; a server may load another file at start).
// Immutable after construction; thread-safe.

#include "core/base/result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace lemm::core {

class ScoreCalibration
{
public:
    // Parses the calibration file; any missing, non-finite or non-monotone field is refused.
    static Result<ScoreCalibration> fromJson(const QByteArray &json);
    // The calibration compiled into the program.
    static const ScoreCalibration &builtin();
    // The calibration queries use: builtin() unless install() replaced it at start.
    static const ScoreCalibration &active();
    // Replaces the active calibration (call once at start, before any query runs).
    static void install(ScoreCalibration c);

    QString version() const { return m_version; }
    // Expected chance segments and false-positive rate per query, see above.
    double falsePositiveRate(double statistic, double querySec, double indexHours) const;
    double score(double statistic, double querySec, double indexHours) const;
    // The score a false-positive rate maps to (and back).
    static double scoreForRate(double fpRate);
    static double rateForScore(double score);

private:
    struct Knot {
        double statistic;
        double log10Count;
    };
    QString m_version;
    double m_refQuerySec = 30;
    double m_refIndexHours = 1;
    double m_lengthExponent = 1;
    double m_indexExponent = 1;
    double m_tailSlope = -1; // log10 count per statistic unit past the last knot
    std::vector<Knot> m_knots;
};

} // namespace lemm::core
