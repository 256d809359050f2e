#include "admin_view.h"

#include "api_client.h"
#include "labels.h"

#include "ui/tables.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QTextBrowser>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <cmath>

namespace lemm::app {

namespace {

QString compactJson(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(qint64(d))
                                                        : QString::number(d, 'g', 10);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &x : v.toArray())
            parts << (x.isString() ? x.toString() : compactJson(x));
        return parts.join(QStringLiteral(", "));
    }
    return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

} // namespace

AdminView::AdminView(ApiClient &api, QWidget *parent) : QTabWidget(parent), m_api(api)
{
    addTab(buildPolicyTab(), tr("&Policy"));
    addTab(buildAccountsTab(), tr("&Roles"));
    addTab(buildClaimsTab(), tr("&Claims"));
    addTab(buildLineageTab(), tr("&Lineage"));
    addTab(buildAuditTab(), tr("A&udit"));
}

void AdminView::request(QByteArray method, const QString &path, const QJsonObject &body,
                        std::function<void(const QJsonObject &)> onOk)
{
    QCoro::connect(method == "GET" ? m_api.get(path) : m_api.send(method, path, body), this,
                   [this, onOk = std::move(onOk)](const ApiReply &r) {
                       if (!r.ok()) {
                           showError(r.displayError());
                           return;
                       }
                       onOk(r.body);
                   });
}

quint64 AdminView::load(RequestGeneration &kind, const QString &path,
                        std::function<void(const QJsonObject &, quint64)> onOk)
{
    const RequestGeneration::Ticket ticket = kind.next();
    QCoro::connect(m_api.get(path), this,
                   [this, ticket, onOk = std::move(onOk)](const ApiReply &r) {
                       if (!ticket.current())
                           return; // a newer request of this kind started meanwhile
                       if (!r.ok()) {
                           showError(r.displayError());
                           return;
                       }
                       onOk(r.body, ticket.number());
                   });
    return ticket.number();
}

void AdminView::showError(const QString &message)
{
    if (!message.isEmpty())
        Q_EMIT errorShown(message);
}

void AdminView::reloadAll()
{
    reloadPolicy();
    reloadAccounts();
    reloadClaims();
    reloadModels();
    searchAudit({}, {}, {}, {}, {});
}

// Policy ---------------------------------------------------------------------------------------

QWidget *AdminView::buildPolicyTab()
{
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    m_policy = ui::makeTable(w, {tr("Setting"), tr("Value"), tr("Allowed"), tr("Meaning")},
                             QStringLiteral("policyTable"));
    m_policy->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                              QAbstractItemView::AnyKeyPressed);
    layout->addWidget(m_policy, 3);
    auto *row = new QHBoxLayout;
    m_policyNote = new QLineEdit(w);
    m_policyNote->setPlaceholderText(tr("Why this change (kept in the history)"));
    auto *save = new QPushButton(tr("Review and &save…"), w);
    save->setShortcut(QKeySequence::Save);
    auto *reload = new QPushButton(tr("Re&load"), w);
    row->addWidget(m_policyNote, 1);
    row->addWidget(reload);
    row->addWidget(save);
    layout->addLayout(row);
    layout->addWidget(new QLabel(tr("History (newest first):"), w));
    m_history =
        ui::makeTable(w, {tr("Version"), tr("Author"), tr("When"), tr("Note"), tr("Changes")},
                      QStringLiteral("policyHistory"));
    layout->addWidget(m_history, 2);
    connect(save, &QPushButton::clicked, this, &AdminView::confirmAndSavePolicy);
    connect(reload, &QPushButton::clicked, this, &AdminView::reloadPolicy);
    return w;
}

