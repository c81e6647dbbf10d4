// The reversible text transforms the red-team strategies are built from (see transforms.h for
// the contracts). The exactness arguments live next to each transform: a strategy's Reverse is
// only as good as the inverse here.
#include "redteam/transforms.h"

#include <algorithm>
#include <array>
#include <span>

#include "core/decoders.h"
#include "core/utf8.h"

namespace frontseat::redteam {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

struct Glyph {
  char latin;
  char32_t look_alike;
};

// Only letters whose look-alike is near-identical in common fonts; one look-alike per letter and
// no look-alike used twice, so the table is a bijection on the letters it lists.
constexpr std::array kCyrillic = {
    Glyph{'a', 0x0430}, Glyph{'c', 0x0441}, Glyph{'e', 0x0435}, Glyph{'o', 0x043E},
    Glyph{'p', 0x0440}, Glyph{'x', 0x0445}, Glyph{'y', 0x0443}, Glyph{'i', 0x0456},
    Glyph{'j', 0x0458}, Glyph{'s', 0x0455}, Glyph{'A', 0x0410}, Glyph{'B', 0x0412},
    Glyph{'C', 0x0421}, Glyph{'E', 0x0415}, Glyph{'H', 0x041D}, Glyph{'K', 0x041A},
    Glyph{'M', 0x041C}, Glyph{'O', 0x041E}, Glyph{'P', 0x0420}, Glyph{'T', 0x0422},
    Glyph{'X', 0x0425}, Glyph{'I', 0x0406}, Glyph{'J', 0x0408}, Glyph{'S', 0x0405},
};
constexpr std::array kGreek = {
    Glyph{'o', 0x03BF}, Glyph{'i', 0x03B9}, Glyph{'v', 0x03BD}, Glyph{'u', 0x03C5},
    Glyph{'k', 0x03BA}, Glyph{'A', 0x0391}, Glyph{'B', 0x0392}, Glyph{'E', 0x0395},
    Glyph{'H', 0x0397}, Glyph{'I', 0x0399}, Glyph{'K', 0x039A}, Glyph{'M', 0x039C},
    Glyph{'N', 0x039D}, Glyph{'O', 0x039F}, Glyph{'P', 0x03A1}, Glyph{'T', 0x03A4},
    Glyph{'X', 0x03A7}, Glyph{'Y', 0x03A5}, Glyph{'Z', 0x0396},
};

std::span<const Glyph> Table(Homoglyphs table) {
  if (table == Homoglyphs::kCyrillic) return kCyrillic;
  return kGreek;
}

constexpr std::array<std::pair<char, char>, 6> kLeet = {
    {{'a', '4'}, {'e', '3'}, {'i', '1'}, {'o', '0'}, {'s', '5'}, {'t', '7'}}};

constexpr std::array<char32_t, 4> kZeroWidth = {0x200B, 0x200C, 0x200D, 0x2060};

bool IsZeroWidth(char32_t cp) {
  return std::find(kZeroWidth.begin(), kZeroWidth.end(), cp) != kZeroWidth.end();
}

bool IsTag(char32_t cp) { return cp >= 0xE0000 && cp <= 0xE007F; }

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0;
}

bool IsPlaceholderChar(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

// Splits a template into alternating literals and placeholder names: literal, name, literal, ...
// (always an odd count, first and last literal possibly empty).
std::vector<std::string_view> SplitTemplate(std::string_view tmpl) {
  std::vector<std::string_view> parts;
  size_t lit_start = 0;
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      size_t j = i + 1;
      while (j < tmpl.size() && IsPlaceholderChar(tmpl[j])) ++j;
      if (j > i + 1 && j < tmpl.size() && tmpl[j] == '}') {
        parts.push_back(tmpl.substr(lit_start, i - lit_start));
        parts.push_back(tmpl.substr(i + 1, j - i - 1));
        i = j + 1;
        lit_start = i;
        continue;
      }
    }
    ++i;
  }
  parts.push_back(tmpl.substr(lit_start));
  return parts;
}

}  // namespace

