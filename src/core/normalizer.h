// Normalizer: turns hostile input bytes into the view every detector reads.
//
//   original bytes
//     → UTF-8 validation (each invalid sequence is dropped from the view and reported)
//     → invisible characters removed and reported: zero-width and joiners, bidi controls,
//       Unicode tag characters (U+E0000 block; their ASCII payload is kept for re-scanning),
//       variation selectors, soft hyphen and other default-ignorable code points
//     → NFKC (ICU) so fullwidth, ligature and compatibility forms become their plain letters
//     → confusables folded: a non-ASCII letter whose ICU confusable skeleton is a single ASCII
//       letter or digit (Cyrillic "а", Greek "ο") becomes that ASCII character, and words mixing
//       scripts are reported
//
// An OffsetMap goes with the view so spans found in it map back to the original bytes.
// Pure ASCII input without control characters takes a fast path: the view is the input and the
// map is the identity.
//
// Thread-safety: Normalize is reentrant; ICU singletons are shared read-only, and a small
// per-thread cache remembers skeletons of characters already seen.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/offset_map.h"

namespace frontseat::core {

// What the normalizer removed or rewrote, with the span in the input it was given.
enum class MarkKind {
  kInvalidUtf8,    // bytes that are not valid UTF-8
  kZeroWidth,      // U+200B..U+200D, U+2060, U+FEFF and similar invisible joiners/spaces
  kBidiControl,    // U+202A..U+202E, U+2066..U+2069, U+200E/F, U+061C
  kTagCharacter,   // U+E0000..U+E007F (can smuggle an invisible ASCII message)
  kInvisibleOther, // other default-ignorable code points (variation selectors, soft hyphen, ...)
  kControl,        // C0/C1 controls other than tab, LF, CR (NUL included)
  kConfusable,     // a letter folded to the ASCII letter it imitates
  kMixedScript,    // a word mixing Latin letters with look-alikes from another script
};
std::string_view MarkKindName(MarkKind kind);

struct Mark {
  MarkKind kind;
  Span span;          // in the normalizer's input
  char32_t cp = 0;    // the code point (0 for invalid bytes and mixed-script words)
};

struct NormalizeOptions {
  bool nfkc = true;
  bool fold_confusables = true;
  bool remove_invisible = true;
};

struct NormalizedText {
  std::string text;            // the view detectors read (valid UTF-8)
  OffsetMap map;               // text → input bytes
  std::vector<Mark> marks;     // in input order
  std::string tag_payload;     // ASCII carried by Unicode tag characters, if any
  OffsetMap tag_payload_map;   // tag_payload → input bytes
  bool identity = false;       // true when text == input byte for byte
};

NormalizedText Normalize(std::string_view input, const NormalizeOptions& options = {});

}  // namespace frontseat::core
