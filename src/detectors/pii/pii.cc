// The pii detector (see pii.h): the pattern table, dispatch of confirmed matches to the
// validators, and the resolution of overlaps between entities.
#include "detectors/pii/pii.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "detectors/pii/candidate.h"
#include "detectors/pii/context.h"
#include "detectors/pii/crypto_wallet.h"
#include "detectors/pii/network.h"
#include "detectors/pii/phone.h"
#include "detectors/pii/validators.h"

namespace frontseat::detectors {
namespace {

using pii::Candidate;
using pii::Validator;

struct Check {
  PiiEntity entity;
  Validator validate;
};

struct PiiPattern {
  const char* regex;
  bool case_insensitive;
  // Numeric runs are widened to the whole run around the match before validation (see Scan).
  bool numeric_run;
  std::vector<Check> checks;  // what to look for in each match
};

// Every pattern is in the syntax both vectorscan and RE2 accept, with bounded repetitions so the
// engine confirms spans in a small window. They over-match on purpose: what is a phone number or
// a card is decided by the validators, which can look at checksums and context.
//
// Phone numbers, cards, SSNs and IPv4 addresses share one pattern, a run of digit groups:
// patterns without a literal run in vectorscan as automata over every byte, and four such
// automata over the same digits cost four times one (measured on 6 MB of prose: ~100 MB/s for
// separate patterns, ~400 MB/s shared, for the whole pii set).
const std::vector<PiiPattern>& PatternTable() {
  static const std::vector<PiiPattern> kPatterns = {
      // RFC 5321 limits: 64-byte local part; the domain is checked label by label afterwards.
      {R"([A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-.]{1,190})"
       R"(\.(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9\-]{1,59})\b)",
       false,
       false,
       {{PiiEntity::kEmail, pii::ValidateEmail}}},
      // Digit groups with the punctuation numbers are written with, and a phone extension.
      {R"((?:\+|\(\+?)?\d[\d ().\-]{3,46}\d(?: ?(?:x|ext\.?) ?\d{1,6})?)",
       false,
       true,
       {{PiiEntity::kPhone, pii::ValidatePhone},
        {PiiEntity::kCreditCard, pii::FindCreditCards},
        {PiiEntity::kUsSsn, pii::FindSsns},
        {PiiEntity::kIpv4, pii::FindIpv4s}}},
      // Country code, check digits, then the BBAN in one piece or in blocks of four.
      {R"(\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?\b)",
       false,
       false,
       {{PiiEntity::kIban, pii::ValidateIban}}},
      // Hex groups and colons (":" runs for "::"), optionally ending in a dotted IPv4.
      {R"([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3})",
       false,
       false,
       {{PiiEntity::kIpv6, pii::ValidateIpv6}}},
      {R"(\b[0-9A-Fa-f]{2}(?:[:\-][0-9A-Fa-f]{2}){5}\b)",
       false,
       false,
       {{PiiEntity::kMac, pii::ValidateMac}}},
      {R"(\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b)",
       false,
       false,
       {{PiiEntity::kMac, pii::ValidateMac}}},
      // Bitcoin P2PKH/P2SH (base58, no 0 O I l), segwit (bech32 charset), Ethereum.
      {R"(\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b)",
       false,
       false,
       {{PiiEntity::kCryptoWallet, pii::ValidateBase58Address}}},
      {R"(\b(?:bc|tb)1[02-9ac-hj-np-z]{6,87}\b)",
       true,
       false,
       {{PiiEntity::kCryptoWallet, pii::ValidateSegwitAddress}}},
      {R"(\b0x[0-9a-fA-F]{40}\b)",
       false,
       false,
       {{PiiEntity::kCryptoWallet, pii::ValidateEthereumAddress}}},
  };
  return kPatterns;
}

// The pattern's bound cuts a long run of digit groups into pieces, and an entity may straddle
// a cut. So the validators get the whole run around a match, up to this many bytes on each side,
// and the following pieces of a run already handed over are skipped: every byte of a run is
// validated about once. Runs longer than that are digit dumps, where an entity would be
// rejected as a slice of a longer number anyway.
constexpr uint32_t kRunWidening = 256;

bool IsRunByte(char c) {
  return pii::IsDigit(c) || c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '+';
}

// When candidates of different entities overlap, the lower rank wins: an entity with a checksum
// or an unambiguous shape beats one that is "some digits".
int Rank(PiiEntity entity) {
  switch (entity) {
    case PiiEntity::kEmail:
      return 0;
    case PiiEntity::kIban:
      return 1;
    case PiiEntity::kCryptoWallet:
      return 2;
    case PiiEntity::kCreditCard:
      return 3;
    case PiiEntity::kMac:
      return 4;
    case PiiEntity::kIpv6:
      return 5;
    case PiiEntity::kIpv4:
      return 6;
    case PiiEntity::kUsSsn:
      return 7;
    case PiiEntity::kPhone:
      return 8;
  }
  return 9;
}

// Keeps a set of non-overlapping candidates: best first (rank, then score, then length), each
// accepted unless it overlaps one already accepted. O(n log n) in the number of candidates.
std::vector<Candidate> ResolveOverlaps(std::vector<Candidate> candidates) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    int ra = Rank(a.entity);
    int rb = Rank(b.entity);
    if (ra != rb) return ra < rb;
    if (a.score != b.score) return a.score > b.score;
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    return a.begin < b.begin;
  });
  std::map<uint32_t, uint32_t> taken;  // begin -> end, non-overlapping
  std::vector<Candidate> kept;
  for (const Candidate& c : candidates) {
    auto next = taken.lower_bound(c.begin);
    if (next != taken.end() && next->first < c.end) continue;
    if (next != taken.begin() && std::prev(next)->second > c.begin) continue;
    taken.emplace(c.begin, c.end);
    kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(),
            [](const Candidate& a, const Candidate& b) { return a.begin < b.begin; });
  return kept;
}

