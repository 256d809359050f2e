#pragma once
// Words for people for the server's stable identifiers (submission states), translated.

#include <QString>

namespace lemm::app {

// "pending_review" -> "in review" etc.; an unknown state is shown as it is.
QString statusLabel(const QString &status);

} // namespace lemm::app
