#include "audit_model.h"

#include "ui/admin_roles.h"

#include "ui/format.h"

#include <QDateTime>

namespace lemm::app {

QString AuditModel::eventName(const QString &t)
{
    static const QList<std::pair<const char *, const char *>> names{
        {"account_created", QT_TR_NOOP("account created")},
        {"terms_affirmed", QT_TR_NOOP("terms affirmed")},
        {"submission_decision", QT_TR_NOOP("submission decision")},
        {"consent_change", QT_TR_NOOP("consent change")},
        {"policy_change", QT_TR_NOOP("policy change")},
        {"vault_access", QT_TR_NOOP("vault access")},
        {"similarity_check", QT_TR_NOOP("similarity check")},
        {"review_vote", QT_TR_NOOP("review vote")},
        {"infringement_claim", QT_TR_NOOP("infringement claim")},
        {"claim_standing", QT_TR_NOOP("claim standing")},
        {"training_batch", QT_TR_NOOP("training batch")},
        {"output_similarity_check", QT_TR_NOOP("output check")},
        {"prompt_moderation", QT_TR_NOOP("prompt moderation")},
        {"output_export", QT_TR_NOOP("output export")},
        {"credential_change", QT_TR_NOOP("credential change")},
    };
    for (const auto &[key, words] : names)
        if (t == QLatin1String(key))
            return tr(words);
    return t;
}

AuditQuery AuditModel::nextPage(const AuditQuery &query) const
{
    AuditQuery next = query;
    if (items().isEmpty())
        return next;
    // `until` is exclusive: one millisecond after the oldest entry shown, so entries sharing
    // its time are asked again (and skipped by appendItems) rather than missed.
    const QDateTime oldest = QDateTime::fromString(items().last().at, Qt::ISODateWithMs);
    next.until = oldest.isValid() ? oldest.addMSecs(1).toUTC().toString(Qt::ISODateWithMs)
                                  : items().last().at;
    return next;
}

void AuditModel::setActorNames(const QHash<QString, QString> &names)
{
    m_actorNames = names;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, ActorColumn), index(rowCount() - 1, ActorColumn));
}

QStringList AuditModel::titles() const
{
    return {tr("Seq"), tr("Time"), tr("Event"), tr("Actor"), tr("Subject"), tr("Details")};
}

QVariant AuditModel::cell(const AuditEntry &e, int column, int role) const
{
    if (role == ui::kAuditDetailRole)
        return e.detail;
    if (role == ui::kSortRole && (column == SeqColumn || column == TimeColumn))
        return e.seq;
    if (role == Qt::ToolTipRole && column == DetailsColumn)
        return e.summary.left(500);
    if (role == Qt::ToolTipRole && column == ActorColumn)
        return e.actor;
    if (role != Qt::DisplayRole && role != ui::kSortRole)
        return {};
    switch (column) {
    case SeqColumn: return QString::number(e.seq);
    case TimeColumn: return ui::formatTimestamp(e.at);
    case EventColumn: return eventName(e.eventType);
    case ActorColumn: return m_actorNames.value(e.actor, e.actor);
    case SubjectColumn: return e.subject;
    case DetailsColumn: return e.summary;
    }
    return {};
}

} // namespace lemm::app
