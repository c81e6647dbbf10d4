// The one binary. Each subcommand lives in its own file; main only parses the command line and
// picks exit codes (library code never exits).
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/audit_command.h"
#include "cli/eval_command.h"
#include "cli/redteam_command.h"
#include "cli/scan_command.h"
#include "cli/serve_command.h"
#include "cli/train_command.h"
#include "frontseat/guard.h"

int main(int argc, char** argv) {
  using frontseat::cli::ScanOptions;
  CLI::App app{"frontseat: a fast safety and control layer for LLM applications"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "frontseat 0.1.0");

  ScanOptions scan;
  std::string format = "auto";
  std::string redact = "mask";
  CLI::App* scan_cmd = app.add_subcommand(
      "scan",
      "Scan files for secrets, PII, prompt injection and hidden text; one JSON line per document");
  scan_cmd->add_option("--policy", scan.policy_path, "Policy YAML file (default: built-in policy)");
  scan_cmd->add_option("--field", scan.read.field, "JSONL field holding the text")
      ->capture_default_str();
  scan_cmd->add_option("--column", scan.read.column, "CSV column holding the text")
      ->capture_default_str();
  scan_cmd->add_option("--format", format, "Input format: auto, text, jsonl, csv")
      ->check(CLI::IsMember({"auto", "text", "jsonl", "csv"}))
      ->capture_default_str();
  scan_cmd->add_option("--redact", redact, "Redaction style: mask or placeholder")
      ->check(CLI::IsMember({"mask", "placeholder"}))
      ->capture_default_str();
  scan_cmd->add_option("--threads", scan.threads, "Worker threads (0 = one per core)")
      ->capture_default_str();
  scan_cmd->add_flag("!--no-progress", scan.progress, "Never draw a progress bar");
  scan_cmd->add_option("FILE", scan.inputs, "Input files; - for standard input")->required();

  frontseat::cli::EvalOptions eval;
  CLI::App* eval_cmd = app.add_subcommand(
      "eval", "Measure a policy on labeled JSONL data: precision, recall, FPR, latency per set");
  eval_cmd
      ->add_option("--data", eval.data, "Labeled JSONL file (text, label, category); repeatable")
      ->required();
  eval_cmd->add_option("--policy", eval.policy_path, "Policy YAML file (default: built-in policy)");
  eval_cmd->add_option("--positive", eval.positive, "Comma-separated labels that should be flagged")
      ->capture_default_str();
  eval_cmd->add_option("--negative", eval.negative, "Comma-separated labels that should pass")
      ->capture_default_str();
  eval_cmd->add_option("--json", eval.json_path, "Also write the figures as JSON to this file");
  eval_cmd->add_option("--errors", eval.errors_path,
                       "Write every misclassified row (false positives and negatives) with the "
                       "policy's decision to this JSONL file");
  eval_cmd->add_option("--rows", eval.rows_path,
                       "Write every evaluated row to this JSONL file: outcome (tp, fp, fn, tn), "
                       "the policy's decision, and each detector's highest raw score");
  eval_cmd->add_option("--categories", eval.categories,
                       "Comma-separated categories that count as flagged (default: any action "
                       "but allow)");
  eval_cmd->add_flag("--sweep", eval.sweep,
                     "Add ROC AUC and recall at 1/2/5 % false-positive rate");
  eval_cmd->add_option("--threads", eval.threads, "Worker threads (0 = one per core)")
      ->capture_default_str();
  eval_cmd->add_option(
      "--split", eval.split,
      "Only the rows `frontseat train` put in this split: train, validation, test");
  eval_cmd->add_option(
      "--train-spec", eval.train_spec,
      "Train spec that defines --split (default: the one shipped with the models)");
  eval_cmd->add_option("--data-dir", eval.data_dir,
                       "Labeled data folder the spec's sets are read from for --split "
                       "(default: $FRONTSEAT_DATA_DIR or ../shared/data)");

  frontseat::cli::TrainCommandOptions train;
  CLI::App* train_cmd = app.add_subcommand(
      "train", "Train the fastText classifiers and their calibration from a spec and labeled data");
  train_cmd->add_option("--spec", train.spec, "Train spec YAML")->capture_default_str();
  train_cmd->add_option("--data-dir", train.data_dir,
                        "Labeled data folder (default: $FRONTSEAT_DATA_DIR or ../shared/data)");
  train_cmd->add_option("--out", train.out, "Output folder for models and report")
      ->capture_default_str();
  train_cmd->add_flag("--quiet", train.quiet, "No progress lines on stderr");

  CLI::App* policy_cmd = app.add_subcommand("policy", "Show or check policies");
  policy_cmd->require_subcommand(1);
  CLI::App* policy_default = policy_cmd->add_subcommand("default", "Print the built-in policy");
  std::string check_path;
  CLI::App* policy_check = policy_cmd->add_subcommand("check", "Validate a policy file");
  policy_check->add_option("FILE", check_path, "Policy YAML file")->required();

  frontseat::cli::ServeOptions serve;
  bool hash_key = false;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve", "Run the OpenAI-compatible gateway that guards requests and answers");
  serve_cmd->add_option("--config", serve.config_path, "Gateway YAML file (default: built-in)");
  serve_cmd->add_option("--listen", serve.listen,
                        "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve_cmd->add_option("--upstream", serve.upstream,
                        "OpenAI-compatible server for every model, e.g. http://127.0.0.1:8000/v1");
  serve_cmd->add_option("--data-dir", serve.data_dir,
                        "Directory of the audit store (default ./frontseat-data)");
  serve_cmd->add_option("--threads", serve.threads, "Worker threads (0 = one per core)");
  serve_cmd->add_option("--tls-cert", serve.tls_cert_file,
                        "Serve HTTPS: PEM certificate chain (with --tls-key; overrides tls:)");
  serve_cmd->add_option("--tls-key", serve.tls_key_file, "Serve HTTPS: PEM private key");
  serve_cmd->add_flag("--hash-key", hash_key,
                      "Read an API key on stdin and print its sha256 for keys[].sha256");
  auto audit_cmd = frontseat::cli::AddAuditCommand(app);

  frontseat::cli::RedteamOptions redteam;
  CLI::App* redteam_cmd = app.add_subcommand(
      "redteam", "Attack a model endpoint or the guard, score it per risk category, gate on it");
  redteam_cmd
      ->add_option("--target", redteam.target,
                   "\"guard\" (the policy in process) or an OpenAI-compatible URL")
      ->required();
  redteam_cmd->add_option("--model", redteam.model, "Model name sent to the endpoint");
  redteam_cmd->add_option("--suite", redteam.suites,
                          "\"builtin\" or a CSV/JSONL file of goals (repeatable)");
  redteam_cmd->add_option("--strategies", redteam.strategies,
                          "\"all\" or a comma-separated list of strategy names");
  redteam_cmd->add_option("--system-prompt", redteam.system_prompt_path,
                          "System prompt file for the target ({canary} marks the canary)");
  redteam_cmd->add_option("--concurrency", redteam.concurrency, "Attempts in flight");
  redteam_cmd->add_option("--seed", redteam.seed, "Seed for strategies and planted values");
  redteam_cmd->add_option("--out", redteam.out_dir, "Output directory (default redteam-out)");
  redteam_cmd->add_option("--gate", redteam.gate,
                          "Exit 1 when a category is above this level (low|medium|high|critical)");
  redteam_cmd->add_flag("--resume", redteam.resume, "Continue the interrupted run in --out");
  redteam_cmd->add_option("--policy", redteam.policy_path,
                          "Policy YAML: the guard target, answer checks and risk thresholds");
  redteam_cmd->add_option("--api-key-env", redteam.api_key_env,
                          "Environment variable holding the endpoint's API key");
  redteam_cmd->add_option("--timeout-ms", redteam.timeout_ms, "Deadline per request");
  redteam_cmd->add_option("--ca-file", redteam.ca_file,
                          "PEM file of CAs to trust for an https target (a private CA)");
  redteam_cmd->add_option("--retries", redteam.retries, "Retries on 429, 5xx and connect errors");
  redteam_cmd->add_option("--max-tokens", redteam.max_tokens, "max_tokens per answer");
  redteam_cmd->add_flag("!--no-progress", redteam.progress, "Never draw a progress bar");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    if (*scan_cmd) {
      if (format == "text") scan.read.format = frontseat::cli::InputFormat::kText;
      if (format == "jsonl") scan.read.format = frontseat::cli::InputFormat::kJsonl;
      if (format == "csv") scan.read.format = frontseat::cli::InputFormat::kCsv;
      scan.redact = redact == "placeholder" ? frontseat::RedactStyle::kPlaceholder
                                            : frontseat::RedactStyle::kMask;
      std::ios::sync_with_stdio(false);
      return frontseat::cli::RunScan(scan, std::cout, std::cerr);
    }
    if (*eval_cmd) {
      std::ios::sync_with_stdio(false);
      return frontseat::cli::RunEval(eval, std::cout, std::cerr);
    }
    if (*serve_cmd) {
      if (hash_key) return frontseat::cli::RunHashKey(std::cin, std::cout, std::cerr);
      return frontseat::cli::RunServe(serve, std::cout, std::cerr);
    }
    if (audit_cmd->Selected()) return audit_cmd->Run(std::cout, std::cerr);
    if (*redteam_cmd) return frontseat::cli::RunRedteamCommand(redteam, std::cout, std::cerr);
    if (*train_cmd) return frontseat::cli::RunTrain(train, std::cout, std::cerr);
    if (*policy_default) {
      std::cout << frontseat::DefaultPolicyYaml();
      return 0;
    }
    if (*policy_check) {
      auto policy = frontseat::LoadPolicyFile(check_path);
      if (!policy.ok()) {
        std::cerr << policy.status().message() << "\n";
        return 2;
      }
      auto guard = frontseat::Guard::Create(policy);
      if (!guard.ok()) {
        std::cerr << guard.status().message() << "\n";
        return 2;
      }
      std::cout << check_path << ": ok\n";
      return 0;
    }
  } catch (const std::exception& e) {
    // Nothing below should throw; if a library does, say so instead of aborting.
    std::cerr << "frontseat: internal error: " << e.what() << "\n";
    return 2;
  }
  return 2;
}
