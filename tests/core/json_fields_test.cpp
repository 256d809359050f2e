// FieldReader and QueryReader (core/base/json_fields.h): every field's message under its path,
// one "invalid_fields" error for the whole request.
#include "core/base/json_fields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace lemm::core;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class JsonFieldsTest : public QObject
{
    Q_OBJECT

private slots:
    void readsValidFields()
    {
        FieldReader r(parse(R"({"name": "  Nova  ", "kind": "label", "ok": true,
                                "tags": ["a", "b"], "pw": " secret ", "sub": {"x": 1}})"));
        QCOMPARE(r.text(QStringLiteral("name"), 20, true), QStringLiteral("Nova"));
        QCOMPARE(r.oneOf(QStringLiteral("kind"), {QStringLiteral("label")}, true),
                 QStringLiteral("label"));
        QCOMPARE(r.boolean(QStringLiteral("ok"), true), true);
        QCOMPARE(r.textList(QStringLiteral("tags"), 5, 10),
                 QStringList({QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(r.string(QStringLiteral("pw")), QStringLiteral(" secret "));
        QCOMPARE(r.object(QStringLiteral("sub")).value(QStringLiteral("x")).toInt(), 1);
        r.rejectUnknown();
        QVERIFY(r.ok());
        QVERIFY(r.check(QStringLiteral("unused")).ok());
    }

    void fieldErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::addRow("missing text") << QByteArray("{}") << "name"
                                      << "is required";
        QTest::addRow("number as text") << QByteArray(R"({"name": 5})") << "name"
                                        << "must be a string";
        QTest::addRow("blank text") << QByteArray(R"({"name": "  "})") << "name"
                                    << "must not be empty";
        QTest::addRow("long text") << QByteArray(R"({"name": "abcdefghijk"})") << "name"
                                   << "must be at most 10 characters";
        QTest::addRow("control char") << QByteArray("{\"name\": \"a\\u0007b\"}") << "name"
                                      << "must not contain control characters";
        QTest::addRow("unknown key") << QByteArray(R"({"name": "ok", "nmae": "x"})") << "nmae"
                                     << "is not a known field";
    }
    void fieldErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QFETCH(QString, message);
        FieldReader r(QJsonDocument::fromJson(body).object());
        r.text(QStringLiteral("name"), 10, true);
        r.rejectUnknown();
        const Status s = r.check(QStringLiteral("the request has invalid fields"));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().kind, ErrorKind::InvalidInput);
        QCOMPARE(s.error().code, QStringLiteral("invalid_fields"));
        QCOMPARE(s.error().message, QStringLiteral("the request has invalid fields"));
        QCOMPARE(s.error().fields.value(field).toString(), message);
        QCOMPARE(s.error().fields.size(), 1);
    }

    void proseTreatsBlankAsAbsent()
    {
        FieldReader r(parse(R"({"note": "   ", "reason": 3, "opt": null})"));
        QCOMPARE(r.prose(QStringLiteral("note"), 100, true), QString());
        QCOMPARE(r.prose(QStringLiteral("reason"), 100, true), QString());
        QCOMPARE(r.prose(QStringLiteral("opt"), 100, false), QString());
        QCOMPARE(r.errors().value(QStringLiteral("note")).toString(),
                 QStringLiteral("is required"));
        QCOMPARE(r.errors().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("must be a text"));
        QVERIFY(!r.failed(QStringLiteral("opt")));
    }

    void otherKindsRefuseWrongTypes()
    {
        FieldReader r(parse(R"({"flag": "yes", "list": "a", "big": ["a","b","c"],
                                "mixed": ["a", 1], "obj": [], "kind": "other", "pw": 1})"));
        r.boolean(QStringLiteral("flag"), true);
        r.boolean(QStringLiteral("absent"), true);
        r.textList(QStringLiteral("list"), 5, 10);
        r.textList(QStringLiteral("big"), 2, 10);
        r.textList(QStringLiteral("mixed"), 5, 10);
        r.object(QStringLiteral("obj"));
        r.oneOf(QStringLiteral("kind"), {QStringLiteral("a"), QStringLiteral("b")}, true);
        r.string(QStringLiteral("pw"));
        r.string(QStringLiteral("token"));
        const QJsonObject e = r.errors();
        QCOMPARE(e.value(QStringLiteral("flag")).toString(),
                 QStringLiteral("must be true or false"));
        QCOMPARE(e.value(QStringLiteral("absent")).toString(),
                 QStringLiteral("is required (true or false)"));
        QCOMPARE(e.value(QStringLiteral("list")).toString(),
                 QStringLiteral("must be an array of strings"));
        QCOMPARE(e.value(QStringLiteral("big")).toString(), QStringLiteral("at most 2 entries"));
        QCOMPARE(e.value(QStringLiteral("mixed")).toString(),
                 QStringLiteral("must be an array of strings"));
        QCOMPARE(e.value(QStringLiteral("obj")).toString(), QStringLiteral("must be an object"));
        QCOMPARE(e.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("must be one of: a, b"));
        QCOMPARE(e.value(QStringLiteral("pw")).toString(), QStringLiteral("must be a string"));
        QCOMPARE(e.value(QStringLiteral("token")).toString(), QStringLiteral("is required"));
        QCOMPARE(e.size(), 9);
    }

    void nestedReadersReportDottedPaths()
    {
        const QJsonObject body = parse(R"({"rights": {"is_cover": "no", "extra": 1}})");
        FieldReader top(body);
        const QJsonObject rights = top.object(QStringLiteral("rights"));
        top.rejectUnknown();
        FieldReader nested(rights, QStringLiteral("rights"));
        nested.boolean(QStringLiteral("is_cover"), true);
        nested.rejectUnknown();
        QVERIFY(nested.failed(QStringLiteral("is_cover")));
        top.absorb(nested);
        QCOMPARE(top.errors().value(QStringLiteral("rights.is_cover")).toString(),
                 QStringLiteral("must be true or false"));
        QCOMPARE(top.errors().value(QStringLiteral("rights.extra")).toString(),
                 QStringLiteral("is not a known field"));
        QCOMPARE(top.errors().size(), 2);
    }

    void queryIntegers_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<bool>("ok");
        QTest::addRow("absent") << "" << qint64(100) << true;
        QTest::addRow("empty") << "limit=" << qint64(100) << true;
        QTest::addRow("in range") << "limit=7" << qint64(7) << true;
        QTest::addRow("upper bound") << "limit=500" << qint64(500) << true;
        QTest::addRow("letters") << "limit=abc" << qint64(100) << false;
        QTest::addRow("negative") << "limit=-1" << qint64(100) << false;
        QTest::addRow("zero") << "limit=0" << qint64(100) << false;
        QTest::addRow("exponent") << "limit=1e9" << qint64(100) << false;
        QTest::addRow("too large") << "limit=501" << qint64(100) << false;
        QTest::addRow("huge") << "limit=99999999999999999999999" << qint64(100) << false;
        QTest::addRow("fraction") << "limit=2.5" << qint64(100) << false;
    }
    void queryIntegers()
    {
        QFETCH(QString, query);
        QFETCH(qint64, value);
        QFETCH(bool, ok);
        QueryReader q{QUrlQuery(query)};
        QCOMPARE(q.integer(QStringLiteral("limit"), 100, 1, 500, QStringLiteral("must be 1..500")),
                 value);
        const Status s = q.check(QStringLiteral("the queue request has invalid parameters"));
        QCOMPARE(s.ok(), ok);
        if (!ok) {
            QCOMPARE(s.error().code, QStringLiteral("invalid_fields"));
            QCOMPARE(s.error().message, QStringLiteral("the queue request has invalid parameters"));
            const QJsonObject expected{{QStringLiteral("limit"), QStringLiteral("must be 1..500")}};
            QCOMPARE(s.error().fields, expected);
        }
    }

    void queryNumbers()
    {
        QueryReader q{QUrlQuery(QStringLiteral("from=1.5&to=abc&res=&big=1e9"))};
        QCOMPARE(q.number(QStringLiteral("from"), 0, 0, 10), 1.5);
        QCOMPARE(q.number(QStringLiteral("absent"), 3, 0, 10), 3.0);
        QCOMPARE(q.number(QStringLiteral("to"), 0, 0, 10), 0.0);
        QCOMPARE(q.number(QStringLiteral("res"), 2, 1, 10), 2.0);
        QCOMPARE(q.number(QStringLiteral("big"), 0, 0, 1e6), 0.0);
        QCOMPARE(q.errors().value(QStringLiteral("to")).toString(),
                 QStringLiteral("must be a number from 0 to 10"));
        QCOMPARE(q.errors().value(QStringLiteral("res")).toString(),
                 QStringLiteral("must be a number from 1 to 10"));
        QCOMPARE(q.errors().value(QStringLiteral("big")).toString(),
                 QStringLiteral("must be a number from 0 to 1e+06"));
        QVERIFY(!q.failed(QStringLiteral("from")));
        QCOMPARE(q.errors().size(), 3);
    }

    void queryTextsAndEnums()
    {
        QueryReader q{QUrlQuery(QStringLiteral("actor=a%20b%26c&sort=age&state=nope&empty="))};
        QCOMPARE(q.text(QStringLiteral("actor")), QStringLiteral("a b&c"));
        QVERIFY(q.text(QStringLiteral("absent")).isNull());
        QCOMPARE(
            q.oneOf(QStringLiteral("sort"), {QStringLiteral("age")}, {}, QStringLiteral("bad")),
            QStringLiteral("age"));
        QCOMPARE(q.oneOf(QStringLiteral("empty"), {QStringLiteral("age")}, QStringLiteral("def"),
                         QStringLiteral("bad")),
                 QStringLiteral("def"));
        QCOMPARE(q.oneOf(QStringLiteral("state"), {QStringLiteral("open")}, QStringLiteral("open"),
                         QStringLiteral("must be open")),
                 QStringLiteral("open"));
        QCOMPARE(q.errors(),
                 QJsonObject({{QStringLiteral("state"), QStringLiteral("must be open")}}));
    }
};

QTEST_GUILESS_MAIN(JsonFieldsTest)
#include "json_fields_test.moc"
