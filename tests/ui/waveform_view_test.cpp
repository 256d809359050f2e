// The waveform view's maths and behaviour, offscreen: seconds <-> pixels, zoom keeps the
// anchor in place and clamps, overlays sit at the server's coordinates, the pyramid level
// gives about one pair per pixel and keeps every extreme, keys and mouse seek, zoom and select.
#include "ui/waveform_view.h"

#include <QImage>
#include <QNativeGestureEvent>
#include <QPointingDevice>
#include <QSignalSpy>
#include <QTest>

using namespace lemm;
using namespace lemm::ui;

namespace {

// A 10-minute envelope (the server's base resolution: 256 samples at 11025 Hz) with a known
// loudest peak at 7:00.
core::PeakEnvelope tenMinutes()
{
    core::PeakEnvelope e;
    e.sampleRate = 11025;
    e.block = 256;
    const size_t n = size_t(600.0 / e.secondsPerPeak());
    e.mins.assign(n, -20);
    e.maxs.assign(n, 20);
    const size_t loud = size_t(420.0 / e.secondsPerPeak());
    e.maxs[loud] = 120;
    e.mins[loud] = -110;
    return e;
}

} // namespace

class WaveformViewTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondsAndPixels()
    {
        WaveformView v;
        v.resize(1000, 100);
        v.setPeaks(tenMinutes());
        QVERIFY(std::abs(v.duration() - 600) < 0.1);
        QCOMPARE(v.viewStart(), 0.0);
        QVERIFY(std::abs(v.xForSeconds(v.duration()) - 1000) < 0.01);
        QVERIFY(std::abs(v.secondsForX(500) - v.duration() / 2) < 0.01);
    }

    void zoomKeepsTheAnchorAndClamps()
    {
        WaveformView v;
        v.resize(1000, 100);
        v.setPeaks(tenMinutes());
        const double x = v.xForSeconds(300);
        v.zoomAt(4, 300);
        QVERIFY(std::abs(v.viewSpan() - v.duration() / 4) < 0.01);
        QVERIFY(std::abs(v.xForSeconds(300) - x) < 0.01);
        v.zoomAt(2, 1); // near the start: the view cannot start before 0
        QVERIFY(v.viewStart() >= 0);
        v.scrollBySeconds(10000); // past the end: clamped
        QVERIFY(std::abs(v.viewStart() + v.viewSpan() - v.duration()) < 0.01);
        v.zoomAt(1e9, 100); // no deeper than the minimum span
        QCOMPARE(v.viewSpan(), 0.25);
        v.zoomAt(1e-9, 100); // no wider than the track
        QVERIFY(std::abs(v.viewSpan() - v.duration()) < 0.01);
        QCOMPARE(v.viewStart(), 0.0);
    }

    void overlaysSitAtTheServersCoordinates()
    {
        WaveformView v;
        v.resize(1000, 100);
        v.setPeaks(tenMinutes());
        v.setOverlays({{60, 90, Qt::red, QStringLiteral("open-corpus 0.93")},
                       {500, 520, Qt::blue, QStringLiteral("vault 0.71")}});
        QRectF r = v.overlayRect(0);
        QVERIFY(std::abs(r.left() - 100) < 0.2 && std::abs(r.right() - 150) < 0.2);
        v.zoomAt(600.0 / 50, 50); // view 50..100 s
        v.scrollBySeconds(50 - v.viewStart());
        r = v.overlayRect(0);
        QVERIFY(std::abs(r.left() - 200) < 0.5 && std::abs(r.right() - 800) < 0.5);
        QVERIFY(v.overlayRect(1).isEmpty()); // outside the view
        QVERIFY(v.overlayRect(7).isEmpty());
        // Drawn where it says: the overlay tints its columns, not its neighbours.
        v.setPlayhead(0);
        const QImage img = v.grab().toImage();
        const QColor inside = img.pixelColor(500, 2), outside = img.pixelColor(100, 2);
        QVERIFY(inside != outside);
        QVERIFY(inside.red() > inside.blue());
    }

    void pyramidGivesAboutOnePairPerPixel()
    {
        WaveformView v;
        v.resize(1000, 100);
        v.setPeaks(tenMinutes());
        QVERIFY(v.levelCount() > 5);
        const double secondsPerPixel = v.viewSpan() / 1000;
        const int level = v.levelForCurrentView();
        const double pairSeconds = tenMinutes().secondsPerPeak() * std::pow(2.0, level);
        QVERIFY(pairSeconds <= secondsPerPixel);
        QVERIFY(pairSeconds * 2 > secondsPerPixel);
        v.zoomAt(100, 420);
        QCOMPARE(v.levelForCurrentView(), 0); // zoomed in: the full envelope
        // The loudest peak survives at the coarsest view: a column near 7:00 reaches the top.
        v.showAll();
        const QImage img = v.grab().toImage();
        const int x = int(v.xForSeconds(420));
        bool nearTop = false;
        for (int dx = -1; dx <= 1; ++dx)
            nearTop = nearTop || img.pixelColor(x + dx, 3) != img.pixelColor(x + 200, 3);
        QVERIFY(nearTop);
    }

    void keysAndMouse()
    {
        WaveformView v;
        v.resize(1000, 100);
        v.setPeaks(tenMinutes());
        v.setPlayhead(300);
        QTest::keyClick(&v, Qt::Key_Plus);
        QVERIFY(v.viewSpan() < v.duration());
        QVERIFY(v.viewStart() <= 300 && v.viewStart() + v.viewSpan() >= 300);
        QTest::keyClick(&v, Qt::Key_0);
        QVERIFY(std::abs(v.viewSpan() - v.duration()) < 0.01);
        QSignalSpy seek(&v, &WaveformView::seekRequested);
        QTest::mouseClick(&v, Qt::LeftButton, {}, QPoint(250, 50));
        QCOMPARE(seek.count(), 1);
        QVERIFY(std::abs(seek.first().first().toDouble() - 150) < 1);
        QVERIFY(std::abs(v.playhead() - 150) < 1);
        QSignalSpy sel(&v, &WaveformView::selectionChanged);
        QTest::mousePress(&v, Qt::LeftButton, {}, QPoint(100, 50));
        QMouseEvent move(QEvent::MouseMove, QPointF(300, 50), QPointF(300, 50), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&v, &move);
        QTest::mouseRelease(&v, Qt::LeftButton, {}, QPoint(300, 50));
        QVERIFY(sel.count() >= 1);
        QVERIFY(std::abs(v.selection().first - 60) < 1);
        QVERIFY(std::abs(v.selection().second - 180) < 1);
    }

    void pinchZoomsAtTheFingers()
    {
        WaveformView v;
        v.resize(1000, 100);
        v.setPeaks(tenMinutes());
        const double anchor = v.secondsForX(250); // 150 s
        QNativeGestureEvent pinch(Qt::ZoomNativeGesture, QPointingDevice::primaryPointingDevice(),
                                  2, QPointF(250, 50), QPointF(250, 50), QPointF(250, 50), 1.0,
                                  QPointF());
        QCoreApplication::sendEvent(&v, &pinch);
        QVERIFY(pinch.isAccepted());
        QVERIFY(std::abs(v.viewSpan() - v.duration() / 2) < 0.5); // scale +100 %: twice as close
        QVERIFY(std::abs(v.secondsForX(250) - anchor) < 0.5);     // the fingers stay put
    }
};

QTEST_MAIN(WaveformViewTest)
#include "waveform_view_test.moc"
