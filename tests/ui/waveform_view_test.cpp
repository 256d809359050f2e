// The waveform lane's maths and behaviour, offscreen: seconds <-> pixels, zoom keeps the
// anchor in place and clamps, overlays sit at the server's coordinates, the pyramid level
// gives about one pair per pixel and keeps every extreme, keys and mouse seek, zoom and select;
// the ruler's labels never overlap at any zoom and width, dense overlay labels never overlap,
// a new item starts clean, the spectrogram layer covers exactly its span (log-frequency rows,
// the palette's colours), and the overview strip follows and moves the view.
#include "ui/format.h"
#include "ui/match_legend.h"
#include "ui/overview_strip.h"
#include "ui/spectrogram_image.h"
#include "ui/waveform_view.h"

#include <QImage>
#include <QNativeGestureEvent>
#include <QPointingDevice>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>

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

// A spectrogram as the "dsp" helper's computeSpectrogram makes it (22050 Hz, 1024-point FFT,
// hop 256) of a pure tone at `hz`, built by hand: floor everywhere but the tone's bin.
core::Spectrogram toneSpectrogram(double startSec, double seconds, double hz)
{
    core::Spectrogram s;
    s.startSec = startSec;
    s.secondsPerFrame = 256.0 / 22050;
    s.maxHz = 22050 / 2.0;
    s.bins = 513;
    s.frames = int(seconds / s.secondsPerFrame);
    s.floorDb = -100;
    s.peakDb = -6;
    s.db.assign(size_t(s.frames) * size_t(s.bins), -100.f);
    const int bin = int(std::lround(hz / s.maxHz * (s.bins - 1)));
    for (int f = 0; f < s.frames; ++f)
        for (int d = -2; d <= 2; ++d) // the Hann window's main lobe
            s.db[size_t(f) * size_t(s.bins) + size_t(bin + d)] = -6.f - 6.f * float(d * d);
    return s;
}

bool isOneTwoFive(double step)
{
    const double decade = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    const double k = step / decade;
    return std::abs(k - 1) < 1e-6 || std::abs(k - 2) < 1e-6 || std::abs(k - 5) < 1e-6;
}

