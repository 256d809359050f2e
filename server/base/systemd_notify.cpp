#include "server/base/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <ctime>

namespace lemm::server::systemd {

namespace {

void send(const QString &state)
{
    // The result is not checked: a manager that went away must not stop the server.
    sd_notify(0, state.toUtf8().constData());
}

// STATUS= is one line: a newline would start another assignment.
QString oneLine(const QString &text)
{
    QString t = text;
    t.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return t;
}

} // namespace

void notifyReady(const QString &status)
{
    send(QStringLiteral("READY=1\nSTATUS=") + oneLine(status));
}

void notifyReloading()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const quint64 usec = quint64(now.tv_sec) * 1000000u + quint64(now.tv_nsec) / 1000u;
    send(QStringLiteral("RELOADING=1\nSTATUS=reloading the configuration\nMONOTONIC_USEC=%1")
             .arg(usec));
}

void notifyStopping()
{
    send(QStringLiteral("STOPPING=1\nSTATUS=shutting down"));
}

quint64 watchdogIntervalUsec()
{
    uint64_t usec = 0;
    return sd_watchdog_enabled(0, &usec) > 0 ? quint64(usec) : 0;
}

void notifyWatchdog()
{
    send(QStringLiteral("WATCHDOG=1"));
}

} // namespace lemm::server::systemd