quint64 AdminView::reloadPolicy()
{
    const RequestGeneration::Ticket ticket = m_policyRequests.next();
    QCoro::connect(loadPolicy(ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> AdminView::loadPolicy(RequestGeneration::Ticket ticket)
{
    const ApiReply p = co_await m_api.get(QStringLiteral("/policy"));
    // After every co_await: a newer reload started meanwhile, or this view is gone.
    if (!ticket.current())
        co_return;
    const ApiReply h = co_await m_api.get(QStringLiteral("/policy/history"));
    if (!ticket.current())
        co_return;
    if (!p.ok() || !h.ok()) {
        showError((p.ok() ? h : p).displayError());
        co_return;
    }
    m_policyDoc = p.body;
    const QJsonObject values = p.body.value(QStringLiteral("policy")).toObject();
    const QJsonArray fields = p.body.value(QStringLiteral("fields")).toArray();
    m_policy->setRowCount(0);
    for (int i = 0; i < fields.size(); ++i) {
        const QJsonObject f = fields.at(i).toObject();
        const QString name = f.value(QStringLiteral("name")).toString();
        m_policy->insertRow(i);
        auto *n = new QTableWidgetItem(name);
        n->setFlags(n->flags() & ~Qt::ItemIsEditable);
        n->setData(Qt::UserRole, f);
        m_policy->setItem(i, 0, n);
        m_policy->setItem(i, 1, new QTableWidgetItem(compactJson(values.value(name))));
        QString allowed;
        const QString kind = f.value(QStringLiteral("kind")).toString();
        if (f.contains(QStringLiteral("min")) || f.contains(QStringLiteral("max")))
            allowed = QStringLiteral("%1 … %2").arg(compactJson(f.value(QStringLiteral("min"))),
                                                    compactJson(f.value(QStringLiteral("max"))));
        else if (f.contains(QStringLiteral("values")))
            allowed = compactJson(f.value(QStringLiteral("values")));
        else
            allowed = kind;
        auto *a = new QTableWidgetItem(allowed);
        a->setFlags(a->flags() & ~Qt::ItemIsEditable);
        m_policy->setItem(i, 2, a);
        auto *d = new QTableWidgetItem(f.value(QStringLiteral("description")).toString());
        d->setFlags(d->flags() & ~Qt::ItemIsEditable);
        m_policy->setItem(i, 3, d);
    }
    m_policy->resizeColumnsToContents();
    ui::fillTable(
        m_history, h.body.value(QStringLiteral("versions")).toArray(), [](const QJsonObject &v) {
            QStringList changes;
            const QJsonObject c = v.value(QStringLiteral("changes")).toObject();
            for (auto it = c.begin(); it != c.end(); ++it)
                changes << QStringLiteral("%1: %2 → %3")
                               .arg(
                                   it.key(),
                                   compactJson(it.value().toObject().value(QStringLiteral("old"))),
                                   compactJson(it.value().toObject().value(QStringLiteral("new"))));
            return QStringList{QString::number(v.value(QStringLiteral("version")).toInt()),
                               v.value(QStringLiteral("author")).toString(),
                               v.value(QStringLiteral("created_at")).toString(),
                               v.value(QStringLiteral("note")).toString(),
                               changes.join(QStringLiteral("; "))};
        });
    Q_EMIT policyLoaded(ticket.number());
}

bool AdminView::setPolicyValue(const QString &field, const QString &text)
{
    for (int r = 0; r < m_policy->rowCount(); ++r)
        if (m_policy->item(r, 0)->text() == field) {
            m_policy->item(r, 1)->setText(text);
            return true;
        }
    return false;
}

QJsonObject AdminView::editedPolicy(QJsonObject *problems) const
{
    QJsonObject out = m_policyDoc.value(QStringLiteral("policy")).toObject();
    for (int r = 0; r < m_policy->rowCount(); ++r) {
        const QJsonObject f = m_policy->item(r, 0)->data(Qt::UserRole).toJsonObject();
        const QString name = f.value(QStringLiteral("name")).toString();
        const QString kind = f.value(QStringLiteral("kind")).toString();
        const QString text = m_policy->item(r, 1)->text().trimmed();
        if (text == compactJson(out.value(name)))
            continue; // unchanged: keep the exact stored value
        if (kind == QLatin1String("number") || kind == QLatin1String("integer")) {
            bool ok = false;
            const double v = text.toDouble(&ok);
            if (!ok || (kind == QLatin1String("integer") && v != std::floor(v))) {
                problems->insert(name, kind == QLatin1String("integer")
                                           ? tr("must be a whole number")
                                           : tr("must be a number"));
                continue;
            }
            if ((f.contains(QStringLiteral("min")) &&
                 v < f.value(QStringLiteral("min")).toDouble()) ||
                (f.contains(QStringLiteral("max")) &&
                 v > f.value(QStringLiteral("max")).toDouble())) {
                problems->insert(name, tr("must be between %1 and %2")
                                           .arg(compactJson(f.value(QStringLiteral("min"))),
                                                compactJson(f.value(QStringLiteral("max")))));
                continue;
            }
            out.insert(name,
                       kind == QLatin1String("integer") ? QJsonValue(qint64(v)) : QJsonValue(v));
        } else if (kind == QLatin1String("enum")) {
            if (!f.value(QStringLiteral("values")).toArray().contains(QJsonValue(text))) {
                problems->insert(
                    name,
                    tr("must be one of %1").arg(compactJson(f.value(QStringLiteral("values")))));
                continue;
            }
            out.insert(name, text);
        } else if (kind == QLatin1String("string_list")) {
            QJsonArray list;
            for (const QString &s : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
                list.append(s.trimmed());
            out.insert(name, list);
        } else if (kind == QLatin1String("object")) {
            QJsonParseError err;
            const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &err);
            if (!doc.isObject()) {
                problems->insert(name, tr("must be a JSON object"));
                continue;
            }
            out.insert(name, doc.object());
        } else {
            out.insert(name, text);
        }
    }
    return out;
}

QJsonObject AdminView::policyProblems() const
{
    QJsonObject problems;
    editedPolicy(&problems);
    return problems;
}

QJsonObject AdminView::policyDiff() const
{
    QJsonObject problems;
    const QJsonObject edited = editedPolicy(&problems);
    const QJsonObject old = m_policyDoc.value(QStringLiteral("policy")).toObject();
    QJsonObject diff;
    for (auto it = edited.begin(); it != edited.end(); ++it)
        if (old.value(it.key()) != it.value())
            diff.insert(it.key(), QJsonObject{{QStringLiteral("old"), old.value(it.key())},
                                              {QStringLiteral("new"), it.value()}});
    return diff;
}

void AdminView::confirmAndSavePolicy()
{
    const QJsonObject problems = policyProblems();
    if (!problems.isEmpty()) {
        QStringList lines;
        for (auto it = problems.begin(); it != problems.end(); ++it)
            lines << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
        QMessageBox::warning(this, tr("Policy not saved"),
                             tr("Fix these values first:\n%1").arg(lines.join(QLatin1Char('\n'))));
        return;
    }
    const QJsonObject diff = policyDiff();
    if (diff.isEmpty()) {
        showError(tr("Nothing changed."));
        return;
    }
    QStringList lines;
    for (auto it = diff.begin(); it != diff.end(); ++it)
        lines << QStringLiteral("%1: %2 → %3")
                     .arg(it.key(), compactJson(it.value().toObject().value(QStringLiteral("old"))),
                          compactJson(it.value().toObject().value(QStringLiteral("new"))));
    if (QMessageBox::question(
            this, tr("Save the policy?"),
            tr("These settings change:\n\n%1").arg(lines.join(QLatin1Char('\n')))) ==
        QMessageBox::Yes)
        savePolicy(m_policyNote->text());
}

void AdminView::savePolicy(const QString &note)
{
    QCoro::connect(doSavePolicy(note), this, [] {});
}

QCoro::Task<> AdminView::doSavePolicy(QString note)
{
    // This view may be deleted while a request is in flight: stop if it was.
    const QPointer<AdminView> alive(this);
    QJsonObject problems;
    const QJsonObject edited = editedPolicy(&problems);
    if (!problems.isEmpty()) {
        showError(
            tr("The policy has invalid values: %1")
                .arg(QString::fromUtf8(QJsonDocument(problems).toJson(QJsonDocument::Compact))));
        co_return;
    }
    QJsonObject body;
    body.insert(QStringLiteral("policy"), edited);
    body.insert(QStringLiteral("base_version"), m_policyDoc.value(QStringLiteral("version")));
    if (!note.trimmed().isEmpty())
        body.insert(QStringLiteral("note"), note.trimmed());
    const ApiReply r = co_await m_api.send("PUT", QStringLiteral("/policy"), body);
    if (!alive)
        co_return;
    if (!r.ok()) {
        showError(r.displayError());
        co_return;
    }
    m_policyNote->clear();
    const quint64 reload = reloadPolicy();
    Q_EMIT policySaved(r.body.value(QStringLiteral("version")).toInt(), reload);
}

QStringList AdminView::historyLines() const
{
    QStringList out;
    for (int r = 0; r < m_history->rowCount(); ++r)
        out << QStringLiteral("v%1 %2").arg(m_history->item(r, 0)->text(),
                                            m_history->item(r, 4)->text());
    return out;
}

// Roles -----------------------------------------------------------------------------------------

QWidget *AdminView::buildAccountsTab()
{
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    m_accounts = ui::makeTable(w, {tr("E-mail"), tr("Name"), tr("Roles"), tr("Bulk source")},
                               QStringLiteral("accountsTable"));
    layout->addWidget(m_accounts, 1);
    auto *row = new QHBoxLayout;
    m_roleContributor = new QCheckBox(tr("Contributor"), w);
    m_roleReviewer = new QCheckBox(tr("Reviewer"), w);
    m_roleAdmin = new QCheckBox(tr("Admin"), w);
    auto *apply = new QPushButton(tr("Apply roles"), w);
    auto *bulk = new QPushButton(tr("Approve as bulk source"), w);
    for (QWidget *x : {static_cast<QWidget *>(m_roleContributor),
                       static_cast<QWidget *>(m_roleReviewer), static_cast<QWidget *>(m_roleAdmin)})
        row->addWidget(x);
    row->addStretch();
    row->addWidget(bulk);
    row->addWidget(apply);
    layout->addLayout(row);
    connect(m_accounts, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_accounts->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return;
        const QString roles = m_accounts->item(rows.first().row(), 2)->text();
        m_roleContributor->setChecked(roles.contains(QLatin1String("contributor")));
        m_roleReviewer->setChecked(roles.contains(QLatin1String("reviewer")));
        m_roleAdmin->setChecked(roles.contains(QLatin1String("admin")));
    });
    connect(apply, &QPushButton::clicked, this, [this] {
        QStringList roles;
        if (m_roleContributor->isChecked())
            roles << QStringLiteral("contributor");
        if (m_roleReviewer->isChecked())
            roles << QStringLiteral("reviewer");
        if (m_roleAdmin->isChecked())
            roles << QStringLiteral("admin");
        const QString id = ui::selectedId(m_accounts);
        if (!id.isEmpty())
            setRoles(id, roles);
    });
    connect(bulk, &QPushButton::clicked, this, [this] {
        const QString id = ui::selectedId(m_accounts);
        if (!id.isEmpty())
            approveBulkSource(id);
    });
    return w;
}

quint64 AdminView::reloadAccounts()
{
    return load(
        m_accountsRequests, QStringLiteral("/accounts"),
        [this](const QJsonObject &body, quint64 generation) {
            ui::fillTable(
                m_accounts, body.value(QStringLiteral("accounts")).toArray(),
                [this](const QJsonObject &a) {
                    return QStringList{a.value(QStringLiteral("email")).toString(),
                                       a.value(QStringLiteral("display_name")).toString(),
                                       compactJson(a.value(QStringLiteral("roles"))),
                                       a.value(QStringLiteral("bulk_source_approved")).toBool()
                                           ? tr("approved")
                                           : QString()};
                },
                [](const QJsonObject &a) { return a.value(QStringLiteral("id")).toString(); });
            Q_EMIT accountsLoaded(generation);
        });
}

void AdminView::setRoles(const QString &accountId, const QStringList &roles)
{
    QJsonObject body;
    body.insert(QStringLiteral("roles"), QJsonArray::fromStringList(roles));
    request("PUT", QStringLiteral("/accounts/%1/roles").arg(accountId), body,
            [this, accountId](const QJsonObject &) {
                Q_EMIT accountChanged(accountId, reloadAccounts());
            });
}

void AdminView::approveBulkSource(const QString &accountId)
{
    QJsonObject body;
    body.insert(QStringLiteral("approved"), true);
    request("POST", QStringLiteral("/accounts/%1/bulk-source").arg(accountId), body,
            [this, accountId](const QJsonObject &) {
                Q_EMIT accountChanged(accountId, reloadAccounts());
            });
}

// Claims ----------------------------------------------------------------------------------------

QWidget *AdminView::buildClaimsTab()
{
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(new QLabel(
        tr("Open infringement claims. Disputes (appeals) are decided in Review → Disputes."), w));
    m_claims = ui::makeTable(
        w, {tr("Track"), tr("Claimant"), tr("Evidence"), tr("Track status"), tr("Filed")},
        QStringLiteral("claimsTable"));
    layout->addWidget(m_claims, 1);
    auto *row = new QHBoxLayout;
    m_claimDecision = new QComboBox(w);
    m_claimDecision->addItem(tr("Keep the track"), QStringLiteral("keep"));
    m_claimDecision->addItem(tr("Reject the track"), QStringLiteral("reject"));
    m_claimDecision->addItem(tr("Remove the track"), QStringLiteral("remove"));
    m_claimNote = new QLineEdit(w);
    m_claimNote->setPlaceholderText(tr("Decision note"));
    auto *decide = new QPushButton(tr("&Decide"), w);
    auto *open = new QPushButton(tr("&Open in review"), w);
    row->addWidget(open);
    row->addWidget(m_claimDecision);
    row->addWidget(m_claimNote, 1);
    row->addWidget(decide);
    layout->addLayout(row);
    connect(open, &QPushButton::clicked, this, [this] {
        const auto rows = m_claims->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            Q_EMIT openTrackRequested(
                m_claims->item(rows.first().row(), 0)->data(Qt::UserRole + 1).toString());
    });
    connect(decide, &QPushButton::clicked, this, [this] {
        const QString id = ui::selectedId(m_claims);
        if (!id.isEmpty())
            decideClaim(id, m_claimDecision->currentData().toString(), m_claimNote->text());
    });
    return w;
}

quint64 AdminView::reloadClaims()
{
    return load(m_claimsRequests, QStringLiteral("/claims?state=open"),
                [this](const QJsonObject &body, quint64 generation) {
                    const QJsonArray claims = body.value(QStringLiteral("claims")).toArray();
                    ui::fillTable(
                        m_claims, claims,
                        [](const QJsonObject &c) {
                            return QStringList{
                                QStringLiteral("%1 – %2").arg(
                                    c.value(QStringLiteral("track_artist")).toString(),
                                    c.value(QStringLiteral("track_title")).toString()),
                                c.value(QStringLiteral("claimant")).toString(),
                                c.value(QStringLiteral("evidence")).toString(),
                                c.value(QStringLiteral("track_status")).toString(),
                                c.value(QStringLiteral("created_at")).toString()};
                        },
                        [](const QJsonObject &c) {
                            return c.value(QStringLiteral("claim_id")).toString();
                        });
                    for (int i = 0; i < claims.size(); ++i) // for "Open in review"
                        m_claims->item(i, 0)->setData(
                            Qt::UserRole + 1,
                            claims.at(i).toObject().value(QStringLiteral("track_id")).toString());
                    Q_EMIT claimsLoaded(generation);
                });
}

void AdminView::decideClaim(const QString &claimId, const QString &decision, const QString &note)
{
    QJsonObject body;
    body.insert(QStringLiteral("decision"), decision);
    body.insert(QStringLiteral("note"), note);
    request("POST", QStringLiteral("/claims/%1/decision").arg(claimId), body,
            [this, claimId](const QJsonObject &) {
                m_claimNote->clear();
                Q_EMIT claimDecided(claimId, reloadClaims());
            });
}

// Lineage ---------------------------------------------------------------------------------------

QWidget *AdminView::buildLineageTab()
{
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    auto *split = new QSplitter(Qt::Horizontal, w);
    const auto column = [&](const QString &title, const char *name) {
        auto *box = new QWidget(split);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(new QLabel(title, box));
        auto *list = new QListWidget(box);
        list->setObjectName(QString::fromLatin1(name));
        l->addWidget(list);
        return list;
    };
    m_models = column(tr("Models"), "models");
    m_runs = column(tr("Runs of the model"), "runs");
    m_runPacks = column(tr("Packs of the run"), "runPacks");
    m_runTracks = column(tr("Tracks of the run (of the pack)"), "runTracks");
    m_trackRuns = column(tr("Runs and models using the track"), "trackRuns");
    layout->addWidget(split, 1);
    m_runInfo = new QLabel(w);
    m_runInfo->setWordWrap(true);
    layout->addWidget(m_runInfo);
    auto *row = new QHBoxLayout;
    auto *exportProofButton = new QPushButton(tr("&Export proof of the model…"), w);
    row->addStretch();
    row->addWidget(exportProofButton);
    layout->addLayout(row);
    connect(m_models, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *i) { openModel(i->data(Qt::UserRole).toString()); });
    connect(m_runs, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *i) { openRun(i->data(Qt::UserRole).toString()); });
    connect(m_runPacks, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *i) { openPack(i->data(Qt::UserRole).toString()); });
    connect(m_runTracks, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *i) { openTrackLineage(i->data(Qt::UserRole).toString()); });
    // Back up the chain: a model in the track's list opens that model.
    connect(m_trackRuns, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *i) { openModel(i->data(Qt::UserRole).toString()); });
    connect(exportProofButton, &QPushButton::clicked, this, [this] {
        QListWidgetItem *item = m_models->currentItem();
        if (!item)
            return;
        const QString path = QFileDialog::getSaveFileName(this, tr("Export proof"),
                                                          item->data(Qt::UserRole).toString() +
                                                              QStringLiteral("-proof.json"),
                                                          tr("JSON (*.json)"));
        if (!path.isEmpty())
            exportProof(item->data(Qt::UserRole).toString(), path);
    });
    return w;
}