std::string RepairUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    int len = core::DecodeUtf8(s, i, cp);
    if (len == 0) {
      core::AppendUtf8(out, kReplacement);
      ++i;
    } else {
      out.append(s.substr(i, static_cast<size_t>(len)));
      i += static_cast<size_t>(len);
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    int len = core::DecodeUtf8(s, i, cp);
    if (len == 0) return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

std::u32string CodePoints(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp = 0;
    int len = core::DecodeUtf8(utf8, i, cp);
    if (len == 0) {  // not reachable after RepairUtf8; degrade rather than loop
      cp = kReplacement;
      len = 1;
    }
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

std::string ToUtf8(std::u32string_view cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t cp : cps) core::AppendUtf8(out, cp);
  return out;
}

std::string ReverseCodePoints(std::string_view utf8) {
  std::u32string cps = CodePoints(utf8);
  std::reverse(cps.begin(), cps.end());
  return ToUtf8(cps);
}

std::string EncodeBase64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) |
                 uint8_t(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    if (rest == 2) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string EncodeHex(std::string_view bytes, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

Leet LeetEncode(std::string_view text) {
  Leet out;
  out.text = std::string(text);
  for (auto [letter, digit] : kLeet) {
    // A digit already in the text would make the reverse ambiguous; a letter not in it would
    // only lengthen the key.
    if (text.find(digit) != std::string_view::npos) continue;
    if (text.find(letter) == std::string_view::npos) continue;
    std::replace(out.text.begin(), out.text.end(), letter, digit);
    if (!out.key.empty()) out.key += ' ';
    out.key += digit;
    out.key += '=';
    out.key += letter;
  }
  return out;
}

std::string LeetDecodeLoose(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    for (auto [letter, digit] : kLeet) {
      if (c == digit) {
        c = letter;
        break;
      }
    }
  }
  return out;
}

std::optional<std::string> LeetDecode(std::string_view text, std::string_view key) {
  std::string out(text);
  // The key is "D=L" pairs separated by single spaces, each pair from the fixed table.
  size_t i = 0;
  while (i < key.size()) {
    if (i + 3 > key.size() || key[i + 1] != '=') return std::nullopt;
    char digit = key[i], letter = key[i + 2];
    bool known = std::any_of(kLeet.begin(), kLeet.end(),
                             [&](const auto& p) { return p.first == letter && p.second == digit; });
    if (!known) return std::nullopt;
    std::replace(out.begin(), out.end(), digit, letter);
    i += 3;
    if (i < key.size()) {
      if (key[i] != ' ') return std::nullopt;
      ++i;
    }
  }
  return out;
}

bool HomoglyphsUsable(Homoglyphs table, std::string_view text) {
  for (char32_t cp : CodePoints(text)) {
    for (const Glyph& g : Table(table)) {
      if (g.look_alike == cp) return false;
    }
  }
  return true;
}

std::string HomoglyphEncode(Homoglyphs table, std::string_view text, uint32_t percent, Rng& rng) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char32_t cp : CodePoints(text)) {
    char32_t repl = cp;
    for (const Glyph& g : Table(table)) {
      if (char32_t(g.latin) == cp) {
        if (rng.Below(100) < percent) repl = g.look_alike;
        break;
      }
    }
    core::AppendUtf8(out, repl);
  }
  return out;
}

std::string HomoglyphDecode(Homoglyphs table, std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : CodePoints(text)) {
    char32_t repl = cp;
    for (const Glyph& g : Table(table)) {
      if (g.look_alike == cp) {
        repl = char32_t(g.latin);
        break;
      }
    }
    core::AppendUtf8(out, repl);
  }
  return out;
}

bool TagsUsable(std::string_view text) {
  for (char32_t cp : CodePoints(text)) {
    if (IsTag(cp)) return false;
  }
  return true;
}

std::string TagsEncode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 4);
  for (char32_t cp : CodePoints(text)) {
    core::AppendUtf8(out, cp >= 0x20 && cp <= 0x7E ? cp + 0xE0000 : cp);
  }
  return out;
}

std::string TagsDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 + 1);
  for (char32_t cp : CodePoints(text)) {
    core::AppendUtf8(out, cp >= 0xE0020 && cp <= 0xE007E ? cp - 0xE0000 : cp);
  }
  return out;
}

