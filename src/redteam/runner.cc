// Running a red-team plan: workers take plan indices from a shared counter, run the attempt's
// turns against the target (retrying 429 / 5xx / connect errors with backoff), judge it, and
// append it to the journal. Results are kept by index, so completion order never shows in the
// final files.
#include "redteam/runner.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <boost/json.hpp>

#include "policy/policy.h"
#include "redteam/judge.h"
#include "redteam/result_json.h"

namespace frontseat::redteam {

namespace json = boost::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::chrono::milliseconds kMaxBackoff{8000};
constexpr uint32_t kMaxRetryAfterS = 60;

std::string RunIdentity(const RunPlan& plan, uint64_t total) {
  json::array strategies;
  for (const std::string& s : plan.info.strategies) strategies.push_back(json::string(s));
  json::object o{{"target", plan.info.target},
                 {"model", plan.info.model},
                 {"seed", plan.seed},
                 {"suite_version", plan.info.suite_version},
                 {"strategies", std::move(strategies)},
                 {"policy_hash", plan.info.policy_hash},
                 {"system_prompt_chars", plan.planted.system_prompt.size()},
                 {"canary", plan.planted.canary},
                 {"attempts", total}};
  return json::serialize(o);
}

Status WriteFileAtomically(const fs::path& path, const std::string& text) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Io(tmp.string() + ": cannot write");
    out << text;
    out.flush();
    if (!out) return Status::Io(tmp.string() + ": write error");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::Io(path.string() + ": cannot replace: " + ec.message());
  return Status::Ok();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Masks credentials in text kept on disk: the planted ones literally, and whatever the policy's
// secret detectors find.
std::string RedactSecrets(std::string text, const RunPlan& plan) {
  for (const std::string& secret : plan.planted.secrets) {
    if (secret.empty()) continue;
    const std::string masked = MaskPreview(secret);
    for (size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + masked.size())) {
      text.replace(at, secret.size(), masked);
    }
  }
  if (plan.redact_guard == nullptr) return text;
  std::vector<Finding> findings = plan.redact_guard->RawFindings(text);
  std::sort(findings.begin(), findings.end(),
            [](const Finding& a, const Finding& b) { return a.start > b.start; });
  uint64_t floor = text.size();  // spans are masked back to front; overlaps are skipped
  for (const Finding& f : findings) {
    if (f.category != Category::kSecret || f.end > floor || f.start >= f.end) continue;
    text.replace(f.start, f.end - f.start, MaskPreview(text.substr(f.start, f.end - f.start)));
    floor = f.start;
  }
  return text;
}

class ProgressBar {
 public:
  ProgressBar(bool enabled, uint64_t total, uint64_t done)
      : enabled_(enabled), total_(total), start_done_(done), start_(Clock::now()) {}
  void Update(uint64_t done) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? static_cast<double>(done - start_done_) / secs : 0;
    uint64_t left = total_ - done;
    long eta = rate > 0 ? static_cast<long>(static_cast<double>(left) / rate + 0.5) : -1;
    int pct = static_cast<int>(total_ ? done * 100 / total_ : 100);
    char eta_text[32] = "--:--";
    if (eta >= 0) std::snprintf(eta_text, sizeof eta_text, "%02ld:%02ld", eta / 60, eta % 60);
    std::fprintf(stderr, "\r[%-25.*s] %llu/%llu %3d%% %.1f/s ETA %s ", pct / 4,
                 "#########################", static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total_), pct, rate, eta_text);
    std::fflush(stderr);
  }
  void Done() {
    if (enabled_) std::fprintf(stderr, "\r%78s\r", "");
  }

 private:
  bool enabled_;
  uint64_t total_;
  uint64_t start_done_;
  Clock::time_point start_;
  Clock::time_point last_{};
};

TargetReply SendWithRetry(const RunPlan& plan, const std::vector<Message>& conv,
                          uint32_t& retries) {
  for (uint32_t attempt = 0;; ++attempt) {
    TargetReply r = plan.chat->Send(conv);
    if (r.kind != TargetReply::Kind::kError || !r.retryable || attempt >= plan.max_retries) return r;
    ++retries;
    std::chrono::milliseconds wait =
        std::min(kMaxBackoff, plan.backoff_base * (1u << std::min<uint32_t>(attempt, 10)));
    if (r.retry_after_s) {
      wait = std::chrono::seconds(std::min(*r.retry_after_s, kMaxRetryAfterS));
    }
    std::this_thread::sleep_for(wait);
  }
}

