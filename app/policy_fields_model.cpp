#include "policy_fields_model.h"

#include "ui/admin_roles.h"
#include "ui/format.h"
#include "ui/table_views.h"

#include <QBrush>
#include <QFont>
#include <QJsonArray>
#include <QPalette>

#include <cmath>

namespace lemm::app {

namespace {

// Enough decimals to show the value as it is (up to 4).
int decimalsOf(double d)
{
    for (int n = 0; n < 4; ++n)
        if (std::abs(d * std::pow(10.0, n) - std::round(d * std::pow(10.0, n))) < 1e-9)
            return n;
    return 4;
}

QJsonValue toJson(const QString &kind, const QVariant &v, bool *ok)
{
    *ok = true;
    if (kind == QLatin1String("number")) {
        const double d = v.toDouble(ok);
        *ok = *ok && std::isfinite(d);
        return d;
    }
    if (kind == QLatin1String("integer")) {
        const qlonglong n = v.toLongLong(ok);
        return double(n);
    }
    if (kind == QLatin1String("boolean")) {
        *ok = v.typeId() == QMetaType::Bool;
        return v.toBool();
    }
    if (kind == QLatin1String("string_list")) {
        *ok = v.canConvert<QStringList>();
        return QJsonArray::fromStringList(v.toStringList());
    }
    if (kind == QLatin1String("object")) {
        *ok = v.typeId() == QMetaType::QVariantMap;
        return QJsonObject::fromVariantMap(v.toMap());
    }
    *ok = v.canConvert<QString>();
    return v.toString();
}

QVariant fromJson(const QString &kind, const QJsonValue &v)
{
    if (kind == QLatin1String("number"))
        return v.toDouble();
    if (kind == QLatin1String("integer"))
        return int(v.toDouble());
    if (kind == QLatin1String("boolean"))
        return v.toBool();
    if (kind == QLatin1String("string_list"))
        return v.toVariant().toStringList();
    if (kind == QLatin1String("object"))
        return v.toObject().toVariantMap();
    return v.toString();
}

} // namespace

QString policyValueText(const QJsonValue &value)
{
    if (value.isDouble())
        return ui::formatNumber(value.toDouble(), decimalsOf(value.toDouble()));
    if (value.isBool())
        return value.toBool() ? PolicyFieldsModel::tr("yes") : PolicyFieldsModel::tr("no");
    if (value.isArray())
        return value.toVariant().toStringList().join(QStringLiteral(", "));
    if (value.isObject())
        return value.toObject().keys().join(QStringLiteral(", "));
    return value.toString();
}

PolicyFieldsModel::PolicyFieldsModel(QObject *parent)
    : QAbstractTableModel(parent), m_fields(core::policyFields()), m_edited(m_base.toJson())
{
}

void PolicyFieldsModel::setPolicy(const PolicyVersion &version)
{
    beginResetModel();
    m_base = version.policy;
    m_baseVersion = version.version;
    m_edited = m_base.toJson();
    m_problems = {};
    endResetModel();
    Q_EMIT edited();
}

void PolicyFieldsModel::revert()
{
    m_edited = m_base.toJson();
    validate();
}

int PolicyFieldsModel::rowOf(const QString &field) const
{
    for (int i = 0; i < m_fields.size(); ++i)
        if (m_fields.at(i).name == field)
            return i;
    return -1;
}

QString PolicyFieldsModel::fieldName(int row) const
{
    return row >= 0 && row < m_fields.size() ? m_fields.at(row).name : QString();
}

bool PolicyFieldsModel::setValue(const QString &field, const QVariant &value)
{
    const int row = rowOf(field);
    return row >= 0 && setData(index(row, ValueColumn), value, Qt::EditRole);
}

QVariant PolicyFieldsModel::value(const QString &field) const
{
    const int row = rowOf(field);
    return row < 0 ? QVariant() : fromJson(m_fields.at(row).kind, m_edited.value(field));
}

QMap<QString, QString> PolicyFieldsModel::problems() const
{
    QMap<QString, QString> out;
    for (auto it = m_problems.begin(); it != m_problems.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

core::Result<core::Policy> PolicyFieldsModel::editedPolicy() const
{
    return core::Policy::fromJson(m_edited, true);
}

QList<PolicyFieldChange> PolicyFieldsModel::changes() const
{
    const core::Result<core::Policy> policy = editedPolicy();
    if (!policy.ok())
        return {};
    QList<PolicyFieldChange> out;
    const QJsonObject diff = core::policyDiff(m_base, policy.value());
    for (auto it = diff.begin(); it != diff.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        out << PolicyFieldChange{it.key(), c.value(QStringLiteral("old")),
                                 c.value(QStringLiteral("new"))};
    }
    return out;
}

void PolicyFieldsModel::validate()
{
    const core::Result<core::Policy> policy = editedPolicy();
    m_problems = policy.ok() ? QJsonObject() : policy.error().fields;
    // Relations between fields may change other rows' problems: every row is touched.
    if (!m_fields.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_fields.size()) - 1, ColumnCount - 1));
    Q_EMIT edited();
}

int PolicyFieldsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size());
}

int PolicyFieldsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PolicyFieldsModel::allowedText(const core::PolicyField &f) const
{
    if (f.kind == QLatin1String("number"))
        return tr("%1 to %2")
            .arg(ui::formatNumber(f.min, decimalsOf(f.min)),
                 ui::formatNumber(f.max, decimalsOf(f.max)));
    if (f.kind == QLatin1String("integer"))
        return tr("%1 to %2").arg(ui::formatNumber(f.min, 0), ui::formatNumber(f.max, 0));
    if (f.kind == QLatin1String("enum"))
        return f.values.join(QStringLiteral(" | "));
    if (f.kind == QLatin1String("string_list"))
        return tr("a list of names");
    if (f.kind == QLatin1String("object"))
        return tr("a text per licence type");
    if (f.kind == QLatin1String("boolean"))
        return tr("yes or no");
    return tr("text");
}

QVariant PolicyFieldsModel::displayText(const core::PolicyField &f, int column) const
{
    switch (column) {
    case NameColumn: return f.name;
    case ValueColumn: return policyValueText(m_edited.value(f.name));
    case AllowedColumn: return allowedText(f);
    case MeaningColumn: return f.description;
    }
    return {};
}

QVariant PolicyFieldsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::PolicyField &f = m_fields.at(index.row());
    const QString problem = m_problems.value(f.name).toString();
    switch (role) {
    case Qt::DisplayRole: return displayText(f, index.column());
    case Qt::EditRole:
        return index.column() == ValueColumn ? fromJson(f.kind, m_edited.value(f.name))
                                             : displayText(f, index.column());
    case Qt::ToolTipRole:
        return problem.isEmpty() ? f.description
                                 : tr("%1\nRefused: %2").arg(f.description, problem);
    case Qt::ForegroundRole: return problem.isEmpty() ? QVariant() : QVariant(QBrush(Qt::red));
    case Qt::FontRole: {
        if (m_base.toJson().value(f.name) == m_edited.value(f.name))
            return {};
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    case ui::kSortRole:
        return index.column() == ValueColumn && m_edited.value(f.name).isDouble()
                   ? QVariant(m_edited.value(f.name).toDouble())
                   : displayText(f, index.column());
    case ui::kIdRole: return f.name;
    case ui::kPolicyKindRole: return f.kind;
    case ui::kPolicyMinRole: return f.min;
    case ui::kPolicyMaxRole: return f.max;
    case ui::kPolicyChoicesRole: return f.values;
    case ui::kPolicyProblemRole: return problem;
    case ui::kPolicyChangedRole: return m_base.toJson().value(f.name) != m_edited.value(f.name);
    }
    return {};
}

bool PolicyFieldsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != ValueColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const core::PolicyField &f = m_fields.at(index.row());
    bool ok = false;
    const QJsonValue json = toJson(f.kind, value, &ok);
    if (!ok)
        return false;
    m_edited.insert(f.name, json);
    validate();
    return true;
}

QVariant PolicyFieldsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Setting");
    case ValueColumn: return tr("Value");
    case AllowedColumn: return tr("Allowed");
    case MeaningColumn: return tr("Meaning");
    }
    return {};
}

Qt::ItemFlags PolicyFieldsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ValueColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

} // namespace lemm::app
