// Decoders (see decoders.h). One pass classifies runs of bytes; candidate runs are decoded and
// kept only if the result reads as text. References: RFC 4648 (base64, base64url, base16),
// RFC 3986 section 2.1 (percent-encoding).
#include "core/decoders.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <strings.h>
#include <cstring>

#include "core/utf8.h"

namespace frontseat::core {

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kBase64: return "base64";
    case Encoding::kHex: return "hex";
    case Encoding::kUrl: return "url";
    case Encoding::kRot13: return "rot13";
    case Encoding::kLeet: return "leet";
  }
  return "unknown";
}

namespace {

// Byte classes: bit 1 base64 (both alphabets), bit 2 hex digit.
constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= 1;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= 1;
  for (int c = '0'; c <= '9'; ++c) t[c] |= 3;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= 2;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= 2;
  t['+'] |= 1;
  t['/'] |= 1;
  t['-'] |= 1;
  t['_'] |= 1;
  return t;
}
constexpr std::array<uint8_t, 256> kClass = MakeClasses();

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Ordinary prose has no long runs of base64 letters; but paths, identifiers and hashes do. A run
// is a base64 candidate only if it mixes character kinds the way encoded data does.
bool MixedLikeBase64(std::string_view run) {
  bool upper = false, lower = false, digit = false;
  for (char c : run) {
    upper |= c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
  }
  return upper && lower && (digit || run.size() >= 24);
}

// Words that are very common in English, as they read after rot13. Two of them in a text that has
// more of these than of the plain words is a strong sign the text is rot13.
bool IsRot13Marker(std::string_view w) {
  static constexpr std::string_view kMarkers[] = {
      "gur", "naq", "lbh", "vf", "gb", "bs", "vg", "vtaber", "nyy", "cerivbhf",
      "vafgehpgvbaf", "guvf", "jvgu", "sbe", "ner", "jung", "ubj", "gryy", "zr", "lbhe"};
  for (std::string_view m : kMarkers) {
    if (w.size() == m.size() && strncasecmp(w.data(), m.data(), m.size()) == 0) return true;
  }
  return false;
}
bool IsPlainMarker(std::string_view w) {
  static constexpr std::string_view kWords[] = {"the", "and", "you", "is", "to", "of", "it",
                                                "for", "with", "this", "are", "what", "how"};
  for (std::string_view m : kWords) {
    if (w.size() == m.size() && strncasecmp(w.data(), m.data(), m.size()) == 0) return true;
  }
  return false;
}

bool LooksRot13(std::string_view text) {
  int rot = 0, plain = 0;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    size_t b = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view w = text.substr(b, i - b);
    if (w.size() < 2 || w.size() > 12) continue;
    rot += IsRot13Marker(w);
    plain += IsPlainMarker(w);
  }
  return rot >= 2 && rot > plain;
}

// Leetspeak: the characters that stand for letters, and the letter each one reads as. "1" reads
// as i (1gn0r3, k1ll) more often than as l, which leet texts usually keep as l (h3ll0).
constexpr std::array<char, 256> MakeLeetLetters() {
  std::array<char, 256> t{};
  t['4'] = t['@'] = 'a';
  t['3'] = 'e';
  t['1'] = 'i';
  t['0'] = 'o';
  t['5'] = t['$'] = 's';
  t['7'] = 't';
  return t;
}
constexpr std::array<char, 256> kLeetLetters = MakeLeetLetters();

// Byte kinds for the leet pass: table lookups instead of <cctype> calls keep the pass that every
// view pays near a nanosecond per byte.
enum : uint8_t { kLeetAlpha = 1, kLeetChar = 2, kLeetOtherDigit = 4, kLeetHex = 8 };
constexpr std::array<uint8_t, 256> MakeLeetKinds() {
  std::array<uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kLeetAlpha;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kLeetAlpha;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kLeetOtherDigit | kLeetHex;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kLeetHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kLeetHex;
  for (unsigned char c : {'4', '@', '3', '1', '0', '5', '$', '7'}) {
    t[c] = static_cast<uint8_t>((t[c] & ~kLeetOtherDigit) | kLeetChar);
  }
  return t;
}
constexpr std::array<uint8_t, 256> kLeetKinds = MakeLeetKinds();

char LeetLetter(char c) { return kLeetLetters[static_cast<unsigned char>(c)]; }
uint8_t LeetKind(char c) { return kLeetKinds[static_cast<unsigned char>(c)]; }

// A word written in leet: 3+ characters, at least one letter and one leet character, no digit
// without a letter reading (2 6 8 9: versions, sizes, "b2b", "utf8"), and not a hex string of 6+
// characters (hashes and ids such as "a3f5c01" would otherwise qualify).
bool IsLeetWord(std::string_view w) {
  if (w.size() < 3) return false;
  uint8_t all = 0, hex = kLeetHex;
  for (char c : w) {
    const uint8_t k = LeetKind(c);
    all |= k;
    hex &= k;
  }
  return (all & kLeetAlpha) && (all & kLeetChar) && !(all & kLeetOtherDigit) &&
         !(hex && w.size() >= 6);
}