class PiiDetector final : public Detector {
 public:
  explicit PiiDetector(PiiConfig config) : config_(std::move(config)) {
    for (const PiiPattern& p : PatternTable()) {
      Entry entry{p.numeric_run, {}};
      for (const Check& c : p.checks) {
        if (config_.Enabled(c.entity)) entry.validators.push_back(c.validate);
      }
      if (entry.validators.empty()) continue;  // nothing enabled needs this pattern
      specs_.push_back({p.regex, p.case_insensitive});
      entries_.push_back(std::move(entry));
    }
  }

  std::string_view id() const override { return "pii"; }
  std::span<const PatternSpec> Patterns() const override { return specs_; }

  void Scan(const ScanView& view, std::span<const PatternMatch> matches,
            std::vector<Finding>& out) const override {
    const std::string_view text = view.text;
    std::vector<Candidate> candidates;
    // Per pattern, where the last run handed to the validators ended.
    std::vector<uint32_t> covered(entries_.size(), 0);
    for (const PatternMatch& m : matches) {
      if (m.pattern >= entries_.size() || m.begin >= m.end || m.end > text.size()) {
        continue;  // cannot happen with the engine's matches; cheap to guard
      }
      const Entry& entry = entries_[m.pattern];
      uint32_t b = m.begin;
      uint32_t e = m.end;
      if (entry.numeric_run) {
        if (m.begin < covered[m.pattern]) continue;  // a piece of a run already validated
        while (b > covered[m.pattern] && m.begin - b < kRunWidening && IsRunByte(text[b - 1])) {
          --b;
        }
        while (e < text.size() && e - m.end < kRunWidening && IsRunByte(text[e])) ++e;
        covered[m.pattern] = e;
      }
      for (Validator validate : entry.validators) validate(text, b, e, candidates);
    }
    if (candidates.empty()) return;
    for (const Candidate& c : ResolveOverlaps(std::move(candidates))) {
      if (c.score < config_.min_score) continue;
      Finding f;
      f.detector = std::string(PiiRuleId(c.entity));
      f.category = Category::kPii;
      f.subcategory = std::string(PiiEntityName(c.entity));
      f.score = c.score;
      f.start = c.begin;
      f.end = c.end;
      f.preview = MaskPreview(text.substr(c.begin, c.end - c.begin));
      out.push_back(std::move(f));
    }
  }

 private:
  struct Entry {
    bool numeric_run;
    std::vector<Validator> validators;  // of the enabled entities only
  };
  PiiConfig config_;
  std::vector<PatternSpec> specs_;
  std::vector<Entry> entries_;  // parallel to specs_
};

}  // namespace

std::unique_ptr<Detector> MakePiiDetector(PiiConfig config) {
  return std::make_unique<PiiDetector>(std::move(config));
}

}  // namespace frontseat::detectors
