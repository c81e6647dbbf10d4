// Questions this benchmark answers:
//  1. How many events per second does the audit store commit with group commit (one transaction
//     per batch of whatever is queued) at 1, 4 and 16 concurrent appenders, compared with one
//     transaction per event (max_batch = 1, the same code otherwise), in the same run?
//     (`group_vs_per_event_ratio_N`; each appender is a closed loop of AppendSync, like a gateway
//     request that waits for its event before answering.)
//  2. What does one commit cost the request that waits for it: p50 and p99 of AppendSync, per
//     configuration? (`*_commit_p50_us`, `*_commit_p99_us`)
//  3. The same at 16 appenders with Durability::kPowerLoss (an fsync per commit), where batching
//     matters most.
// Every run first checks its answer: all events committed, the chain verifies; a fast wrong
// answer skips with an error. Events are gateway-sized: ~1 KB of redacted text, two findings.
// The store lives in $FRONTSEAT_BENCH_DIR or the system temp dir (same disk as the data dir on
// a default setup; a tmpfs would make the fsync figures meaningless).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit_store.h"
#include "audit/verify.h"

namespace frontseat::bench {
namespace {

using audit::AuditStore;
using audit::Durability;
using audit::Event;
using audit::StoreOptions;

std::string BenchDir(const std::string& name) {
  const char* base = std::getenv("FRONTSEAT_BENCH_DIR");
  std::filesystem::path root = base ? base : std::filesystem::temp_directory_path();
  auto dir = root / ("frontseat_audit_bench_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

Event GatewayEvent(int64_t n) {
  Event e;
  e.time_us = int64_t{1795341600} * 1000000 + n;
  e.request_id = "req-" + std::to_string(n);
  e.tenant = "tenant-" + std::to_string(n % 7);
  e.route = "/v1/chat/completions";
  e.model = "llama-3.1-8b-instruct";
  e.action = n % 10 == 0 ? "redact" : "allow";
  e.http_status = 200;
  e.categories_json = R"({"pii":0.91,"secret":0,"prompt_injection":0.02})";
  e.findings_json =
      R"([{"detector":"pii.email","category":"pii","score":0.91,"start":120,"end":140,)"
      R"("preview":"ja******"},{"detector":"pii.phone","category":"pii","score":0.8,)"
      R"("start":300,"end":312,"preview":"+1 5*******"}])";
  e.redacted_input.assign(900, 'x');
  e.redacted_output.assign(200, 'y');
  e.guard_us = 85;
  e.upstream_us = 240000;
  e.total_us = 240200;
  e.prompt_tokens = 230;
  e.completion_tokens = 48;
  return e;
}

StoreOptions Options(bool group, Durability durability) {
  StoreOptions o;
  o.max_batch = group ? 256 : 1;
  o.durability = durability;
  return o;
}

// Runs `appenders` closed-loop threads, each doing `per_thread` AppendSync calls; returns the
// latency of every call in microseconds, or an error message.
struct LoadResult {
  std::vector<double> latencies_us;
  double seconds = 0;
  std::string error;
};

LoadResult RunLoad(AuditStore& store, int appenders, int per_thread) {
  LoadResult result;
  std::vector<std::vector<double>> lat(static_cast<size_t>(appenders));
  std::atomic<int> failures{0};
  std::atomic<int64_t> next{0};
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < appenders; ++t) {
    threads.emplace_back([&, t] {
      lat[static_cast<size_t>(t)].reserve(static_cast<size_t>(per_thread));
      for (int i = 0; i < per_thread; ++i) {
        Event e = GatewayEvent(next++);
        auto s = std::chrono::steady_clock::now();
        auto r = store.AppendSync(std::move(e));
        auto d = std::chrono::steady_clock::now() - s;
        if (!r.ok()) ++failures;
        lat[static_cast<size_t>(t)].push_back(std::chrono::duration<double, std::micro>(d).count());
      }
    });
  }
  for (auto& th : threads) th.join();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (auto& v : lat) result.latencies_us.insert(result.latencies_us.end(), v.begin(), v.end());
  if (failures > 0) result.error = std::to_string(failures.load()) + " appends failed";
  return result;
}

std::string CheckStore(const std::string& dir, uint64_t want_events) {
  auto report = audit::Verify(dir);
  if (!report.ok()) return report.status().message();
  if (!report->intact()) return "chain broken at seq " + std::to_string(report->broken->seq);
  if (report->events != want_events) {
    return "expected " + std::to_string(want_events) + " events, found " +
           std::to_string(report->events);
  }
  return "";
}

// args: appenders, group (1) or per-event (0), power-loss durability (1) or not (0).
void BM_AuditAppend(benchmark::State& state) {
  const int appenders = static_cast<int>(state.range(0));
  const bool group = state.range(1) != 0;
  const Durability durability = state.range(2) ? Durability::kPowerLoss : Durability::kProcessCrash;
  // Enough events per iteration that thread start-up is noise, few enough for fsync runs.
  const int per_thread = std::max(1, (durability == Durability::kPowerLoss ? 800 : 4000) / appenders);
  std::string dir = BenchDir("append");
  uint64_t total = 0;
  double seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    auto store = AuditStore::OpenSqlite(dir, Options(group, durability));
    if (!store.ok()) {
      state.SkipWithError(store.status().message().c_str());
      break;
    }
    state.ResumeTiming();
    LoadResult r = RunLoad(**store, appenders, per_thread);
    state.PauseTiming();
    store->reset();
    std::string check = r.error.empty() ? CheckStore(dir, uint64_t(appenders) * per_thread) : r.error;
    if (!check.empty()) {
      state.SkipWithError(check.c_str());
      break;
    }
    total += uint64_t(appenders) * per_thread;
    seconds += r.seconds;
    state.ResumeTiming();
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(static_cast<int64_t>(total));
  state.counters["events_per_s"] = seconds > 0 ? double(total) / seconds : 0;
}
BENCHMARK(BM_AuditAppend)
    ->ArgNames({"appenders", "group", "fsync"})
    ->Args({1, 1, 0})->Args({1, 0, 0})
    ->Args({4, 1, 0})->Args({4, 0, 0})
    ->Args({16, 1, 0})->Args({16, 0, 0})
    ->Args({16, 1, 1})->Args({16, 0, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(1.0)
    ->Repetitions(3)  // the headline takes the median: the machine is shared
    ->ReportAggregatesOnly(true);

// Records events/s per benchmark run so main can print the headline ratios.
class Recorder : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) errors_ = true;
      auto it = run.counters.find("events_per_s");
      if (it != run.counters.end()) rate[run.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rate;
  bool errors_ = false;
};

struct Latency {
  double p50_us = 0, p99_us = 0, events_per_s = 0;
  std::string error;
};

// A fixed run outside Google Benchmark's loop, for commit latency percentiles.
Latency MeasureLatency(int appenders, bool group, Durability durability, int per_thread) {
  Latency out;
  std::string dir = BenchDir("latency");
  {
    auto store = AuditStore::OpenSqlite(dir, Options(group, durability));
    if (!store.ok()) {
      out.error = store.status().message();
      return out;
    }
    RunLoad(**store, appenders, std::max(1, per_thread / 10));  // warm-up
    LoadResult r = RunLoad(**store, appenders, per_thread);
    out.error = r.error;
    std::sort(r.latencies_us.begin(), r.latencies_us.end());
    if (!r.latencies_us.empty()) {
      out.p50_us = r.latencies_us[r.latencies_us.size() / 2];
      out.p99_us = r.latencies_us[std::min(r.latencies_us.size() - 1,
                                           r.latencies_us.size() * 99 / 100)];
      out.events_per_s = double(r.latencies_us.size()) / r.seconds;
    }
  }
  std::filesystem::remove_all(dir);
  return out;
}

}  // namespace
}  // namespace frontseat::bench

int main(int argc, char** argv) {
  using namespace frontseat::bench;
  benchmark::Initialize(&argc, argv);
  Recorder recorder;
  benchmark::RunSpecifiedBenchmarks(&recorder);
  auto rate = [&](int appenders, int group, int fsync) {
    std::string name = "BM_AuditAppend/appenders:" + std::to_string(appenders) +
                       "/group:" + std::to_string(group) + "/fsync:" + std::to_string(fsync) +
                       "/min_time:1.000/repeats:3/real_time_median";
    auto it = recorder.rate.find(name);
    return it == recorder.rate.end() ? 0.0 : it->second;
  };
  std::printf("\nheadline figures (events of ~1.3 KB; appenders are closed loops of AppendSync;"
              " events/s: median of 3)\n");
  for (int n : {1, 4, 16}) {
    double g = rate(n, 1, 0), p = rate(n, 0, 0);
    std::printf("group_commit_%d_appenders_events_per_s: %.0f\n", n, g);
    std::printf("per_event_tx_%d_appenders_events_per_s: %.0f\n", n, p);
    std::printf("group_vs_per_event_ratio_%d: %.2f\n", n, p > 0 ? g / p : 0.0);
  }
  {
    double g = rate(16, 1, 1), p = rate(16, 0, 1);
    std::printf("fsync_group_commit_16_appenders_events_per_s: %.0f\n", g);
    std::printf("fsync_per_event_tx_16_appenders_events_per_s: %.0f\n", p);
    std::printf("fsync_group_vs_per_event_ratio_16: %.2f\n", p > 0 ? g / p : 0.0);
  }
  bool errors = recorder.errors_;
  for (int n : {1, 4, 16}) {
    for (int group : {1, 0}) {
      Latency l = MeasureLatency(n, group, frontseat::audit::Durability::kProcessCrash, 4000 / n);
      if (!l.error.empty()) {
        std::fprintf(stderr, "latency run failed: %s\n", l.error.c_str());
        errors = true;
      }
      const char* kind = group ? "group" : "per_event";
      std::printf("%s_%d_appenders_commit_p50_us: %.1f\n", kind, n, l.p50_us);
      std::printf("%s_%d_appenders_commit_p99_us: %.1f\n", kind, n, l.p99_us);
    }
  }
  for (int group : {1, 0}) {
    Latency l = MeasureLatency(16, group, frontseat::audit::Durability::kPowerLoss, 50);
    if (!l.error.empty()) errors = true;
    const char* kind = group ? "group" : "per_event";
    std::printf("fsync_%s_16_appenders_commit_p50_us: %.1f\n", kind, l.p50_us);
    std::printf("fsync_%s_16_appenders_commit_p99_us: %.1f\n", kind, l.p99_us);
  }
  benchmark::Shutdown();
  return errors ? 1 : 0;
}