quint64 AdminView::reloadModels()
{
    return load(
        m_modelsRequests, QStringLiteral("/models"),
        [this](const QJsonObject &body, quint64 generation) {
            m_models->clear();
            for (const QJsonValue &v : body.value(QStringLiteral("models")).toArray()) {
                const QJsonObject m = v.toObject();
                auto *item = new QListWidgetItem(
                    tr("%1 (%2, %n run(s))", nullptr, m.value(QStringLiteral("run_count")).toInt())
                        .arg(m.value(QStringLiteral("name")).toString(),
                             m.value(QStringLiteral("model_type")).toString()),
                    m_models);
                item->setData(Qt::UserRole, m.value(QStringLiteral("model_id")).toString());
            }
            Q_EMIT modelsLoaded(generation);
        });
}

// Stale marking (issue 14): a run that used a track revoked or claimed since is marked, and
// its tooltip names the tracks.
void AdminView::markAffected(QListWidgetItem *item, const QJsonArray &affectedBy)
{
    if (affectedBy.isEmpty())
        return;
    item->setText(
        tr("%1 · affected by %n track(s)", nullptr, int(affectedBy.size())).arg(item->text()));
    item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    item->setToolTip(affectedByText(affectedBy));
    item->setData(kAffectedRole, affectedBy.size());
}

