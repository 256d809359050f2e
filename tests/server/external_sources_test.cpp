// External sources (spec §3.1): the AcoustID-compatible client against a local HTTP service
// speaking the documented /v2/lookup format (hits, refusals, garbage, 5xx, silence, the rate
// limit), and reference catalogs built from a folder.
#include "server/similarity/external_sources.h"

#include "support/scripted_http.h"
#include "support/test_audio.h"
#include "support/test_signals.h"

#include "core/similarity/fp_exact.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

QByteArray okBody(double score)
{
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("status"), QStringLiteral("ok")},
                   {QStringLiteral("results"),
                    QJsonArray{QJsonObject{
                        {QStringLiteral("id"), QStringLiteral("r1")},
                        {QStringLiteral("score"), score},
                        {QStringLiteral("recordings"),
                         QJsonArray{QJsonObject{
                             {QStringLiteral("id"), QStringLiteral("rec1")},
                             {QStringLiteral("title"), QStringLiteral("Song")},
                             {QStringLiteral("isrcs"), QJsonArray{QStringLiteral("GBAAA0000001")}},
                             {QStringLiteral("artists"),
                              QJsonArray{
                                  QJsonObject{{QStringLiteral("name"), QStringLiteral("A")},
                                              {QStringLiteral("id"), QStringLiteral("x")}},
                                  QJsonObject{{QStringLiteral("name"), QStringLiteral("B")},
                                              {QStringLiteral("id"), QStringLiteral("y")}}}}}}}}}}})
        .toJson(QJsonDocument::Compact);
}

const core::TrackFeatures &features()
{
    static const core::TrackFeatures f = [] {
        auto r = core::extractFeatures(wavFromFloat(melody(150, 22050, 5), 22050));
        if (!r)
            qFatal("features: %s", qPrintable(r.error().message));
        return r.value();
    }();
    return f;
}

AcoustIdSource source(quint16 port, int timeoutMs = 2000, int retries = 2, double rate = 1000)
{
    AcoustIdSource::Options o;
    o.baseUrl = QStringLiteral("http://127.0.0.1:%1/").arg(port);
    o.clientKey = QStringLiteral("k3y");
    o.timeoutMs = timeoutMs;
    o.retries = retries;
    o.ratePerSec = rate;
    return AcoustIdSource(o);
}

} // namespace

class ExternalSourcesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheDocumentedFormat()
    {
        auto hits = AcoustIdSource::parseResponse(okBody(0.91), 120);
        QVERIFY(hits.ok());
        QCOMPARE(hits->size(), 1);
        const ExternalHit &h = hits->first();
        QCOMPARE(h.matchConfidence, 0.91);
        QCOMPARE(h.title, QStringLiteral("Song"));
        QCOMPARE(h.artist, QStringLiteral("A, B"));
        QCOMPARE(h.isrc, QStringLiteral("GBAAA0000001"));
        QCOMPARE(h.referenceId, QStringLiteral("acoustid:r1/rec1"));
        QCOMPARE(h.overlapSec(), 120.0);
        QVERIFY(h.overlapEstimated);
        // A result without metadata still counts.
        auto bare = AcoustIdSource::parseResponse(
            R"({"status":"ok","results":[{"id":"r2","score":0.5}]})", 60);
        QVERIFY(bare.ok());
        QCOMPARE(bare->first().title, QString());
        QVERIFY(AcoustIdSource::parseResponse(R"({"status":"ok","results":[]})", 60)->isEmpty());
        for (const char *bad : {"<html>", "[]", R"({"status":"ok"})",
                                R"({"status":"ok","results":[{"id":"x","score":7}]})",
                                R"({"status":"weird","results":[]})"}) {
            auto r = AcoustIdSource::parseResponse(bad, 60);
            QVERIFY2(!r.ok(), bad);
            QCOMPARE(r.error().code, QStringLiteral("external_bad_response"));
        }
        auto refused = AcoustIdSource::parseResponse(
            R"({"status":"error","error":{"code":4,"message":"invalid API key"}})", 60);
        QCOMPARE(refused.error().code, QStringLiteral("external_error"));
        QVERIFY(refused.error().message.contains(QStringLiteral("invalid API key")));
    }

    void sendsTheFingerprintOfTheFirstTwoMinutes()
    {
        ScriptedHttp http;
        http.script = {{200, okBody(0.8)}};
        auto src = source(http.start());
        const ExternalResult r = src.check(features());
        QVERIFY2(r.available, qPrintable(r.error));
        QCOMPARE(r.hits.size(), 1);
        QCOMPARE(http.requests.size(), 1);
        const QUrlQuery form(QString::fromUtf8(http.requests.first()));
        QCOMPARE(form.queryItemValue(QStringLiteral("client")), QStringLiteral("k3y"));
        QCOMPARE(form.queryItemValue(QStringLiteral("duration")), QStringLiteral("150"));
        auto raw = core::decodeChromaprint(
            form.queryItemValue(QStringLiteral("fingerprint"), QUrl::FullyDecoded));
        QVERIFY(raw.ok());
        const double seconds = double(raw->size()) * core::ExactFingerprint::kItemSeconds;
        QVERIFY2(std::abs(seconds - 120) < 1, qPrintable(QString::number(seconds)));
        QCOMPARE(std::vector<uint32_t>(features().exact.raw.begin(),
                                       features().exact.raw.begin() + qsizetype(raw->size())),
                 raw.value());
        QVERIFY(std::abs(r.hits.first().overlapSec() - seconds) < 0.01);
    }

    void retriesServerErrorsAndGarbage()
    {
        ScriptedHttp http;
        http.script = {{503, "busy"}, {200, "not json"}, {200, okBody(0.4)}};
        auto src = source(http.start(), 2000, 2);
        const ExternalResult r = src.check(features());
        QVERIFY2(r.available, qPrintable(r.error));
        QCOMPARE(http.requests.size(), 3);
        QCOMPARE(r.hits.first().matchConfidence, 0.4);

        ScriptedHttp always;
        always.script = {{500, "{}"}};
        auto down = source(always.start(), 2000, 1);
        const ExternalResult d = down.check(features());
        QVERIFY(!d.available);
        QCOMPARE(always.requests.size(), 2);
        QVERIFY(d.error.contains(QStringLiteral("500")));
    }

    void aRefusalIsNotRetried()
    {
        ScriptedHttp http;
        http.script = {
            {400, R"({"status":"error","error":{"code":4,"message":"invalid API key"}})"}};
        auto src = source(http.start(), 2000, 3);
        const ExternalResult r = src.check(features());
        QVERIFY(!r.available);
        QCOMPARE(http.requests.size(), 1);
        QVERIFY(r.error.contains(QStringLiteral("invalid API key")));
        QVERIFY(!r.error.contains(QStringLiteral("k3y"))); // the key never appears in errors
    }

    void silenceTimesOut()
    {
        ScriptedHttp http;
        http.script = {{0, {}}};
        auto src = source(http.start(), 300, 1);
        QElapsedTimer t;
        t.start();
        const ExternalResult r = src.check(features());
        QVERIFY(!r.available);
        QVERIFY2(r.error.contains(QStringLiteral("no answer")), qPrintable(r.error));
        QCOMPARE(http.requests.size(), 2);
        QVERIFY(t.elapsed() < 10000); // bounded: never blocks a worker for long

        AcoustIdSource::Options o;
        o.baseUrl = QStringLiteral("http://127.0.0.1:1"); // nothing listens
        o.retries = 0;
        const ExternalResult refused = AcoustIdSource(o).check(features());
        QVERIFY(!refused.available);
    }

    void requestsAreRateLimited()
    {
        ScriptedHttp http;
        http.script = {{200, okBody(0.1)}};
        auto src = source(http.start(), 2000, 0, 10); // 10 requests per second
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 5; ++i)
            QVERIFY(src.check(features()).available);
        // Five requests at 10/s span at least four intervals of 100 ms.
        QVERIFY2(t.elapsed() >= 390, qPrintable(QString::number(t.elapsed())));
    }

    void catalogsFromAFolder()
    {
        QTemporaryDir data, audio;
        QVERIFY(QDir().mkpath(QDir(audio.path()).filePath(QStringLiteral("a"))));
        QVERIFY(writeFile(QDir(audio.path()).filePath(QStringLiteral("a/one.wav")),
                          wavFromFloat(melody(40, 22050, 21), 22050)));
        QVERIFY(writeFile(QDir(audio.path()).filePath(QStringLiteral("two.wav")),
                          wavFromFloat(melody(40, 22050, 22), 22050)));
        QVERIFY(
            writeFile(QDir(audio.path()).filePath(QStringLiteral("broken.mp3")), "ID3 not really"));
        const QString meta = QDir(audio.path()).filePath(QStringLiteral("meta.json"));
        QVERIFY(writeFile(meta, R"({"a/one.wav": {"title": "One", "artist": "Uno"}})"));
        QStringList lines;
        auto report = buildCatalog(data.path(), QStringLiteral("pd"), audio.path(), meta,
                                   [&](const QString &l) { lines << l; });
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
        QCOMPARE(report->indexed, 2);
        QCOMPARE(report->failed, 1);
        QVERIFY(lines.join(QLatin1Char('\n')).contains(QStringLiteral("broken.mp3: skipped")));

        auto cat = CatalogSource::load(QDir(data.path()).filePath(QStringLiteral("catalogs/pd")));
        QVERIFY(cat.ok());
        QCOMPARE(cat.value()->name(), QStringLiteral("pd"));
        // An excerpt 10..30 s of "one" is found there, with its metadata and regions.
        std::vector<float> one = melody(40, 22050, 21);
        std::vector<float> excerpt(one.begin() + 10 * 22050, one.begin() + 30 * 22050);
        auto f = core::extractFeatures(wavFromFloat(excerpt, 22050));
        QVERIFY(f.ok());
        const ExternalResult r = cat.value()->check(f.value());
        QVERIFY(!r.hits.isEmpty());
        const ExternalHit &h = r.hits.first();
        QCOMPARE(h.referenceId, QStringLiteral("pd:a/one.wav"));
        QCOMPARE(h.title, QStringLiteral("One"));
        QVERIFY(h.matchConfidence >= 0.7);
        QVERIFY(std::abs(*h.refOverlapStart - (10 + *h.overlapStart)) < 1.0);
        QVERIFY(h.overlapSec() > 15);
        // Unrelated music: nothing at the weak threshold.
        auto other = core::extractFeatures(wavFromFloat(melody(30, 22050, 99), 22050));
        for (const ExternalHit &x : cat.value()->check(other.value()).hits)
            QVERIFY(x.matchConfidence < 0.4);

        auto bad = buildCatalog(data.path(), QStringLiteral("../x"), audio.path(), {},
                                [](const QString &) {});
        QCOMPARE(bad.error().code, QStringLiteral("bad_catalog_name"));
        QVERIFY(!buildCatalog(data.path(), QStringLiteral("y"), audio.path(), audio.path(),
                              [](const QString &) {})
                     .ok()); // metadata is not JSON

        // At most two sources.
        QVERIFY(
            buildCatalog(data.path(), QStringLiteral("pd2"), audio.path(), {}, [](const QString &) {
            }).ok());
        ServerConfig c;
        c.dataDir = data.path();
        QCOMPARE(loadExternalSources(c)->size(), 2);
        c.acoustidUrl = QStringLiteral("http://127.0.0.1:9");
        auto three = loadExternalSources(c);
        QVERIFY(!three.ok());
        QCOMPARE(three.error().code, QStringLiteral("too_many_sources"));
        c.catalogs = {QStringLiteral("pd")};
        c.catalogsSet = true;
        QCOMPARE(loadExternalSources(c)->size(), 2);
    }
};

QTEST_GUILESS_MAIN(ExternalSourcesTest)
#include "external_sources_test.moc"
