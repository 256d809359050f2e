#include "server/services/proof_check.h"

#include "server/services/proof_seal.h"
#include "server/storage/audit_log.h"
#include "server/storage/subject_links.h"

#include "core/crypto/crypto.h"

#include <QJsonDocument>
#include <QSet>

#include <map>

namespace lemm::server::proofs {

using core::AuditEntry;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject parsedObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QJsonArray sortedUnique(QStringList list)
{
    list.removeDuplicates();
    list.sort();
    return QJsonArray::fromStringList(list);
}

} // namespace

// --- entries ---------------------------------------------------------------------------------

QJsonObject entryJson(const ProofEntry &p)
{
    const AuditEntry &e = p.entry;
    QJsonObject o{
        {QStringLiteral("seq"), double(e.seq)},      {QStringLiteral("at"), e.at},
        {QStringLiteral("event_type"), e.eventType}, {QStringLiteral("actor"), e.actor},
        {QStringLiteral("subject"), e.subject},      {QStringLiteral("payload"), e.payload},
        {QStringLiteral("prev_hash"), e.prevHash},   {QStringLiteral("hash"), e.hash}};
    if (!p.inclusion.isEmpty())
        o.insert(QStringLiteral("inclusion"), p.inclusion);
    return o;
}

core::Result<ProofEntry> entryFrom(const QJsonObject &o)
{
    const QJsonValue seq = o.value(QStringLiteral("seq"));
    if (!seq.isDouble() || seq.toDouble() < 1 || !o.value(QStringLiteral("payload")).isString())
        return core::Error::make(core::ErrorKind::InvalidInput, QStringLiteral("malformed_entry"),
                                 QStringLiteral("an entry has no seq or no payload text"));
    ProofEntry p;
    AuditEntry &e = p.entry;
    e.seq = qint64(seq.toDouble());
    e.at = str(o, "at");
    e.eventType = str(o, "event_type");
    e.actor = str(o, "actor");
    e.subject = str(o, "subject");
    e.payload = str(o, "payload");
    e.prevHash = str(o, "prev_hash");
    e.hash = str(o, "hash");
    p.payload = parsedObject(e.payload);
    p.inclusion = o.value(QStringLiteral("inclusion")).toObject();
    return p;
}

ProofEntry proofEntry(const AuditEntry &e)
{
    return ProofEntry{e, parsedObject(e.payload), {}};
}

std::optional<qint64> prevAbout(const ProofEntry &e, const QString &key)
{
    const QJsonValue v = e.payload.value(subject_links::kPayloadField).toObject().value(key);
    if (!v.isDouble())
        return std::nullopt;
    return qint64(v.toDouble());
}

// --- model statement -------------------------------------------------------------------------