quint64 AdminView::openModel(const QString &modelId)
{
    return load(
        m_lineageRequests, QStringLiteral("/models/%1/lineage").arg(modelId),
        [this, id = modelId](const QJsonObject &body, quint64 generation) {
            for (int i = 0; i < m_models->count(); ++i)
                if (m_models->item(i)->data(Qt::UserRole).toString() == id)
                    m_models->setCurrentRow(i);
            m_runs->clear();
            for (const QJsonValue &v : body.value(QStringLiteral("runs")).toArray()) {
                const QJsonObject run = v.toObject();
                auto *item =
                    new QListWidgetItem(tr("%1 · %2 · %3 tracks · packs: %4")
                                            .arg(run.value(QStringLiteral("run_id")).toString(),
                                                 run.value(QStringLiteral("status")).toString())
                                            .arg(run.value(QStringLiteral("track_count")).toInt())
                                            .arg(compactJson(run.value(QStringLiteral("packs")))),
                                        m_runs);
                item->setData(Qt::UserRole, run.value(QStringLiteral("run_id")).toString());
                markAffected(item, run.value(QStringLiteral("affected_by")).toArray());
            }
            m_runPacks->clear();
            m_runTracks->clear();
            m_runTrackData = {};
            m_runInfo->setText(tr("Model %1 (%2), packs: %3")
                                   .arg(id, body.value(QStringLiteral("model_type")).toString(),
                                        compactJson(body.value(QStringLiteral("packs")))));
            Q_EMIT lineageShown(generation);
        });
}