double distance(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

// Pixels in `area` that are not `background`.
int inkIn(const QImage &img, const QRect &area, const QColor &background)
{
    int ink = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            ink += img.pixelColor(x, y) != background ? 1 : 0;
    return ink;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(40, 40, 44));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    p.setColor(QPalette::Base, QColor(25, 25, 28));
    p.setColor(QPalette::Text, QColor(225, 225, 225));
    p.setColor(QPalette::Highlight, QColor(60, 130, 220));
    return p;
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
        // The plot: right of the amplitude scale, below the ruler.
        const QRectF plot = v.plotRect();
        QCOMPARE(plot, QRectF(WaveformView::kScaleWidth, WaveformView::kRulerHeight,
                              1000 - WaveformView::kScaleWidth, 100 - WaveformView::kRulerHeight));
        QVERIFY(std::abs(v.xForSeconds(0) - plot.left()) < 0.01);
        QVERIFY(std::abs(v.xForSeconds(v.duration()) - 1000) < 0.01);
        QVERIFY(std::abs(v.secondsForX(plot.center().x()) - v.duration() / 2) < 0.01);
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
        const double perSecond = v.plotRect().width() / 600;
        QVERIFY(std::abs(r.left() - (40 + 60 * perSecond)) < 0.2);
        QVERIFY(std::abs(r.right() - (40 + 90 * perSecond)) < 0.2);
        v.zoomAt(600.0 / 50, 50); // view 50..100 s
        v.scrollBySeconds(50 - v.viewStart());
        r = v.overlayRect(0);
        QVERIFY(std::abs(r.left() - v.xForSeconds(60)) < 0.01 && std::abs(r.left() - 232) < 0.5);
        QVERIFY(std::abs(r.right() - v.xForSeconds(90)) < 0.01 && std::abs(r.right() - 808) < 0.5);
        QVERIFY(v.overlayRect(1).isEmpty()); // outside the view
        QVERIFY(v.overlayRect(7).isEmpty());
        // Drawn where it says: the overlay tints its columns, not its neighbours.
        v.setPlayhead(0);
        const QImage img = v.grab().toImage();
        const int y = int(v.plotRect().bottom()) - 12; // below the envelope, above the markers
        const QColor inside = img.pixelColor(500, y), outside = img.pixelColor(100, y);
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
        const QRectF plot = v.plotRect();
        const double top = plot.top() + 2; // full scale; 120 of 127 is a few pixels below
        const QColor ink = v.palette().text().color();
        bool nearTop = false;
        for (int dx = -1; dx <= 1; ++dx)
            nearTop = nearTop || img.pixelColor(x + dx, int(top) + 4) == ink;
        QVERIFY(nearTop);
        QVERIFY(img.pixelColor(int(v.xForSeconds(423.3)), int(top) + 4) != ink);
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
        QTest::mouseClick(&v, Qt::LeftButton, {}, QPoint(int(std::lround(v.xForSeconds(150))), 50));
        QCOMPARE(seek.count(), 1);
        QVERIFY(std::abs(seek.first().first().toDouble() - 150) < 1);
        QVERIFY(std::abs(v.playhead() - 150) < 1);
        QSignalSpy sel(&v, &WaveformView::selectionChanged);
        const double x60 = v.xForSeconds(60), x180 = v.xForSeconds(180);
        QTest::mousePress(&v, Qt::LeftButton, {}, QPoint(int(x60), 50));
        QMouseEvent move(QEvent::MouseMove, QPointF(x180, 50), QPointF(x180, 50), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&v, &move);
        QTest::mouseRelease(&v, Qt::LeftButton, {}, QPoint(int(x180), 50));
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
    void rulerTicksNeverOverlap_data()
    {
        QTest::addColumn<int>("width");
        for (const int w : {160, 333, 640, 1000, 1600, 2900})
            QTest::addRow("%d px", w) << w;
    }
    void rulerTicksNeverOverlap()
    {
        QFETCH(int, width);
        WaveformView v;
        v.resize(width, 120);
        v.setPeaks(tenMinutes());
        v.setCaption(QStringLiteral("Submission"));
        for (int zoom = 0; zoom < 60; ++zoom) {
            const QList<WaveformView::RulerTick> ticks = v.rulerTicks();
            const double step = ticks.size() > 1 ? ticks[1].seconds - ticks[0].seconds : 0;
            if (ticks.size() > 1) {
                QVERIFY2(isOneTwoFive(step), qPrintable(QString::number(step)));
                QVERIFY(v.xForSeconds(ticks[1].seconds) - v.xForSeconds(ticks[0].seconds) > 20);
            }
            int labels = 0;
            for (int i = 0; i < ticks.size(); ++i) {
                QVERIFY(ticks[i].seconds >= v.viewStart() - 1e-9);
                QVERIFY(ticks[i].seconds <= v.viewStart() + v.viewSpan() + 1e-9);
                if (ticks[i].label.isEmpty())
                    continue;
                ++labels;
                QCOMPARE(ticks[i].label, formatSeconds(ticks[i].seconds));
                QVERIFY(ticks[i].labelRect.bottom() <= WaveformView::kRulerHeight);
                QVERIFY(ticks[i].labelRect.left() >= v.plotRect().left() - 1e-9);
                QVERIFY(ticks[i].labelRect.right() <= v.plotRect().right() + 1e-9);
                for (int j = i + 1; j < ticks.size(); ++j)
                    QVERIFY2(!ticks[i].labelRect.intersects(ticks[j].labelRect),
                             qPrintable(QStringLiteral("%1 / %2 at span %3")
                                            .arg(ticks[i].label, ticks[j].label)
                                            .arg(v.viewSpan())));
            }
            if (width >= 333)
                QVERIFY2(labels >= 2, qPrintable(QString::number(v.viewSpan())));
            v.zoomAt(1.23, 321.7);
        }
        QCOMPARE(v.viewSpan(), 0.25); // zoomed all the way in: 0.1 s steps at the finest
        QCOMPARE(WaveformView::rulerStep(0.001, 50), 0.1);
        QCOMPARE(WaveformView::rulerStep(0.1, 50), 5.0);
        QCOMPARE(WaveformView::rulerStep(0.1, 51), 10.0);
        QCOMPARE(WaveformView::rulerStep(0.375, 60), 50.0);
    }

    void denseOverlayLabelsNeverOverlap_data()
    {
        QTest::addColumn<double>("zoom");
        QTest::addRow("whole track") << 1.0;
        QTest::addRow("x4") << 4.0;
        QTest::addRow("x20") << 20.0;
    }
    void denseOverlayLabelsNeverOverlap()
    {
        QFETCH(double, zoom);
        WaveformView v;
        v.resize(900, 220);
        v.setPeaks(tenMinutes());
        QList<WaveformOverlay> overlays;
        QRandomGenerator rng(42);
        for (int i = 0; i < 40; ++i) {
            const double start = 250 + rng.generateDouble() * 100;
            WaveformOverlay o{start,
                              start + 1 + rng.generateDouble() * 20,
                              {},
                              QStringLiteral("open-corpus %1").arg(i)};
            o.score = rng.generateDouble();
            o.kind = i % 2 ? OverlayKind::Vault : OverlayKind::ExternalCatalog;
            overlays << o;
        }
        v.setOverlays(overlays);
        v.zoomAt(zoom, 300);
        int placed = 0;
        for (int i = 0; i < overlays.size(); ++i) {
            const QRectF a = v.overlayLabelRect(i);
            if (a.isEmpty())
                continue;
            ++placed;
            QVERIFY(v.plotRect().contains(a));
            // Next to its overlay: starts inside its span unless pushed in from the right edge.
            const QRectF span = v.overlayRect(i);
            QVERIFY(a.left() >= span.left() || a.right() >= v.plotRect().right() - 1);
            for (int j = i + 1; j < overlays.size(); ++j)
                QVERIFY2(!a.intersects(v.overlayLabelRect(j)),
                         qPrintable(QStringLiteral("%1 %2").arg(i).arg(j)));
        }
        QVERIFY(placed >= 3);
        // Painting them is what the rectangles say: the grab is not blank where a label sits.
        const QImage img = v.grab().toImage();
        QVERIFY(!img.isNull());
    }

    void overlaysCarryScoreFactorsAndClick()
    {
        WaveformView v;
        v.resize(1000, 200);
        v.setPeaks(tenMinutes());
        WaveformOverlay hit{60, 90, {}, QStringLiteral("vault 0.93")};
        hit.score = 0.93;
        hit.timeFactor = 1.05;
        hit.pitchFactor = 1.059;
        hit.refStart = 31.5;
        hit.refEnd = 149.8;
        WaveformOverlay none{300, 330, {}, QStringLiteral("candidate")};
        none.dimmed = true;
        v.setOverlays({hit, none});
        const QString tip = overlayToolTip(v.overlays()[0]);
        QVERIFY2(tip.contains(formatFactor(1.05)) && tip.contains(formatFactor(1.059)),
                 qPrintable(tip));
        QVERIFY(tip.contains(formatScore(0.93)));
        QVERIFY(tip.contains(formatSeconds(31.5)) && tip.contains(formatSeconds(149.8)));
        QVERIFY(!overlayToolTip(none).contains(QStringLiteral("×")));
        // The real match is tinted more strongly than the dimmed candidate.
        const QImage img = v.grab().toImage();
        const int y = int(v.plotRect().bottom()) - 20;
        const QColor base = img.pixelColor(int(v.xForSeconds(200)), y);
        const QColor strong = img.pixelColor(int(v.overlayRect(0).center().x()), y);
        const QColor faint = img.pixelColor(int(v.overlayRect(1).center().x()), y);
        QVERIFY(distance(strong, base) > 2 * distance(faint, base));
        QVERIFY(distance(faint, base) > 0);
        // Clicking a label selects that overlay; clicking elsewhere seeks.
        QSignalSpy clicked(&v, &WaveformView::overlayClicked);
        QSignalSpy seek(&v, &WaveformView::seekRequested);
        QTest::mouseClick(&v, Qt::LeftButton, {}, v.overlayLabelRect(1).center().toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().first().toInt(), 1);
        QCOMPARE(v.selectedOverlay(), 1);
        QCOMPARE(seek.count(), 0);
        QTest::mouseClick(&v, Qt::LeftButton, {}, QPoint(int(v.xForSeconds(200)), 100));
        QCOMPARE(seek.count(), 1);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(v.overlayAt(QPointF(v.xForSeconds(75), 100)), 0);
        QCOMPARE(v.overlayAt(QPointF(v.xForSeconds(200), 100)), -1);
        // The selected overlay is emphasised: its outline is drawn in the highlight colour.
        v.setSelectedOverlay(0);
        const QImage selected = v.grab().toImage();
        const QRectF r = v.overlayRect(0);
        const int edgeY = int(v.plotRect().bottom()) - 20; // below the envelope
        QCOMPARE(selected.pixelColor(int(r.left()) + 1, edgeY), v.palette().highlight().color());
        QVERIFY(img.pixelColor(int(r.left()) + 1, edgeY) != v.palette().highlight().color());
        v.setSelectedOverlay(7);
        QCOMPARE(v.selectedOverlay(), -1);
    }

    void hostileInputIsBounded()
    {
        WaveformView v;
        v.resize(800, 160);
        v.setPeaks(tenMinutes());
        WaveformOverlay broken{std::nan(""), 90, {}, QStringLiteral("broken")};
        broken.score = std::nan("");
        broken.timeFactor = std::numeric_limits<double>::infinity();
        v.setOverlays({broken, {60, 90, {}, QStringLiteral("fine")}});
        QCOMPARE(v.overlays().size(), 2); // indices stay the caller's
        QVERIFY(v.overlayRect(0).isEmpty());
        QVERIFY(v.overlayLabelRect(0).isEmpty());
        QVERIFY(!v.overlayRect(1).isEmpty());
        QVERIFY(!overlayToolTip(broken).isEmpty());
        v.setView(std::nan(""), std::nan(""));
        QCOMPARE(v.viewStart(), 0.0);
        QVERIFY(std::abs(v.viewSpan() - v.duration()) < 0.01);
        v.zoomAt(std::nan(""), 10);
        v.scrollBySeconds(std::numeric_limits<double>::infinity());
        v.setPlayhead(std::nan(""));
        QCOMPARE(v.playhead(), 0.0);
        QVERIFY(std::abs(v.viewSpan() - v.duration()) < 0.01);
        QList<WaveformOverlay> flood;
        for (int i = 0; i < 50000; ++i)
            flood << WaveformOverlay{double(i % 600), double(i % 600) + 1, {}, QStringLiteral("x")};
        v.setOverlays(flood);
        QCOMPARE(v.overlays().size(), WaveformView::kMaxOverlays);
        QVERIFY(!v.grab().isNull());
        // An empty envelope: nothing to draw, nothing breaks.
        v.setPeaks(core::PeakEnvelope{});
        QCOMPARE(v.duration(), 0.0);
        QVERIFY(!v.grab().isNull());
    }

    void aNewItemStartsClean()
    {
        WaveformView v;
        v.resize(1000, 200);
        v.setPeaks(tenMinutes());
        v.setOverlays({{60, 90, Qt::red, QStringLiteral("a")}});
        v.setSelectedOverlay(0);
        v.setSelection(60, 90);
        v.setPlayhead(75);
        v.setSpectrogram(toneSpectrogram(100, 30, 1000));
        v.setSpectrogramVisible(true);
        QVERIFY(v.hasSpectrogram());
        QSignalSpy selection(&v, &WaveformView::selectionChanged);
        QSignalSpy peaks(&v, &WaveformView::peaksChanged);
        v.setPeaks(tenMinutes()); // the next item
        QCOMPARE(peaks.count(), 1);
        QCOMPARE(v.playhead(), 0.0);
        QCOMPARE(v.selection(), std::make_pair(0.0, 0.0));
        QCOMPARE(selection.count(), 1);
        QVERIFY(v.overlays().isEmpty());
        QCOMPARE(v.selectedOverlay(), -1);
        QVERIFY(!v.hasSpectrogram());
        QVERIFY(v.spectrogramRect().isEmpty());
        QVERIFY(v.spectrogramVisible()); // the reviewer's choice stays
        // clearForNewItem alone keeps the envelope.
        v.setSelection(1, 2);
        v.setPlayhead(5);
        v.clearForNewItem();
        QCOMPARE(v.playhead(), 0.0);
        QCOMPARE(v.selection(), std::make_pair(0.0, 0.0));
        QVERIFY(std::abs(v.duration() - 600) < 0.1);
    }

    void spectrogramCoversExactlyItsSpan()
    {
        WaveformView v;
        v.resize(1200, 240);
        v.setPeaks(tenMinutes());
        const core::Spectrogram s = toneSpectrogram(100, 30, 1000);
        v.setSpectrogram(s);
        QVERIFY(v.hasSpectrogram());
        QVERIFY(v.spectrogramRect().isEmpty()); // off until switched on
        v.setSpectrogramVisible(true);
        QRectF r = v.spectrogramRect();
        QVERIFY(std::abs(r.left() - v.xForSeconds(100)) < 1e-6);
        QVERIFY(std::abs(r.right() - v.xForSeconds(s.endSec())) < 1e-6);
        QVERIFY(r.top() >= v.plotRect().top() && r.bottom() <= v.plotRect().bottom());
        // Zoomed into part of it: clipped to the plot, still the same seconds.
        v.setView(120, 20);
        r = v.spectrogramRect();
        QVERIFY(std::abs(r.left() - v.xForSeconds(120)) < 1e-6);
        QVERIFY(std::abs(r.right() - v.xForSeconds(s.endSec())) < 1e-6);
        v.setView(200, 20);
        QVERIFY(v.spectrogramRect().isEmpty());
        // Pixels: inside the span the layer shows, outside it the plain background.
        v.setView(90, 50);
        const QImage img = v.grab().toImage();
        const int y = int(v.plotRect().top()) + 8;
        const QColor outside1 = img.pixelColor(int(v.xForSeconds(93.3)), y);
        const QColor outside2 = img.pixelColor(int(v.xForSeconds(136.7)), y);
        const QColor inside = img.pixelColor(int(v.xForSeconds(113.3)), y);
        QCOMPARE(outside1, outside2);
        QCOMPARE(outside1, v.palette().base().color());
        QVERIFY(inside != outside1);
        // The tone sits on the log-frequency row for 1 kHz.
        const QImage spec = v.spectrogramImage();
        QCOMPARE(spec.height(), kSpectrogramRows);
        int brightest = 0;
        double best = -1;
        for (int row = 0; row < spec.height(); ++row) {
            const double d =
                distance(spec.pixelColor(spec.width() / 2, row), v.palette().base().color());
            if (d > best) {
                best = d;
                brightest = row;
            }
        }
        QVERIFY2(std::abs(std::log2(spectrogramRowHz(s, brightest, spec.height()) / 1000)) < 0.1,
                 qPrintable(QString::number(spectrogramRowHz(s, brightest, spec.height()))));
        // The frequency axis: 1 kHz sits at the tone's row, 10 kHz above it, 100 Hz below.
        const double toneY =
            r.top() + (brightest + 0.5) / spec.height() * (v.plotRect().height() - 6);
        QVERIFY(std::abs(v.spectrogramYForHz(1000) - toneY) < 3);
        QVERIFY(v.spectrogramYForHz(10000) < v.spectrogramYForHz(1000));
        QVERIFY(v.spectrogramYForHz(100) > v.spectrogramYForHz(1000));
        // A malformed spectrogram is ignored, not drawn.
        core::Spectrogram broken = s;
        broken.db.resize(10);
        v.setSpectrogram(broken);
        QVERIFY(!v.hasSpectrogram());
        v.setSpectrogram(s);
        v.clearSpectrogram();
        QVERIFY(!v.hasSpectrogram());
    }

    void spectrogramFollowsThePalette()
    {
        WaveformView v;
        v.resize(800, 200);
        v.setPeaks(tenMinutes());
        v.setSpectrogram(toneSpectrogram(0, 30, 440));
        const QColor lightLow = v.spectrogramImage().pixelColor(0, 0);
        v.setPalette(darkPalette());
        const QColor darkLow = v.spectrogramImage().pixelColor(0, 0);
        const qint64 key = v.spectrogramImage().cacheKey();
        v.setSpectrogram(toneSpectrogram(0, 30, 440)); // the same again: the image is kept
        QCOMPARE(v.spectrogramImage().cacheKey(), key);
        v.setSpectrogram(toneSpectrogram(0, 30, 880)); // another: converted anew
        QVERIFY(v.spectrogramImage().cacheKey() != key);
        QVERIFY(lightLow.lightness() > 128);
        QVERIFY(darkLow.lightness() < 128);
        // And the lane itself: a dark plot, a light envelope.
        const QImage img = v.grab().toImage();
        const QColor background =
            img.pixelColor(int(v.xForSeconds(200)), int(v.plotRect().top()) + 5);
        QVERIFY(background.lightness() < 100);
    }

    void rulerScaleAndCaptionArePainted()
    {
        WaveformView v;
        v.resize(1000, 200);
        v.setPeaks(tenMinutes());
        v.setCaption(QStringLiteral("Reference (aligned)"));
        QCOMPARE(v.caption(), QStringLiteral("Reference (aligned)"));
        const QImage img = v.grab().toImage();
        const QColor window = v.palette().window().color();
        // The ruler's labels: ink in the ruler band right of the caption.
        QVERIFY(inkIn(img, QRect(300, 0, 600, WaveformView::kRulerHeight - 4), window) > 20);
        // The caption, top left.
        QVERIFY(inkIn(img, QRect(2, 2, 60, WaveformView::kRulerHeight - 4), window) > 10);
        // The amplitude scale's labels, left of the plot.
        QVERIFY(inkIn(img,
                      QRect(0, WaveformView::kRulerHeight, WaveformView::kScaleWidth - 4,
                            img.height() - WaveformView::kRulerHeight),
                      window) > 20);
        // The grid: a line at −6 dB differs from the plot's background next to it.
        const QRectF plot = v.plotRect();
        bool grid = false;
        for (int y = int(plot.top()); y < int(plot.bottom()); ++y)
            grid =
                grid || (img.pixelColor(int(v.xForSeconds(415)), y) != v.palette().base().color() &&
                         std::abs(y - plot.center().y()) > 40);
        QVERIFY(grid);
    }

    void overviewFollowsTheViewAndMovesIt()
    {
        WaveformView v;
        v.resize(1000, 200);
        OverviewStrip strip;
        strip.resize(600, 36);
        strip.followView(&v);
        v.setPeaks(tenMinutes());
        QVERIFY(std::abs(strip.duration() - 600) < 0.1);
        v.setOverlays({{60, 90, Qt::red, QStringLiteral("a")}});
        v.setView(120, 60);
        QCOMPARE(strip.windowStart(), 120.0);
        QCOMPARE(strip.windowSpan(), 60.0);
        QRectF w = strip.windowRect();
        QVERIFY(std::abs(w.left() - 120) < 0.5 && std::abs(w.width() - 60) < 0.5); // 1 px = 1 s
        // A click centres the window at the click.
        QSignalSpy requested(&strip, &OverviewStrip::windowRequested);
        QTest::mouseClick(&strip, Qt::LeftButton, {}, QPoint(400, 18));
        QCOMPARE(requested.count(), 1);
        QVERIFY(std::abs(requested.first().first().toDouble() - 370) < 1.5);
        QVERIFY(std::abs(v.viewStart() - 370) < 1.5);
        QCOMPARE(v.viewSpan(), 60.0);
        QVERIFY(std::abs(strip.windowRect().left() - 370) < 1.5);
        // Near the end it stops at the end.
        QTest::mouseClick(&strip, Qt::LeftButton, {}, QPoint(599, 18));
        QVERIFY(std::abs(v.viewStart() - 540) < 0.5);
        // A drag inside the window moves it by the drag.
        v.setView(100, 60);
        QTest::mousePress(&strip, Qt::LeftButton, {}, QPoint(110, 18));
        QCOMPARE(v.viewStart(), 100.0); // taking the window does not move it
        QMouseEvent move(QEvent::MouseMove, QPointF(160, 18), QPointF(160, 18), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&strip, &move);
        QTest::mouseRelease(&strip, Qt::LeftButton, {}, QPoint(160, 18));
        QVERIFY(std::abs(v.viewStart() - 150) < 1.5);
        // Overlays as thin bars at the bottom, the envelope above.
        const QImage img = strip.grab().toImage();
        const QColor bar = img.pixelColor(75, img.height() - 2);
        QVERIFY(bar.red() > bar.blue() + 50);
        QCOMPARE(img.pixelColor(300, img.height() - 2), strip.palette().base().color());
    }

    void legendNamesEverySource()
    {
        MatchLegend legend;
        const auto entries = legend.entries();
        QCOMPARE(entries.size(), 4);
        QVERIFY(entries[0].color != entries[1].color);
        QVERIFY(entries[3].dimmed);
        QVERIFY(legend.sizeHint().width() > 200);
        legend.resize(legend.sizeHint());
        const QImage img = legend.grab().toImage();
        const QColor at = img.pixelColor(8, img.height() / 2);
        QVERIFY(at.red() > at.blue()); // the vault swatch first
    }
};

QTEST_MAIN(WaveformViewTest)
#include "waveform_view_test.moc"
