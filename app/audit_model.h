#pragma once
// The audit log as the admin searches it (GET /audit), newest first and paged: a search
// replaces the rows, the next page (older entries) is appended. Seq, time (local, through
// ui::formatTimestamp), event in words, actor, subject, details; kSortRole is the sequence
// number for Seq and Time, kIdRole the sequence number. Owns its rows; GUI thread.

#include "admin_api.h"
#include "row_list_model.h"

#include <QHash>

namespace lemm::app {

class AuditModel : public RowListModel<AuditEntry>
{
    Q_OBJECT
public:
    enum Column { SeqColumn, TimeColumn, EventColumn, ActorColumn, SubjectColumn, DetailsColumn };
    using RowListModel::RowListModel;

    static QString eventName(const QString &eventType);
    // Account id → e-mail, so actors show as people know them (ids stay in the tooltip).
    void setActorNames(const QHash<QString, QString> &names);
    // The query for the page after the rows shown (entries before the oldest one).
    AuditQuery nextPage(const AuditQuery &query) const;

protected:
    QString id(const AuditEntry &e) const override { return QString::number(e.seq); }
    QStringList titles() const override;
    QVariant cell(const AuditEntry &e, int column, int role) const override;

private:
    QHash<QString, QString> m_actorNames;
};

} // namespace lemm::app