quint64 AdminView::openRun(const QString &runId)
{
    return load(
        m_lineageRequests, QStringLiteral("/training/runs/%1").arg(runId),
        [this, id = runId](const QJsonObject &body, quint64 generation) {
            m_runTrackData = body.value(QStringLiteral("tracks")).toArray();
            m_runPacks->clear();
            for (const QJsonValue &pack : body.value(QStringLiteral("packs")).toArray()) {
                auto *item = new QListWidgetItem(pack.toString(), m_runPacks);
                item->setData(Qt::UserRole, pack.toString());
            }
            openPack({});
            m_runInfo->setText(
                tr("Run %1: %2 tracks, resolved-set hash %3, config %4, clean: %5")
                    .arg(id)
                    .arg(body.value(QStringLiteral("track_count")).toInt())
                    .arg(body.value(QStringLiteral("resolved_hash")).toString(),
                         body.value(QStringLiteral("config_hash")).toString(),
                         body.value(QStringLiteral("clean")).toBool() ? tr("yes") : tr("no")));
            Q_EMIT lineageShown(generation);
        });
}

void AdminView::openPack(const QString &pack)
{
    m_runTracks->clear();
    for (const QJsonValue &v : std::as_const(m_runTrackData)) {
        const QJsonObject t = v.toObject();
        if (!pack.isEmpty() && t.value(QStringLiteral("pack")).toString() != pack)
            continue;
        auto *item = new QListWidgetItem(QStringLiteral("%1 – %2 [%3]")
                                             .arg(t.value(QStringLiteral("artist")).toString(),
                                                  t.value(QStringLiteral("title")).toString(),
                                                  t.value(QStringLiteral("pack")).toString()),
                                         m_runTracks);
        item->setData(Qt::UserRole, t.value(QStringLiteral("track_id")).toString());
    }
}

