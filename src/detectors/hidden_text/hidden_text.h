// The hidden_text detector: reports what the normalizer removed or rewrote because it can hide
// text from a human reviewer while a model still reads it: zero-width characters inside words,
// bidi overrides (Trojan Source), Unicode tag characters carrying an invisible ASCII message,
// other invisible code points, control characters, and words spoofed with look-alike letters.
// See README.md beside this file for scores, the legitimate uses it leaves alone and blind spots.
//
// It declares no patterns: it reads the normalizer's marks (ScanView::normalized), which exist
// only for the document itself (depth 0). Mark spans are in the ORIGINAL input, so its findings
// set Finding::via to "@original" and the engine keeps their offsets as they are.
//
// Findings: category hidden_text, detector ids hidden_text.{zero_width, bidi_control,
// tag_characters, invisible, control, mixed_script, confusable}; marks of one kind that lie
// close together become one finding covering them all. Cost: linear in the number of marks plus
// a logarithmic lookup of the visible neighbours of each zero-width mark and tag run.
// Thread-safe: Scan is const and keeps no state.
#pragma once

#include <memory>

#include "detectors/hidden_text/config.h"
#include "frontseat/detector.h"

namespace frontseat::detectors {

std::unique_ptr<Detector> MakeHiddenTextDetector(HiddenTextConfig config);

}  // namespace frontseat::detectors
