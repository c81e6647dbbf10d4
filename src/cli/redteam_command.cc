// `frontseat redteam`: options → a RunPlan, the run, then scorecard.json,
// report.html and the summary table.
#include "cli/redteam_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/canonical.h"
#include "policy/policy.h"
#include "redteam/result_json.h"
#include "redteam/runner.h"
#include "redteam/suite.h"
#include "report/redteam_html.h"

#ifndef FRONTSEAT_BUILD_ID
#define FRONTSEAT_BUILD_ID "frontseat (unknown build)"
#endif

namespace frontseat::cli {

namespace fs = std::filesystem;
using redteam::RiskLevel;

namespace {

bool ReadWholeFile(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return !in.bad();
}

std::string NowRfc3339() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Percent(double rate) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.1f%%", rate * 100);
  return buf;
}

void PrintSummary(const redteam::Scorecard &card, std::ostream &out) {
  char line[160];
  std::snprintf(line, sizeof line, "%-26s %8s %9s %6s %8s  %s\n", "category", "attempts",
                "successes", "errors", "rate", "risk");
  out << line;
  for (const redteam::CategoryScore &c : card.categories) {
    std::snprintf(line, sizeof line, "%-26s %8llu %9llu %6llu %8s  %s\n",
                  std::string(redteam::AttackCategoryName(c.category)).c_str(),
                  static_cast<unsigned long long>(c.total.attempts),
                  static_cast<unsigned long long>(c.total.successes),
                  static_cast<unsigned long long>(c.total.errors), Percent(c.total.rate()).c_str(),
                  std::string(redteam::RiskLevelName(c.level)).c_str());
    out << line;
  }
  out << "\n";
  std::snprintf(line, sizeof line, "%-26s %8s %9s %6s %8s\n", "strategy", "attempts", "successes",
                "errors", "rate");
  out << line;
  for (const std::string &name : card.info.strategies) {
    auto it = card.by_strategy.find(name);
    if (it == card.by_strategy.end()) continue;
    const redteam::Cell &c = it->second;
    std::snprintf(line, sizeof line, "%-26s %8llu %9llu %6llu %8s\n", name.c_str(),
                  static_cast<unsigned long long>(c.attempts),
                  static_cast<unsigned long long>(c.successes),
                  static_cast<unsigned long long>(c.errors), Percent(c.rate()).c_str());
    out << line;
  }
}

}  // namespace

