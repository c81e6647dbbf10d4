// PatternSet: vectorscan prefilter (no start-of-match) + RE2 span confirmation in small windows.
// See pattern_set.h for the design and docs/patterns.md for the measurements behind it.
#include "detectors/common/pattern_set.h"

#include <hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <mutex>
#include <string>

#include "detectors/common/pattern_cache.h"

namespace frontseat::detectors {

namespace {

// Unbounded patterns (a `+` or `*` somewhere) get this confirmation window. Patterns should be
// bounded; this cap keeps a stray unbounded one linear in the number of hits.
constexpr uint32_t kUnboundedWindow = 4096;

RE2::Options Re2Options(const PatternSpec& spec) {
  RE2::Options options;
  options.set_log_errors(false);
  // Byte semantics, like vectorscan without HS_FLAG_UTF8: `.` and classes match one byte.
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_case_sensitive(!spec.case_insensitive);
  options.set_dot_nl(false);
  return options;
}

struct Hit {
  uint32_t pattern;
  uint32_t end;
};

// Debian's vectorscan 5.4.9, on AVX-512 machines, drops matches that end in the last 64-byte
// vector of a buffer, depending on the buffer's length and alignment (fixed upstream in
// VectorCamp/vectorscan PRs #375 and #378; reproduced here with `[a-z]@[a-z]` on an 80-byte
// text). Scanning a copy followed by kPadding NUL bytes keeps every real match out of that last
// vector. NUL is not a word character, so `\b` at the real end behaves as at end of input. A
// hit ending inside the padding is clamped to the real end: RE2 then confirms on the real text,
// where an alternative such as `(?:[^A-Za-z0-9]|$)` matches at the end as intended. A pattern
// that needs `$` alone would not be seen by vectorscan; the detectors' tests cover matches at
// the very end of a text.
constexpr size_t kPadding = 64;

// Fills `buf` with `text` + padding and returns the length to scan. `buf` is per-thread so a
// scan does not allocate once it has grown.
std::string_view Padded(std::string_view text) {
  thread_local std::string buf;
  buf.assign(text.data(), text.size());
  buf.append(kPadding, '\0');
  return buf;
}

struct HitSink {
  std::vector<Hit>* hits;
  uint64_t limit;
};

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
            unsigned int /*flags*/, void* ctx) {
  auto* sink = static_cast<HitSink*>(ctx);
  sink->hits->push_back({id, static_cast<uint32_t>(std::min<uint64_t>(to, sink->limit))});
  return 0;
}

struct CountSink {
  uint64_t count;
};

int OnCount(unsigned int, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  auto* sink = static_cast<CountSink*>(ctx);
  ++sink->count;
  return 0;
}

// Runs `re` over [lo, hi) of `text` (with the whole text as context for \b and ^/$), appending
// leftmost non-overlapping matches.
void ConfirmRange(const RE2& re, uint32_t pattern, std::string_view text, uint32_t lo,
                  uint32_t hi, bool has_group, std::vector<PatternMatch>& out) {
  re2::StringPiece piece(text.data(), text.size());
  re2::StringPiece groups[2];
  const int n = has_group ? 2 : 1;
  size_t pos = lo;
  while (pos <= hi) {
    if (!re.Match(piece, pos, hi, RE2::UNANCHORED, groups, n)) break;
    auto begin = static_cast<uint32_t>(groups[0].data() - text.data());
    auto end = static_cast<uint32_t>(begin + groups[0].size());
    PatternMatch m{pattern, begin, end, begin, end};
    if (has_group && groups[1].data() != nullptr) {
      m.value_begin = static_cast<uint32_t>(groups[1].data() - text.data());
      m.value_end = static_cast<uint32_t>(m.value_begin + groups[1].size());
    }
    out.push_back(m);
    pos = end > begin ? end : end + 1;
  }
}

}  // namespace

struct PatternSet::Impl {
  hs_database_t* db = nullptr;
  std::vector<uint32_t> max_width;
  std::vector<PatternSpec> specs;
  bool from_cache = false;

