#pragma once
// The uploader's file list as a table model: one row per file added (file name, progress 0–100,
// state in words). Rows stay listed after their upload (the state says how it ended); a file is
// listed once while it is pending. ui::kProgressRole on the progress column gives the percent
// for the uploader's bar delegate; ui::kIdRole on column 0 is the file's path. GUI thread.

#include <QAbstractTableModel>
#include <QStringList>

namespace lemm::app {

class UploadQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { File, Progress, State, Count };

    using QAbstractTableModel::QAbstractTableModel;

    // Appends a row for `path`; returns its row.
    int addFile(const QString &path);
    void setProgress(int row, int percent);
    void setState(int row, const QString &state);
    QString path(int row) const { return m_rows.value(row).path; }
    int progress(int row) const { return m_rows.value(row).percent; }
    QString state(int row) const { return m_rows.value(row).state; }
    // The newest row of `path`, -1 when none.
    int rowOf(const QString &path) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString path;
        QString fileName;
        int percent = 0;
        QString state;
    };
    QList<Row> m_rows;
};

} // namespace lemm::app