bool ZeroWidthUsable(std::string_view text) {
  for (char32_t cp : CodePoints(text)) {
    if (IsZeroWidth(cp)) return false;
  }
  return true;
}

std::string ZeroWidthInsert(std::string_view text, uint32_t percent, Rng& rng) {
  std::u32string cps = CodePoints(text);
  std::u32string out;
  out.reserve(cps.size() * 2);
  for (size_t i = 0; i < cps.size(); ++i) {
    out.push_back(cps[i]);
    bool inside_word = i + 1 < cps.size() && !IsSpace(cps[i]) && !IsSpace(cps[i + 1]);
    if (inside_word && rng.Below(100) < percent) {
      out.push_back(kZeroWidth[rng.Below(kZeroWidth.size())]);
    }
  }
  return ToUtf8(out);
}

std::string ZeroWidthRemove(std::string_view text) {
  std::u32string cps = CodePoints(text);
  std::erase_if(cps, IsZeroWidth);
  return ToUtf8(cps);
}

std::string EscapeLiteral(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(static_cast<unsigned char>(c) >> 4) & 15];
          out += kHex[static_cast<unsigned char>(c) & 15];
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::optional<std::string> UnescapeLiteral(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '"') return std::nullopt;  // an unescaped quote cannot be inside the literal
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= body.size()) return std::nullopt;
    switch (body[i]) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        if (i + 4 >= body.size() || body.substr(i + 1, 2) != "00") return std::nullopt;
        std::string byte;
        if (!core::DecodeHex(body.substr(i + 3, 2), byte)) return std::nullopt;
        out += byte;
        i += 4;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

std::vector<std::string> SplitCodePoints(std::string_view text, int parts, Rng& rng) {
  std::u32string cps = CodePoints(text);
  std::vector<size_t> cuts;
  for (int k = 1; k < parts; ++k) cuts.push_back(rng.Below(cps.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::string> out;
  size_t prev = 0;
  for (size_t cut : cuts) {
    out.push_back(ToUtf8(std::u32string_view(cps).substr(prev, cut - prev)));
    prev = cut;
  }
  out.push_back(ToUtf8(std::u32string_view(cps).substr(prev)));
  return out;
}

std::string FillTemplate(std::string_view tmpl, const TemplateVars& vars) {
  std::vector<std::string_view> parts = SplitTemplate(tmpl);
  std::string out;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k % 2 == 0) {
      out.append(parts[k]);
      continue;
    }
    auto it =
        std::find_if(vars.begin(), vars.end(), [&](const auto& v) { return v.first == parts[k]; });
    if (it == vars.end()) {
      out += '{';
      out.append(parts[k]);
      out += '}';
    } else {
      out.append(it->second);
    }
  }
  return out;
}

std::optional<TemplateMatch> MatchTemplate(std::string_view tmpl, std::string_view text) {
  std::vector<std::string_view> parts = SplitTemplate(tmpl);
  std::string_view rest = text;
  if (!rest.starts_with(parts.front())) return std::nullopt;
  rest.remove_prefix(parts.front().size());
  const std::string_view suffix = parts.back();
  TemplateMatch values;
  for (size_t k = 1; k + 1 < parts.size(); k += 2) {
    const bool last = k + 2 == parts.size();
    if (last) {
      if (rest.size() < suffix.size() || !rest.ends_with(suffix)) return std::nullopt;
      values.emplace_back(parts[k], rest.substr(0, rest.size() - suffix.size()));
      rest = {};
    } else {
      std::string_view next = parts[k + 1];
      size_t at = next.empty() ? 0 : rest.find(next);
      if (at == std::string_view::npos) return std::nullopt;
      values.emplace_back(parts[k], rest.substr(0, at));
      rest.remove_prefix(at + next.size());
    }
  }
  // Without placeholders the template matches only itself (its text was the prefix).
  if (parts.size() == 1 && !rest.empty()) return std::nullopt;
  return values;
}

std::string_view MatchValue(const TemplateMatch& match, std::string_view name) {
  for (const auto& [key, value] : match) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace frontseat::redteam
