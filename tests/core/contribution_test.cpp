// Submission validation (spec §2.2) and the holding rules (§2.3).
#include "core/domain/contribution.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace lemm::core;

namespace {

QJsonObject validBody()
{
    return QJsonDocument::fromJson(R"({
        "audio_upload_token": "lvu_abc",
        "metadata": {"title": "Glass City", "artist_display_name": "Nova Arc",
                     "is_collaboration": true, "collaborator_names": ["DJ Ray", "A. Rivera"],
                     "genre_tags": ["electronic", "ambient"], "language": "instrumental",
                     "release_status": "unreleased"},
        "rights": {"rights_holder_type": "individual", "is_original": true, "is_cover": false,
                   "has_third_party_samples": false, "territorial_scope": "worldwide",
                   "term": "perpetual", "training_allowed": true, "internal_demo_ok": true,
                   "allow_per_artist_adapters": false}
    })")
        .object();
}

QJsonObject with(QJsonObject body, const QString &path, const QJsonValue &value)
{
    const QStringList parts = path.split(QLatin1Char('.'));
    if (parts.size() == 1) {
        if (value.isUndefined())
            body.remove(path);
        else
            body.insert(path, value);
        return body;
    }
    QJsonObject inner = body.value(parts[0]).toObject();
    if (value.isUndefined())
        inner.remove(parts[1]);
    else
        inner.insert(parts[1], value);
    body.insert(parts[0], inner);
    return body;
}

} // namespace

class ContributionTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validRequestParses()
    {
        auto r = parseSubmitRequest(validBody(), Policy{});
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->metadata.title, QStringLiteral("Glass City"));
        QCOMPARE(r->metadata.collaboratorNames.size(), 2);
        QCOMPARE(r->rights.licenseType, QStringLiteral("lemm_training_only_v1"));
        QVERIFY(r->rights.trainingAllowed);
        QVERIFY(rightsReviewFlags(r->rights).isEmpty());
    }

    void badField_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("field");
        const QJsonValue missing = QJsonValue(QJsonValue::Undefined);
        QTest::addRow("token missing") << "audio_upload_token" << missing << "audio_upload_token";
        QTest::addRow("token number")
            << "audio_upload_token" << QJsonValue(5) << "audio_upload_token";
        QTest::addRow("metadata not object")
            << "metadata" << QJsonValue(QStringLiteral("x")) << "metadata";
        QTest::addRow("title missing") << "metadata.title" << missing << "metadata.title";
        QTest::addRow("title empty")
            << "metadata.title" << QJsonValue(QStringLiteral("   ")) << "metadata.title";
        QTest::addRow("title too long")
            << "metadata.title" << QJsonValue(QString(201, QLatin1Char('x'))) << "metadata.title";
        QTest::addRow("title control char")
            << "metadata.title" << QJsonValue(QStringLiteral("a\x01b")) << "metadata.title";
        QTest::addRow("title wrong type")
            << "metadata.title" << QJsonValue(true) << "metadata.title";
        QTest::addRow("release status unknown")
            << "metadata.release_status" << QJsonValue(QStringLiteral("leaked"))
            << "metadata.release_status";
        QTest::addRow("genre not array")
            << "metadata.genre_tags" << QJsonValue(QStringLiteral("pop")) << "metadata.genre_tags";
        QTest::addRow("genre item number")
            << "metadata.genre_tags" << QJsonValue(QJsonArray{1}) << "metadata.genre_tags";
        QTest::addRow("collaboration without names")
            << "metadata.collaborator_names" << QJsonValue(QJsonArray{})
            << "metadata.collaborator_names";
        QTest::addRow("unknown metadata field")
            << "metadata.titel" << QJsonValue(QStringLiteral("x")) << "metadata.titel";
        QTest::addRow("is_original string")
            << "rights.is_original" << QJsonValue(QStringLiteral("yes")) << "rights.is_original";
        QTest::addRow("is_cover missing") << "rights.is_cover" << missing << "rights.is_cover";
        QTest::addRow("training_allowed missing")
            << "rights.training_allowed" << missing << "rights.training_allowed";
        QTest::addRow("training_allowed number")
            << "rights.training_allowed" << QJsonValue(1) << "rights.training_allowed";
        QTest::addRow("consent typo")
            << "rights.training_alowed" << QJsonValue(true) << "rights.training_alowed";
        QTest::addRow("holder type")
            << "rights.rights_holder_type" << QJsonValue(QStringLiteral("fan"))
            << "rights.rights_holder_type";
        QTest::addRow("territory")
            << "rights.territorial_scope" << QJsonValue(QStringLiteral("eu_only"))
            << "rights.territorial_scope";
        QTest::addRow("term") << "rights.term" << QJsonValue(QStringLiteral("5_years"))
                              << "rights.term";
        QTest::addRow("unknown top-level") << "extra" << QJsonValue(1) << "extra";
    }

    void badField()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        auto r = parseSubmitRequest(with(validBody(), path, value), Policy{});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::InvalidInput);
        QCOMPARE(r.error().code, QStringLiteral("invalid_fields"));
        QVERIFY2(r.error().fields.contains(field),
                 qPrintable(QJsonDocument(r.error().fields).toJson(QJsonDocument::Compact)));
        QCOMPARE(r.error().fields.size(), 1); // exactly the bad field, nothing else
    }

    void everyBadFieldIsNamed()
    {
        auto body = with(validBody(), QStringLiteral("metadata.title"), QJsonValue(3));
        body = with(body, QStringLiteral("rights.is_cover"), QJsonValue(QStringLiteral("no")));
        body = with(body, QStringLiteral("rights.term"), QJsonValue(QJsonValue::Undefined));
        auto r = parseSubmitRequest(body, Policy{});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fields.size(), 3);
    }

    void license_data()
    {
        QTest::addColumn<QString>("license");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("training licence") << "lemm_training_only_v1" << true;
        QTest::addRow("non-commercial") << "cc-by-nc-4.0" << false;
        QTest::addRow("unclear") << "unclear" << false;
        QTest::addRow("non_commercial_only") << "non_commercial_only" << false;
    }

    void license()
    {
        QFETCH(QString, license);
        QFETCH(bool, accepted);
        auto r = parseSubmitRequest(
            with(validBody(), QStringLiteral("rights.license_type"), license), Policy{});
        QCOMPARE(r.ok(), accepted);
        if (!accepted) {
            QCOMPARE(r.error().kind, ErrorKind::Unprocessable);
            QCOMPARE(r.error().code, QStringLiteral("license_not_accepted"));
            QVERIFY(r.error().fields.contains(QStringLiteral("rights.license_type")));
        }
    }

    void rightsReview_data()
    {
        QTest::addColumn<bool>("original");
        QTest::addColumn<bool>("cover");
        QTest::addColumn<bool>("samples");
        QTest::addColumn<bool>("held");
        QTest::addRow("clean") << true << false << false << false;
        QTest::addRow("not original") << false << false << false << true;
        QTest::addRow("cover") << true << true << false << true;
        QTest::addRow("samples") << true << false << true << true;
    }

    void rightsReview()
    {
        QFETCH(bool, original);
        QFETCH(bool, cover);
        QFETCH(bool, samples);
        QFETCH(bool, held);
        RightsDeclaration r;
        r.isOriginal = original;
        r.isCover = cover;
        r.hasThirdPartySamples = samples;
        QCOMPARE(rightsReviewFlags(r).contains(QStringLiteral("rights_review")), held);
    }

    void bulkHold_data()
    {
        QTest::addColumn<qint64>("mine");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<bool>("held");
        // Policy: share 10 % once the vault has 50 tracks; at most 1000 tracks each.
        QTest::addRow("first track of an empty vault") << 0ll << 0ll << false;
        QTest::addRow("small vault, big share") << 10ll << 20ll << false;
        QTest::addRow("at the share limit") << 9ll << 99ll << false;  // 10/100 = 10 %
        QTest::addRow("just over the share") << 10ll << 99ll << true; // 11/100
        QTest::addRow("at the count limit") << 999ll << 100000ll << false;
        QTest::addRow("over the count limit") << 1000ll << 100000ll << true;
    }

    void bulkHold()
    {
        QFETCH(qint64, mine);
        QFETCH(qint64, total);
        QFETCH(bool, held);
        QCOMPARE(isBulkHold(mine, total, Policy{}), held);
    }

    void fileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ok");
        QTest::addRow("plain") << "song.flac" << true;
        QTest::addRow("unicode") << QStringLiteral("Ünïcødé – 曲.wav") << true;
        QTest::addRow("traversal") << "../../etc/passwd" << false;
        QTest::addRow("windows traversal") << "..\\..\\boot.ini" << false;
        QTest::addRow("absolute") << "/etc/passwd" << false;
        QTest::addRow("dotdot") << ".." << false;
        QTest::addRow("nul") << QStringLiteral("a%1b").arg(QChar(0)) << false;
        QTest::addRow("newline") << "a\nb.wav" << false;
        QTest::addRow("empty") << "" << false;
        QTest::addRow("too long") << QString(300, QLatin1Char('a')) << false;
    }

    void fileNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, ok);
        QCOMPARE(checkFileName(name).isEmpty(), ok);
    }

    void policyJsonRoundTripAndValidation()
    {
        Policy p;
        p.bulkMaxShare = 0.25;
        auto back = Policy::fromJson(p.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->bulkMaxShare, 0.25);
        auto bad =
            Policy::fromJson(QJsonObject{{QStringLiteral("bulk_max_share"), 3},
                                         {QStringLiteral("bulk_max_tracks"), QStringLiteral("x")}});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().fields.size(), 2);
    }

    void revokeRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field"); // empty: valid
        QTest::addColumn<QString>("message");
        QTest::addRow("reason only") << QByteArray(R"({"reason": "  changed my mind "})") << ""
                                     << "";
        QTest::addRow("explicit scope")
            << QByteArray(R"({"reason": "x", "scope": "all_future_use"})") << ""
            << "";
        QTest::addRow("no reason") << QByteArray("{}") << "reason"
                                   << "is required (a short text)";
        QTest::addRow("blank reason") << QByteArray(R"({"reason": " "})") << "reason"
                                      << "must not be empty";
        QTest::addRow("other scope")
            << QByteArray(R"({"reason": "x", "scope": "everything"})") << "scope"
            << "v0 supports only 'all_future_use' (future training; models already trained are "
               "recorded, not retrained)";
        QTest::addRow("unknown field") << QByteArray(R"({"reason": "x", "why": 1})") << "why"
                                       << "is not a known field";
    }
    void revokeRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const auto r = parseRevokeRequest(QJsonDocument::fromJson(body).object());
        QCOMPARE(r.ok(), field.isEmpty());
        if (r) {
            QVERIFY(!r->reason.isEmpty());
            QCOMPARE(r->reason, r->reason.trimmed());
            QCOMPARE(r->scope, QStringLiteral("all_future_use"));
            return;
        }
        QCOMPARE(r.error().code, QStringLiteral("invalid_fields"));
        QCOMPARE(r.error().message, QStringLiteral("the revocation has invalid fields"));
        const QJsonObject expected{{field, message}};
        QCOMPARE(r.error().fields, expected);
    }

    void policyChanges_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field"); // empty: valid
        QTest::addColumn<QString>("message");
        QTest::addRow("policy only") << QByteArray(R"({"policy": {}})") << ""
                                     << "";
        QTest::addRow("with note and base")
            << QByteArray(R"({"policy": {}, "note": "raise", "base_version": 3})") << ""
            << "";
        QTest::addRow("no policy") << QByteArray(R"({"note": "x"})") << "policy"
                                   << "is required: the full new policy object";
        QTest::addRow("note not text") << QByteArray(R"({"policy": {}, "note": 5})") << "note"
                                       << "must be a short text";
        QTest::addRow("fractional base")
            << QByteArray(R"({"policy": {}, "base_version": 1.5})") << "base_version"
            << "must be the version number you edited";
        QTest::addRow("zero base")
            << QByteArray(R"({"policy": {}, "base_version": 0})") << "base_version"
            << "must be the version number you edited";
        QTest::addRow("unknown") << QByteArray(R"({"policy": {}, "colour": "red"})") << "colour"
                                 << "is not a known field";
    }
    void policyChanges()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const auto r = parsePolicyChange(QJsonDocument::fromJson(body).object());
        QCOMPARE(r.ok(), field.isEmpty());
        if (r) {
            QVERIFY(r->baseVersion == 0 || r->baseVersion == 3);
            return;
        }
        QCOMPARE(r.error().message, QStringLiteral("the policy change has invalid fields"));
        const QJsonObject expected{{field, message}};
        QCOMPARE(r.error().fields, expected);
    }
};

QTEST_GUILESS_MAIN(ContributionTest)
#include "contribution_test.moc"
