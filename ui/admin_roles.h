#pragma once
// The item-data roles the admin tools read from their models beyond Qt's own and kSortRole /
// kIdRole (table_views.h): what a policy field is (its kind and range, for the typed editor),
// and what a lineage node is (for single-click navigation and stale marking). Plain constants.

#include <Qt>

namespace lemm::ui {

// Policy fields (PolicyEditor).
inline constexpr int kPolicyKindRole = Qt::UserRole + 120;    // "number", "integer", "enum", …
inline constexpr int kPolicyMinRole = Qt::UserRole + 121;     // double
inline constexpr int kPolicyMaxRole = Qt::UserRole + 122;     // double
inline constexpr int kPolicyChoicesRole = Qt::UserRole + 123; // QStringList (enum)
inline constexpr int kPolicyProblemRole = Qt::UserRole + 124; // why the value is refused, or ""
inline constexpr int kPolicyChangedRole = Qt::UserRole + 125; // bool: edited since loaded

// Accounts (AccountsPanel): the account's role ids, QStringList.
inline constexpr int kAccountRolesRole = Qt::UserRole + 126;
// Audit (AuditViewer): the whole entry as indented JSON, QString.
inline constexpr int kAuditDetailRole = Qt::UserRole + 127;

// Lineage nodes (LineageBrowser).
enum class LineageNode { Model, Run, Pack, Track, TrackRun };
inline constexpr int kLineageNodeRole = Qt::UserRole + 130; // int(LineageNode)
inline constexpr int kAffectedRole = Qt::UserRole + 131;    // int: tracks affecting a run

} // namespace lemm::ui
