// `frontseat scan` (see scan_command.h).
//
// Thread model: the main thread reads documents in batches (bounded in count and bytes), N worker
// threads check the batch's documents (the Guard is immutable and shared), and the main thread
// prints results in input order. Memory stays bounded by the batch size whatever the input size.
#include "cli/scan_command.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "cli/json_out.h"

namespace frontseat::cli {

namespace {

constexpr size_t kBatchDocs = 512;
constexpr uint64_t kBatchBytes = 32u << 20;

struct Totals {
  uint64_t documents = 0;
  uint64_t bytes = 0;
  uint64_t flagged_documents = 0;
  uint64_t read_errors = 0;
  std::array<uint64_t, kCategoryCount> per_category{};
  std::array<uint64_t, 4> per_action{};
};

class Progress {
 public:
  Progress(bool enabled, uint64_t total) : enabled_(enabled && total > (8u << 20)), total_(total) {}
  void Update(uint64_t done) {
    if (!enabled_) return;
    int pct = static_cast<int>(done * 100 / std::max<uint64_t>(total_, 1));
    if (pct == last_) return;
    last_ = pct;
    int bars = pct / 4;
    std::fprintf(stderr, "\r[%-25.*s] %3d%% %.1f/%.1f MB", bars, "#########################",
                 pct, done / 1e6, total_ / 1e6);
    std::fflush(stderr);
  }
  void Done() {
    if (enabled_ && last_ >= 0) std::fprintf(stderr, "\r%60s\r", "");
  }

 private:
  bool enabled_;
  uint64_t total_;
  int last_ = -1;
};

void CheckBatch(const Guard& guard, RedactStyle style, const std::vector<Document>& docs,
                std::vector<Decision>& decisions, unsigned threads) {
  decisions.assign(docs.size(), Decision{});
  if (threads <= 1 || docs.size() == 1) {
    for (size_t i = 0; i < docs.size(); ++i) decisions[i] = guard.Check(docs[i].text, style);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < docs.size(); i = next++) {
      decisions[i] = guard.Check(docs[i].text, style);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace

int RunScan(const ScanOptions& options, std::ostream& out, std::ostream& err) {
  auto guard = Guard::Create(LoadPolicyOrDefault(options.policy_path));
  if (!guard.ok()) {
    err << "frontseat scan: policy error:\n" << guard.status().message() << "\n";
    return 2;
  }
  if (options.inputs.empty()) {
    err << "frontseat scan: no input files (use - for standard input)\n";
    return 2;
  }
  const unsigned threads =
      options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;

  uint64_t total_size = 0;
  for (const std::string& path : options.inputs) {
    std::error_code ec;
    if (path != "-") total_size += std::filesystem::file_size(path, ec);
  }
  Progress progress(options.progress && isatty(STDERR_FILENO) != 0, total_size);

  Totals totals;
  bool input_error = false;
  auto start = std::chrono::steady_clock::now();
  uint64_t done_before = 0;
  std::vector<Document> batch;
  std::vector<Decision> decisions;
  uint64_t batch_bytes = 0;

  auto flush = [&] {
    CheckBatch(**guard, options.redact, batch, decisions, threads);
    for (size_t i = 0; i < batch.size(); ++i) {
      const Decision& d = decisions[i];
      out << DecisionToJson(batch[i].source, batch[i].line, d) << '\n';
      ++totals.documents;
      totals.bytes += batch[i].text.size();
      ++totals.per_action[static_cast<size_t>(d.action)];
      if (d.action != Action::kAllow) ++totals.flagged_documents;
      std::array<bool, kCategoryCount> seen{};
      for (const Finding& f : d.findings) seen[static_cast<size_t>(f.category)] = true;
      for (int c = 0; c < kCategoryCount; ++c) totals.per_category[c] += seen[c];
    }
    batch.clear();
    batch_bytes = 0;
  };

  for (const std::string& path : options.inputs) {
    auto reader = OpenReader(path, options.read);
    if (!reader.ok()) {
      err << "frontseat scan: " << reader.status().message() << "\n";
      input_error = true;
      continue;
    }
    Document doc;
    Status error;
    while ((*reader)->Next(doc, error)) {
      if (!error.ok()) {
        err << "frontseat scan: skipped: " << error.message() << "\n";
        ++totals.read_errors;
        input_error = true;
        error = Status::Ok();
        continue;
      }
      batch_bytes += doc.text.size();
      batch.push_back(std::move(doc));
      doc = Document{};
      if (batch.size() >= kBatchDocs || batch_bytes >= kBatchBytes) {
        flush();
        progress.Update(done_before + (*reader)->bytes_read());
      }
    }
    flush();
    done_before += (*reader)->bytes_read();
    progress.Update(done_before);
  }
  out.flush();
  progress.Done();

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  err << "frontseat scan: " << totals.documents << " documents, " << totals.flagged_documents
      << " flagged";
  for (int a = 1; a < 4; ++a) {
    if (totals.per_action[a] > 0) {
      err << ", " << totals.per_action[a] << " " << ActionName(static_cast<Action>(a));
    }
  }
  err << "\n  by category:";
  bool any = false;
  for (int c = 0; c < kCategoryCount; ++c) {
    if (totals.per_category[c] == 0) continue;
    err << " " << CategoryName(static_cast<Category>(c)) << "=" << totals.per_category[c];
    any = true;
  }
  if (!any) err << " none";
  char rate[128];
  std::snprintf(rate, sizeof rate, "\n  %.2f MB in %.3f s (%.1f MB/s, %u thread%s)",
                totals.bytes / 1e6, seconds, seconds > 0 ? totals.bytes / 1e6 / seconds : 0.0,
                threads, threads == 1 ? "" : "s");
  err << rate;
  if (totals.read_errors > 0) err << "\n  " << totals.read_errors << " malformed record(s) skipped";
  err << "\n";
  if (input_error) return 2;
  return totals.flagged_documents > 0 ? 1 : 0;
}

}  // namespace frontseat::cli