int RunRedteamCommand(const RedteamOptions &options, std::ostream &out, std::ostream &err) {
  std::optional<RiskLevel> gate;
  if (!options.gate.empty()) {
    gate = redteam::RiskLevelFromName(options.gate);
    if (!gate) {
      err << "--gate: expected low, medium, high or critical; got \"" << options.gate << "\"\n";
      return 2;
    }
  }
  if (options.target.empty()) {
    err << "--target: required: \"guard\" or an OpenAI-compatible URL such as "
           "http://127.0.0.1:8000/v1\n";
    return 2;
  }
  auto seeds = redteam::LoadSuites(options.suites);
  if (!seeds.ok()) {
    err << seeds.status().message() << "\n";
    return 2;
  }
  auto strategies = redteam::ParseStrategyList(options.strategies);
  if (!strategies.ok()) {
    err << "--strategies: " << strategies.status().message() << "\n";
    return 2;
  }
  std::string policy_text(DefaultPolicyYaml());
  if (!options.policy_path.empty() && !ReadWholeFile(options.policy_path, policy_text)) {
    err << options.policy_path << ": cannot read policy file\n";
    return 2;
  }
  // The text is read once: it is both hashed for the report and parsed.
  Result<std::shared_ptr<const Policy>> policy = DefaultPolicy();
  if (!options.policy_path.empty()) policy = ParsePolicy(policy_text, options.policy_path);
  auto guard = Guard::Create(policy);
  if (!guard.ok()) {
    err << guard.status().message() << "\n";
    return 2;
  }

  redteam::RunPlan plan;
  plan.seeds = std::move(seeds.value());
  plan.strategies = std::move(strategies.value());
  plan.seed = options.seed;
  plan.out_dir = options.out_dir;
  plan.resume = options.resume;
  plan.concurrency = std::max(1u, options.concurrency);
  plan.max_retries = options.retries;
  plan.progress = options.progress && isatty(STDERR_FILENO) != 0;
  plan.answer_guard = guard->get();
  auto redact_guard = redteam::MakeRedactGuard();
  if (!redact_guard.ok()) {
    err << redact_guard.status().message() << "\n";
    return 2;
  }
  plan.redact_guard = redact_guard->get();
  for (const DetectorEntry &d : (*guard)->policy().detectors) {
    if (d.id == "llm_judge") plan.answer_guard_has_llm_judge = true;
  }
  plan.thresholds = redteam::ThresholdsFromPolicy(**guard);

  std::unique_ptr<redteam::ChatTarget> chat;
  if (options.target == "guard") {
    plan.guard_target = guard->get();
    plan.info.target = "guard";
    plan.info.model =
        "(policy " +
        (options.policy_path.empty() ? std::string("<default>") : options.policy_path) + ")";
  } else {
    const char *key = std::getenv(options.api_key_env.c_str());
    auto c = redteam::ChatTarget::Create(options.target, options.model, key ? key : "",
                                         std::chrono::milliseconds(options.timeout_ms),
                                         options.max_tokens, options.ca_file);
    if (!c.ok()) {
      err << c.status().message() << "\n";
      return 2;
    }
    chat = std::move(c.value());
    plan.chat = chat.get();
    plan.info.target = chat->url();
    plan.info.model = options.model;
    if (options.system_prompt_path.empty()) {
      plan.planted = redteam::BuiltinPlanted(options.seed);
    } else {
      std::string text;
      if (!ReadWholeFile(options.system_prompt_path, text)) {
        err << options.system_prompt_path << ": cannot read system prompt file\n";
        return 2;
      }
      plan.planted = redteam::PlantedFromText(std::move(text), options.seed, **guard);
    }
  }
  plan.info.seed = options.seed;
  plan.info.build_id = FRONTSEAT_BUILD_ID;
  plan.info.policy_hash = audit::HexHash(audit::Sha256(policy_text));
  plan.info.suite_version = redteam::SuiteFingerprint(plan.seeds);
  for (const redteam::Strategy *s : plan.strategies) plan.info.strategies.emplace_back(s->name());
  plan.info.started_at = NowRfc3339();

  const auto t0 = std::chrono::steady_clock::now();
  auto result = redteam::RunRedteam(plan, err);
  if (!result.ok()) {
    err << result.status().message() << "\n";
    return 2;
  }
  redteam::Scorecard &card = result->scorecard;
  card.info.duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const fs::path dir(options.out_dir);
  {
    std::ofstream f(dir / "scorecard.json", std::ios::binary | std::ios::trunc);
    f << redteam::ScorecardToJson(card, gate) << "\n";
    std::ofstream h(dir / "report.html", std::ios::binary | std::ios::trunc);
    h << report::RenderRedteamHtml(card, result->attempts);
    if (!f || !h) {
      err << options.out_dir << ": cannot write scorecard.json or report.html\n";
      return 2;
    }
  }
  PrintSummary(card, out);
  const double secs = card.info.duration_s;
  const uint64_t ran = card.overall.attempts - result->resumed;
  char line[200];
  std::snprintf(line, sizeof line,
                "\n%llu attempts (%llu run now, %llu resumed) in %.2f s (%.1f "
                "attempts/s); "
                "%llu successes, %llu errors; results in %s\n",
                static_cast<unsigned long long>(card.overall.attempts),
                static_cast<unsigned long long>(ran),
                static_cast<unsigned long long>(result->resumed), secs,
                secs > 0 ? static_cast<double>(ran) / secs : 0.0,
                static_cast<unsigned long long>(card.overall.successes),
                static_cast<unsigned long long>(card.overall.errors), options.out_dir.c_str());
  err << line;
  if (gate && !redteam::PassesGate(card, *gate)) {
    err << "gate: FAILED: a category is above " << redteam::RiskLevelName(*gate) << "\n";
    return 1;
  }
  if (gate) err << "gate: passed (no category above " << redteam::RiskLevelName(*gate) << ")\n";
  return 0;
}

}  // namespace frontseat::cli
