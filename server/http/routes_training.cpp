// Routes of the training gateway and lineage (spec §5, §7): packs, runs and their manifests,
// the token-bound audio, models, proofs and the impact of revocations.
#include "server/http/route_context.h"

#include "server/services/proofs.h"
#include "server/storage/dispute_queue.h"

#include "core/base/ids.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <climits>
#include <optional>

namespace lemm::server {

using routes::respond;

namespace {

const QStringList kUses{QStringLiteral("training"), QStringLiteral("evaluation"),
                        QStringLiteral("internal_demo"), QStringLiteral("per_artist_adapters")};
const QString kNameRule =
    QStringLiteral("is required: 1-100 letters, digits, '_', '.', ':' or '-'");

bool isName(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$"));
    return re.match(s).hasMatch();
}

// An array of non-empty strings of at most 100 characters; nullopt for anything else.
std::optional<QStringList> names(const QJsonValue &v)
{
    if (!v.isArray())
        return std::nullopt;
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        if (!e.isString() || e.toString().isEmpty() || e.toString().size() > 100)
            return std::nullopt;
        out << e.toString();
    }
    return out;
}

// A selection filter: {status: ["accepted"], genre: [..], language: [..], submitted_after,
// submitted_before}. Returns the problem, or an empty string.
QString filterProblem(const QJsonValue &v)
{
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject())
        return QStringLiteral("must be an object {status, genre, language, submitted_after, "
                              "submitted_before}");
    const QJsonObject f = v.toObject();
    for (auto it = f.begin(); it != f.end(); ++it) {
        const QString k = it.key();
        if (k == QLatin1String("genre") || k == QLatin1String("language")) {
            if (!names(it.value()))
                return QStringLiteral("%1 must be an array of names").arg(k);
        } else if (k == QLatin1String("status")) {
            // Only accepted tracks are ever eligible; the key is accepted for completeness.
            if (it.value().toArray() != QJsonArray{core::toString(core::SubmissionState::Accepted)})
                return QStringLiteral("status can only be [\"accepted\"]: training uses "
                                      "accepted tracks only");
        } else if (k == QLatin1String("submitted_after") ||
                   k == QLatin1String("submitted_before")) {
            if (!it.value().isString() || !core::fromIso(it.value().toString()).isValid())
                return QStringLiteral("%1 must be an ISO-8601 time").arg(k);
        } else {
            return QStringLiteral("unknown filter key '%1'").arg(k);
        }
    }
    return {};
}

// Where a pack's tracks come from: a licence and a manifest hash for an external pack, a
// filter over the vault otherwise.
void readPackSource(FieldReader &r, PackRequest &p)
{
    const QJsonValue license = r.value(QStringLiteral("license"));
    const QJsonValue manifest = r.value(QStringLiteral("manifest_hash"));
    const QJsonValue filter = r.value(QStringLiteral("filter"));
    if (p.external) {
        if (!license.isString() || license.toString().isEmpty())
            r.fail(QStringLiteral("license"), QStringLiteral("an external pack needs its licence"));
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
        if (!manifest.isString() || !hex.match(manifest.toString()).hasMatch())
            r.fail(QStringLiteral("manifest_hash"),
                   QStringLiteral("an external pack needs the 64-hex-digit hash of its content "
                                  "manifest"));
        if (!filter.isUndefined())
            r.fail(QStringLiteral("filter"),
                   QStringLiteral("external packs are not stored in the vault; no filter"));
    } else if (const QString why = filterProblem(filter); !why.isEmpty()) {
        r.fail(QStringLiteral("filter"), why);
    }
    p.license = license.toString();
    p.manifestHash = manifest.toString();
    p.filter = filter.toObject();
}

Result<PackRequest> parsePackRequest(const QJsonObject &body)
{
    FieldReader r(body);
    PackRequest p;
    p.asGiven = body;
    p.name = r.value(QStringLiteral("name")).toString();
    if (!isName(p.name))
        r.fail(QStringLiteral("name"), kNameRule);
    const QJsonValue desc = r.value(QStringLiteral("description"));
    if (!desc.isString() || !core::checkText(desc.toString(), 2000).isEmpty())
        r.fail(QStringLiteral("description"), QStringLiteral("is required (a text)"));
    p.description = desc.toString();
    const auto uses = names(r.value(QStringLiteral("allowed_uses")));
    if (!uses || uses->isEmpty() || !std::all_of(uses->begin(), uses->end(), [](const QString &u) {
            return kUses.contains(u);
        }))
        r.fail(QStringLiteral("allowed_uses"), QStringLiteral("must be a non-empty array of: %1")
                                                   .arg(kUses.join(QStringLiteral(", "))));
    p.allowedUses = uses.value_or(QStringList());
    const QJsonValue clean = r.value(QStringLiteral("clean_compatible"));
    if (!clean.isBool())
        r.fail(QStringLiteral("clean_compatible"), QStringLiteral("must be true or false"));
    p.cleanCompatible = clean.toBool();
    const QJsonValue external = r.value(QStringLiteral("external"));
    if (!external.isUndefined() && !external.isBool())
        r.fail(QStringLiteral("external"), QStringLiteral("must be true or false"));
    p.external = external.toBool(false);
    readPackSource(r, p);
    const QJsonValue constraints = r.value(QStringLiteral("license_constraints"));
    if (!constraints.isUndefined() && !constraints.isString())
        r.fail(QStringLiteral("license_constraints"), QStringLiteral("must be a text"));
    p.licenseConstraints = constraints.isString() ? constraints.toString() : QStringLiteral("");
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the pack has invalid fields")); !ok)
        return ok.error();
    return p;
}

