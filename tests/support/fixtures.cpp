#include "fixtures.h"

#include <QJsonArray>

namespace lemm::test {

QJsonObject submissionBody(const QString &uploadToken, bool trainingAllowed)
{
    const QJsonObject metadata{
        {QStringLiteral("title"), QStringLiteral("Glass City")},
        {QStringLiteral("artist_display_name"), QStringLiteral("Nova Arc")},
        {QStringLiteral("is_collaboration"), true},
        {QStringLiteral("collaborator_names"), QJsonArray{QStringLiteral("DJ Ray")}},
        {QStringLiteral("genre_tags"),
         QJsonArray{QStringLiteral("electronic"), QStringLiteral("ambient")}},
        {QStringLiteral("language"), QStringLiteral("instrumental")},
        {QStringLiteral("release_status"), QStringLiteral("unreleased")}};
    const QJsonObject rights{{QStringLiteral("rights_holder_type"), QStringLiteral("individual")},
                             {QStringLiteral("is_original"), true},
                             {QStringLiteral("is_cover"), false},
                             {QStringLiteral("has_third_party_samples"), false},
                             {QStringLiteral("territorial_scope"), QStringLiteral("worldwide")},
                             {QStringLiteral("term"), QStringLiteral("perpetual")},
                             {QStringLiteral("training_allowed"), trainingAllowed},
                             {QStringLiteral("internal_demo_ok"), true},
                             {QStringLiteral("allow_per_artist_adapters"), false}};
    return QJsonObject{{QStringLiteral("audio_upload_token"), uploadToken},
                       {QStringLiteral("metadata"), metadata},
                       {QStringLiteral("rights"), rights}};
}

} // namespace lemm::test
