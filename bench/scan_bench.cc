// Questions this benchmark answers:
//  1. How fast is the whole default-policy scan (normalize, one shared pattern pass, span
//     confirmation, validators, decoding, policy) compared with a bare detection-only pass over
//     the same patterns and the same bytes, measured in the same run? (`scan_vs_bare_ratio`; the
//     bare pass is the faster of vectorscan without start-of-match and RE2::Set.)
//  2. Which prefilter design is faster for the full scan: vectorscan (no SOM) + RE2 confirmation
//     in windows (ours), or RE2::Set + per-pattern RE2 over the whole text for matched patterns?
//  3. What is the per-document latency (p50, p99) of the default policy for 1 KB and 4 KB
//     documents on one core, and how much of it are the learned classifiers? (the same policy
//     without injection.classifier and harmful.classifier, measured in the same run)
// Every benchmark first checks that the planted findings are found; a fast wrong answer skips
// with an error. Inputs are prose at 1 KB, 16 KB and 1 MB with one planted finding per ~2 KB.
#include <benchmark/benchmark.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "corpus.h"
#include "detectors/common/pattern_set.h"
#include "detectors/registry.h"
#include "engine/engine.h"
#include "frontseat/guard.h"

namespace frontseat::bench {
namespace {

constexpr size_t kPlantEvery = 2048;

// The default policy without the two learned classifiers (the pattern detectors only; the
// calibrated combinations give way to the per-finding thresholds used before the classifiers).
const Guard& PatternOnlyGuard() {
  static std::unique_ptr<Guard> guard = [] {
    std::string yaml(DefaultPolicyYaml());
    for (std::string_view line : {"  injection.classifier: {}\n", "  harmful.classifier: {}\n"}) {
      size_t at = yaml.find(line);
      if (at != std::string::npos) yaml.erase(at, line.size());
    }
    size_t begin = yaml.find("  # BEGIN CALIBRATION");
    size_t end = yaml.find("  # END CALIBRATION");
    if (begin != std::string::npos && end != std::string::npos) {
      yaml.replace(begin, end - begin, "  prompt_injection: { action: block, threshold: 0.4 }\n");
    }
    auto g = Guard::Create(ParsePolicy(yaml, "<default without classifiers>"));
    if (!g.ok()) {
      std::fprintf(stderr, "cannot build the pattern-only guard: %s\n", g.status().message().c_str());
      std::exit(2);
    }
    return std::move(g).value();
  }();
  return *guard;
}

const Guard& DefaultGuard() {
  static std::unique_ptr<Guard> guard = [] {
    auto g = Guard::Create(DefaultPolicy());
    if (!g.ok()) {
      std::fprintf(stderr, "cannot build the default guard: %s\n", g.status().message().c_str());
      std::exit(2);
    }
    return std::move(g).value();
  }();
  return *guard;
}

// The patterns of the default policy's detectors, in engine order.
const std::vector<PatternSpec>& DefaultPatterns() {
  static std::vector<PatternSpec> patterns = [] {
    std::vector<PatternSpec> all;
    for (std::string_view id : {"secret", "pii", "injection.heuristic", "hidden_text"}) {
      detectors::ConfigErrors errors;
      auto d = detectors::CreateDetector(id, YAML::Node(), id, errors);
      if (!d) continue;
      auto p = d->Patterns();
      all.insert(all.end(), p.begin(), p.end());
    }
    return all;
  }();
  return patterns;
}

const detectors::PatternSet& Vectorscan() {
  static std::unique_ptr<detectors::PatternSet> set = [] {
    auto s = detectors::PatternSet::Compile(DefaultPatterns());
    if (!s.ok()) std::exit(2);
    return std::move(s).value();
  }();
  return *set;
}

RE2::Options Re2Options(bool case_insensitive) {
  RE2::Options o;
  o.set_log_errors(false);
  // RE2's default 8 MB budget makes the lazy DFA of a few hundred patterns give up and fall back
  // to the NFA (about 1000x slower) on inputs over a few KB; 1 GB gives the RE2 designs their
  // best case.
  o.set_max_mem(int64_t{1} << 30);
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_case_sensitive(!case_insensitive);
  return o;
}

// RE2::Set takes one Options for all members: case-insensitive ones get an inline (?i).
struct Re2Design {
  std::unique_ptr<RE2::Set> set;
  std::vector<std::unique_ptr<RE2>> each;
};
const Re2Design& Re2() {
  static Re2Design d = [] {
    Re2Design r;
    r.set = std::make_unique<RE2::Set>(Re2Options(false), RE2::UNANCHORED);
    for (const PatternSpec& p : DefaultPatterns()) {
      std::string re = p.case_insensitive ? "(?i)" + p.regex : p.regex;
      if (r.set->Add(re, nullptr) < 0) std::exit(3);
      r.each.push_back(std::make_unique<RE2>(p.regex, Re2Options(p.case_insensitive)));
    }
    if (!r.set->Compile()) std::exit(3);
    return r;
  }();
  return d;
}

const Corpus& ProseOf(size_t bytes) {
  static std::map<size_t, Corpus> cache;
  auto it = cache.find(bytes);
  if (it == cache.end()) it = cache.emplace(bytes, MakeProse(bytes, kPlantEvery, 42)).first;
  return it->second;
}

// True if every planted value is covered by some finding of the default policy.
bool FindsAllPlanted(const Corpus& c, std::string* missing) {
  Decision d = DefaultGuard().Check(c.text);
  size_t pos = 0;
  for (const std::string& p : c.planted) {
    size_t at = c.text.find(p, pos);
    bool found = false;
    for (const Finding& f : d.findings) found |= f.start < at + p.size() && f.end > at;
    if (!found) {
      *missing = p;
      return false;
    }
    pos = at + p.size();
  }
  return true;
}

void BM_FullScan(benchmark::State& state) {
  const Corpus& c = ProseOf(static_cast<size_t>(state.range(0)));
  std::string missing;
  if (!FindsAllPlanted(c, &missing)) {
    state.SkipWithError(("planted finding not found: " + missing).c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(DefaultGuard().Check(c.text));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.text.size()));
}

void BM_BareVectorscan(benchmark::State& state) {
  const Corpus& c = ProseOf(static_cast<size_t>(state.range(0)));
  if (Vectorscan().CountRawMatches(c.text) < c.planted.size()) {
    state.SkipWithError("bare vectorscan pass reports fewer matches than planted findings");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(Vectorscan().CountRawMatches(c.text));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.text.size()));
}

void BM_BareRe2Set(benchmark::State& state) {
  const Corpus& c = ProseOf(static_cast<size_t>(state.range(0)));
  std::vector<int> hits;
  Re2().set->Match(c.text, &hits);
  if (hits.empty() && !c.planted.empty()) {
    state.SkipWithError("RE2::Set matched nothing");
    return;
  }
  for (auto _ : state) {
    hits.clear();
    benchmark::DoNotOptimize(Re2().set->Match(c.text, &hits));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.text.size()));
}