namespace {

bool isRevocationOrClaim(const ProofEntry &e)
{
    if (e.entry.eventType == audit::kConsentChange)
        return str(e.payload, "change") == QLatin1String("revoked");
    if (e.entry.eventType != audit::kInfringementClaim)
        return false;
    // A claim locks the track when filed with standing (older entries have no state: they all
    // locked) or when a queued one is accepted; a claim queued for review changes nothing.
    const QString change = str(e.payload, "change");
    return (change == QLatin1String("filed") &&
            str(e.payload, "state") != QLatin1String("pending_review")) ||
           change == QLatin1String("accepted");
}

// affected_by of a run: revocations and claims of its tracks recorded after it.
QJsonArray affectedBy(const ProofEntry &batch, const QList<ProofEntry> &related)
{
    QSet<QString> used;
    for (const QJsonValue &t : batch.payload.value(QStringLiteral("track_ids")).toArray())
        used.insert(t.toString());
    QJsonArray out;
    for (const ProofEntry &r : related) {
        if (r.entry.seq <= batch.entry.seq || !used.contains(r.entry.subject) ||
            !isRevocationOrClaim(r))
            continue;
        const bool revoked = r.entry.eventType == audit::kConsentChange;
        out.append(QJsonObject{{QStringLiteral("track_id"), r.entry.subject},
                               {QStringLiteral("reason"),
                                revoked ? QStringLiteral("revoked") : QStringLiteral("claimed")},
                               {QStringLiteral("seq"), double(r.entry.seq)}});
    }
    return out;
}

// Whether the run's track list is shown and matches its resolved_hash commitment.
QString tracksShown(const QJsonObject &payload)
{
    if (!payload.contains(QStringLiteral("track_ids")))
        return QStringLiteral("not_recorded");
    QStringList ids;
    for (const QJsonValue &t : payload.value(QStringLiteral("track_ids")).toArray())
        ids << t.toString();
    const QString hash = QString::fromLatin1(
        core::crypto::genericHash(ids.join(QLatin1Char('\n')).toUtf8()).toHex());
    return hash == str(payload, "resolved_hash") ? QStringLiteral("matches_resolved_hash")
                                                 : QStringLiteral("does_not_match_resolved_hash");
}

QJsonObject runOf(const ProofEntry &batch, const QList<ProofEntry> &related)
{
    const QJsonObject &p = batch.payload;
    return QJsonObject{{QStringLiteral("run_id"), str(p, "run_id")},
                       {QStringLiteral("seq"), double(batch.entry.seq)},
                       {QStringLiteral("packs"), p.value(QStringLiteral("packs")).toArray()},
                       {QStringLiteral("clean"), p.value(QStringLiteral("clean")).toBool()},
                       {QStringLiteral("config_hash"), str(p, "config_hash")},
                       {QStringLiteral("track_count"), p.value(QStringLiteral("track_count"))},
                       {QStringLiteral("resolved_hash"), str(p, "resolved_hash")},
                       {QStringLiteral("track_list"), tracksShown(p)},
                       {QStringLiteral("completed"), false},
                       {QStringLiteral("affected_by"), affectedBy(batch, related)}};
}

struct ModelFacts {
    QJsonObject registration;
    QList<QJsonObject> runs;
    QStringList packs;
    QJsonArray affected;
};

void addBatch(ModelFacts &f, const ProofEntry &e, const QList<ProofEntry> &related)
{
    const QString runId = str(e.payload, "run_id");
    if (str(e.payload, "change") == QLatin1String("completed")) {
        for (QJsonObject &run : f.runs)
            if (run.value(QStringLiteral("run_id")).toString() == runId)
                run.insert(QStringLiteral("completed"), true);
        return;
    }
    QJsonObject run = runOf(e, related);
    for (const QJsonValue &p : run.value(QStringLiteral("packs")).toArray())
        f.packs << p.toString();
    for (const QJsonValue &a : run.value(QStringLiteral("affected_by")).toArray())
        if (!f.affected.contains(a))
            f.affected.append(a);
    f.runs << run;
}

QJsonObject modelStatement(const QString &modelId, const QList<ProofEntry> &entries,
                           const QList<ProofEntry> &related)
{
    ModelFacts f;
    for (const ProofEntry &e : entries) {
        if (e.entry.eventType == audit::kModelRegistered)
            f.registration = e.payload;
        else if (e.entry.eventType == audit::kTrainingBatch)
            addBatch(f, e, related);
    }
    bool allClean = !f.runs.isEmpty();
    QJsonArray runs;
    for (const QJsonObject &r : f.runs) {
        allClean = allClean && r.value(QStringLiteral("clean")).toBool();
        runs.append(r);
    }
    return QJsonObject{{QStringLiteral("model_id"), modelId},
                       {QStringLiteral("registered"), !f.registration.isEmpty()},
                       {QStringLiteral("name"), str(f.registration, "name")},
                       {QStringLiteral("model_type"), str(f.registration, "model_type")},
                       {QStringLiteral("runs"), runs},
                       {QStringLiteral("packs"), sortedUnique(f.packs)},
                       {QStringLiteral("all_clean"), allClean},
                       {QStringLiteral("affected_by"), f.affected}};
}

} // namespace

// --- output statement ------------------------------------------------------------------------

