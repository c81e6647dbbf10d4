// Decoders: find segments of a text that are encoded (base64, hex, URL percent-encoding, rot13,
// leetspeak)
// and decode them, so that an instruction or a secret hidden behind an encoding is scanned too.
// Each decoded segment carries an OffsetMap back to the text it was found in, so findings inside
// it point at the encoded bytes of the original.
//
// Only decodings that give plausible text are kept (valid UTF-8, mostly printable), which keeps
// random identifiers and hashes from being "decoded" into noise. Cost: one linear pass over the
// text plus the decoding of candidate runs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/offset_map.h"

namespace frontseat::core {

enum class Encoding { kBase64, kHex, kUrl, kRot13, kLeet };
std::string_view EncodingName(Encoding encoding);

struct DecodedSegment {
  Encoding encoding;
  Span source;        // the encoded run in the scanned text
  std::string text;   // decoded bytes
  OffsetMap map;      // text → scanned text (not just `source`: absolute offsets)
};

struct DecodeOptions {
  bool base64 = true;
  bool hex = true;
  bool url = true;
  bool rot13 = true;
  // Leetspeak ("h0w d0 1 m4k3"): digits and $ @ that stand for letters inside words. The whole
  // text becomes one segment of the same length when enough of its words are written that way.
  bool leet = true;
  uint32_t min_base64_chars = 16;  // shorter runs are too often ordinary words or ids
  uint32_t min_hex_chars = 16;
  uint32_t max_segments = 64;
  uint32_t max_output_bytes = 1 << 20;  // total decoded bytes returned per call
};

// Segments are returned in text order; they never overlap for one encoding.
// `run_hints`, when given, are spans (sorted, in text order) known to hold base64-alphabet runs
// at least as long as the minimum; only runs touching them are examined. The engine gets them
// from its shared pattern pass, which spares a byte-by-byte pass over prose that has no such runs.
std::vector<DecodedSegment> FindEncodedSegments(std::string_view text,
                                                const DecodeOptions& options = {},
                                                const std::vector<Span>* run_hints = nullptr);

// Plain decoders, exposed for tests and for the red-team strategies that must round-trip.
bool DecodeBase64(std::string_view in, std::string& out);  // standard and URL-safe alphabets
bool DecodeHex(std::string_view in, std::string& out);
std::string DecodeUrl(std::string_view in);
std::string Rot13(std::string_view in);
// Maps 4 3 1 0 5 7 @ $ to a e i o s t a s inside words that mix them with letters; other bytes
// are kept, so offsets do not move. Empty when fewer than 3 words (and a quarter of the words of
// 3+ characters) are written that way.
std::string DecodeLeet(std::string_view in);

// True when `bytes` reads as text: valid UTF-8, and at least 85 % printable characters.
bool LooksLikeText(std::string_view bytes);

}  // namespace frontseat::core