// Design 2 for the full pattern stage: which patterns matched (RE2::Set), then each of those over
// the whole text to get spans. Compared against PatternSet::Scan (design 1), both span-exact.
void BM_SpansRe2SetDesign(benchmark::State& state) {
  const Corpus& c = ProseOf(static_cast<size_t>(state.range(0)));
  auto spans = [&] {
    std::vector<int> hits;
    Re2().set->Match(c.text, &hits);
    size_t n = 0;
    for (int h : hits) {
      re2::StringPiece in(c.text);
      re2::StringPiece m;
      size_t pos = 0;
      while (pos <= c.text.size() &&
             Re2().each[h]->Match(in, pos, c.text.size(), RE2::UNANCHORED, &m, 1)) {
        ++n;
        pos = size_t(m.data() - c.text.data()) + std::max<size_t>(m.size(), 1);
      }
    }
    return n;
  };
  if (spans() != Vectorscan().Scan(c.text).size()) {
    state.SkipWithError("the two designs disagree on the number of spans");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(spans());
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.text.size()));
}

void BM_SpansVectorscanDesign(benchmark::State& state) {
  const Corpus& c = ProseOf(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(Vectorscan().Scan(c.text));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.text.size()));
}

// Small documents, each different: a warm cache of the one text a benchmark repeats (RE2's lazy
// DFA keeps the states it built) would flatter the RE2 design. 512 distinct 1 KB documents.
const std::vector<std::string>& VariedDocs() {
  static std::vector<std::string> docs = [] {
    std::vector<std::string> v;
    for (uint32_t i = 0; i < 512; ++i) v.push_back(MakeProse(1 << 10, kPlantEvery / 2, 5000 + i).text);
    return v;
  }();
  return docs;
}

void BM_SpansVectorscanDesignVaried1k(benchmark::State& state) {
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& d = VariedDocs()[i++ % VariedDocs().size()];
    benchmark::DoNotOptimize(Vectorscan().Scan(d));
    bytes += d.size();
  }
  state.SetBytesProcessed(int64_t(bytes));
}

