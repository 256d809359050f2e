#include "core/similarity/score_calibration.h"

#include "calibration_data.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace lemm::core {

namespace {

Error corrupt(const QString &why)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("calibration_invalid"),
                       QStringLiteral("the score calibration is not valid: %1").arg(why));
}

bool finite(double v)
{
    return std::isfinite(v);
}

std::atomic<const ScoreCalibration *> g_active{nullptr};

} // namespace

Result<ScoreCalibration> ScoreCalibration::fromJson(const QByteArray &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return corrupt(QStringLiteral("not a JSON object"));
    const QJsonObject o = doc.object();
    ScoreCalibration c;
    c.m_version = o.value(QStringLiteral("version")).toString();
    if (c.m_version.isEmpty() || c.m_version.size() > 64)
        return corrupt(QStringLiteral("version must be a text of 1-64 characters"));
    auto number = [&](const char *key, double lo, double hi, double *out) {
        const QJsonValue v = o.value(QString::fromLatin1(key));
        if (!v.isDouble() || !finite(v.toDouble()) || v.toDouble() < lo || v.toDouble() > hi)
            return false;
        *out = v.toDouble();
        return true;
    };
    if (!number("reference_query_sec", 1, 3600, &c.m_refQuerySec) ||
        !number("reference_index_hours", 1e-3, 1e6, &c.m_refIndexHours) ||
        !number("length_exponent", 0, 4, &c.m_lengthExponent) ||
        !number("index_exponent", 0, 4, &c.m_indexExponent) ||
        !number("tail_slope", -100, -1e-3, &c.m_tailSlope))
        return corrupt(QStringLiteral("reference_query_sec, reference_index_hours, "
                                      "length_exponent, index_exponent and tail_slope (< 0) "
                                      "must be numbers in range"));
    const QJsonArray knots = o.value(QStringLiteral("knots")).toArray();
    if (knots.size() < 2 || knots.size() > 1000)
        return corrupt(QStringLiteral("knots must list 2-1000 [statistic, log10 count] pairs"));
    for (const QJsonValue &k : knots) {
        const QJsonArray pair = k.toArray();
        if (pair.size() != 2 || !pair[0].isDouble() || !pair[1].isDouble() ||
            !finite(pair[0].toDouble()) || !finite(pair[1].toDouble()))
            return corrupt(QStringLiteral("each knot is a pair of finite numbers"));
        const Knot knot{pair[0].toDouble(), pair[1].toDouble()};
        if (!c.m_knots.empty() && (knot.statistic <= c.m_knots.back().statistic ||
                                   knot.log10Count > c.m_knots.back().log10Count))
            return corrupt(QStringLiteral("knots must rise in statistic and not rise in count"));
        c.m_knots.push_back(knot);
    }
    return c;
}

const ScoreCalibration &ScoreCalibration::builtin()
{
    static const ScoreCalibration c = [] {
        auto parsed = fromJson(QByteArray(kBuiltinCalibrationJson));
        Q_ASSERT_X(parsed.ok(), "ScoreCalibration", "the compiled-in calibration is invalid");
        return parsed.ok() ? parsed.value() : ScoreCalibration{};
    }();
    return c;
}

const ScoreCalibration &ScoreCalibration::active()
{
    const ScoreCalibration *c = g_active.load(std::memory_order_acquire);
    return c ? *c : builtin();
}

void ScoreCalibration::install(ScoreCalibration c)
{
    // Leaked on purpose: queries may hold a reference for the life of the process.
    g_active.store(new ScoreCalibration(std::move(c)), std::memory_order_release);
}

double ScoreCalibration::falsePositiveRate(double statistic, double querySec,
                                           double indexHours) const
{
    if (m_knots.empty())
        return 1.0;
    double log10Count;
    if (statistic <= m_knots.front().statistic) {
        log10Count = m_knots.front().log10Count;
    } else if (statistic >= m_knots.back().statistic) {
        log10Count =
            m_knots.back().log10Count + m_tailSlope * (statistic - m_knots.back().statistic);
    } else {
        const auto hi = std::upper_bound(m_knots.begin(), m_knots.end(), statistic,
                                         [](double s, const Knot &k) { return s < k.statistic; });
        const auto lo = hi - 1;
        const double w = (statistic - lo->statistic) / (hi->statistic - lo->statistic);
        log10Count = lo->log10Count + w * (hi->log10Count - lo->log10Count);
    }
    log10Count += m_lengthExponent * std::log10(std::max(1.0, querySec) / m_refQuerySec) +
                  m_indexExponent * std::log10(std::max(1e-3, indexHours) / m_refIndexHours);
    const double n = std::pow(10.0, std::min(3.0, log10Count));
    return -std::expm1(-n);
}

double ScoreCalibration::score(double statistic, double querySec, double indexHours) const
{
    return scoreForRate(falsePositiveRate(statistic, querySec, indexHours));
}

double ScoreCalibration::scoreForRate(double fpRate)
{
    if (!(fpRate > 0))
        return 1.0;
    return std::clamp(0.3 * -std::log10(fpRate) - 0.2, 0.0, 1.0);
}

double ScoreCalibration::rateForScore(double score)
{
    return std::pow(10.0, -(score + 0.2) / 0.3);
}

} // namespace lemm::core