Attempt RunGuardAttempt(const RunPlan& plan, const Seed& seed, const Attack& attack, Attempt a) {
  std::vector<Message> sent = attack.context;
  double strongest = -1;
  std::string strongest_text;
  auto check = [&](const std::string& text, const std::string& where) {
    Decision d = plan.guard_target->Check(text);
    if (GuardStops(d)) {
      a.outcome = Outcome::kDefended;
      a.evidence.push_back({"guard", where + ": " + DescribeDecision(d)});
      return true;
    }
    double top = *std::max_element(d.scores.begin(), d.scores.end());
    if (top > strongest) {
      strongest = top;
      strongest_text = where + ": " + DescribeDecision(d);
    }
    return false;
  };
  bool stopped = false;
  for (size_t i = 0; i < attack.context.size() && !stopped; ++i) {
    stopped = check(attack.context[i].content, attack.context[i].role + " message " + std::to_string(i + 1));
  }
  for (size_t t = 0; t < attack.turns.size() && !stopped; ++t) {
    sent.push_back({"user", attack.turns[t]});
    stopped = check(attack.turns[t], "turn " + std::to_string(t + 1));
  }
  (void)seed;
  if (!stopped) {
    a.outcome = Outcome::kSuccess;
    a.evidence.push_back({"guard", "passed every message; strongest " + strongest_text});
  }
  a.prompt = std::move(sent);
  return a;
}

Attempt RunChatAttempt(const RunPlan& plan, const Seed& seed, const Attack& attack, Attempt a) {
  std::vector<Message> conv;
  conv.push_back({"system", plan.planted.system_prompt});
  conv.insert(conv.end(), attack.context.begin(), attack.context.end());
  std::vector<std::string> answers;
  for (size_t t = 0; t < attack.turns.size(); ++t) {
    conv.push_back({"user", attack.turns[t]});
    TargetReply r = SendWithRetry(plan, conv, a.retries);
    if (r.kind == TargetReply::Kind::kError) {
      a.outcome = Outcome::kError;
      a.error = "turn " + std::to_string(t + 1) + ": " + r.detail;
      a.response = r.text;
      break;
    }
    if (r.kind == TargetReply::Kind::kBlocked) {
      a.outcome = Outcome::kDefended;
      a.evidence.push_back({"gateway", "turn " + std::to_string(t + 1) + " blocked: " + r.detail});
      a.response = r.text;
      break;
    }
    answers.push_back(r.text);
    a.response = r.text;
    if (t + 1 < attack.turns.size()) conv.push_back({"assistant", r.text});
  }
  if (a.outcome != Outcome::kError && a.evidence.empty()) {
    AnswerJudge judge{&plan.planted, plan.answer_guard, plan.answer_guard_has_llm_judge};
    a.outcome = judge.Judge(seed, attack, answers, a.evidence);
  }
  a.prompt.assign(conv.begin() + 1, conv.end());  // the system prompt is in run.json's terms
  return a;
}

Attempt RunAttempt(const RunPlan& plan, uint64_t index) {
  const size_t nstrat = plan.strategies.size();
  const Seed seed = WithMarker(plan.seeds[index / nstrat]);
  const Strategy& strategy = *plan.strategies[index % nstrat];
  Attempt a;
  a.index = index;
  a.seed_id = seed.id;
  a.category = seed.category;
  a.hazard = seed.hazard;
  a.strategy = std::string(strategy.name());
  const Attack attack = strategy.Apply(seed, Rng::For(plan.seed, seed.id, strategy.name()));
  auto t0 = Clock::now();
  a = plan.guard_target ? RunGuardAttempt(plan, seed, attack, std::move(a))
                        : RunChatAttempt(plan, seed, attack, std::move(a));
  a.latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  for (Message& m : a.prompt) m.content = RedactSecrets(std::move(m.content), plan);
  a.response = RedactSecrets(std::move(a.response), plan);
  return a;
}

// Reads the journal of an interrupted run. A last line without its newline was cut by the kill
// and is dropped; any other bad line is an error.
Status ReadJournal(const fs::path& path, uint64_t total, std::vector<std::optional<Attempt>>& slots,
                   uint64_t& count) {
  const std::string text = ReadFile(path);
  size_t line_no = 0;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    ++line_no;
    if (nl == std::string::npos) break;  // torn last line
    std::string_view line(text.data() + at, nl - at);
    at = nl + 1;
    if (line.empty()) continue;
    auto a = AttemptFromJson(line);
    if (!a.ok()) {
      return Status::Invalid(path.string() + ":" + std::to_string(line_no) + ": " +
                             a.status().message());
    }
    if (a->index >= total) {
      return Status::Invalid(path.string() + ":" + std::to_string(line_no) +
                             ": attempt index beyond this run's plan");
    }
    if (!slots[a->index]) {
      slots[a->index] = std::move(a.value());
      ++count;
    }
  }
  return Status::Ok();
}

}  // namespace

Seed WithMarker(const Seed& seed) {
  Seed s = seed;
  const std::string_view placeholder = "{marker}";
  for (size_t at = s.goal.find(placeholder); at != std::string::npos;
       at = s.goal.find(placeholder, at + s.success_marker.size())) {
    s.goal.replace(at, placeholder.size(), s.success_marker);
  }
  return s;
}

Attack MakeAttack(const Seed& seed, const Strategy& strategy, uint64_t run_seed) {
  return strategy.Apply(WithMarker(seed), Rng::For(run_seed, seed.id, strategy.name()));
}

