#include "server/storage/migrations.h"

#include "core/base/ids.h"

#include <QDateTime>
#include <QStringList>

namespace lemm::server {

namespace {

struct Migration {
    int version;
    const char *name;
    QStringList common;
    QStringList sqliteOnly;
    QStringList postgresOnly;
};

// size: the schema's history as one table of SQL, in version order (data, not logic);
// splitting it would scatter one schema across functions, and migration 1 alone is ~185 lines.
QList<Migration> migrations()
{
    QList<Migration> list;
    list << Migration{
        1,
        "vault data model, accounts, uploads, audit log",
        {
            QStringLiteral(R"(CREATE TABLE contributors (
                contributor_id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT,
                roles TEXT NOT NULL,
                account_kind TEXT NOT NULL,
                email_verified INTEGER NOT NULL DEFAULT 0,
                rights_holder_affirmed INTEGER NOT NULL DEFAULT 0,
                rights_holder_affirmed_at TEXT,
                affirmed_terms_version TEXT,
                created_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE email_tokens (
                token_hash TEXT PRIMARY KEY,
                contributor_id TEXT NOT NULL REFERENCES contributors(contributor_id),
                purpose TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT))"),
            QStringLiteral(R"(CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                contributor_id TEXT NOT NULL REFERENCES contributors(contributor_id),
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                revoked_at TEXT))"),
            QStringLiteral(R"(CREATE TABLE api_keys (
                key_hash TEXT PRIMARY KEY,
                contributor_id TEXT NOT NULL REFERENCES contributors(contributor_id),
                name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT))"),
            QStringLiteral(R"(CREATE TABLE uploads (
                upload_id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                contributor_id TEXT NOT NULL REFERENCES contributors(contributor_id),
                object_uri TEXT NOT NULL,
                original_filename TEXT,
                content_type TEXT,
                size_bytes BIGINT NOT NULL,
                content_hash TEXT NOT NULL,
                container TEXT NOT NULL,
                codec TEXT NOT NULL,
                sample_rate BIGINT NOT NULL,
                channels BIGINT NOT NULL,
                duration_sec DOUBLE PRECISION NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                consumed_at TEXT,
                track_id TEXT))"),
            QStringLiteral(R"(CREATE TABLE tracks (
                track_id TEXT PRIMARY KEY,
                storage_uri TEXT NOT NULL,
                title TEXT NOT NULL,
                primary_artist_id TEXT NOT NULL REFERENCES contributors(contributor_id),
                display_artist_name TEXT NOT NULL,
                is_collaboration INTEGER NOT NULL,
                collaborator_names TEXT NOT NULL,
                collaborator_ids TEXT NOT NULL,
                genre_tags TEXT NOT NULL,
                language TEXT NOT NULL,
                duration_sec DOUBLE PRECISION NOT NULL,
                bpm DOUBLE PRECISION,
                mood_tags TEXT NOT NULL,
                release_status TEXT NOT NULL,
                original_filename TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                rights_record_id TEXT NOT NULL,
                status TEXT NOT NULL,
                flags TEXT NOT NULL,
                submission_history_id TEXT NOT NULL))"),
            QStringLiteral("CREATE INDEX tracks_by_artist ON tracks(primary_artist_id)"),
            QStringLiteral("CREATE INDEX tracks_by_status ON tracks(status)"),
            QStringLiteral(R"(CREATE TABLE rights_records (
                rights_record_id TEXT PRIMARY KEY,
                track_id TEXT NOT NULL REFERENCES tracks(track_id),
                contributor_id TEXT NOT NULL REFERENCES contributors(contributor_id),
                license_type TEXT NOT NULL,
                territorial_scope TEXT NOT NULL,
                term TEXT NOT NULL,
                rights_holder_type TEXT NOT NULL,
                is_original INTEGER NOT NULL,
                is_cover INTEGER NOT NULL,
                has_third_party_samples INTEGER NOT NULL,
                training_allowed INTEGER NOT NULL,
                internal_demo_ok INTEGER NOT NULL,
                allow_per_artist_adapters INTEGER NOT NULL,
                revoked INTEGER NOT NULL,
                revoked_at TEXT,
                revocation_reason TEXT,
                revocation_scope TEXT,
                consent_version BIGINT NOT NULL,
                terms_version TEXT NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (track_id, consent_version)))"),
            QStringLiteral(R"(CREATE TABLE fingerprint_records (
                track_id TEXT PRIMARY KEY REFERENCES tracks(track_id),
                fp_exact TEXT,
                fp_robust TEXT,
                embedding_music TEXT,
                external_similarity_summary TEXT NOT NULL DEFAULT '{}',
                updated_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE submission_history (
                submission_history_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                track_id TEXT NOT NULL REFERENCES tracks(track_id),
                from_state TEXT,
                to_state TEXT NOT NULL,
                event TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                vote TEXT,
                reason TEXT,
                at TEXT NOT NULL,
                PRIMARY KEY (submission_history_id, seq)))"),
            QStringLiteral(R"(CREATE TABLE model_training_runs (
                run_id TEXT PRIMARY KEY,
                model_id TEXT NOT NULL,
                model_type TEXT NOT NULL,
                timestamp_start TEXT NOT NULL,
                timestamp_end TEXT,
                data_packs TEXT NOT NULL,
                hyperparameters TEXT NOT NULL,
                config_hash TEXT NOT NULL,
                track_ids_sampled TEXT,
                created_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE data_packs (
                pack_id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL,
                allowed_uses TEXT NOT NULL,
                license_constraints TEXT NOT NULL,
                clean_compatible INTEGER NOT NULL,
                created_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE jobs (
                job_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                track_id TEXT,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                lease_until TEXT,
                last_error TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE outbox (
                event_id TEXT PRIMARY KEY,
                event_type TEXT NOT NULL,
                subject TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT NOT NULL,
                delivered_at TEXT))"),
            QStringLiteral(R"(CREATE TABLE audit_log (
                seq BIGINT PRIMARY KEY,
                at TEXT NOT NULL,
                event_type TEXT NOT NULL,
                actor TEXT NOT NULL,
                subject TEXT NOT NULL,
                payload TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL))"),
            QStringLiteral("CREATE INDEX audit_by_type ON audit_log(event_type)"),
            QStringLiteral(R"(CREATE TABLE audit_head (
                id INTEGER PRIMARY KEY,
                seq BIGINT NOT NULL,
                hash TEXT NOT NULL))"),
            QStringLiteral("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '%1')")
                .arg(QString(64, QLatin1Char('0'))),
        },
        {
            QStringLiteral("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"),
            QStringLiteral("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"),
        },
        {
            QStringLiteral("CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
                           "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ "
                           "LANGUAGE plpgsql"),
            QStringLiteral("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON "
                           "audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"),
        },
    };
    list << Migration{
        2,
        "ingestion jobs, votes, claims, versioned policy, review material",
        {
            QStringLiteral("ALTER TABLE jobs ADD COLUMN stage TEXT"),
            QStringLiteral("ALTER TABLE jobs ADD COLUMN run_after TEXT"),
            QStringLiteral("ALTER TABLE jobs ADD COLUMN worker_id TEXT"),
            QStringLiteral("ALTER TABLE jobs ADD COLUMN started_at TEXT"),
            QStringLiteral("ALTER TABLE jobs ADD COLUMN finished_at TEXT"),
            QStringLiteral("CREATE INDEX jobs_by_state ON jobs(state, run_after)"),
            QStringLiteral("CREATE INDEX jobs_by_track ON jobs(track_id)"),
            QStringLiteral("ALTER TABLE fingerprint_records ADD COLUMN "
                           "internal_similarity_summary TEXT NOT NULL DEFAULT '{}'"),
            QStringLiteral("ALTER TABLE fingerprint_records ADD COLUMN embedding_windows TEXT"),
            QStringLiteral("ALTER TABLE fingerprint_records ADD COLUMN exact_keys TEXT"),
            QStringLiteral("ALTER TABLE fingerprint_records ADD COLUMN derived TEXT"),
            QStringLiteral("ALTER TABLE fingerprint_records ADD COLUMN peaks TEXT"),
            QStringLiteral("ALTER TABLE contributors ADD COLUMN bulk_source_approved INTEGER "
                           "NOT NULL DEFAULT 0"),
            QStringLiteral(R"(CREATE TABLE policy_versions (
                version BIGINT PRIMARY KEY,
                policy TEXT NOT NULL,
                author TEXT NOT NULL,
                note TEXT,
                created_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE votes (
                vote_id TEXT PRIMARY KEY,
                track_id TEXT NOT NULL REFERENCES tracks(track_id),
                round TEXT NOT NULL,
                reviewer_id TEXT NOT NULL REFERENCES contributors(contributor_id),
                by_admin INTEGER NOT NULL,
                vote TEXT NOT NULL,
                note TEXT,
                at TEXT NOT NULL,
                UNIQUE (track_id, round, reviewer_id)))"),
            QStringLiteral(R"(CREATE TABLE claims (
                claim_id TEXT PRIMARY KEY,
                track_id TEXT NOT NULL REFERENCES tracks(track_id),
                filed_by TEXT NOT NULL,
                claimant TEXT NOT NULL,
                evidence TEXT NOT NULL,
                state TEXT NOT NULL,
                prior_status TEXT NOT NULL,
                decision TEXT,
                decided_by TEXT,
                decision_note TEXT,
                created_at TEXT NOT NULL,
                decided_at TEXT))"),
            QStringLiteral("CREATE INDEX claims_by_track ON claims(track_id)"),
        },
        {},
        {},
    };
    list << Migration{
        3,
        "data packs, training runs with their resolved tracks, model registry",
        {
            QStringLiteral("ALTER TABLE data_packs ADD COLUMN kind TEXT NOT NULL DEFAULT 'vault'"),
            QStringLiteral("ALTER TABLE data_packs ADD COLUMN filter TEXT NOT NULL DEFAULT '{}'"),
            QStringLiteral("ALTER TABLE data_packs ADD COLUMN license TEXT"),
            QStringLiteral("ALTER TABLE data_packs ADD COLUMN manifest_hash TEXT"),
            QStringLiteral("ALTER TABLE data_packs ADD COLUMN created_by TEXT"),
            QStringLiteral("ALTER TABLE model_training_runs ADD COLUMN clean INTEGER NOT NULL "
                           "DEFAULT 0"),
            QStringLiteral("ALTER TABLE model_training_runs ADD COLUMN filters TEXT NOT NULL "
                           "DEFAULT '{}'"),
            QStringLiteral("ALTER TABLE model_training_runs ADD COLUMN status TEXT NOT NULL "
                           "DEFAULT 'open'"),
            QStringLiteral("ALTER TABLE model_training_runs ADD COLUMN resolved_hash TEXT"),
            QStringLiteral("ALTER TABLE model_training_runs ADD COLUMN requested_by TEXT"),
            QStringLiteral("ALTER TABLE model_training_runs ADD COLUMN track_count BIGINT NOT "
                           "NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX runs_by_model ON model_training_runs(model_id)"),
            QStringLiteral(R"(CREATE TABLE training_run_tracks (
                run_id TEXT NOT NULL REFERENCES model_training_runs(run_id),
                seq BIGINT NOT NULL,
                track_id TEXT NOT NULL REFERENCES tracks(track_id),
                pack_name TEXT NOT NULL,
                duration_sec DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (run_id, track_id)))"),
            QStringLiteral("CREATE INDEX run_tracks_by_track ON training_run_tracks(track_id)"),
            QStringLiteral("CREATE INDEX run_tracks_by_seq ON training_run_tracks(run_id, seq)"),
            QStringLiteral(R"(CREATE TABLE models (
                model_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                model_type TEXT NOT NULL,
                created_at TEXT NOT NULL))"),
        },
        {},
        {},
    };
    list << Migration{
        4,
        "output safety checks, alerts, prompt rules, output licences and exports",
        {
            QStringLiteral(R"(CREATE TABLE output_checks (
                check_id TEXT PRIMARY KEY,
                output_id TEXT NOT NULL,
                model_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                prompt TEXT NOT NULL,
                decision TEXT NOT NULL,
                sim_internal_max DOUBLE PRECISION NOT NULL,
                sim_external_max DOUBLE PRECISION NOT NULL,
                matches TEXT NOT NULL,
                thresholds TEXT NOT NULL,
                checked_by TEXT NOT NULL,
                created_at TEXT NOT NULL))"),
            QStringLiteral("CREATE INDEX output_checks_by_output ON output_checks(output_id)"),
            QStringLiteral("CREATE INDEX output_checks_by_user ON output_checks(user_id, "
                           "created_at)"),
            QStringLiteral("CREATE INDEX output_checks_by_model ON output_checks(model_id, "
                           "created_at)"),
            QStringLiteral(R"(CREATE TABLE safety_alerts (
                alert_id TEXT PRIMARY KEY,
                subject_kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                hits BIGINT NOT NULL,
                window_sec BIGINT NOT NULL,
                last_check_id TEXT NOT NULL,
                created_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE moderation_rules (
                rule_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                phrase TEXT NOT NULL,
                note TEXT,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (kind, phrase)))"),
            QStringLiteral(R"(CREATE TABLE output_overrides (
                output_id TEXT PRIMARY KEY,
                category TEXT NOT NULL,
                warn_min DOUBLE PRECISION NOT NULL,
                block_min DOUBLE PRECISION NOT NULL,
                created_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE license_versions (
                version TEXT PRIMARY KEY,
                summary TEXT NOT NULL,
                terms_url TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE license_acceptances (
                user_id TEXT NOT NULL,
                version TEXT NOT NULL REFERENCES license_versions(version),
                platform_account TEXT NOT NULL,
                accepted_at TEXT NOT NULL,
                PRIMARY KEY (user_id, version)))"),
            QStringLiteral(R"(CREATE TABLE exports (
                export_id TEXT PRIMARY KEY,
                output_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                model_id TEXT NOT NULL,
                license_version TEXT NOT NULL,
                check_id TEXT NOT NULL,
                platform_account TEXT NOT NULL,
                created_at TEXT NOT NULL))"),
        },
        {},
        {},
    };
    list << Migration{
        5,
        "credential lifecycle: API key use and rotation, session end reasons, login throttle",
        {
            QStringLiteral("ALTER TABLE api_keys ADD COLUMN last_used_at TEXT"),
            QStringLiteral("CREATE INDEX api_keys_by_name ON api_keys(name)"),
            QStringLiteral("ALTER TABLE sessions ADD COLUMN revoked_reason TEXT"),
            QStringLiteral("CREATE INDEX sessions_by_account ON sessions(contributor_id, "
                           "revoked_at)"),
            QStringLiteral("CREATE INDEX email_tokens_by_account ON email_tokens(contributor_id, "
                           "purpose)"),
            QStringLiteral(R"(CREATE TABLE login_throttle (
                throttle_key TEXT PRIMARY KEY,
                failures BIGINT NOT NULL,
                last_failure_at TEXT NOT NULL,
                locked_until TEXT))"),
            QStringLiteral("CREATE INDEX login_throttle_by_age ON login_throttle(last_failure_at)"),
        },
        {},
        {},
    };
    list << Migration{
        6,
        "login throttle: addresses an account logged in from (digests only)",
        {
            QStringLiteral(R"(CREATE TABLE login_known_addresses (
                account_key TEXT NOT NULL,
                address_digest TEXT NOT NULL,
                last_login_at TEXT NOT NULL,
                PRIMARY KEY (account_key, address_digest)))"),
        },
        {},
        {},
    };
    list << Migration{
        7,
        "track flags as a set (one row per flag) instead of a JSON text column",
        {
            QStringLiteral(R"(CREATE TABLE track_flags (
                track_id TEXT NOT NULL REFERENCES tracks(track_id),
                flag TEXT NOT NULL,
                added_at TEXT NOT NULL,
                PRIMARY KEY (track_id, flag)))"),
            QStringLiteral("CREATE INDEX track_flags_by_flag ON track_flags(flag)"),
        },
        {
            QStringLiteral("INSERT INTO track_flags (track_id, flag, added_at) SELECT DISTINCT "
                           "t.track_id, j.value, t.updated_at FROM tracks t, json_each(t.flags) j "
                           "WHERE j.type = 'text'"),
            QStringLiteral("ALTER TABLE tracks DROP COLUMN flags"),
        },
        {
            QStringLiteral("INSERT INTO track_flags (track_id, flag, added_at) SELECT DISTINCT "
                           "t.track_id, j.value, t.updated_at FROM tracks t, "
                           "json_array_elements_text(t.flags::json) AS j(value)"),
            QStringLiteral("ALTER TABLE tracks DROP COLUMN flags"),
        },
    };
    // tlog (issue 14): the transparency log over audit_log. audit_tree holds the hash of every
    // complete Merkle subtree (level 0: the leaves, one per entry, idx = seq - 1), written by
    // AuditLog::append; audit_tree_heads the signed tree heads. Existing entries are not hashed
    // here (SQLite has no SHA-256 in SQL): TransparencyLog::catchUp backfills their leaves and
    // signs a head when the vault opens, on both dialects.
    list << Migration{
        8,
        "transparency log: Merkle subtree hashes and signed tree heads",
        {
            QStringLiteral(R"(CREATE TABLE audit_tree (
                level INTEGER NOT NULL,
                idx BIGINT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (level, idx)))"),
            QStringLiteral(R"(CREATE TABLE audit_tree_heads (
                tree_size BIGINT NOT NULL,
                key_id TEXT NOT NULL,
                root_hash TEXT NOT NULL,
                signed_at TEXT NOT NULL,
                signature TEXT NOT NULL,
                PRIMARY KEY (tree_size, key_id)))"),
        },
        {
            QStringLiteral("CREATE TRIGGER audit_tree_no_update BEFORE UPDATE ON audit_tree "
                           "BEGIN SELECT RAISE(ABORT, 'audit_tree is append-only'); END"),
            QStringLiteral("CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree "
                           "BEGIN SELECT RAISE(ABORT, 'audit_tree is append-only'); END"),
            QStringLiteral("CREATE TRIGGER audit_tree_heads_no_update BEFORE UPDATE ON "
                           "audit_tree_heads BEGIN SELECT RAISE(ABORT, 'audit_tree_heads is "
                           "append-only'); END"),
            QStringLiteral("CREATE TRIGGER audit_tree_heads_no_delete BEFORE DELETE ON "
                           "audit_tree_heads BEGIN SELECT RAISE(ABORT, 'audit_tree_heads is "
                           "append-only'); END"),
        },
        {
            QStringLiteral("CREATE FUNCTION transparency_append_only() RETURNS trigger AS $$ "
                           "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ "
                           "LANGUAGE plpgsql"),
            QStringLiteral("CREATE TRIGGER audit_tree_no_change BEFORE UPDATE OR DELETE ON "
                           "audit_tree FOR EACH ROW EXECUTE FUNCTION transparency_append_only()"),
            QStringLiteral("CREATE TRIGGER audit_tree_heads_no_change BEFORE UPDATE OR DELETE ON "
                           "audit_tree_heads FOR EACH ROW EXECUTE FUNCTION "
                           "transparency_append_only()"),
        },
    };
    // proofs (issue 14): the newest audit entry about each subject, for the back-links of
    // server/storage/subject_links.h; "*links_since" records where linking began.
    list << Migration{
        9,
        "audit back-links: the newest entry per subject (model, output, track)",
        {
            QStringLiteral(R"(CREATE TABLE audit_subject_heads (
                subject_key TEXT PRIMARY KEY,
                last_seq BIGINT NOT NULL))"),
            QStringLiteral("INSERT INTO audit_subject_heads (subject_key, last_seq) SELECT "
                           "'*links_since', seq FROM audit_head WHERE id = 1"),
        },
        {},
        {},
    };
    // outbox part (issue 14): delivery state of outbox rows, stale marking of training runs,
    // de-duplicated and acknowledgeable safety alerts.
    list << Migration{
        10,
        "outbox delivery state, run_affected (stale marking), alert de-duplication",
        {
            QStringLiteral("ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'"),
            QStringLiteral("ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT"),
            QStringLiteral("ALTER TABLE outbox ADD COLUMN lease_until TEXT"),
            QStringLiteral("ALTER TABLE outbox ADD COLUMN lease_owner TEXT"),
            QStringLiteral("ALTER TABLE outbox ADD COLUMN last_error TEXT"),
            QStringLiteral("ALTER TABLE outbox ADD COLUMN hooks_done TEXT NOT NULL DEFAULT '[]'"),
            QStringLiteral("UPDATE outbox SET state = 'delivered' WHERE delivered_at IS NOT NULL"),
            QStringLiteral("CREATE INDEX outbox_due ON outbox(state, next_attempt_at)"),
            QStringLiteral(R"(CREATE TABLE run_affected (
                run_id TEXT NOT NULL REFERENCES model_training_runs(run_id),
                track_id TEXT NOT NULL REFERENCES tracks(track_id),
                reason TEXT NOT NULL,
                at TEXT NOT NULL,
                audit_seq BIGINT NOT NULL,
                PRIMARY KEY (run_id, track_id, reason)))"),
            QStringLiteral("CREATE INDEX run_affected_by_track ON run_affected(track_id)"),
            QStringLiteral("ALTER TABLE safety_alerts ADD COLUMN pattern TEXT NOT NULL DEFAULT "
                           "'repeated_hits'"),
            QStringLiteral("ALTER TABLE safety_alerts ADD COLUMN state TEXT NOT NULL DEFAULT "
                           "'open'"),
            QStringLiteral("ALTER TABLE safety_alerts ADD COLUMN last_seen_at TEXT"),
            QStringLiteral("ALTER TABLE safety_alerts ADD COLUMN acknowledged_by TEXT"),
            QStringLiteral("ALTER TABLE safety_alerts ADD COLUMN acknowledged_at TEXT"),
            QStringLiteral("UPDATE safety_alerts SET last_seen_at = created_at"),
            QStringLiteral("CREATE INDEX safety_alerts_open ON safety_alerts(subject_kind, "
                           "subject_id, pattern, state)"),
        },
        {},
        {},
    };
    // Issue 14, part "abuse": claim standing and throttle, rights holders, preview grants.
    list << Migration{
        11,
        "abuse: claim statement, contact, standing and throttle keys; rights holders; preview "
        "grants",
        {
            QStringLiteral("ALTER TABLE claims ADD COLUMN contact TEXT"),
            QStringLiteral("ALTER TABLE claims ADD COLUMN statement TEXT"),
            QStringLiteral("ALTER TABLE claims ADD COLUMN standing TEXT"),
            QStringLiteral("ALTER TABLE claims ADD COLUMN filed_from TEXT"),
            QStringLiteral("CREATE INDEX claims_by_filer ON claims(filed_by, created_at)"),
            QStringLiteral("CREATE INDEX claims_by_address ON claims(filed_from, created_at)"),
            QStringLiteral(R"(CREATE TABLE rights_holders (
                account_id TEXT PRIMARY KEY,
                granted_by TEXT NOT NULL,
                note TEXT NOT NULL,
                granted_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE preview_grants (
                grant_id TEXT PRIMARY KEY,
                track_id TEXT NOT NULL REFERENCES tracks(track_id),
                reviewer_id TEXT NOT NULL,
                session_digest TEXT NOT NULL,
                start_s DOUBLE PRECISION NOT NULL,
                duration_s DOUBLE PRECISION NOT NULL,
                fetches INTEGER NOT NULL,
                created_at TEXT NOT NULL))"),
            QStringLiteral("CREATE INDEX preview_grants_by_reviewer ON preview_grants(track_id, "
                           "reviewer_id)"),
        },
        {},
        {},
    };
    // Issue 14, part "training": model ownership, single-use training links with a per-track
    // fetch count, and the dispute queue of strong external hits.
    list << Migration{
        12,
        "training links single-use and counted, models owned by their service, external disputes",
        {
            QStringLiteral("ALTER TABLE models ADD COLUMN registered_by TEXT"),
            QStringLiteral("UPDATE models SET registered_by = (SELECT r.requested_by FROM "
                           "model_training_runs r WHERE r.model_id = models.model_id ORDER BY "
                           "r.created_at, r.run_id LIMIT 1)"),
            QStringLiteral(R"(CREATE TABLE training_link_uses (
                link_id TEXT PRIMARY KEY,
                run_id TEXT NOT NULL,
                track_id TEXT NOT NULL,
                used_at TEXT NOT NULL))"),
            QStringLiteral(R"(CREATE TABLE training_fetch_counts (
                run_id TEXT NOT NULL,
                track_id TEXT NOT NULL,
                fetches BIGINT NOT NULL,
                PRIMARY KEY (run_id, track_id)))"),
            QStringLiteral(R"(CREATE TABLE external_disputes (
                track_id TEXT PRIMARY KEY REFERENCES tracks(track_id),
                reason TEXT NOT NULL,
                hits TEXT NOT NULL,
                opened_at TEXT NOT NULL))"),
        },
        {},
        {},
    };
    // Issue 16, part "shard": the shard map of a sharded robust index (server/similarity/
    // shard_map.h). Tracks are assigned by a hash of their id, so only the shards have rows.
    list << Migration{
        13,
        "index shard map",
        {
            QStringLiteral(R"(CREATE TABLE index_shards (
                shard_id BIGINT PRIMARY KEY,
                shard_count BIGINT NOT NULL,
                base_url TEXT NOT NULL,
                state TEXT NOT NULL,
                heartbeat_at TEXT NOT NULL))"),
        },
        {},
        {},
    };
    return list;
}

} // namespace

