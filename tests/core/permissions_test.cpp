// The permission matrix of spec §4.3: every role x action, with ownership and onboarding.
#include "core/domain/permissions.h"

#include <QTest>

using namespace lemm::core;

Q_DECLARE_METATYPE(Decision)

class PermissionsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matrix_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("action");
        QTest::addColumn<int>("ownership");
        QTest::addColumn<Decision>("expected");
        const auto A = Decision::Allowed;
        const auto F = Decision::Forbidden;
        const auto H = Decision::HiddenNotFound;
        const int own = int(Ownership::Own), other = int(Ownership::Other),
                  na = int(Ownership::NotApplicable);
        struct Row {
            const char *action;
            int ownership;
            Decision c, r, a, s;
        };
        const Row rows[] = {
            {"read_own_account", na, A, A, A, A},
            {"affirm_terms", na, A, F, F, F},
            {"upload_audio", na, A, F, F, F},
            {"submit_track", na, A, F, F, F},
            {"read_track", own, A, A, A, A},
            {"read_track", other, H, A, A, A},
            {"list_own_tracks", na, A, F, F, F},
            {"revoke_track", own, A, F, F, F},
            {"revoke_track", other, H, F, F, F},
            {"list_accounts", na, F, F, A, F},
            {"manage_roles", na, F, F, A, F},
            {"read_audit_log", na, F, F, A, F},
            {"verify_audit_log", na, F, F, A, A},
            {"read_raw_audio", na, F, F, F, A}, // admins get no raw audio by default
            {"review_queue", na, F, A, A, F},
            {"cast_vote", na, F, A, A, F},
            {"read_peaks", own, A, A, A, F},
            {"read_peaks", other, H, A, A, F},
            {"preview_audio", na, F, A, A, F},
            {"appeal_track", own, A, F, F, F},
            {"appeal_track", other, H, F, F, F},
            {"file_claim", na, A, A, A, F},
            {"decide_claims", na, F, F, A, F},
            {"read_policy", na, A, A, A, A},
            {"change_policy", na, F, F, A, F},
            {"approve_bulk_source", na, F, F, A, F},
            {"manage_packs", na, F, F, A, F},
            {"list_packs", na, F, F, A, A},
            {"run_training", na, F, F, F, A}, // people never drive the gateway
            {"read_model_lineage", na, F, F, A, A},
            {"read_track_lineage", own, A, F, A, A},
            {"read_track_lineage", other, H, F, A, A},
            {"check_output", na, F, F, F, A},
            {"read_moderation", na, F, F, A, A},
            {"manage_moderation", na, F, F, A, F},
            {"read_safety_alerts", na, F, F, A, F},
            {"manage_licenses", na, F, F, A, F},
            {"act_for_platform_user", na, F, F, F, A},
            {"manage_login", na, A, A, A, F}, // services have keys, not passwords
            {"list_api_keys", na, F, F, A, F},
            {"manage_api_keys", na, F, F, A, F},
            {"read_track_receipt", own, A, F, F, F}, // proofs (issue 14)
            {"read_track_receipt", other, H, F, F, F},
            {"review_claims", na, F, A, A, F},
            // Outbox part (issue 14).
            {"manage_outbox", na, F, F, A, F},
            {"acknowledge_alerts", na, F, F, A, F},
            {"read_governance", na, F, F, A, F},   // governance dashboard (issue 15)
            {"query_index_shard", na, F, F, F, A}, // sharded robust index (issue 16)
        };
        const char *roles[] = {"contributor", "reviewer", "admin", "system"};
        for (const Row &row : rows) {
            const Decision d[] = {row.c, row.r, row.a, row.s};
            for (int i = 0; i < 4; ++i)
                QTest::addRow("%s/%s/%d", roles[i], row.action, row.ownership)
                    << QString::fromLatin1(roles[i]) << QString::fromLatin1(row.action)
                    << row.ownership << d[i];
        }
    }

    void matrix()
    {
        QFETCH(QString, role);
        QFETCH(QString, action);
        QFETCH(int, ownership);
        QFETCH(Decision, expected);
        Role r;
        QVERIFY(parseRole(role, &r));
        std::optional<Action> act;
        for (Action a : allActions())
            if (toString(a) == action)
                act = a;
        QVERIFY2(act.has_value(), qPrintable(action));
        Principal p{{r}, true, true};
        QCOMPARE(int(decide(p, *act, Ownership(ownership))), int(expected));
    }

    void everyActionIsCovered()
    {
        // The data table above names 39 distinct actions; a new action must be added there.
        QCOMPARE(allActions().size(), 42); // + query_index_shard (issue 16)
    }

    void onboardingGatesContributorWrites()
    {
        Principal unverified{{Role::Contributor}, false, false};
        QVERIFY(decide(unverified, Action::UploadAudio) == Decision::NeedsVerifiedEmail);
        Principal unaffirmed{{Role::Contributor}, true, false};
        QVERIFY(decide(unaffirmed, Action::SubmitTrack) == Decision::NeedsAffirmation);
        // Reading and revoking never wait for onboarding.
        QVERIFY(decide(unverified, Action::ListOwnTracks) == Decision::Allowed);
        QVERIFY(decide(unverified, Action::RevokeTrack, Ownership::Own) == Decision::Allowed);
    }

    // Issue 14: claims come only from verified accounts, whatever the role, except admins.
    void claimsNeedOnboardingForEveryoneButAdmins()
    {
        for (Role r : {Role::Contributor, Role::Reviewer}) {
            QVERIFY(decide(Principal{{r}, false, false}, Action::FileClaim) ==
                    Decision::NeedsVerifiedEmail);
            QVERIFY(decide(Principal{{r}, true, false}, Action::FileClaim) ==
                    Decision::NeedsAffirmation);
            QVERIFY(decide(Principal{{r}, true, true}, Action::FileClaim) == Decision::Allowed);
        }
        QVERIFY(decide(Principal{{Role::Admin}, false, false}, Action::FileClaim) ==
                Decision::Allowed);
        QVERIFY(decide(Principal{{Role::Contributor, Role::Reviewer}, true, false},
                       Action::FileClaim) == Decision::NeedsAffirmation);
    }

    void mayKnowTrackHidesOthersTracksOutsideTheVault()
    {
        const Principal contributor{{Role::Contributor}, true, true};
        QVERIFY(!mayKnowTrack(contributor, Ownership::Other, false));
        QVERIFY(mayKnowTrack(contributor, Ownership::Other, true));
        QVERIFY(mayKnowTrack(contributor, Ownership::Own, false));
        QVERIFY(mayKnowTrack(Principal{{Role::Reviewer}, true, true}, Ownership::Other, false));
        QVERIFY(!mayKnowTrack(Principal{{}, true, true}, Ownership::Other, false));
    }

    void rolesCombineToTheWidestScope()
    {
        Principal both{{Role::Contributor, Role::Reviewer}, true, true};
        QVERIFY(decide(both, Action::ReadTrack, Ownership::Other) == Decision::Allowed);
        QVERIFY(decide(both, Action::RevokeTrack, Ownership::Other) == Decision::HiddenNotFound);
        Principal none{{}, true, true};
        QVERIFY(decide(none, Action::ReadOwnAccount) == Decision::Forbidden);
    }
};

QTEST_GUILESS_MAIN(PermissionsTest)
#include "permissions_test.moc"