  // RE2 confirmers, built on first use when the database came from the cache (the cache holds
  // only pattern lists that compiled completely before, RE2 included), eagerly otherwise so that
  // a bad pattern is reported at Compile. Building all ~300 at start-up took ~80 ms.
  mutable std::vector<std::unique_ptr<RE2>> re2;
  mutable std::unique_ptr<std::once_flag[]> re2_once;
  const RE2& Re2At(uint32_t i) const {
    std::call_once(re2_once[i], [&] {
      if (!re2[i]) re2[i] = std::make_unique<RE2>(specs[i].regex, Re2Options(specs[i]));
    });
    return *re2[i];
  }

  // Scratch space is per thread of use; a small pool avoids allocating one per scan.
  mutable std::mutex mu;
  mutable std::vector<hs_scratch_t*> pool;
  hs_scratch_t* prototype = nullptr;

  ~Impl() {
    for (hs_scratch_t* s : pool) hs_free_scratch(s);
    if (prototype != nullptr) hs_free_scratch(prototype);
    if (db != nullptr) hs_free_database(db);
  }

  hs_scratch_t* Acquire() const {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!pool.empty()) {
        hs_scratch_t* s = pool.back();
        pool.pop_back();
        return s;
      }
    }
    hs_scratch_t* s = nullptr;
    if (hs_clone_scratch(prototype, &s) != HS_SUCCESS) return nullptr;
    return s;
  }
  void Release(hs_scratch_t* s) const {
    std::lock_guard<std::mutex> lock(mu);
    pool.push_back(s);
  }
};

PatternSet::PatternSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PatternSet::~PatternSet() = default;
size_t PatternSet::size() const { return impl_->specs.size(); }
bool PatternSet::loaded_from_cache() const { return impl_->from_cache; }

Result<std::unique_ptr<PatternSet>> PatternSet::Compile(std::span<const PatternSpec> patterns) {
  auto impl = std::make_unique<Impl>();
  impl->specs.assign(patterns.begin(), patterns.end());
  impl->re2.resize(patterns.size());
  impl->re2_once = std::make_unique<std::once_flag[]>(patterns.size());
  std::vector<const char*> exprs;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    unsigned int f = 0;  // no HS_FLAG_ALLOWEMPTY: a pattern that can match empty is rejected
    if (patterns[i].case_insensitive) f |= HS_FLAG_CASELESS;
    exprs.push_back(impl->specs[i].regex.c_str());
    flags.push_back(f);
    ids.push_back(static_cast<unsigned int>(i));
  }
  if (patterns.empty()) return std::unique_ptr<PatternSet>(new PatternSet(std::move(impl)));

  const std::string cache_path = PatternCachePath({exprs, flags, ids});
  CachedPatterns cached = LoadCachedDatabase(cache_path, patterns.size());
  if (cached.db != nullptr) {
    impl->db = cached.db;
    impl->max_width = std::move(cached.max_width);
    impl->from_cache = true;
  } else {
    for (size_t i = 0; i < patterns.size(); ++i) {
      const PatternSpec& spec = patterns[i];
      impl->re2[i] = std::make_unique<RE2>(spec.regex, Re2Options(spec));
      if (!impl->re2[i]->ok()) {
        return Status::Invalid("pattern " + std::to_string(i) + " (" + spec.regex.substr(0, 60) +
                               "): RE2 rejects it: " + impl->re2[i]->error());
      }
      hs_expr_info_t* info = nullptr;
      hs_compile_error_t* err = nullptr;
      if (hs_expression_info(spec.regex.c_str(), flags[i], &info, &err) != HS_SUCCESS) {
        std::string msg = err != nullptr ? err->message : "unknown error";
        hs_free_compile_error(err);
        return Status::Invalid("pattern " + std::to_string(i) + " (" + spec.regex.substr(0, 60) +
                               "): vectorscan rejects it: " + msg);
      }
      uint32_t w = info->max_width == UINT_MAX ? kUnboundedWindow : info->max_width;
      impl->max_width.push_back(std::min(w, kUnboundedWindow));
      free(info);  // NOLINT: allocated by vectorscan with its default (malloc) allocator
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                         static_cast<unsigned int>(exprs.size()), HS_MODE_BLOCK, nullptr,
                         &impl->db, &err) != HS_SUCCESS) {
      std::string msg = err != nullptr ? err->message : "unknown error";
      int at = err != nullptr ? err->expression : -1;
      hs_free_compile_error(err);
      return Status::Invalid("pattern " + std::to_string(at) + ": vectorscan compile failed: " +
                             msg);
    }
    StoreCachedDatabase(cache_path, impl->db, impl->max_width);
  }
  if (hs_alloc_scratch(impl->db, &impl->prototype) != HS_SUCCESS) {
    return Status::Internal("vectorscan: cannot allocate scratch space");
  }
  return std::unique_ptr<PatternSet>(new PatternSet(std::move(impl)));
}