quint64 AdminView::openTrackLineage(const QString &trackId)
{
    return load(
        m_trackLineageRequests, QStringLiteral("/tracks/%1/lineage").arg(trackId),
        [this](const QJsonObject &body, quint64 generation) {
            m_trackRuns->clear();
            for (const QJsonValue &v :
                 body.value(QStringLiteral("training_runs_included")).toArray()) {
                const QJsonObject run = v.toObject();
                auto *item =
                    new QListWidgetItem(tr("model %1 · run %2 · pack %3")
                                            .arg(run.value(QStringLiteral("model_id")).toString(),
                                                 run.value(QStringLiteral("run_id")).toString(),
                                                 run.value(QStringLiteral("pack")).toString()),
                                        m_trackRuns);
                item->setData(Qt::UserRole, run.value(QStringLiteral("model_id")).toString());
            }
            Q_EMIT trackLineageShown(generation);
        });
}

void AdminView::exportProof(const QString &modelId, const QString &filePath)
{
    get(QStringLiteral("/proofs/models/%1").arg(modelId), [this, path = filePath](
                                                              const QJsonObject &body) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(QJsonDocument(body).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
            showError(tr("Cannot write %1: %2").arg(path, file.errorString()));
            return;
        }
        Q_EMIT proofExported(path);
    });
}

