#pragma once
// Help > About LEMM Vault: the name, version (QCoreApplication::applicationVersion) and what the
// app is for. GUI thread.

#include <QString>

class QWidget;

namespace lemm::ui {

QString aboutText();
void showAbout(QWidget *parent);

} // namespace lemm::ui