namespace {

struct Sources {
    QStringList answered, failed, notConfigured;
};

// The sources by what they did. Older entries have no "sources": there only the catalogs whose
// value is true answered; the others failed.
Sources sourcesOf(const QJsonObject &check)
{
    Sources s;
    const QJsonObject sources = check.value(QStringLiteral("sources")).toObject();
    for (auto it = sources.begin(); it != sources.end(); ++it) {
        const QString status = it.value().toString();
        (status == QLatin1String("answered")         ? s.answered
         : status == QLatin1String("not_configured") ? s.notConfigured
                                                     : s.failed)
            << it.key();
    }
    if (!sources.isEmpty())
        return s;
    const QJsonObject legacy =
        check.value(QStringLiteral("checked_against_external_catalogs")).toObject();
    for (auto it = legacy.begin(); it != legacy.end(); ++it)
        (it.value().toBool() ? s.answered : s.failed) << it.key();
    return s;
}

QJsonObject outputStatement(const QString &outputId, const QList<ProofEntry> &entries)
{
    int checks = 0, exports = 0;
    ProofEntry last;
    for (const ProofEntry &e : entries) {
        if (e.entry.eventType == audit::kOutputSimilarityCheck) {
            ++checks;
            last = e;
        } else if (e.entry.eventType == audit::kOutputExport) {
            ++exports;
        }
    }
    const Sources s = sourcesOf(last.payload);
    return QJsonObject{
        {QStringLiteral("output_id"), outputId},
        {QStringLiteral("checks"), checks},
        {QStringLiteral("exports"), exports},
        {QStringLiteral("last_check_seq"), double(last.entry.seq)},
        {QStringLiteral("decision"), last.payload.value(QStringLiteral("decision"))},
        {QStringLiteral("checked_against_internal"),
         last.payload.value(QStringLiteral("checked_against_internal")).toInt()},
        {QStringLiteral("sources_answered"), QJsonArray::fromStringList(s.answered)},
        {QStringLiteral("sources_failed"), QJsonArray::fromStringList(s.failed)},
        {QStringLiteral("sources_not_configured"), QJsonArray::fromStringList(s.notConfigured)},
        {QStringLiteral("source_errors"),
         last.payload.value(QStringLiteral("source_errors")).toObject()},
        {QStringLiteral("calibration_version"), str(last.payload, "calibration_version")}};
}

} // namespace

// --- track receipt ---------------------------------------------------------------------------