void BM_SpansRe2SetDesignVaried1k(benchmark::State& state) {
  size_t i = 0, bytes = 0;
  std::vector<int> hits;
  for (auto _ : state) {
    const std::string& d = VariedDocs()[i++ % VariedDocs().size()];
    hits.clear();
    Re2().set->Match(d, &hits);
    size_t n = 0;
    for (int h : hits) {
      re2::StringPiece in(d);
      re2::StringPiece m;
      size_t pos = 0;
      while (pos <= d.size() && Re2().each[h]->Match(in, pos, d.size(), RE2::UNANCHORED, &m, 1)) {
        ++n;
        pos = size_t(m.data() - d.data()) + std::max<size_t>(m.size(), 1);
      }
    }
    benchmark::DoNotOptimize(n);
    bytes += d.size();
  }
  state.SetBytesProcessed(int64_t(bytes));
}
BENCHMARK(BM_SpansVectorscanDesignVaried1k);
BENCHMARK(BM_SpansRe2SetDesignVaried1k);

#define SIZES Arg(1 << 10)->Arg(16 << 10)->Arg(1 << 20)
BENCHMARK(BM_FullScan)->SIZES;
BENCHMARK(BM_BareVectorscan)->SIZES;
BENCHMARK(BM_BareRe2Set)->SIZES;
BENCHMARK(BM_SpansVectorscanDesign)->SIZES;
BENCHMARK(BM_SpansRe2SetDesign)->SIZES;

// Records bytes/s per benchmark run so main can print the headline ratios.
class Recorder : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred) {
        errors_ = true;
        continue;
      }
      auto it = r.counters.find("bytes_per_second");
      if (it != r.counters.end()) rate[r.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rate;
  bool errors_ = false;
};

struct Latency {
  double p50_us;
  double p99_us;
};

// Per-document latency on one core: 3000 distinct documents of `bytes`, each checked once after
// a warm-up pass, sorted durations.
Latency DocumentLatency(size_t bytes, const Guard& guard) {
  std::vector<std::string> docs;
  for (uint32_t i = 0; i < 3000; ++i) docs.push_back(MakeProse(bytes, kPlantEvery, 1000 + i).text);
  for (size_t i = 0; i < 300; ++i) benchmark::DoNotOptimize(guard.Check(docs[i]));
  std::vector<double> us;
  us.reserve(docs.size());
  for (const std::string& d : docs) {
    auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(guard.Check(d));
    auto t1 = std::chrono::steady_clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

}  // namespace
}  // namespace frontseat::bench

int main(int argc, char** argv) {
  using namespace frontseat::bench;
  benchmark::Initialize(&argc, argv);
  Recorder recorder;
  benchmark::RunSpecifiedBenchmarks(&recorder);
  auto rate = [&](const std::string& name) {
    auto it = recorder.rate.find(name);
    return it == recorder.rate.end() ? 0.0 : it->second;
  };
  const std::string mb = "/1048576";
  double full = rate("BM_FullScan" + mb);
  double bare_vs = rate("BM_BareVectorscan" + mb);
  double bare_re2 = rate("BM_BareRe2Set" + mb);
  double bare = std::max(bare_vs, bare_re2);
  Latency l1 = DocumentLatency(1 << 10, DefaultGuard());
  Latency l4 = DocumentLatency(4 << 10, DefaultGuard());
  Latency p4 = DocumentLatency(4 << 10, PatternOnlyGuard());
  std::printf("\nheadline figures (1 MB prose unless named; MB/s = 1e6 bytes/s)\n");
  std::printf("full_scan_1mb_mbps: %.1f\n", full / 1e6);
  std::printf("bare_vectorscan_1mb_mbps: %.1f\n", bare_vs / 1e6);
  std::printf("bare_re2set_1mb_mbps: %.1f\n", bare_re2 / 1e6);
  std::printf("spans_vectorscan_design_1mb_mbps: %.1f\n", rate("BM_SpansVectorscanDesign" + mb) / 1e6);
  std::printf("spans_re2set_design_1mb_mbps: %.1f\n", rate("BM_SpansRe2SetDesign" + mb) / 1e6);
  std::printf("spans_vectorscan_design_varied1k_mbps: %.1f\n",
              rate("BM_SpansVectorscanDesignVaried1k") / 1e6);
  std::printf("spans_re2set_design_varied1k_mbps: %.1f\n",
              rate("BM_SpansRe2SetDesignVaried1k") / 1e6);
  std::printf("scan_vs_bare_ratio: %.3f\n", bare > 0 ? full / bare : 0.0);
  std::printf("doc1k_p50_us: %.1f\ndoc1k_p99_us: %.1f\n", l1.p50_us, l1.p99_us);
  std::printf("doc4k_p50_us: %.1f\ndoc4k_p99_us: %.1f\n", l4.p50_us, l4.p99_us);
  std::printf("doc4k_no_classifiers_p50_us: %.1f\ndoc4k_no_classifiers_p99_us: %.1f\n", p4.p50_us,
              p4.p99_us);
  benchmark::Shutdown();
  return recorder.errors_ ? 1 : 0;
}
