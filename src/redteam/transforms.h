// Text transforms behind the red-team strategies (strategy.h), each with its exact inverse where
// one exists: UTF-8 repair, code-point reversal, base64/hex encoding, leetspeak, homoglyphs,
// Unicode tag characters, zero-width insertion, string-literal escaping, and a small template
// filler/matcher that lets a strategy find its payload again inside the turn it wrote.
//
// Pure functions of their arguments (and of an Rng where they choose something); no state, safe
// from any thread. Every function here accepts any bytes and returns valid UTF-8 when its input
// is valid UTF-8 (callers repair the goal once with RepairUtf8 first). Cost: linear in the input.
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redteam/types.h"

namespace frontseat::redteam {

// Replaces every byte sequence that is not valid UTF-8 by U+FFFD. Valid input comes back as is.
std::string RepairUtf8(std::string_view s);
bool IsValidUtf8(std::string_view s);

// Code points of valid UTF-8 (RepairUtf8 first); and back.
std::u32string CodePoints(std::string_view utf8);
std::string ToUtf8(std::u32string_view cps);

// The code points in reverse order (an involution on valid UTF-8).
std::string ReverseCodePoints(std::string_view utf8);

// RFC 4648 base64 with padding; lowercase or uppercase hex. Their inverses are core's
// DecodeBase64 / DecodeHex.
std::string EncodeBase64(std::string_view bytes);
std::string EncodeHex(std::string_view bytes, bool upper);

// --- leetspeak -------------------------------------------------------------------------------
// The fixed table: a→4, e→3, i→1, o→0, s→5, t→7, lowercase only. A letter is replaced only when
// its digit does not occur anywhere in the text, and `pairs` lists the replacements made (e.g.
// "4=a 3=e"); the strategy states that key in its instruction. So every key digit in the output
// came from its letter, and LeetDecode(LeetEncode(x).text, key) == x for every x. Upper-case
// letters are left alone: mapping both cases to one digit would lose the case.
struct Leet {
  std::string text;
  std::string key;  // "4=a 3=e ...", or "" when nothing was replaced
};
Leet LeetEncode(std::string_view text);
// Lossy decoding with the full table, for answers the model wrote in leetspeak (no key there).
std::string LeetDecodeLoose(std::string_view text);
// Exact inverse given the key LeetEncode returned; nullopt when the key is malformed.
std::optional<std::string> LeetDecode(std::string_view text, std::string_view key);

// --- homoglyphs ------------------------------------------------------------------------------
// Two fixed tables of Latin letters and their look-alikes: Cyrillic (а е о р с х у і ј ѕ and
// capitals) and Greek (ο ι ν υ κ and capitals). A table is usable for a text only when none of
// its look-alikes already occurs in it; then mapping them back is exact.
enum class Homoglyphs { kCyrillic = 0, kGreek = 1 };
bool HomoglyphsUsable(Homoglyphs table, std::string_view text);
// Replaces each mappable letter with probability percent/100 (chosen by rng).
std::string HomoglyphEncode(Homoglyphs table, std::string_view text, uint32_t percent, Rng& rng);
std::string HomoglyphDecode(Homoglyphs table, std::string_view text);

// --- Unicode tag characters --------------------------------------------------------------------
// Printable ASCII U+0020..U+007E becomes U+E0020..U+E007E (rendered invisibly); every other code
// point (newlines, non-ASCII) has no tag counterpart and stays as it is. Exact inverse unless the
// text already holds tag characters (U+E0000..U+E007F), which TagsUsable reports.
bool TagsUsable(std::string_view text);
std::string TagsEncode(std::string_view text);
std::string TagsDecode(std::string_view text);

// --- zero-width characters ---------------------------------------------------------------------
// U+200B ZERO WIDTH SPACE, U+200C/U+200D ZERO WIDTH (NON-)JOINER, U+2060 WORD JOINER, inserted
// between two code points of a word (never at its edges) with probability percent/100. Exact
// inverse unless the text already holds one of them, which ZeroWidthUsable reports.
bool ZeroWidthUsable(std::string_view text);
std::string ZeroWidthInsert(std::string_view text, uint32_t percent, Rng& rng);
std::string ZeroWidthRemove(std::string_view text);

// --- string literals -----------------------------------------------------------------------------
// A double-quoted literal body in the JSON/C style: \" \\ \n \r \t and \u00XX for other control
// characters; everything else (non-ASCII included) is kept. The result holds no raw newline.
std::string EscapeLiteral(std::string_view text);
std::optional<std::string> UnescapeLiteral(std::string_view body);

// Splits valid UTF-8 into `parts` pieces at code-point boundaries chosen by rng (pieces may be
// empty when the text has fewer code points than parts). Concatenating them gives the text.
std::vector<std::string> SplitCodePoints(std::string_view text, int parts, Rng& rng);

// --- templates ---------------------------------------------------------------------------------
// A template is text with placeholders "{name}" (lowercase letters and '_'). Fill replaces each
// by its value in one pass, so a value that itself contains "{goal}" is not expanded again;
// unknown placeholders stay as they are.
using TemplateVars = std::vector<std::pair<std::string_view, std::string_view>>;
std::string FillTemplate(std::string_view tmpl, const TemplateVars& vars);
// The inverse for templates whose placeholders are separated by literal text: returns each
// placeholder's name and value in order, or nullopt if `text` does not have the template's shape.
// Every placeholder but the last ends at the first occurrence of the literal after it; the last
// one takes everything up to the template's literal suffix. So a strategy keeps the placeholder
// whose value can hold anything (the payload) last, and the earlier ones free of the literal that
// follows them.
using TemplateMatch = std::vector<std::pair<std::string, std::string>>;
std::optional<TemplateMatch> MatchTemplate(std::string_view tmpl, std::string_view text);
// The value of `name` in a match ("" when absent).
std::string_view MatchValue(const TemplateMatch& match, std::string_view name);

// Picks an element of a non-empty array or vector uniformly.
template <typename C>
const auto& Pick(const C& items, Rng& rng) {
  return items[rng.Below(std::size(items))];
}

}  // namespace frontseat::redteam