namespace {

QJsonObject use(const char *value, const QString &constraint = {})
{
    QJsonObject o{{QStringLiteral("use"), QLatin1String(value)}};
    if (!constraint.isEmpty())
        o.insert(QStringLiteral("constraint_info"), constraint);
    return o;
}

// One consent version as a C2PA / CAWG training-and-data-mining assertion (docs/API.md,
// "Receipts", has the mapping).
QJsonObject cawgAssertion(const QJsonObject &consent)
{
    const bool revoked = consent.value(QStringLiteral("revoked")).toBool();
    const bool training = !revoked && consent.value(QStringLiteral("training_allowed")).toBool();
    QString rule = QStringLiteral("only in training runs recorded in this vault's audit log, from "
                                  "data packs its policy allows; revocable at any time");
    if (!consent.value(QStringLiteral("allow_per_artist_adapters")).toBool())
        rule += QStringLiteral("; no per-artist adapters");
    const QJsonObject trainingUse = training ? use("constrained", rule) : use("notAllowed");
    return QJsonObject{
        {QStringLiteral("label"), QStringLiteral("cawg.training-mining")},
        {QStringLiteral("entries"),
         QJsonObject{{QStringLiteral("cawg.ai_training"), trainingUse},
                     {QStringLiteral("cawg.ai_generative_training"), trainingUse},
                     {QStringLiteral("cawg.ai_inference"), use("notAllowed")},
                     {QStringLiteral("cawg.data_mining"),
                      revoked ? use("notAllowed")
                              : use("constrained",
                                    QStringLiteral("fingerprints and embeddings for the vault's "
                                                   "similarity and safety checks only"))}}}};
}

QJsonObject consentVersion(const ProofEntry &e, const QJsonObject &previous)
{
    QJsonObject c = previous;
    const QJsonObject &p = e.payload;
    c.insert(QStringLiteral("version"), p.value(QStringLiteral("consent_version")));
    c.insert(QStringLiteral("seq"), double(e.entry.seq));
    c.insert(QStringLiteral("at"), e.entry.at);
    if (e.entry.eventType == audit::kSubmissionDecision) {
        for (const char *k : {"training_allowed", "internal_demo_ok", "allow_per_artist_adapters"})
            c.insert(QLatin1String(k), p.value(QLatin1String(k)).toBool());
        c.insert(QStringLiteral("revoked"), false);
    } else {
        c.insert(QStringLiteral("revoked"), str(p, "change") == QLatin1String("revoked"));
        c.insert(QStringLiteral("revocation_scope"), str(p, "scope"));
    }
    c.remove(QStringLiteral("cawg"));
    c.insert(QStringLiteral("cawg"), cawgAssertion(c));
    return c;
}

struct TrackFacts {
    QJsonArray consent, decisions, claims, runs;
    QJsonObject current;
    QJsonValue revocation;
    QStringList models;
};

QJsonObject at(const ProofEntry &e)
{
    return QJsonObject{{QStringLiteral("seq"), double(e.entry.seq)},
                       {QStringLiteral("at"), e.entry.at}};
}

void addTrackEntry(TrackFacts &f, const ProofEntry &e)
{
    const QString &type = e.entry.eventType;
    QJsonObject o = at(e);
    if (type == audit::kSubmissionDecision) {
        const bool created = str(e.payload, "decision") == QLatin1String("submitted");
        o.insert(QStringLiteral("event"),
                 created ? QStringLiteral("submitted") : str(e.payload, "event"));
        o.insert(QStringLiteral("to"), str(e.payload, "to"));
        f.decisions.append(o);
        if (created) {
            f.current = consentVersion(e, {});
            f.consent.append(f.current);
        }
    } else if (type == audit::kConsentChange) {
        f.current = consentVersion(e, f.current);
        f.consent.append(f.current);
        if (str(e.payload, "change") == QLatin1String("revoked")) {
            o.insert(QStringLiteral("scope"), str(e.payload, "scope"));
            o.insert(QStringLiteral("consent_version"),
                     e.payload.value(QStringLiteral("consent_version")));
            f.revocation = o;
        }
    } else if (type == audit::kInfringementClaim) {
        o.insert(QStringLiteral("claim_id"), str(e.payload, "claim_id"));
        o.insert(QStringLiteral("change"), str(e.payload, "change"));
        f.claims.append(o);
    } else if (type == audit::kTrainingBatch) {
        o.insert(QStringLiteral("run_id"), str(e.payload, "run_id"));
        o.insert(QStringLiteral("model_id"), str(e.payload, "model_id"));
        f.runs.append(o);
        f.models << str(e.payload, "model_id");
    }
}

QJsonObject receiptStatement(const QString &trackId, const QList<ProofEntry> &entries)
{
    TrackFacts f;
    f.revocation = QJsonValue::Null;
    for (const ProofEntry &e : entries)
        addTrackEntry(f, e);
    return QJsonObject{
        {QStringLiteral("track_id"), trackId},
        {QStringLiteral("consent_versions"), f.consent},
        {QStringLiteral("current_consent"),
         f.current.isEmpty() ? QJsonValue() : f.current.value(QStringLiteral("cawg"))},
        {QStringLiteral("decisions"), f.decisions},
        {QStringLiteral("revocation"), f.revocation},
        {QStringLiteral("claims"), f.claims},
        {QStringLiteral("training_runs"), f.runs},
        {QStringLiteral("models"), sortedUnique(f.models)}};
}

} // namespace

core::Result<QJsonObject> statementFor(const QString &kind, const QString &subjectId,
                                       const QList<ProofEntry> &entries,
                                       const QList<ProofEntry> &related, qint64 linksSince)
{
    QJsonObject s;
    if (kind == kModelProof)
        s = modelStatement(subjectId, entries, related);
    else if (kind == kOutputProof)
        s = outputStatement(subjectId, entries);
    else if (kind == kTrackReceipt)
        s = receiptStatement(subjectId, entries);
    else
        return core::Error::make(core::ErrorKind::InvalidInput, QStringLiteral("unknown_kind"),
                                 QStringLiteral("not a proof this version knows: '%1'").arg(kind));
    // What the back-links can show: everything when linking began with the vault.
    s.insert(QStringLiteral("complete_since_seq"), double(linksSince));
    return s;
}

