#include "scripted_http.h"

#include <QTcpSocket>

#include <memory>

namespace lemm::test {

quint16 ScriptedHttp::start()
{
    QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                buffer->append(s->readAll());
                const int head = int(buffer->indexOf("\r\n\r\n"));
                if (head < 0)
                    return;
                const QByteArray headers = buffer->left(head).toLower();
                const int cl = int(headers.indexOf("content-length:"));
                const int len = cl < 0 ? 0
                                       : headers.mid(cl + 15, headers.indexOf("\r\n", cl) - cl - 15)
                                             .trimmed()
                                             .toInt();
                if (buffer->size() < head + 4 + len)
                    return;
                requests << buffer->mid(head + 4, len);
                buffer->clear();
                const Reply r =
                    script.value(std::min<qsizetype>(requests.size() - 1, script.size() - 1));
                if (r.status == 0)
                    return; // silence
                s->write("HTTP/1.1 " + QByteArray::number(r.status) +
                         " X\r\nContent-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(r.body.size()) + "\r\nConnection: close\r\n\r\n" +
                         r.body);
                s->disconnectFromHost();
            });
            QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
    m_server.listen(QHostAddress::LocalHost, 0);
    return m_server.serverPort();
}

} // namespace lemm::test
