#pragma once
// The contribution terms (spec §2.1, §2.3): the text contributors accept before submitting,
// in plain language, with the three promises in bold.

#include <QString>
#include <QStringList>

namespace lemm::core {

struct ContributionTerms {
    QString version;
    QString affirmation;     // the rights-holder statement a contributor affirms
    QStringList boldBullets; // the three promises, shown in bold
    QString text;            // the full plain-language text (Markdown, bullets in **bold**)
};

const ContributionTerms &currentTerms();

} // namespace lemm::core