Result<std::unique_ptr<Guard>> MakeRedactGuard() {
  return Guard::Create(ParsePolicy(
      "version: 1\ndetectors:\n  secret: {}\ncategories:\n  secret: { action: redact, threshold: 0.5 }\n",
      "<red-team redaction policy>"));
}

std::array<RiskThresholds, kAttackCategoryCount> ThresholdsFromPolicy(const Guard& guard) {
  std::array<RiskThresholds, kAttackCategoryCount> out{};
  const auto& risk = guard.policy().redteam_risk;
  RiskThresholds base;
  if (auto it = risk.find("default"); it != risk.end()) {
    base = {it->second.medium, it->second.high, it->second.critical};
  }
  for (int i = 0; i < kAttackCategoryCount; ++i) {
    out[i] = base;
    if (auto it = risk.find(AttackCategoryName(static_cast<AttackCategory>(i))); it != risk.end()) {
      out[i] = {it->second.medium, it->second.high, it->second.critical};
    }
  }
  return out;
}

Result<RunResult> RunRedteam(const RunPlan& plan, std::ostream& err) {
  if ((plan.chat == nullptr) == (plan.guard_target == nullptr)) {
    return Status::Invalid("red-team plan needs exactly one target");
  }
  if (plan.seeds.empty()) return Status::Invalid("the suite has no seeds");
  if (plan.strategies.empty()) return Status::Invalid("no strategies");
  const uint64_t total = plan.seeds.size() * plan.strategies.size();
  const fs::path dir(plan.out_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Io(plan.out_dir + ": cannot create: " + ec.message());
  const fs::path run_json = dir / "run.json";
  const fs::path journal = dir / "attempts.jsonl";
  const std::string identity = RunIdentity(plan, total);

  std::vector<std::optional<Attempt>> slots(total);
  RunResult result;
  if (plan.resume) {
    if (!fs::exists(run_json)) {
      return Status::Invalid(run_json.string() + ": missing; there is no run to resume here");
    }
    std::string stored = ReadFile(run_json);
    while (!stored.empty() && (stored.back() == '\n' || stored.back() == '\r')) stored.pop_back();
    if (stored != identity) {
      return Status::Invalid(run_json.string() +
                             ": this directory holds a different run (target, model, seed, suite, "
                             "strategies or policy differ); resume it with the same options or "
                             "choose another --out\n  stored: " + stored + "\n  now:    " + identity);
    }
    if (fs::exists(journal)) {
      if (Status s = ReadJournal(journal, total, slots, result.resumed); !s.ok()) return s;
    }
  } else if (fs::exists(journal) && fs::file_size(journal, ec) > 0) {
    return Status::Invalid(journal.string() +
                           ": the directory holds a run already; pass --resume to continue it, or "
                           "choose another --out");
  }
  if (Status s = WriteFileAtomically(run_json, identity + "\n"); !s.ok()) return s;
  // Start the journal afresh with the attempts kept (this also drops a torn last line).
  {
    std::string kept;
    for (const auto& slot : slots) {
      if (slot) kept += AttemptToJson(*slot) + "\n";
    }
    if (Status s = WriteFileAtomically(journal, kept); !s.ok()) return s;
  }
  std::FILE* out = std::fopen(journal.c_str(), "ab");
  if (out == nullptr) return Status::Io(journal.string() + ": cannot append");

  std::vector<uint64_t> pending;
  for (uint64_t i = 0; i < total; ++i) {
    if (!slots[i]) pending.push_back(i);
  }
  if (result.resumed > 0) {
    err << "resuming: " << result.resumed << " of " << total << " attempts already done\n";
  }
  std::atomic<size_t> next{0};
  std::mutex mu;
  uint64_t done = result.resumed;
  bool write_failed = false;
  ProgressBar bar(plan.progress, total, done);
  auto work = [&] {
    for (size_t k = next++; k < pending.size(); k = next++) {
      Attempt a = RunAttempt(plan, pending[k]);
      std::string line = AttemptToJson(a) + "\n";
      std::lock_guard<std::mutex> lock(mu);
      // One write and a flush per attempt: after a kill -9 the kernel still has every line that
      // was written, and at most the line being written is torn.
      if (std::fwrite(line.data(), 1, line.size(), out) != line.size() || std::fflush(out) != 0) {
        write_failed = true;
      }
      const uint64_t index = a.index;
      slots[index] = std::move(a);
      bar.Update(++done);
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(plan.concurrency,
                                                          static_cast<unsigned>(pending.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  bar.Done();
  std::fclose(out);
  if (write_failed) return Status::Io(journal.string() + ": write error");

  std::string ordered;
  for (auto& slot : slots) {
    ordered += AttemptToJson(*slot) + "\n";
    result.attempts.push_back(std::move(*slot));
  }
  if (Status s = WriteFileAtomically(journal, ordered); !s.ok()) return s;
  result.scorecard = Score(result.attempts, plan.thresholds, plan.info);
  return result;
}

}  // namespace frontseat::redteam
