#pragma once
// A minimal HTTP/1.1 service for tests of HTTP clients: answers each request with the next
// scripted reply (the last one repeats); a reply with status 0 never answers (a silent
// service). Lives on the thread that created it; serves while that thread's event loop runs.

#include <QByteArray>
#include <QList>
#include <QTcpServer>

namespace lemm::test {

class ScriptedHttp
{
public:
    struct Reply {
        int status;
        QByteArray body;
    };
    QList<Reply> script;
    QList<QByteArray> requests; // request bodies received, in order

    quint16 start(); // listens on a free loopback port

private:
    QTcpServer m_server;
};

} // namespace lemm::test