Result<RunRequest> parseRunRequest(const QJsonObject &body)
{
    FieldReader r(body);
    RunRequest run;
    for (auto [key, field] : {std::pair{"model_id", &RunRequest::modelId},
                              std::pair{"model_type", &RunRequest::modelType},
                              std::pair{"run_id", &RunRequest::runId}}) {
        run.*field = r.value(QString::fromLatin1(key)).toString();
        if (!isName(run.*field))
            r.fail(QString::fromLatin1(key), kNameRule);
    }
    const auto packs = names(r.value(QStringLiteral("packs")));
    if (!packs || packs->isEmpty())
        r.fail(QStringLiteral("packs"),
               QStringLiteral("must name at least one registered pack; ad-hoc track lists are not "
                              "accepted"));
    run.packs = packs.value_or(QStringList());
    const QJsonValue filters = r.value(QStringLiteral("filters"));
    if (const QString why = filterProblem(filters); !why.isEmpty())
        r.fail(QStringLiteral("filters"), why);
    run.filters = filters.toObject();
    const QJsonValue hyper = r.value(QStringLiteral("hyperparameters"));
    if (!hyper.isObject())
        r.fail(QStringLiteral("hyperparameters"), QStringLiteral("must be an object"));
    run.hyperparameters = hyper.toObject();
    // Optional: the gateway computes it from the hyperparameters; a given one must agree.
    const QJsonValue hash = r.value(QStringLiteral("config_hash"));
    if (!hash.isUndefined() && (!hash.isString() || hash.toString().size() > 200))
        r.fail(QStringLiteral("config_hash"),
               QStringLiteral("must be a text (\"sha256:\" and 64 hex digits) when given"));
    run.configHash = hash.toString();
    const QJsonValue clean = r.value(QStringLiteral("clean"));
    if (!clean.isBool())
        r.fail(QStringLiteral("clean"), QStringLiteral("is required: true when the model will be "
                                                       "advertised as trained on clean data"));
    run.clean = clean.toBool();
    run.modelName = r.value(QStringLiteral("model_name")).toString(run.modelId).left(200);
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the training run has invalid fields")); !ok)
        return ok.error();
    return run;
}

} // namespace

ApiRouter::Reply ApiRouter::createPack(Context &c, const QJsonObject &body)
{
    auto pack = parsePackRequest(body);
    if (!pack)
        return pack.error();
    return respond(201, m_packs.createPack(c.who(), pack.value()));
}

ApiRouter::Reply ApiRouter::listPacks(Context &)
{
    return respond(200, m_packs.listPacks());
}

ApiRouter::Reply ApiRouter::createRun(Context &c, const QJsonObject &body)
{
    auto run = parseRunRequest(body);
    if (!run)
        return run.error();
    return respond(201, m_gateway.createRun(c.who(), run.value()));
}

ApiRouter::Reply ApiRouter::manifest(Context &c)
{
    QueryReader q(c.request.query);
    const int page =
        int(q.integer(QStringLiteral("page"), 0, 0, INT_MAX, QStringLiteral("must be 0 or more")));
    if (auto ok = q.check(QStringLiteral("the manifest request has invalid parameters")); !ok)
        return ok.error();
    return respond(200, m_gateway.manifest(c.who(), c.param(QStringLiteral("id")), page));
}

ApiRouter::Reply ApiRouter::completeRun(Context &c, const QJsonObject &body)
{
    FieldReader r(body);
    r.value(QStringLiteral("notes")); // accepted, not stored
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the completion has invalid fields")); !ok)
        return ok.error();
    return respond(200, m_gateway.complete(c.who(), c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::trainingAudio(Context &c)
{
    // The signed, run- and track-bound token together with the run's own API key.
    auto audio = m_gateway.audio(c.who(), c.param(QStringLiteral("token")));
    if (!audio)
        return audio.error();
    ApiResponse r = ApiResponse::raw(200, "application/octet-stream", {});
    r.stream = std::move(audio.value()); // decrypted block by block as it is sent
    return r;
}

ApiRouter::Reply ApiRouter::modelLineage(Context &c)
{
    return respond(200, m_lineage.modelLineage(c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::listModels(Context &)
{
    return respond(200, m_lineage.listModels());
}

ApiRouter::Reply ApiRouter::runDetail(Context &c)
{
    return respond(200, m_lineage.runDetail(c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::modelProof(Context &c)
{
    return respond(200, server::modelProof(m_vault, c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::outputProof(Context &c)
{
    return respond(200, server::outputProof(m_vault, c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::revokedImpact(Context &)
{
    return respond(200, m_lineage.revokedImpact());
}

ApiRouter::Reply ApiRouter::trackLineage(Context &c)
{
    return respond(200, m_lineage.trackLineage(c.param(QStringLiteral("id"))));
}

// Only the track's contributor (the route's action): other contributors get the track's usual
// 404, as for a track that does not exist; other roles 403.
ApiRouter::Reply ApiRouter::trackReceipt(Context &c)
{
    return respond(200, server::trackReceipt(m_vault, c.param(QStringLiteral("id"))));
}

ApiRouter::Reply ApiRouter::listDisputes(Context &c)
{
    QueryReader q(c.request.query);
    const QString state =
        q.oneOf(QStringLiteral("state"), {QStringLiteral("open"), QStringLiteral("all")},
                QStringLiteral("open"), QStringLiteral("must be open or all"));
    if (auto ok = q.check(QStringLiteral("the dispute list has invalid parameters")); !ok)
        return ok.error();
    return respond(200, DisputeQueue::list(m_vault.db(), state == QLatin1String("open")));
}

} // namespace lemm::server
