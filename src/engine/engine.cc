// The scan pipeline (see engine.h). One PatternSet holds every detector's patterns plus the
// engine's own rot13 markers, so each view is scanned by vectorscan once, whatever the number of
// detectors.
#include "engine/engine.h"

#include <algorithm>
#include <deque>
#include <string>

#include "core/utf8.h"
#include "detectors/common/pattern_set.h"

namespace frontseat::engine {

namespace {
// Rot13 forms of very common English words ("the", "and", "you", "ignore", "previous",
// "instructions", "this", "with"). A hit switches rot13 decoding on for that view; the decoder
// then checks the text as a whole.
constexpr const char* kRot13Marker =
    R"(\b(?:gur|naq|lbh|vtaber|cerivbhf|vafgehpgvbaf|guvf|jvgu)\b)";

// A run of base64-alphabet bytes (hex digits are a subset) at least as long as the decoders'
// minimum: where there is none, the decoders need not look at the text byte by byte.
std::string EncodedRunPattern(const core::DecodeOptions& decode) {
  uint32_t min_len = std::min(decode.min_base64_chars, decode.min_hex_chars);
  return "[A-Za-z0-9+/_-]{" + std::to_string(std::max<uint32_t>(min_len, 2)) + "}";
}

struct View {
  std::string owned;          // the bytes, unless the view is the untouched document
  std::string_view borrowed;  // the document itself, for a plain-ASCII root view
  // Computed on use: a string_view into `owned` would dangle when the View moves (SSO).
  std::string_view text() const { return borrowed.data() != nullptr ? borrowed : owned; }
  std::vector<core::OffsetMap> maps;  // view → ... → original, applied in order
  int depth = 0;
  std::string via;
};
}  // namespace

struct Engine::Impl {
  std::unique_ptr<detectors::PatternSet> patterns;
  std::vector<uint32_t> first_pattern;  // per detector, index of its first pattern in the set
  std::vector<uint32_t> pattern_count;
  uint32_t rot13_pattern = 0;
  uint32_t run_pattern = 0;  // EncodedRunPattern
};

Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Create(std::vector<std::unique_ptr<Detector>> detectors,
                                               EngineOptions options) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->impl_ = std::make_unique<Impl>();
  std::vector<PatternSpec> all;
  for (const auto& d : detectors) {
    std::span<const PatternSpec> p = d->Patterns();
    engine->impl_->first_pattern.push_back(static_cast<uint32_t>(all.size()));
    engine->impl_->pattern_count.push_back(static_cast<uint32_t>(p.size()));
    all.insert(all.end(), p.begin(), p.end());
  }
  engine->impl_->rot13_pattern = static_cast<uint32_t>(all.size());
  all.push_back({kRot13Marker, true});
  engine->impl_->run_pattern = static_cast<uint32_t>(all.size());
  all.push_back({EncodedRunPattern(options.decode), false});
  auto set = detectors::PatternSet::Compile(all);
  if (!set.ok()) {
    // Name the detector whose pattern failed.
    return Status::Invalid("compiling detector patterns: " + set.status().message());
  }
  engine->impl_->patterns = std::move(set).value();
  engine->detectors_ = std::move(detectors);
  engine->options_ = options;
  return engine;
}

uint64_t Engine::CountRawMatches(std::string_view text) const {
  return impl_->patterns->CountRawMatches(text);
}

