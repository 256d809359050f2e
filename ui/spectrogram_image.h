#pragma once
// A core::Spectrogram as images for the waveform view's spectrogram layer: one column per
// frame (frames grouped, keeping the loudest, when there are more than kMaxColumns), rows on a
// logarithmic frequency axis (top = highest), each row the loudest bin it covers so no partial
// is lost. Colours run low → mid → high (the view passes its palette's base, highlight and
// text colours, so the layer reads in light and dark themes). Pure functions, any thread.

#include "core/audio/spectrogram.h"

#include <QColor>
#include <QImage>

namespace lemm::ui {

struct SpectrogramColors {
    QColor low, mid, high;
};

constexpr int kSpectrogramMaxColumns = 4096;
constexpr int kSpectrogramRows = 256;
constexpr int kSpectrogramMinColumns = 32;
constexpr double kSpectrogramMinHz = 30;

// Sizes that agree (frames × bins values, at least one of each, a positive frame length and
// top frequency, finite times). A spectrogram that fails this is not drawn.
bool isWellFormed(const core::Spectrogram &spectrogram);
// A null image for a spectrogram that is not well formed.
QImage makeSpectrogramImage(const core::Spectrogram &spectrogram, const SpectrogramColors &colors,
                            int rows = kSpectrogramRows);
// The image and its coarser levels for painting at any zoom: level 0 as makeSpectrogramImage,
// each next one half as many columns (the louder of two), down to kSpectrogramMinColumns, so a
// paint never shrinks an image by more than two (shrinking thousands of columns into a few
// dozen pixels is what made wide views slow). Empty for a spectrogram that is not well formed.
QList<QImage> makeSpectrogramLevels(const core::Spectrogram &spectrogram,
                                    const SpectrogramColors &colors, int rows = kSpectrogramRows);
// The frequency at the centre of row `row` of `rows` (top = maxHz), log-spaced from
// kSpectrogramMinHz (or the first bin's frequency when higher).
double spectrogramRowHz(const core::Spectrogram &spectrogram, int row, int rows);

} // namespace lemm::ui