int latestSchemaVersion()
{
    return migrations().last().version;
}

Result<MigrationReport> migrate(const Database &database)
{
    auto conn = database.connection();
    if (!conn)
        return conn.error();
    QSqlDatabase db = conn.value();
    const bool pg = database.dialect() == Dialect::Postgres;
    if (pg) {
        auto lock = exec(db, QStringLiteral("SELECT pg_advisory_lock(4242017)"));
        if (!lock)
            return lock.error();
    }
    struct Unlock {
        QSqlDatabase db;
        bool pg;
        ~Unlock()
        {
            if (!pg)
                return;
            if (auto unlocked = exec(db, QStringLiteral("SELECT pg_advisory_unlock(4242017)"));
                !unlocked)
                qWarning("migrations: releasing the advisory lock failed (it goes with the "
                         "connection): %s",
                         qPrintable(unlocked.error().message));
        }
    } unlock{db, pg};

    auto created = exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                           "version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
                                           "applied_at TEXT NOT NULL)"));
    if (!created)
        return created.error();
    auto cur = exec(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!cur)
        return cur.error();
    MigrationReport report;
    if (cur.value().next())
        report.fromVersion = cur.value().value(0).toInt();
    report.toVersion = report.fromVersion;
    if (report.fromVersion > latestSchemaVersion())
        return Error::make(ErrorKind::Conflict, QStringLiteral("schema_too_new"),
                           QStringLiteral("the database has schema version %1 but this build "
                                          "knows only up to %2; upgrade lemm-vault-server")
                               .arg(report.fromVersion)
                               .arg(latestSchemaVersion()));

    for (const Migration &m : migrations()) {
        if (m.version <= report.fromVersion)
            continue;
        Transaction tx(db, database.dialect());
        if (auto b = tx.begin(); !b)
            return b.error();
        QStringList statements = m.common;
        statements += pg ? m.postgresOnly : m.sqliteOnly;
        for (const QString &sql : statements) {
            auto r = exec(db, sql);
            if (!r)
                return Error::make(ErrorKind::Internal, QStringLiteral("migration_failed"),
                                   QStringLiteral("migration %1 failed: %2")
                                       .arg(m.version)
                                       .arg(r.error().message));
        }
        auto rec = exec(
            db,
            QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) "
                           "VALUES (?, ?, ?)"),
            {m.version, QString::fromLatin1(m.name), core::toIso(QDateTime::currentDateTimeUtc())});
        if (!rec)
            return rec.error();
        if (auto c = tx.commit(); !c)
            return c.error();
        report.toVersion = m.version;
    }
    return report;
}

} // namespace lemm::server
