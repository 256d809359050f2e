#include "core/domain/terms.h"

namespace lemm::core {

const ContributionTerms &currentTerms()
{
    static const ContributionTerms terms = [] {
        ContributionTerms t;
        t.version = QStringLiteral("2026-11-v1");
        t.affirmation = QStringLiteral(
            "I am the rights holder or have authority to license this audio for training & "
            "evaluation.");
        t.boldBullets = {
            QStringLiteral("We use your track to train models."),
            QStringLiteral("We do not redistribute your original audio."),
            QStringLiteral("You can revoke future use later."),
        };
        QString text = QStringLiteral("LEMM Vault contribution terms (version %1)\n\n"
                                      "In plain words:\n\n")
                           .arg(t.version);
        for (const QString &b : t.boldBullets)
            text += QStringLiteral("- **%1**\n").arg(b);
        text += QStringLiteral(
            "\nYou keep the copyright and moral rights in your work. You grant LEMM-AI a "
            "non-exclusive licence to use the track to train and evaluate music models and to "
            "build derived indexes (fingerprints, embeddings, features) that protect it from "
            "being copied. Your audio stays inside the vault: it is never offered for download, "
            "sold as a sample pack or shared as a stock library.\n\n"
            "For each track you choose whether training is allowed, whether short internal "
            "demos are allowed, and whether per-artist adapters may be trained on it. Revoking "
            "a track is one click under \"My tracks\"; from then on it is excluded from every "
            "new training run. Models trained before the revocation are recorded and are not "
            "retrained automatically in this version.\n\n"
            "Only submit audio you made or control: no covers, remixes or samples of material "
            "you do not control, and no licences that allow non-commercial use only.\n");
        t.text = text;
        return t;
    }();
    return terms;
}

} // namespace lemm::core
