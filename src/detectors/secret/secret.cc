// The secret detector: hands the rule table (rules.cc) to the engine's shared pattern pass, then
// validates every confirmed match with its rule's checks and turns the survivors into findings.
//
// Validation is where precision comes from. In order, for each match:
//   1. the value is trimmed to what the rule means by "the secret" (PEM blocks grow to their END
//      line, key bodies over their continuation lines, URL-encoded tails are cut);
//   2. placeholders are dropped: "xxxx", "<token>", "${SECRET}", "your_api_key", runs such as
//      "123456"/"abcdef", and hyphenated phrases ("this-is-not-a-real-webhook-token");
//   3. the rule's entropy floor (Shannon bits per character of the value);
//   4. the rule's check: a checksum (GitHub/npm CRC-32, age bech32), a structural decode (JWT,
//      Discord, Atlassian DC, HTTP Basic), or the keyword-and-value heuristics of the generic
//      rules (the identifier must really name a password/secret/token, and the value must look
//      like one rather than like code, a path, a word or a reference).
// This file does steps 1 and 3 and the bookkeeping; the placeholder filter and the value checks
// are in validators.h, the identifier test of step 4 in keywords.h.
// Overlapping findings are then reduced to the one of the earliest rule in the table, so a vendor
// format wins over the generic `token = ...` rule that saw the same value.
//
// Scan is const and allocation-light: everything it builds is local to the call.
#include "detectors/secret/secret.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "detectors/common/checksums.h"
#include "detectors/secret/ascii.h"
#include "detectors/secret/keywords.h"
#include "detectors/secret/rules.h"
#include "detectors/secret/validators.h"

namespace frontseat::detectors::secret {
namespace {

// Whether `c` continues a value in the alphabet `tail` (see Tail in rules.h).
bool InTail(Tail tail, char c) {
  switch (tail) {
    case Tail::kNone: return false;
    case Tail::kAlnum: return IsAlnum(c);
    case Tail::kBase64: return IsBase64Char(c);
    case Tail::kBase64Url: return IsAlnum(c) || c == '-' || c == '_' || c == '=';
    case Tail::kBase64Any: return IsBase64Char(c) || c == '-' || c == '_';
    case Tail::kToken: return IsAlnum(c) || IsIn(c, "-._~+/=%");
    case Tail::kDotted: return IsAlnum(c) || c == '-' || c == '_' || c == '.';
    case Tail::kQuoted: return c != '"' && c != '\n' && c != '\0';
    case Tail::kValue: return static_cast<unsigned char>(c) > ' ' && !IsIn(c, "\"'`<>(){}[],;&\\");
  }
  return false;
}

// --- Key blocks ----------------------------------------------------------------------------------

// A PEM key is ~1.7 KB (RSA 2048) to ~10 KB (ML-DSA-87); anything further is not its body.
constexpr size_t kMaxKeyBlock = 32 * 1024;

struct Run {
  size_t begin = 0;
  size_t size = 0;
};

Run LongestBase64Run(std::string_view line) {
  Run best, cur;
  for (size_t i = 0; i < line.size(); ++i) {
    if (IsBase64Char(line[i])) {
      if (cur.size == 0) cur.begin = i;
      ++cur.size;
      if (cur.size > best.size) best = cur;
    } else {
      cur.size = 0;
    }
  }
  return best;
}

// Grows a key body over the lines after `from` (the end of its first base64 run): full base64
// lines (>= 40 characters, whatever decorates them: quotes, "+", comment marks, log prefixes),
// then at most one short last line, then an END line if one follows. A line holding another
// "-----" marker ends the body. Returns the new span end.
size_t ExtendKeyBody(std::string_view text, size_t from, bool first_full) {
  size_t end = from;
  size_t pos = from;
  bool previous_full = first_full;
  while (pos < text.size() && pos - from < kMaxKeyBlock) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    size_t line_begin = nl + 1;
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    size_t marker = line.find("-----");
    if (marker != std::string_view::npos) {
      if (line.substr(marker, 8) == "-----END") {
        size_t close = line.find("-----", marker + 8);
        end = line_begin + (close != std::string_view::npos ? close + 5 : line.size());
      }
      break;
    }
    Run run = LongestBase64Run(line);
    if (run.size >= 40) {
      end = line_begin + run.begin + run.size;
      previous_full = true;
    } else if (run.size >= 4 && previous_full) {
      end = line_begin + run.begin + run.size;
      previous_full = false;
    } else {
      break;
    }
    pos = line_end;
  }
  return end;
}

// Base64 characters in runs of 16 or more: the key material between decorations.
size_t Base64Material(std::string_view body) {
  size_t total = 0, run = 0;
  for (char c : body) {
    if (IsBase64Char(c)) {
      ++run;
    } else {
      if (run >= 16) total += run;
      run = 0;
    }
  }
  return total + (run >= 16 ? run : 0);
}

struct Block {
  size_t end;
  bool has_body;
};

// From a PEM header to the end of its END line (`end_marker`: the first "-----END" after the
// header, npos if none). Without an END line in reach (a truncated paste), header fields
// (Proc-Type:, DEK-Info:, Version:) are skipped and the base64 body followed.
Block ExtendPemBlock(std::string_view text, size_t header_end, size_t end_marker) {
  if (end_marker != std::string_view::npos && end_marker - header_end < kMaxKeyBlock) {
    size_t close = text.find("-----", end_marker + 8);
    size_t end =
        close != std::string_view::npos && close - end_marker < 80 ? close + 5 : end_marker + 8;
    return {end, Base64Material(text.substr(header_end, end_marker - header_end)) >= 64};
  }
  size_t pos = header_end;
  for (int fields = 0; fields < 4; ++fields) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    size_t next_end = text.find('\n', nl + 1);
    std::string_view line = text.substr(
        nl + 1, next_end == std::string_view::npos ? std::string_view::npos : next_end - nl - 1);
    bool field = line.find(": ") != std::string_view::npos && LongestBase64Run(line).size < 40;
    if (!field && line.find_first_not_of(" \t\r") != std::string_view::npos) break;
    pos = nl + 1;
  }
  size_t end = std::max(ExtendKeyBody(text, pos, false), header_end);
  return {end, Base64Material(text.substr(header_end, end - header_end)) >= 64};
}