namespace {

// The failed sources with the reason each gave, "none" for none.
QString failedWhy(const QJsonObject &s)
{
    const QJsonObject errors = s.value(QStringLiteral("source_errors")).toObject();
    QStringList out;
    for (const QJsonValue &v : s.value(QStringLiteral("sources_failed")).toArray()) {
        const QString name = v.toString();
        out << (errors.contains(name)
                    ? QStringLiteral("%1 (%2)").arg(name, errors.value(name).toString())
                    : name);
    }
    return out.isEmpty() ? QStringLiteral("none") : out.join(QStringLiteral(", "));
}

} // namespace

QString summaryFor(const QString &kind, const QJsonObject &s)
{
    const auto list = [&](const char *key) {
        QStringList l;
        for (const QJsonValue &v : s.value(QLatin1String(key)).toArray())
            l << v.toString();
        return l.isEmpty() ? QStringLiteral("none") : l.join(QStringLiteral(", "));
    };
    const auto plain = [&](const char *key) {
        QStringList l;
        for (const QJsonValue &v : s.value(QLatin1String(key)).toArray())
            l << v.toString();
        return l.join(QStringLiteral(", "));
    };
    const QString since =
        s.value(QStringLiteral("complete_since_seq")).toDouble() > 0
            ? QStringLiteral(" (complete only for audit entries after %1)")
                  .arg(qint64(s.value(QStringLiteral("complete_since_seq")).toDouble()))
            : QString();
    if (kind == kModelProof)
        return QStringLiteral("model %1 was trained only on the packs %2 in %3 recorded run(s)%4; "
                              "affected by %5 revocation(s) or claim(s)%6")
            .arg(str(s, "model_id"), list("packs"))
            .arg(s.value(QStringLiteral("runs")).toArray().size())
            .arg(s.value(QStringLiteral("all_clean")).toBool()
                     ? QStringLiteral(", each declared clean")
                     : QString())
            .arg(s.value(QStringLiteral("affected_by")).toArray().size())
            .arg(since);
    if (kind == kOutputProof)
        return QStringLiteral("output %1 was checked %2 time(s); the last check compared it with "
                              "%3 vault track(s) and the catalogs [%4] and decided '%5'; catalogs "
                              "that failed to answer: [%6]; not configured: [%7]; score "
                              "calibration: %8%9")
            .arg(str(s, "output_id"))
            .arg(s.value(QStringLiteral("checks")).toInt())
            .arg(s.value(QStringLiteral("checked_against_internal")).toInt())
            .arg(plain("sources_answered"), str(s, "decision"), failedWhy(s),
                 list("sources_not_configured"),
                 str(s, "calibration_version").isEmpty() ? QStringLiteral("not recorded")
                                                         : str(s, "calibration_version"),
                 since);
    return QStringLiteral("track %1: %2 consent version(s), %3; used by the models [%4] in %5 "
                          "training run(s); %6 claim event(s)%7")
        .arg(str(s, "track_id"))
        .arg(s.value(QStringLiteral("consent_versions")).toArray().size())
        .arg(s.value(QStringLiteral("revocation")).isObject() ? QStringLiteral("revoked")
                                                              : QStringLiteral("not revoked"))
        .arg(list("models"))
        .arg(s.value(QStringLiteral("training_runs")).toArray().size())
        .arg(s.value(QStringLiteral("claims")).toArray().size())
        .arg(since);
}

std::optional<QString> firstDifference(const QJsonValue &expected, const QJsonValue &actual,
                                       const QString &path)
{
    const QString here = path.isEmpty() ? QStringLiteral("(whole)") : path;
    if (expected.type() != actual.type())
        return here;
    if (expected.isObject()) {
        const QJsonObject e = expected.toObject(), a = actual.toObject();
        QStringList keys = e.keys() + a.keys();
        keys.removeDuplicates();
        keys.sort();
        for (const QString &k : keys)
            if (auto d = firstDifference(e.value(k), a.value(k),
                                         path.isEmpty() ? k : path + QLatin1Char('.') + k))
                return d;
        return std::nullopt;
    }
    if (expected.isArray()) {
        const QJsonArray e = expected.toArray(), a = actual.toArray();
        if (e.size() != a.size())
            return here;
        for (int i = 0; i < e.size(); ++i)
            if (auto d =
                    firstDifference(e.at(i), a.at(i), QStringLiteral("%1[%2]").arg(path).arg(i)))
                return d;
        return std::nullopt;
    }
    return expected == actual ? std::nullopt : std::optional<QString>(here);
}