std::vector<PatternMatch> PatternSet::Scan(std::string_view text) const {
  std::vector<PatternMatch> out;
  if (impl_->db == nullptr || text.empty()) return out;
  std::vector<Hit> hits;
  hs_scratch_t* scratch = impl_->Acquire();
  if (scratch == nullptr) return out;
  std::string_view padded = Padded(text);
  HitSink sink{&hits, text.size()};
  hs_scan(impl_->db, padded.data(), static_cast<unsigned int>(padded.size()), 0, scratch, OnMatch,
          &sink);
  impl_->Release(scratch);
  if (hits.empty()) return out;

  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.pattern != b.pattern ? a.pattern < b.pattern : a.end < b.end;
  });
  // Per pattern, merge the windows [end - max_width, end] of its hits and confirm each range.
  size_t i = 0;
  while (i < hits.size()) {
    uint32_t p = hits[i].pattern;
    uint32_t w = impl_->max_width[p];
    uint32_t lo = hits[i].end > w ? hits[i].end - w : 0;
    uint32_t hi = hits[i].end;
    ++i;
    for (; i <= hits.size(); ++i) {
      bool same = i < hits.size() && hits[i].pattern == p;
      uint32_t next_lo = same ? (hits[i].end > w ? hits[i].end - w : 0) : 0;
      if (same && next_lo <= hi) {
        hi = std::max(hi, hits[i].end);
        continue;
      }
      const RE2& re = impl_->Re2At(p);
      ConfirmRange(re, p, text, lo, hi, re.NumberOfCapturingGroups() >= 1, out);
      if (!same) break;
      lo = next_lo;
      hi = hits[i].end;
    }
  }
  std::sort(out.begin(), out.end(), [](const PatternMatch& a, const PatternMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.pattern < b.pattern;
  });
  return out;
}

uint64_t PatternSet::CountRawMatches(std::string_view text) const {
  if (impl_->db == nullptr || text.empty()) return 0;
  hs_scratch_t* scratch = impl_->Acquire();
  if (scratch == nullptr) return 0;
  // The same padded copy as Scan (see Padded): the bare pass pays for it too, so the benchmark's
  // ratio compares like with like.
  std::string_view padded = Padded(text);
  CountSink sink{0};
  hs_scan(impl_->db, padded.data(), static_cast<unsigned int>(padded.size()), 0, scratch, OnCount,
          &sink);
  impl_->Release(scratch);
  return sink.count;
}

std::vector<PatternMatch> NaiveScan(std::span<const PatternSpec> patterns, std::string_view text) {
  std::vector<PatternMatch> out;
  for (size_t i = 0; i < patterns.size(); ++i) {
    RE2 re(patterns[i].regex, Re2Options(patterns[i]));
    if (!re.ok()) continue;
    ConfirmRange(re, static_cast<uint32_t>(i), text, 0, static_cast<uint32_t>(text.size()),
                 re.NumberOfCapturingGroups() >= 1, out);
  }
  std::sort(out.begin(), out.end(), [](const PatternMatch& a, const PatternMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.pattern < b.pattern;
  });
  return out;
}

}  // namespace frontseat::detectors
