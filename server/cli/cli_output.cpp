#include "server/cli/cli_output.h"

namespace lemm::server::cli_io {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int fail(const QString &message, int code)
{
    err() << "error: " << message << "\n";
    err().flush();
    return code;
}

} // namespace lemm::server::cli_io
