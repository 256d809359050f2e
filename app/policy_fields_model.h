#pragma once
// The policy editor's table (spec §4.3): one row per core::policyFields() entry — the setting,
// its value, what is allowed, what it means. Qt::EditRole carries the typed value of the field's
// kind (double, int, QString for an enum, QStringList for a list, QVariantMap type → text for
// the licence templates), and setData(EditRole) edits it; every edit is validated by core
// (core::Policy::fromJson, strict), so the editor and the server refuse the same values, and
// each refused field's reason is its row's kPolicyProblemRole. The loaded version stays as the
// base of the diff shown before saving. Owns its values; GUI thread.

#include "admin_api.h"

#include <QAbstractTableModel>
#include <QJsonObject>

namespace lemm::app {

// A policy value in its JSON form as words for people ("0,45", "a, b").
QString policyValueText(const QJsonValue &value);

class PolicyFieldsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, AllowedColumn, MeaningColumn, ColumnCount };

    explicit PolicyFieldsModel(QObject *parent = nullptr);

    // The loaded policy: both the base and the edited values (a reset).
    void setPolicy(const PolicyVersion &version);
    qint64 baseVersion() const { return m_baseVersion; }
    const core::Policy &basePolicy() const { return m_base; }

    int rowOf(const QString &field) const;
    QString fieldName(int row) const;
    // Sets a field from its typed value; false for an unknown field or a value of the wrong
    // type (a value out of range is kept and reported by problems()).
    bool setValue(const QString &field, const QVariant &value);
    QVariant value(const QString &field) const;
    // Field → why its value is refused; empty when the edited policy is valid.
    QMap<QString, QString> problems() const;
    // The edited policy, validated by core.
    core::Result<core::Policy> editedPolicy() const;
    // Field-by-field differences from the loaded version (core::policyDiff).
    QList<PolicyFieldChange> changes() const;
    // Back to the loaded values.
    void revert();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    // The edited values changed (problems and changes may differ).
    void edited();

private:
    QVariant displayText(const core::PolicyField &field, int column) const;
    QString allowedText(const core::PolicyField &field) const;
    void validate();

    QList<core::PolicyField> m_fields;
    core::Policy m_base;
    qint64 m_baseVersion = 0;
    QJsonObject m_edited; // core's JSON form of the edited policy
    QJsonObject m_problems;
};

} // namespace lemm::app
