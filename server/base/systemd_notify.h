#pragma once
// The service manager's notification protocol (sd_notify(3), libsystemd), for Type=notify
// units: READY=1 once the process serves, RELOADING=1 (with MONOTONIC_USEC) while a SIGHUP's
// reload runs, STOPPING=1 on SIGTERM/SIGINT, WATCHDOG=1 pings when the unit sets WatchdogSec.
// Without a service manager (no NOTIFY_SOCKET in the environment) every call is a no-op.
// Called from the main thread (the CLI's signal loop); no state of its own.

#include <QString>

namespace lemm::server::systemd {

// READY=1 with STATUS=`status` (e.g. "listening on http://127.0.0.1:8080").
void notifyReady(const QString &status);
// RELOADING=1 and MONOTONIC_USEC=<now>, as Type=notify-reload expects; READY=1 must follow.
void notifyReloading();
// STOPPING=1 with a STATUS line.
void notifyStopping();
// The watchdog interval systemd asks this process to ping within (WATCHDOG_USEC), in
// microseconds; 0 when no watchdog is set.
quint64 watchdogIntervalUsec();
// WATCHDOG=1.
void notifyWatchdog();

} // namespace lemm::server::systemd