std::vector<Finding> Engine::Scan(std::string_view document) const {
  std::vector<Finding> findings;
  const Limits& limits = options_.limits;
  if (document.size() > limits.max_scan_bytes) {
    size_t cut = core::Utf8SafePrefix(document, limits.max_scan_bytes);
    findings.push_back({"engine.max_scan_bytes", Category::kBudgetExceeded, "max_scan_bytes", 1.0,
                        cut, document.size(),
                        "scanned " + std::to_string(cut) + " of " +
                            std::to_string(document.size()) + " bytes", ""});
    document = document.substr(0, cut);
  }

  // Plain ASCII needs no normalization: scan the document's own bytes, no copy.
  core::NormalizedText root;
  const bool identity = core::IsPlainAscii(document);
  if (!identity) root = core::Normalize(document, options_.normalize);
  for (const core::Mark& m : root.marks) {
    if (m.kind != core::MarkKind::kInvalidUtf8) continue;
    findings.push_back({"invalid_utf8", Category::kInvalidUtf8, "", 1.0, m.span.begin, m.span.end,
                        std::to_string(m.span.end - m.span.begin) + " invalid byte(s)", ""});
  }

  std::deque<View> queue;
  {
    View v;
    if (identity) {
      v.borrowed = document.empty() ? std::string_view("", 0) : document;
      root.identity = true;
      v.maps.push_back(core::OffsetMap::Identity(static_cast<uint32_t>(document.size())));
    } else {
      v.owned = std::move(root.text);
      v.maps.push_back(root.map);
    }
    queue.push_back(std::move(v));
  }
  // Text smuggled in Unicode tag characters is scanned as if it were decoded.
  if (!root.tag_payload.empty()) {
    View v;
    v.owned = root.tag_payload;
    v.maps.push_back(root.tag_payload_map);
    v.depth = 1;
    v.via = "unicode_tags";
    queue.push_back(std::move(v));
  }
  root.text.clear();

  uint64_t decoded_bytes = 0;
  uint32_t views = 0;
  bool budget_reported = false;
  std::vector<Finding> local;
  std::vector<PatternMatch> mine;
  while (!queue.empty()) {
    View view = std::move(queue.front());
    queue.pop_front();
    const std::string_view text = view.text();
    const bool is_root = views == 0;
    ++views;
    std::vector<PatternMatch> matches = impl_->patterns->Scan(text);

    ScanView sv{text, is_root ? &root : nullptr, view.depth, view.via};
    for (size_t d = 0; d < detectors_.size(); ++d) {
      const uint32_t first = impl_->first_pattern[d];
      const uint32_t count = impl_->pattern_count[d];
      mine.clear();
      for (const PatternMatch& m : matches) {
        if (m.pattern >= first && m.pattern < first + count) {
          PatternMatch local_match = m;
          local_match.pattern -= first;
          mine.push_back(local_match);
        }
      }
      local.clear();
      detectors_[d]->Scan(sv, mine, local);
      for (Finding& f : local) {
        if (f.via == "@original") {  // the detector reported original offsets (normalizer marks)
          f.via.clear();
        } else {
          core::Span s{static_cast<uint32_t>(f.start), static_cast<uint32_t>(f.end)};
          for (const core::OffsetMap& map : view.maps) s = map.ToSource(s);
          f.start = s.begin;
          f.end = s.end;
          f.via = view.via;
        }
        findings.push_back(std::move(f));
      }
    }

    if (static_cast<uint32_t>(view.depth) >= limits.max_decode_depth) continue;
    core::DecodeOptions decode = options_.decode;
    bool rot13_hit = false;
    std::vector<core::Span> run_hints;  // sorted: matches come sorted by begin
    for (const PatternMatch& m : matches) {
      rot13_hit = rot13_hit || m.pattern == impl_->rot13_pattern;
      if (m.pattern == impl_->run_pattern) run_hints.push_back({m.begin, m.end});
    }
    decode.rot13 = decode.rot13 && rot13_hit && view.via.find("rot13") == std::string::npos;
    for (core::DecodedSegment& seg : core::FindEncodedSegments(text, decode, &run_hints)) {
      if (views + queue.size() >= limits.max_views ||
          decoded_bytes + seg.text.size() > limits.max_decoded_bytes) {
        if (!budget_reported) {
          core::Span s = seg.source;
          for (const core::OffsetMap& map : view.maps) s = map.ToSource(s);
          findings.push_back({"engine.max_decoded_bytes", Category::kBudgetExceeded,
                              "max_decoded_bytes", 1.0, s.begin, s.end,
                              "encoded segments left unscanned", view.via});
          budget_reported = true;
        }
        break;
      }
      decoded_bytes += seg.text.size();
      core::NormalizedText norm = core::Normalize(seg.text, options_.normalize);
      View child;
      child.owned = std::move(norm.text);
      child.maps.push_back(std::move(norm.map));
      child.maps.push_back(std::move(seg.map));
      child.maps.insert(child.maps.end(), view.maps.begin(), view.maps.end());
      child.depth = view.depth + 1;
      child.via = view.via.empty() ? std::string(core::EncodingName(seg.encoding))
                                   : view.via + ">" + std::string(core::EncodingName(seg.encoding));
      queue.push_back(std::move(child));
    }
  }

  // The same thing found twice (say in the text and again in a decoded view) is reported once,
  // with the best score and the shortest decoding chain.
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end < b.end;
    if (a.detector != b.detector) return a.detector < b.detector;
    if (a.score != b.score) return a.score > b.score;
    return a.via.size() < b.via.size();
  });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding& a, const Finding& b) {
                               return a.start == b.start && a.end == b.end &&
                                      a.detector == b.detector;
                             }),
                 findings.end());
  return findings;
}

}  // namespace frontseat::engine