// --- The detector --------------------------------------------------------------------------------

struct Candidate {
  uint32_t rule;
  uint32_t begin;
  uint32_t end;
  double score;
};

// Per-call memory that keeps a scan linear in the text even when it is built to repeat a
// pattern's head thousands of times inside one run (a hostile input): each run of a tail
// alphabet is walked once, each "-----END" is found once, and a match inside the previous block
// of its own rule is skipped (the overlap rule would drop it anyway).
class ScanState {
 public:
  ScanState(std::string_view text, size_t rule_count) : text_(text), covered_(rule_count, 0) {}

  // End of the run of `tail` characters that continues at `pos`.
  size_t RunEnd(Tail tail, size_t pos) {
    Cached& c = runs_[static_cast<size_t>(tail)];
    if (c.valid && pos >= c.from && pos <= c.to) return c.to;
    size_t end = pos;
    while (end < text_.size() && InTail(tail, text_[end])) ++end;
    c = {true, pos, end};
    return end;
  }

  // The first "-----END" at or after `pos`, npos if none.
  size_t NextEndMarker(size_t pos) {
    if (!markers_found_) {
      for (size_t at = text_.find("-----END"); at != std::string_view::npos;
           at = text_.find("-----END", at + 8)) {
        markers_.push_back(at);
      }
      markers_found_ = true;
    }
    auto it = std::lower_bound(markers_.begin(), markers_.end(), pos);
    return it == markers_.end() ? std::string_view::npos : *it;
  }

  uint32_t& CoveredUntil(uint32_t rule) { return covered_[rule]; }

 private:
  struct Cached {
    bool valid = false;
    size_t from = 0;
    size_t to = 0;
  };
  std::string_view text_;
  std::vector<uint32_t> covered_;
  Cached runs_[static_cast<size_t>(Tail::kValue) + 1];
  std::vector<size_t> markers_;
  bool markers_found_ = false;
};

