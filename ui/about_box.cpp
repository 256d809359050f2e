#include "about_box.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace lemm::ui {

QString aboutText()
{
    return QCoreApplication::translate(
               "lemm::ui::About",
               "<h3>LEMM Vault %1</h3><p>The desktop client of LEMM Vault: contribute music "
               "under clear consent, review submissions and govern the dataset.</p>")
        .arg(QCoreApplication::applicationVersion().toHtmlEscaped());
}

void showAbout(QWidget *parent)
{
    QMessageBox::about(parent, QCoreApplication::translate("lemm::ui::About", "About LEMM Vault"),
                       aboutText());
}

} // namespace lemm::ui