// Audit -----------------------------------------------------------------------------------------

QWidget *AdminView::buildAuditTab()
{
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    auto *filters = new QHBoxLayout;
    m_auditType = new QComboBox(w);
    m_auditType->setEditable(true);
    m_auditType->addItem(QString());
    for (const char *t :
         {"account_created", "terms_affirmed", "submission_decision", "consent_change",
          "policy_change", "vault_access", "similarity_check", "review_vote", "infringement_claim",
          "training_batch", "output_similarity_check", "prompt_moderation", "output_export",
          "credential_change"})
        m_auditType->addItem(QString::fromLatin1(t));
    m_auditActor = new QLineEdit(w);
    m_auditActor->setPlaceholderText(tr("actor id"));
    m_auditSubject = new QLineEdit(w);
    m_auditSubject->setPlaceholderText(tr("track or subject id"));
    m_auditSince = new QLineEdit(w);
    m_auditSince->setPlaceholderText(tr("from (2026-11-01)"));
    m_auditUntil = new QLineEdit(w);
    m_auditUntil->setPlaceholderText(tr("until (exclusive)"));
    auto *search = new QPushButton(tr("&Search"), w);
    auto *verify = new QPushButton(tr("&Verify chain"), w);
    filters->addWidget(m_auditType);
    filters->addWidget(m_auditActor);
    filters->addWidget(m_auditSubject);
    filters->addWidget(m_auditSince);
    filters->addWidget(m_auditUntil);
    filters->addWidget(search);
    filters->addWidget(verify);
    layout->addLayout(filters);
    m_verify = new QLabel(w);
    m_verify->setObjectName(QStringLiteral("auditVerify"));
    layout->addWidget(m_verify);
    m_audit = ui::makeTable(
        w, {tr("Seq"), tr("Time"), tr("Event"), tr("Actor"), tr("Subject"), tr("Details")},
        QStringLiteral("auditTable"));
    layout->addWidget(m_audit, 3);
    // The selected entry in full, with the hashes that chain it (what a proof quotes).
    m_auditDetail = new QTextBrowser(w);
    m_auditDetail->setObjectName(QStringLiteral("auditDetail"));
    layout->addWidget(m_auditDetail, 1);
    connect(m_audit, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_audit->selectionModel()->selectedRows();
        m_auditDetail->setPlainText(
            rows.isEmpty()
                ? QString()
                : QString::fromUtf8(QJsonDocument(m_auditEntries.at(rows.first().row()).toObject())
                                        .toJson(QJsonDocument::Indented)));
    });
    const auto run = [this] {
        searchAudit(m_auditType->currentText(), m_auditActor->text(), m_auditSubject->text(),
                    m_auditSince->text(), m_auditUntil->text());
    };
    connect(search, &QPushButton::clicked, this, run);
    for (QLineEdit *e : {m_auditActor, m_auditSubject, m_auditSince, m_auditUntil})
        connect(e, &QLineEdit::returnPressed, this, run);
    connect(verify, &QPushButton::clicked, this, &AdminView::verifyAudit);
    return w;
}