class SecretDetector final : public Detector {
 public:
  explicit SecretDetector(SecretConfig config) : config_(std::move(config)) {
    std::span<const SecretRule> rules = SecretRules();
    for (uint32_t i = 0; i < rules.size(); ++i) {
      const SecretRule& rule = rules[i];
      bool disabled = std::find(config_.disabled_rules.begin(), config_.disabled_rules.end(),
                                rule.id) != config_.disabled_rules.end();
      if (disabled) continue;
      patterns_.push_back({rule.regex, rule.case_insensitive});
      rule_of_pattern_.push_back(i);
    }
  }

  std::string_view id() const override { return "secret"; }
  std::span<const PatternSpec> Patterns() const override { return patterns_; }

  void Scan(const ScanView& view, std::span<const PatternMatch> matches,
            std::vector<Finding>& out) const override {
    if (matches.empty()) return;
    std::span<const SecretRule> rules = SecretRules();
    ScanState state(view.text, rules.size());
    std::vector<Candidate> candidates;
    for (const PatternMatch& m : matches) {
      if (m.pattern >= rule_of_pattern_.size()) continue;
      uint32_t rule_index = rule_of_pattern_[m.pattern];
      std::optional<Candidate> c = Validate(rules[rule_index], rule_index, view.text, m, state);
      if (c && c->score >= config_.min_score) candidates.push_back(*c);
    }
    // Earliest rule first; a candidate overlapping one already kept is the same secret seen by a
    // weaker rule (or a fragment inside a key block) and is dropped. Kept spans never overlap,
    // so the one starting last before a candidate's end is the only one it can overlap.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return a.rule != b.rule ? a.rule < b.rule : a.begin < b.begin;
    });
    std::map<uint32_t, const Candidate*> kept;  // by begin
    for (const Candidate& c : candidates) {
      auto it = kept.lower_bound(c.end);
      if (it != kept.begin() && std::prev(it)->second->end > c.begin) continue;
      kept.emplace(c.begin, &c);
    }
    for (const auto& [begin, c] : kept) {
      const SecretRule& rule = rules[c->rule];
      Finding f;
      f.detector = std::string(rule.id);
      f.category = Category::kSecret;
      f.subcategory = std::string(RuleGroupName(rule.group));
      f.score = c->score;
      f.start = c->begin;
      f.end = c->end;
      f.preview = MaskPreview(view.text.substr(c->begin, c->end - c->begin));
      f.via = std::string(view.via);
      out.push_back(std::move(f));
    }
  }

 private:
  double MinEntropy(const SecretRule& rule) const {
    if (rule.min_entropy <= 0.0) return 0.0;
    return config_.min_entropy ? *config_.min_entropy : rule.min_entropy;
  }

  std::optional<Candidate> Validate(const SecretRule& rule, uint32_t rule_index,
                                    std::string_view text, const PatternMatch& m,
                                    ScanState& state) const {
    size_t begin = m.value_begin;
    size_t end = m.value_end;
    if (begin >= end || end > text.size()) return std::nullopt;
    double score = rule.score;

    if (rule.check == RuleCheck::kPemBlock || rule.check == RuleCheck::kKeyBody) {
      uint32_t& covered = state.CoveredUntil(rule_index);
      if (begin < covered) return std::nullopt;
      if (rule.check == RuleCheck::kPemBlock) {
        Block block = ExtendPemBlock(text, end, state.NextEndMarker(end));
        // A header without key material (code that looks for the header, a truncated paste)
        // is reported, but with the confidence of a hint rather than of a key.
        if (!block.has_body) score = 0.6;
        end = block.end;
      } else {
        size_t run_end = state.RunEnd(Tail::kBase64, end);
        end = ExtendKeyBody(text, run_end, run_end - begin >= 40);
      }
      covered = static_cast<uint32_t>(end);
      return Candidate{rule_index, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), score};
    }

    if (rule.tail != Tail::kNone) {
      // Still going past the format's maximum: a longer blob of the same alphabet, not this one.
      size_t run_end = state.RunEnd(rule.tail, end);
      if (run_end - begin > rule.max_length) return std::nullopt;
      end = run_end;
    }
    const char next = end < text.size() ? text[end] : '\0';
    if (rule.check == RuleCheck::kPassword || rule.check == RuleCheck::kTokenValue ||
        rule.check == RuleCheck::kStrictTokenValue || rule.check == RuleCheck::kContextValue) {
      // URL-encoded query strings: "token%3Dabc%26next" ends the value at the encoded '&'.
      std::string_view v = text.substr(begin, end - begin);
      size_t amp = Lower(v).find("%26");
      if (amp != std::string::npos) end = begin + amp;
      // Prose and lists end a bare value with punctuation that is not part of it; quoted values
      // keep theirs ("&quot;" ends in ';').
      char before = begin > 0 ? text[begin - 1] : '\0';
      bool quoted = before == '"' || before == '\'' || before == '`' || before == ';';
      while (!quoted && end > begin && IsIn(text[end - 1], ".,:;?")) --end;
    }

    std::string_view value = text.substr(begin, end - begin);
    if (value.empty()) return std::nullopt;
    const bool human_set =
        rule.check == RuleCheck::kPassword || rule.check == RuleCheck::kContextValue;
    if (rule.check != RuleCheck::kUrlPassword && IsPlaceholderValue(value, !human_set)) {
      return std::nullopt;
    }
    double min_entropy = MinEntropy(rule);
    bool entropy_in_check =
        rule.check == RuleCheck::kTokenValue || rule.check == RuleCheck::kStrictTokenValue;
    if (!entropy_in_check && min_entropy > 0.0 && Entropy(value) < min_entropy) {
      return std::nullopt;
    }
    // The identifier the keyword belongs to starts before the match ("MYSQL_" of
    // MYSQL_PASSWORD, "by" of bypass): patterns match from the keyword on.
    size_t key_begin = m.begin;
    while (key_begin > 0 && m.begin - key_begin < 40 &&
           (IsAlnum(text[key_begin - 1]) || IsIn(text[key_begin - 1], "_.-"))) {
      --key_begin;
    }
    std::string_view key_text = text.substr(key_begin, m.value_begin - key_begin);

    bool ok = true;
    switch (rule.check) {
      case RuleCheck::kNone: break;
      case RuleCheck::kCrc32Base62: ok = Crc32Base62Valid(value); break;
      case RuleCheck::kBech32: ok = Bech32Valid(value); break;
      case RuleCheck::kJwt: ok = JwtValid(value); break;
      case RuleCheck::kDiscordBotToken: ok = DiscordBotTokenValid(value); break;
      case RuleCheck::kAtlassianDcPat: ok = AtlassianDcPatValid(value); break;
      case RuleCheck::kBasicAuth: ok = PlausibleBasicAuth(value); break;
      case RuleCheck::kUrlPassword:
        ok = PlausibleUrlPassword(text.substr(m.begin, m.end - m.begin), value);
        break;
      case RuleCheck::kPassword:
        ok = PlausiblePassword(value, next) && KeyNamesSecret(key_text, rule.keywords, value);
        break;
      case RuleCheck::kTokenValue:
      case RuleCheck::kStrictTokenValue:
        ok = PlausibleToken(value, next, rule.check == RuleCheck::kStrictTokenValue, min_entropy) &&
             KeyNamesSecret(key_text, rule.keywords, value);
        break;
      case RuleCheck::kContextValue: ok = PlausibleContextValue(value, next); break;
      case RuleCheck::kPemBlock:
      case RuleCheck::kKeyBody: break;  // handled above
    }
    if (!ok) return std::nullopt;
    return Candidate{rule_index, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), score};
  }

  SecretConfig config_;
  std::vector<PatternSpec> patterns_;
  std::vector<uint32_t> rule_of_pattern_;
};

}  // namespace
}  // namespace frontseat::detectors::secret

namespace frontseat::detectors {

std::unique_ptr<Detector> MakeSecretDetector(SecretConfig config) {
  return std::make_unique<secret::SecretDetector>(std::move(config));
}

}  // namespace frontseat::detectors
