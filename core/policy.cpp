#include "policy.h"

#include <QJsonArray>

namespace lemm::core {

QJsonObject Policy::toJson() const
{
    return QJsonObject{
        {QStringLiteral("accepted_license_types"),
         QJsonArray::fromStringList(acceptedLicenseTypes)},
        {QStringLiteral("default_license_type"), defaultLicenseType},
        {QStringLiteral("bulk_max_share"), bulkMaxShare},
        {QStringLiteral("bulk_min_vault_size"), bulkMinVaultSize},
        {QStringLiteral("bulk_max_tracks"), bulkMaxTracks},
    };
}

Result<Policy> Policy::fromJson(const QJsonObject &o)
{
    Policy p;
    QJsonObject errors;
    if (o.contains(QStringLiteral("accepted_license_types"))) {
        const QJsonValue v = o.value(QStringLiteral("accepted_license_types"));
        p.acceptedLicenseTypes.clear();
        if (!v.isArray())
            errors.insert(QStringLiteral("accepted_license_types"),
                          QStringLiteral("must be an array of strings"));
        for (const QJsonValue &e : v.toArray()) {
            if (!e.isString() || e.toString().isEmpty())
                errors.insert(QStringLiteral("accepted_license_types"),
                              QStringLiteral("must be an array of strings"));
            else
                p.acceptedLicenseTypes << e.toString();
        }
    }
    if (o.contains(QStringLiteral("default_license_type")))
        p.defaultLicenseType = o.value(QStringLiteral("default_license_type")).toString();
    if (!p.acceptedLicenseTypes.contains(p.defaultLicenseType))
        errors.insert(QStringLiteral("default_license_type"),
                      QStringLiteral("must be one of accepted_license_types"));
    if (o.contains(QStringLiteral("bulk_max_share"))) {
        const QJsonValue v = o.value(QStringLiteral("bulk_max_share"));
        p.bulkMaxShare = v.toDouble(-1);
        if (!v.isDouble() || p.bulkMaxShare <= 0 || p.bulkMaxShare > 1)
            errors.insert(QStringLiteral("bulk_max_share"),
                          QStringLiteral("must be a number in (0, 1]"));
    }
    for (auto [key, target] : {std::pair{"bulk_min_vault_size", &p.bulkMinVaultSize},
                               std::pair{"bulk_max_tracks", &p.bulkMaxTracks}}) {
        const QString k = QString::fromLatin1(key);
        if (!o.contains(k))
            continue;
        const QJsonValue v = o.value(k);
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 1 || d != double(qint64(d)) || d > 1e9)
            errors.insert(k, QStringLiteral("must be a positive whole number"));
        else
            *target = int(d);
    }
    if (!errors.isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_policy"),
                           QStringLiteral("the policy has invalid values"), errors);
    return p;
}

} // namespace lemm::core
