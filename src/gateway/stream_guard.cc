// Incremental guarding of streamed output with a hold-back window (see stream_guard.h).
#include "gateway/stream_guard.h"

#include <algorithm>
#include <cctype>

#include "policy/policy.h"

namespace frontseat::gateway {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Learned classifiers (injection.classifier, harmful.classifier) score a whole document; their
// findings span the text they were given, not a match in it.
bool IsDocumentLevel(const Finding& f) {
  std::string_view id = f.detector;
  constexpr std::string_view kSuffix = ".classifier";
  return id.size() >= kSuffix.size() && id.substr(id.size() - kSuffix.size()) == kSuffix;
}

// Same placeholder as Guard::Check's: "[EMAIL]" for pii.email.
std::string Placeholder(const Finding& f) {
  std::string_view id = f.detector;
  size_t dot = id.rfind('.');
  std::string_view rule = dot == std::string_view::npos ? id : id.substr(dot + 1);
  std::string out = "[";
  for (char c : rule) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out + "]";
}

}  // namespace

StreamGuard::StreamGuard(const Guard& guard, RedactStyle style, size_t holdback_bytes,
                         size_t max_word_bytes)
    : guard_(guard), style_(style), holdback_(holdback_bytes), max_word_(max_word_bytes) {}

StreamGuard::Step StreamGuard::Push(std::string_view piece) {
  if (blocked_) return {"", true};
  text_.append(piece);
  marks_.resize(text_.size(), 0);
  if (style_ == RedactStyle::kPlaceholder) placeholder_at_.resize(text_.size());
  Scan(false);
  if (blocked_) return {"", true};

  // Release up to the hold-back point: not into the last holdback_ bytes, not into a trailing
  // word that may still be growing, not past a redact span that touches the end.
  size_t end = text_.size();
  size_t upto = end > holdback_ ? end - holdback_ : 0;
  size_t word = end;
  while (word > released_ && !IsSpace(text_[word - 1]) && end - word < max_word_) --word;
  if (end - word < max_word_) upto = std::min(upto, word);
  upto = std::min(upto, hold_floor_);
  upto = std::max(upto, released_);
  while (upto > released_ && upto < end && IsContinuation(text_[upto])) --upto;
  return {Release(upto), false};
}

StreamGuard::Step StreamGuard::Finish() {
  if (blocked_) return {"", true};
  Scan(true);
  if (blocked_) return {"", true};
  return {Release(text_.size()), false};
}

void StreamGuard::Scan(bool final) {
  // Look behind the released point by the hold-back size so spans across it are seen whole;
  // start at a code point boundary.
  size_t from = released_ > holdback_ ? released_ - holdback_ : 0;
  while (from < text_.size() && IsContinuation(text_[from])) ++from;
  std::string_view window = std::string_view(text_).substr(from);
  Decision d = guard_.Check(window);
  hold_floor_ = SIZE_MAX;
  const Policy& policy = guard_.policy();
  // Document-level classifiers judge a whole text; on a window of a partial answer their verdict
  // means little (short fragments are where they err), so they are applied once, to the whole
  // answer, when it ends.
  std::vector<Finding> found;
  for (Finding& f : d.findings) {
    if (IsDocumentLevel(f)) continue;
    f.start += from;
    f.end += from;
    found.push_back(std::move(f));
  }
  if (final) {
    for (Finding& f : guard_.Check(text_).findings) {
      if (IsDocumentLevel(f)) found.push_back(std::move(f));
    }
  }
  for (Finding& f : found) {
    Action action = policy.categories[static_cast<size_t>(f.category)].action;
    // A finding that reaches the end of the text so far may still grow (a key being typed out);
    // it is recorded once the text around it is final.
    bool open = !final && f.end >= text_.size();
    if (action == Action::kBlock) {
      blocked_ = true;
    } else if (action == Action::kRedact && f.end > f.start) {
      if (open) {
        // Not marked yet: the match may change as the text grows (a partial key can look like a
        // key that a placeholder check would reject once whole). Held until it is closed.
        hold_floor_ = std::min<size_t>(hold_floor_, f.start);
      } else {
        if (f.start < released_) ++late_spans_;
        for (size_t i = std::max<size_t>(f.start, released_); i < f.end; ++i) marks_[i] = 1;
        if (style_ == RedactStyle::kPlaceholder && f.start >= released_ &&
            placeholder_at_[f.start].empty()) {
          placeholder_at_[f.start] = Placeholder(f);
        }
      }
    }
    if (open && action != Action::kBlock) continue;
    decision_.action = std::max(decision_.action, action);
    bool seen = std::any_of(decision_.findings.begin(), decision_.findings.end(),
                            [&](const Finding& g) {
                              return g.start == f.start && g.detector == f.detector;
                            });
    if (!seen) decision_.findings.push_back(std::move(f));
  }
  if (blocked_) decision_.action = Action::kBlock;
}

std::string StreamGuard::Release(size_t upto) {
  std::string out;
  out.reserve(upto - released_);
  for (size_t i = released_; i < upto; ++i) {
    if (!marks_[i]) {
      out += text_[i];
      last_marked_ = false;
      continue;
    }
    if (style_ == RedactStyle::kPlaceholder) {
      if (!placeholder_at_[i].empty()) {
        out += placeholder_at_[i];
      } else if (!last_marked_) {
        out += "[REDACTED]";
      }
    } else if (!IsContinuation(text_[i])) {
      out += '*';  // one per code point, like Guard::Check
    }
    last_marked_ = true;
  }
  released_ = upto;
  sent_ += out;
  return out;
}

}  // namespace frontseat::gateway