quint64 AdminView::searchAudit(const QString &eventType, const QString &actor,
                               const QString &subject, const QString &since, const QString &until)
{
    // The filter fields show what was asked, however the search started.
    m_auditType->setCurrentText(eventType);
    m_auditActor->setText(actor);
    m_auditSubject->setText(subject);
    m_auditSince->setText(since);
    m_auditUntil->setText(until);
    QUrlQuery q;
    const auto add = [&](const char *key, const QString &value) {
        if (!value.trimmed().isEmpty())
            q.addQueryItem(QString::fromLatin1(key), value.trimmed());
    };
    add("event_type", eventType);
    add("actor", actor);
    add("subject", subject);
    add("since", since);
    add("until", until);
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    return load(m_auditRequests, QStringLiteral("/audit?") + q.toString(QUrl::FullyEncoded),
                [this](const QJsonObject &body, quint64 generation) {
                    m_auditEntries = body.value(QStringLiteral("entries")).toArray();
                    m_auditDetail->clear();
                    ui::fillTable(m_audit, m_auditEntries, [](const QJsonObject &e) {
                        return QStringList{
                            QString::number(e.value(QStringLiteral("seq")).toInteger()),
                            e.value(QStringLiteral("at")).toString(),
                            e.value(QStringLiteral("event_type")).toString(),
                            e.value(QStringLiteral("actor")).toString(),
                            e.value(QStringLiteral("subject")).toString(),
                            compactJson(e.value(QStringLiteral("payload")))};
                    });
                    Q_EMIT auditLoaded(generation);
                });
}

quint64 AdminView::verifyAudit()
{
    return load(m_verifyRequests, QStringLiteral("/audit/verify"),
                [this](const QJsonObject &body, quint64 generation) {
                    const bool ok = body.value(QStringLiteral("ok")).toBool();
                    m_verify->setText(
                        ok ? tr("The chain verifies: %1 entries, head %2")
                                 .arg(body.value(QStringLiteral("entries")).toInt())
                                 .arg(body.value(QStringLiteral("head_hash")).toString().left(16))
                           : tr("THE CHAIN DOES NOT VERIFY: %1")
                                 .arg(body.value(QStringLiteral("problem")).toString()));
                    Q_EMIT auditVerified(ok, generation);
                });
}

QString AdminView::auditDetailText() const
{
    return m_auditDetail->toPlainText();
}

QString AdminView::verifyText() const
{
    return m_verify->text();
}

} // namespace lemm::app