void AddBase64(std::string_view text, size_t b, size_t e, const DecodeOptions& /*options*/,
               std::vector<DecodedSegment>& out) {
  size_t pad_end = e;
  while (pad_end < text.size() && pad_end - e < 2 && text[pad_end] == '=') ++pad_end;
  std::string_view run = text.substr(b, e - b);
  if (!MixedLikeBase64(run)) return;
  DecodedSegment seg{Encoding::kBase64, {uint32_t(b), uint32_t(pad_end)}, {}, {}};
  if (!DecodeBase64(run, seg.text) || !LooksLikeText(seg.text)) return;
  // Every 3 decoded bytes come from 4 encoded characters.
  for (size_t k = 0; k < seg.text.size(); k += 3) {
    auto src = static_cast<uint32_t>(b + (k / 3) * 4);
    uint32_t src_len = std::min<uint32_t>(4, static_cast<uint32_t>(e - src));
    auto dst_len = static_cast<uint32_t>(std::min<size_t>(3, seg.text.size() - k));
    seg.map.Append(src, src_len, dst_len);
  }
  out.push_back(std::move(seg));
}

void AddHex(std::string_view text, size_t b, size_t e, std::vector<DecodedSegment>& out) {
  if ((e - b) % 2 != 0) --e;
  DecodedSegment seg{Encoding::kHex, {uint32_t(b), uint32_t(e)}, {}, {}};
  if (!DecodeHex(text.substr(b, e - b), seg.text) || !LooksLikeText(seg.text)) return;
  for (size_t k = 0; k < seg.text.size(); ++k) seg.map.Append(uint32_t(b + 2 * k), 2, 1);
  out.push_back(std::move(seg));
}

}  // namespace

bool DecodeBase64(std::string_view in, std::string& out) {
  out.clear();
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return false;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = Base64Value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return true;
}