QByteArray signedBytes(const QJsonObject &document)
{
    QJsonObject d = document;
    d.remove(QStringLiteral("signature"));
    return QByteArrayLiteral("lemm-proof-2\n") + QJsonDocument(d).toJson(QJsonDocument::Compact);
}

// --- the offline check -----------------------------------------------------------------------

namespace {

struct Subject {
    QString key;
    QString id;
    qint64 newest = 0;
    qint64 linksSince = 0;
};

Subject subjectOf(const QJsonObject &doc)
{
    const QJsonObject s = doc.value(QStringLiteral("subject")).toObject();
    const QJsonObject c = doc.value(QStringLiteral("chain")).toObject();
    return Subject{str(s, "key"), str(s, "id"),
                   qint64(c.value(QStringLiteral("newest_seq")).toDouble()),
                   qint64(c.value(QStringLiteral("links_since")).toDouble())};
}

Result<QList<ProofEntry>> entriesOf(const QJsonObject &doc, const char *field)
{
    QList<ProofEntry> out;
    for (const QJsonValue &v : doc.value(QLatin1String(field)).toArray()) {
        auto e = entryFrom(v.toObject());
        if (!e)
            return e.error();
        out << e.value();
    }
    return out;
}

void checkHashes(const QList<ProofEntry> &entries, CheckReport &r)
{
    for (const ProofEntry &e : entries)
        if (core::entryHash(e.entry) != e.entry.hash)
            r.problems << QStringLiteral("entry %1 was altered: it does not match its hash")
                              .arg(e.entry.seq);
}

QString subjectKey(const QString &kind, const QString &id)
{
    if (kind == kModelProof)
        return subject_links::modelKey(id);
    if (kind == kOutputProof)
        return subject_links::outputKey(id);
    return subject_links::trackKey(id);
}

bool isAbout(const ProofEntry &e, const QString &key)
{
    return subject_links::keysOf(e.entry.eventType, e.entry.subject, e.payload).contains(key);
}

// Follows the back-links from the newest entry about the subject; every link must be present.
QSet<qint64> walkChain(const Subject &s, const std::map<qint64, ProofEntry> &bySeq, CheckReport &r)
{
    QSet<qint64> onChain;
    qint64 cur = s.newest, from = 0;
    while (cur > 0) {
        const auto it = bySeq.find(cur);
        if (it == bySeq.end()) {
            r.problems << (from == 0 ? QStringLiteral("entries incomplete: the newest entry about "
                                                      "%1, entry %2, is missing")
                                           .arg(s.key)
                                           .arg(cur)
                                     : QStringLiteral("entries incomplete: entry %1 links to %2 "
                                                      "which is missing")
                                           .arg(from)
                                           .arg(cur));
            return onChain;
        }
        onChain.insert(cur);
        const std::optional<qint64> prev = prevAbout(it->second, s.key);
        if (!prev) {
            if (cur > s.linksSince)
                r.problems << QStringLiteral("entries incomplete: entry %1 carries no back-link "
                                             "for %2")
                                  .arg(cur)
                                  .arg(s.key);
            return onChain;
        }
        if (*prev >= cur) {
            r.problems << QStringLiteral("entry %1 links forward to %2").arg(cur).arg(*prev);
            return onChain;
        }
        from = cur;
        cur = *prev;
    }
    return onChain;
}

// The entries the statement follows from: the chain, and unlinked entries from before links.
QList<ProofEntry> chainEntries(const Subject &s, const QList<ProofEntry> &entries, CheckReport &r)
{
    std::map<qint64, ProofEntry> bySeq;
    for (const ProofEntry &e : entries)
        if (!bySeq.emplace(e.entry.seq, e).second)
            r.problems << QStringLiteral("entry %1 appears twice").arg(e.entry.seq);
    const QSet<qint64> onChain = walkChain(s, bySeq, r);
    QList<ProofEntry> about;
    for (const auto &[seq, e] : bySeq) {
        if (!isAbout(e, s.key))
            r.problems << QStringLiteral("entry %1 is not about %2").arg(seq).arg(s.key);
        else if (onChain.contains(seq) || seq <= s.linksSince)
            about << e;
        else
            r.problems << QStringLiteral("entry %1 about %2 is not on its chain of back-links")
                              .arg(seq)
                              .arg(s.key);
    }
    if (s.linksSince > 0)
        r.notes << QStringLiteral("entries up to %1 predate back-links: completeness is shown "
                                  "only for later entries")
                       .arg(s.linksSince);
    return about;
}

void checkStatement(const QJsonObject &doc, const Subject &s, const QList<ProofEntry> &about,
                    const QList<ProofEntry> &related, CheckReport &r)
{
    auto expected = statementFor(r.kind, s.id, about, related, s.linksSince);
    if (!expected) {
        r.problems << expected.error().message;
        return;
    }
    const QJsonValue stated = doc.value(QStringLiteral("statement"));
    if (auto d = firstDifference(expected.value(), stated))
        r.problems << QStringLiteral("statement does not follow from the entries: field '%1' "
                                     "differs")
                          .arg(*d);
    if (doc.value(QStringLiteral("summary")).toString() != summaryFor(r.kind, expected.value()))
        r.problems << QStringLiteral("summary does not match the statement the entries give");
}

void checkRelated(const QList<ProofEntry> &related, CheckReport &r)
{
    for (const ProofEntry &e : related)
        if (!isRevocationOrClaim(e))
            r.problems << QStringLiteral("related entry %1 is not a revocation or a claim")
                              .arg(e.entry.seq);
}

void checkSeal(const QJsonObject &doc, const Subject &s, const QList<ProofEntry> &all,
               const QByteArray &pinnedKey, CheckReport &r)
{
    QByteArray key = pinnedKey;
    if (key.isEmpty()) {
        key = documentKey(doc);
        r.notes << QStringLiteral("not pinned: checked against the public key in the document "
                                  "itself; pass --public-key to check it is the server's");
    }
    const QStringList head = checkHead(doc, key);
    r.problems << head;
    if (head.isEmpty()) {
        for (const ProofEntry &e : all)
            if (auto p = checkInclusion(doc, e))
                r.problems << *p;
        const qint64 size = qint64(doc.value(QStringLiteral("tree_head"))
                                       .toObject()
                                       .value(QStringLiteral("tree_size"))
                                       .toDouble());
        if (s.newest > size)
            r.problems << QStringLiteral("the chain's newest entry %1 is beyond the tree head "
                                         "(size %2)")
                              .arg(s.newest)
                              .arg(size);
    }
    if (auto p = checkSignature(doc, key))
        r.problems << *p;
}

} // namespace

CheckReport checkDocument(const QJsonObject &doc, const QByteArray &pinnedKey)
{
    CheckReport r;
    r.kind = str(doc, "kind");
    if (r.kind != kModelProof && r.kind != kOutputProof && r.kind != kTrackReceipt) {
        r.problems << QStringLiteral("not a proof this version knows: kind '%1'").arg(r.kind);
        return r;
    }
    auto entries = entriesOf(doc, "entries");
    auto related = entriesOf(doc, "related_entries");
    if (!entries || !related) {
        r.problems << (entries ? related.error() : entries.error()).message;
        return r;
    }
    r.entries = int(entries->size() + related->size());
    const Subject s = subjectOf(doc);
    if (s.key != subjectKey(r.kind, s.id))
        r.problems << QStringLiteral("subject key '%1' does not name the %2 '%3'")
                          .arg(s.key, r.kind, s.id);
    checkHashes(entries.value() + related.value(), r);
    const QList<ProofEntry> about = chainEntries(s, entries.value(), r);
    checkRelated(related.value(), r);
    checkStatement(doc, s, about, related.value(), r);
    checkSeal(doc, s, entries.value() + related.value(), pinnedKey, r);
    return r;
}

} // namespace lemm::server::proofs
