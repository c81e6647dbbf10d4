// Guard: policy + engine → decision (see include/frontseat/guard.h).
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "core/utf8.h"
#include "detectors/registry.h"
#include "engine/engine.h"
#include "policy/policy.h"

namespace frontseat {

namespace {
constexpr std::array<std::string_view, 4> kActionNames = {"allow", "flag", "redact", "block"};

// "[EMAIL]" for pii.email, "[GITHUB_PAT]" for secret.github_pat: the rule name in capitals.
std::string Placeholder(const Finding& f) {
  std::string_view id = f.detector;
  size_t dot = id.rfind('.');
  std::string_view rule = dot == std::string_view::npos ? id : id.substr(dot + 1);
  std::string out = "[";
  for (char c : rule) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out + "]";
}
}  // namespace

std::string_view ActionName(Action action) { return kActionNames[static_cast<size_t>(action)]; }

std::optional<Action> ActionFromName(std::string_view name) {
  for (size_t i = 0; i < kActionNames.size(); ++i) {
    if (kActionNames[i] == name) return static_cast<Action>(i);
  }
  return std::nullopt;
}

struct Guard::Impl {
  std::unique_ptr<engine::Engine> engine;
};

Guard::~Guard() = default;

Result<std::unique_ptr<Guard>> Guard::Create(const Result<std::shared_ptr<const Policy>>& policy) {
  if (!policy.ok()) return policy.status();
  if (!policy.value()) return Status::Internal("the built-in default policy failed to load");
  std::vector<std::unique_ptr<Detector>> list;
  detectors::ConfigErrors errors;
  for (const DetectorEntry& entry : policy.value()->detectors) {
    auto d = detectors::CreateDetector(entry.id, entry.config, "detectors." + entry.id, errors);
    if (d) list.push_back(std::move(d));
  }
  if (!errors.empty()) {
    return Status::Invalid(policy.value()->name + ": " + errors.errors().front().key + ": " +
                           errors.errors().front().message);
  }
  auto engine = engine::Engine::Create(std::move(list), policy.value()->engine);
  if (!engine.ok()) return Status::Invalid(policy.value()->name + ": " + engine.status().message());
  std::unique_ptr<Guard> guard(new Guard());
  guard->policy_ = policy.value();
  guard->impl_ = std::make_unique<Impl>();
  guard->impl_->engine = std::move(engine).value();
  return guard;
}

std::vector<Finding> Guard::RawFindings(std::string_view text) const {
  return impl_->engine->Scan(text);
}

Decision Guard::Check(std::string_view text, RedactStyle style) const {
  Decision d;
  std::vector<Finding> raw = impl_->engine->Scan(text);
  // Categories with a calibrated combination: one score from the combined detectors' best scores.
  std::array<bool, kCategoryCount> fires{};
  for (size_t c = 0; c < kCategoryCount; ++c) {
    const CategoryRule& rule = policy_->categories[c];
    if (!rule.combine) continue;
    double z = rule.combine->bias;
    auto best = [&](const std::string& id) {
      double s = 0;
      for (const Finding& f : raw) {
        if (static_cast<size_t>(f.category) == c && DetectorMatches(f.detector, id)) {
          s = std::max(s, f.score);
        }
      }
      return s;
    };
    for (const auto& [id, w] : rule.combine->linear) z += w * best(id);
    for (const auto& [id, w] : rule.combine->logit) z += w * ClippedLogit(best(id));
    d.scores[c] = 1.0 / (1.0 + std::exp(-z));
    fires[c] = d.scores[c] >= rule.threshold;
  }
  for (Finding& f : raw) {
    size_t c = static_cast<size_t>(f.category);
    const CategoryRule& rule = policy_->categories[c];
    bool combined = rule.combine && rule.combine->Has(f.detector);
    if (!combined) d.scores[c] = std::max(d.scores[c], f.score);
    if (combined ? !fires[c] : f.score < rule.threshold) continue;
    d.action = std::max(d.action, rule.action);
    d.findings.push_back(std::move(f));
  }
  // Redact the spans of findings whose category says redact; overlapping spans merge.
  std::vector<const Finding*> spans;
  for (const Finding& f : d.findings) {
    if (policy_->categories[static_cast<size_t>(f.category)].action == Action::kRedact &&
        f.end > f.start) {
      spans.push_back(&f);
    }
  }
  if (spans.empty()) return d;
  std::sort(spans.begin(), spans.end(), [](const Finding* a, const Finding* b) {
    return a->start != b->start ? a->start < b->start : a->end > b->end;
  });
  std::string out;
  out.reserve(text.size());
  uint64_t pos = 0;
  for (const Finding* f : spans) {
    if (f->end <= pos) continue;  // inside a span already redacted
    uint64_t begin = std::max<uint64_t>(f->start, pos);
    out.append(text.substr(pos, begin - pos));
    std::string_view span = text.substr(begin, f->end - begin);
    if (style == RedactStyle::kPlaceholder) {
      if (begin == f->start) out += Placeholder(*f);
    } else {
      // One '*' per code point, so the redacted text stays valid UTF-8 and keeps its shape.
      for (size_t i = 0; i < span.size();) {
        char32_t cp = 0;
        int len = core::DecodeUtf8(span, i, cp);
        out += '*';
        i += len > 0 ? static_cast<size_t>(len) : 1;
      }
    }
    pos = f->end;
  }
  out.append(text.substr(pos));
  d.redacted = std::move(out);
  return d;
}

}  // namespace frontseat