bool DecodeHex(std::string_view in, std::string& out) {
  out.clear();
  if (in.size() % 2 != 0) return false;
  out.reserve(in.size() / 2);
  for (size_t i = 0; i < in.size(); i += 2) {
    int hi = HexValue(in[i]);
    int lo = HexValue(in[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

std::string DecodeUrl(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() + 0 && HexValue(in[i + 1]) >= 0 &&
        HexValue(in[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else if (in[i] == '+') {
      out += ' ';
    } else {
      out += in[i];
    }
  }
  return out;
}

// Calls `f(begin, end)` for each run of word bytes (letters, digits, @ and $).
template <typename F>
void ForEachLeetWord(std::string_view in, F&& f) {
  for (size_t i = 0; i < in.size();) {
    if (LeetKind(in[i]) == 0) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < in.size() && LeetKind(in[i]) != 0) ++i;
    f(b, i);
  }
}

std::string DecodeLeet(std::string_view in) {
  // A leet character right after a letter ("h0", "k1") is what leet words have and prose, even
  // prose with numbers, rarely does; under three of them, no word pass is needed.
  size_t glued = 0;
  for (size_t i = 1; i < in.size(); ++i) {
    glued += (LeetKind(in[i]) & kLeetChar) && (LeetKind(in[i - 1]) & kLeetAlpha);
  }
  if (glued < 3) return "";
  // Pass 1 decides from words of 3+ characters; pass 2 then also reads the short ones ("d0",
  // a lone "4" or "1"), which alone say too little but in a leet text are leet too.
  size_t leet_words = 0, words = 0;
  ForEachLeetWord(in, [&](size_t b, size_t e) {
    if (e - b < 3) return;
    ++words;
    leet_words += IsLeetWord(in.substr(b, e - b));
  });
  if (leet_words < 3 || leet_words * 4 < words) return "";
  std::string out(in);
  ForEachLeetWord(in, [&](size_t b, size_t e) {
    std::string_view w = in.substr(b, e - b);
    uint8_t all = 0;
    for (char c : w) all |= LeetKind(c);
    bool lone = w.size() == 1 && (w[0] == '4' || w[0] == '1' || w[0] == '@');
    bool short_word = w.size() == 2 && (all & kLeetAlpha) && !(all & kLeetOtherDigit);
    if (!lone && !short_word && !IsLeetWord(w)) return;
    for (size_t k = b; k < e; ++k) {
      if (char l = LeetLetter(in[k])) out[k] = l;
    }
  });
  return out;
}

std::string Rot13(std::string_view in) {
  std::string out(in);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>('A' + (c - 'A' + 13) % 26);
  }
  return out;
}

bool LooksLikeText(std::string_view bytes) {
  if (bytes.empty()) return false;
  size_t printable = 0, total = 0;
  size_t i = 0;
  while (i < bytes.size()) {
    char32_t cp = 0;
    int len = DecodeUtf8(bytes, i, cp);
    if (len == 0) return false;
    ++total;
    if (cp >= 0x20 ? cp != 0x7F : (cp == '\n' || cp == '\t' || cp == '\r')) ++printable;
    i += len;
  }
  return printable * 100 >= total * 85;
}

std::vector<DecodedSegment> FindEncodedSegments(std::string_view text,
                                                const DecodeOptions& options,
                                                const std::vector<Span>* run_hints) {
  std::vector<DecodedSegment> out;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  // Examines the maximal runs of base64-alphabet bytes that start in [from, stop).
  size_t done = 0;  // runs before this offset were examined already
  auto runs = [&](size_t from, size_t stop) {
    size_t i = std::max(from, done);
    // Step back to the start of a run that `from` falls inside.
    while (i > done && i < n && (kClass[p[i]] & 1) != 0 && (kClass[p[i - 1]] & 1) != 0) --i;
    while (i < stop && i < n && out.size() < options.max_segments) {
      if ((kClass[p[i]] & 1) == 0) {
        ++i;
        continue;
      }
      size_t b = i;
      while (i < n && (kClass[p[i]] & 1) != 0) ++i;
      size_t len = i - b;
      if (options.hex && len >= options.min_hex_chars && len >= 2) {
        size_t hb = b;
        if (p[b] == '0' && (p[b + 1] == 'x' || p[b + 1] == 'X')) hb += 2;
        bool hex_only = true;
        for (size_t k = hb; k < i; ++k) hex_only = hex_only && (kClass[p[k]] & 2) != 0;
        if (hex_only && i - hb >= options.min_hex_chars) {
          AddHex(text, hb, i, out);
          continue;
        }
      }
      if (options.base64 && len >= options.min_base64_chars) AddBase64(text, b, i, options, out);
    }
    done = std::max(done, i);
  };
  if (options.base64 || options.hex) {
    if (run_hints == nullptr) {
      runs(0, n);
    } else {
      for (const Span& h : *run_hints) runs(h.begin, h.end);
    }
  }
  if (options.url && out.size() < options.max_segments) {
    // A percent-encoded run: non-space bytes around at least two %XX escapes.
    size_t pos = 0;
    while (out.size() < options.max_segments) {
      size_t pct = text.find('%', pos);
      if (pct == std::string_view::npos) break;
      size_t b = pct;
      while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\n' && text[b - 1] != '\t' &&
             text[b - 1] != '"' && text[b - 1] != '\'') {
        --b;
      }
      size_t e = pct;
      int escapes = 0;
      while (e < n && text[e] != ' ' && text[e] != '\n' && text[e] != '\t' && text[e] != '"' &&
             text[e] != '\'') {
        if (text[e] == '%' && e + 2 < n + 0 && HexValue(text[e + 1]) >= 0 &&
            HexValue(text[e + 2]) >= 0) {
          ++escapes;
          e += 3;
        } else {
          ++e;
        }
      }
      pos = e;
      if (escapes < 2) continue;
      DecodedSegment seg{Encoding::kUrl, {uint32_t(b), uint32_t(e)}, {}, {}};
      for (size_t k = b; k < e;) {
        if (text[k] == '%' && k + 2 < n && HexValue(text[k + 1]) >= 0 &&
            HexValue(text[k + 2]) >= 0) {
          seg.text += static_cast<char>(HexValue(text[k + 1]) * 16 + HexValue(text[k + 2]));
          seg.map.Append(uint32_t(k), 3, 1);
          k += 3;
        } else {
          seg.text += text[k] == '+' ? ' ' : text[k];
          seg.map.Append(uint32_t(k), 1, 1);
          ++k;
        }
      }
      if (LooksLikeText(seg.text)) out.push_back(std::move(seg));
    }
  }
  if (options.rot13 && out.size() < options.max_segments && LooksRot13(text)) {
    DecodedSegment seg{Encoding::kRot13, {0, uint32_t(n)}, Rot13(text), OffsetMap::Identity(uint32_t(n))};
    out.push_back(std::move(seg));
  }
  if (options.leet && out.size() < options.max_segments) {
    std::string plain = DecodeLeet(text);
    if (!plain.empty()) {
      out.push_back({Encoding::kLeet, {0, uint32_t(n)}, std::move(plain),
                     OffsetMap::Identity(uint32_t(n))});
    }
  }
  // Keep the total within budget, in text order.
  size_t total = 0;
  std::vector<DecodedSegment> kept;
  for (auto& seg : out) {
    total += seg.text.size();
    if (total > options.max_output_bytes) break;
    kept.push_back(std::move(seg));
  }
  std::sort(kept.begin(), kept.end(), [](const DecodedSegment& a, const DecodedSegment& b) {
    return a.source.begin < b.source.begin;
  });
  return kept;
}

}  // namespace frontseat::core
