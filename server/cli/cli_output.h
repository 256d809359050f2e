#pragma once
// The command line's output streams, one pair for the whole process: every subcommand writes
// through the same buffered QTextStream on stdout and on stderr, so their lines never
// interleave out of order.

#include <QString>
#include <QTextStream>

namespace lemm::server::cli_io {

QTextStream &out();
QTextStream &err();
// Prints "error: MESSAGE" on stderr (flushed) and returns `code`.
int fail(const QString &message, int code = 1);

} // namespace lemm::server::cli_io
