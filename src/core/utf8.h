// Small UTF-8 helpers shared by the normalizer, the decoders and the detectors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace frontseat::core {

// Decodes one code point at `pos`. Returns its length in bytes (1..4), or 0 if the bytes at
// `pos` are not a valid, shortest-form UTF-8 sequence (surrogates and > U+10FFFF rejected).
int DecodeUtf8(std::string_view s, size_t pos, char32_t& cp);

void AppendUtf8(std::string& out, char32_t cp);

// Length of the longest prefix of `s` no longer than `max_bytes` that does not cut a code point.
size_t Utf8SafePrefix(std::string_view s, size_t max_bytes);

// True if every byte is < 0x80 and no byte is a control character other than \t \n \r.
bool IsPlainAscii(std::string_view s);

// Shannon entropy in bits per character of the bytes of `s`.
double ShannonEntropy(std::string_view s);

}  // namespace frontseat::core
