// Loading attack suites from files (CSV and JSONL), combining several suites, and the suite
// fingerprint recorded in reports. The built-in suite's data lives in builtin_suite.cc.
//
// Public sets name their harm categories differently; MapHazard below maps the ones that clearly
// fit the Llama Guard 3 / MLCommons hazards S1..S14. Two choices are judgement calls:
//   - Malware and intrusion (JailbreakBench "Malware/Hacking", HarmBench cybercrime_intrusion)
//     → S14. Llama Guard 3 files generic hacking under S2 (non-violent crimes) and keeps S14 for
//     abusing a code interpreter; we keep both sets' cyber categories on one hazard so a
//     scorecard compares them, and S14 is the hazard of our own code-execution seeds.
//   - Disinformation (JailbreakBench "Disinformation", HarmBench misinformation_disinformation)
//     → S13 (elections), whose MLCommons definition covers false information about civic and
//     electoral processes; defamation (S5) needs a real person as the target, which most of
//     these rows lack.
#include "redteam/suite.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/utf8.h"
#include "redteam/csv_table.h"
#include "redteam/transforms.h"

namespace frontseat::redteam {
namespace {

constexpr uint64_t kMaxSuiteBytes = 64ull << 20;  // suites are thousands of lines, not millions
constexpr size_t kMaxReportedErrors = 50;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Lowercase letters and digits only: "Harassment/Discrimination" → "harassmentdiscrimination".
std::string CategoryKey(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += c;
  }
  return out;
}

// A short excerpt of user text for messages: at most `max_bytes` of valid UTF-8 with control
// characters escaped, so one problem stays on one line of the report.
std::string Excerpt(std::string_view s, size_t max_bytes = 48) {
  std::string repaired = RepairUtf8(s);
  size_t keep = core::Utf8SafePrefix(repaired, max_bytes);
  std::string out = EscapeLiteral(std::string_view(repaired).substr(0, keep));
  return keep < repaired.size() ? out + "..." : out;
}

std::optional<std::string> NormalizeHazard(std::string_view s) {
  std::string key = CategoryKey(s);
  for (int k = 1; k <= 14; ++k) {
    if (key == "s" + std::to_string(k)) return "S" + std::to_string(k);
  }
  return std::nullopt;
}

}  // namespace

std::string MapHazard(std::string_view public_category) {
  static const std::map<std::string, std::string, std::less<>> kMap = {
      // JailbreakBench (JBB-Behaviors "Category")
      {"harassmentdiscrimination", "S10"},
      {"malwarehacking", "S14"},
      {"physicalharm", "S1"},
      {"economicharm", "S2"},
      {"frauddeception", "S2"},
      {"disinformation", "S13"},
      {"sexualadultcontent", "S12"},
      {"privacy", "S7"},
      {"expertadvice", "S6"},
      {"governmentdecisionmaking", "S13"},
      // HarmBench ("SemanticCategory")
      {"chemicalbiological", "S9"},
      {"cybercrimeintrusion", "S14"},
      {"illegal", "S2"},
      {"misinformationdisinformation", "S13"},
      {"harassmentbullying", "S10"},
      {"harmful", "S1"},
      {"copyright", "S8"},
      // Llama Guard 3 / MLCommons hazard names
      {"violentcrimes", "S1"},
      {"nonviolentcrimes", "S2"},
      {"sexrelatedcrimes", "S3"},
      {"childsexualexploitation", "S4"},
      {"defamation", "S5"},
      {"specializedadvice", "S6"},
      {"intellectualproperty", "S8"},
      {"indiscriminateweapons", "S9"},
      {"hate", "S10"},
      {"suicideselfharm", "S11"},
      {"selfharm", "S11"},
      {"sexualcontent", "S12"},
      {"elections", "S13"},
      {"codeinterpreterabuse", "S14"},
  };
  if (auto hazard = NormalizeHazard(public_category)) return *hazard;
  auto it = kMap.find(CategoryKey(public_category));
  return it == kMap.end() ? std::string() : it->second;
}

namespace {

// One row of a suite file before it becomes a Seed.
struct Row {
  uint64_t line = 0;
  std::string goal;
  std::string context;  // HarmBench ContextString: the document a contextual behavior refers to
  std::string category;
  bool public_category = false;  // from a public set's column (HarmBench SemanticCategory)
  std::string hazard;
  std::string marker;
};

class Errors {
 public:
  explicit Errors(std::string path) : path_(std::move(path)) {}
  void Add(uint64_t line, std::string_view message) {
    if (list_.size() < kMaxReportedErrors) {
      list_.push_back(path_ + ":" + std::to_string(line) + ": " + std::string(message));
    }
    ++count_;
  }
  bool empty() const { return count_ == 0; }
  Status ToStatus() const {
    std::string msg;
    for (const std::string& e : list_) {
      if (!msg.empty()) msg += '\n';
      msg += e;
    }
    if (count_ > list_.size()) {
      msg += "\n... and " + std::to_string(count_ - list_.size()) + " more errors";
    }
    return Status::Invalid(msg);
  }

 private:
  std::string path_;
  std::vector<std::string> list_;
  size_t count_ = 0;
};

uint64_t Fnv1a(std::string_view s, uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string MarkerFor(uint64_t h) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "ZX-PWN-";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(h >> shift) & 15];
  return out;
}

bool IsInjection(AttackCategory c) {
  return c == AttackCategory::kDirectInjection || c == AttackCategory::kIndirectInjection;
}

void RowsToSeeds(const std::string& path, std::vector<Row>& rows, Errors& errors,
                 std::vector<Seed>& seeds) {
  std::set<std::string> markers;
  for (const Row& row : rows) {
    if (!row.marker.empty()) markers.insert(row.marker);
  }
  for (Row& row : rows) {
    Seed seed;
    seed.id = path + ":" + std::to_string(row.line);
    if (!IsValidUtf8(row.goal) || !IsValidUtf8(row.context)) {
      errors.Add(row.line, "goal is not valid UTF-8");
      continue;
    }
    if (TrimSpace(row.goal).empty()) {
      errors.Add(row.line, "empty goal");
      continue;
    }
    seed.goal = TrimSpace(row.context).empty() ? row.goal : row.context + "\n\n" + row.goal;
    std::string_view category = TrimSpace(row.category);
    std::optional<AttackCategory> ours;
    if (!row.public_category) ours = AttackCategoryFromName(Lower(category));
    if (ours) {
      seed.category = *ours;
    } else {
      seed.category = AttackCategory::kHarmful;
      seed.hazard = MapHazard(category);
    }
    if (!TrimSpace(row.hazard).empty()) {
      auto hazard = NormalizeHazard(row.hazard);
      if (!hazard) {
        errors.Add(row.line, "hazard must be one of S1..S14, got \"" + Excerpt(row.hazard) + "\"");
        continue;
      }
      if (seed.category != AttackCategory::kHarmful) {
        errors.Add(row.line, "a hazard is only for harmful seeds, this row is " +
                                 std::string(AttackCategoryName(seed.category)));
        continue;
      }
      seed.hazard = *hazard;
    }
    const bool has_placeholder = seed.goal.find("{marker}") != std::string::npos;
    if (!row.marker.empty() && !IsInjection(seed.category)) {
      errors.Add(row.line, "a marker is only for direct_injection and indirect_injection seeds");
      continue;
    }
    if (IsInjection(seed.category)) {
      if (!row.marker.empty()) {
        seed.success_marker = row.marker;
      } else if (!has_placeholder) {
        errors.Add(row.line, std::string(AttackCategoryName(seed.category)) +
                                 " seed needs {marker} in its goal or a marker column/key");
        continue;
      } else {
        // Deterministic from the row; bumped past markers already taken in this file.
        uint64_t h = Fnv1a(seed.goal, Fnv1a(std::to_string(row.line)));
        while (!markers.insert(MarkerFor(h)).second) h = Fnv1a("+", h);
        seed.success_marker = MarkerFor(h);
      }
    }
    seeds.push_back(std::move(seed));
  }
}

// Index of the first header (case-insensitive, trimmed) among `names`, in the order of `names`.
std::optional<size_t> FindColumn(const std::vector<std::string>& header,
                                 std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (Lower(TrimSpace(header[i])) == name) return i;
    }
  }
  return std::nullopt;
}

void ParseCsvSuite(std::string_view text, Errors& errors, std::vector<Row>& rows) {
  CsvTable table = ParseCsv(text);
  for (const CsvError& e : table.errors) errors.Add(e.line, e.message);
  if (table.records.empty()) {
    if (table.errors.empty()) errors.Add(1, "empty file: expected a header row");
    return;
  }
  const CsvRecord& header = table.records.front();
  auto goal_col = FindColumn(header.fields, {"goal", "behavior", "prompt"});
  if (!goal_col) {
    std::string columns;
    for (const std::string& f : header.fields) {
      if (!columns.empty()) columns += ", ";
      columns += Excerpt(f);
    }
    errors.Add(header.line,
               "no goal column: expected one of goal, behavior, prompt; the header "
               "has " +
                   columns);
    return;
  }
  auto category_col = FindColumn(header.fields, {"category"});
  auto semantic_col = FindColumn(header.fields, {"semanticcategory", "semantic_category"});
  auto hazard_col = FindColumn(header.fields, {"hazard"});
  auto marker_col = FindColumn(header.fields, {"marker", "success_marker"});
  auto context_col = FindColumn(header.fields, {"contextstring", "context_string"});
  for (size_t r = 1; r < table.records.size(); ++r) {
    const CsvRecord& rec = table.records[r];
    if (rec.fields.size() != header.fields.size()) {
      errors.Add(rec.line, "expected " + std::to_string(header.fields.size()) +
                               " fields as in the header, got " +
                               std::to_string(rec.fields.size()));
      continue;
    }
    Row row;
    row.line = rec.line;
    row.goal = rec.fields[*goal_col];
    if (category_col) {
      row.category = rec.fields[*category_col];
    } else if (semantic_col) {
      row.category = rec.fields[*semantic_col];
      row.public_category = true;
    }
    if (hazard_col) row.hazard = rec.fields[*hazard_col];
    if (marker_col) row.marker = std::string(TrimSpace(rec.fields[*marker_col]));
    if (context_col) row.context = rec.fields[*context_col];
    rows.push_back(std::move(row));
  }
}

// The value of the first key (case-insensitive) among `names`: nullptr when absent.
const boost::json::value* FindKey(const boost::json::object& obj,
                                  std::initializer_list<std::string_view> names,
                                  std::string& key_found) {
  for (std::string_view name : names) {
    for (const auto& kv : obj) {
      if (Lower(kv.key()) == name) {
        key_found = std::string(kv.key());
        return &kv.value();
      }
    }
  }
  return nullptr;
}

void ParseJsonlSuite(std::string_view text, Errors& errors, std::vector<Row>& rows) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  uint64_t line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view l = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line;
    if (TrimSpace(l).empty()) continue;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(l, ec);
    if (ec) {
      errors.Add(line, "invalid JSON: " + ec.message());
      continue;
    }
    if (!v.is_object()) {
      errors.Add(line, "expected a JSON object per line");
      continue;
    }
    const auto& obj = v.as_object();
    Row row;
    row.line = line;
    bool ok = true;
    auto get = [&](std::initializer_list<std::string_view> names, std::string& out, bool required) {
      std::string key;
      const boost::json::value* val = FindKey(obj, names, key);
      if (val == nullptr) {
        if (required) {
          errors.Add(line, "no goal: expected a \"goal\", \"behavior\" or \"prompt\" key");
          ok = false;
        }
        return;
      }
      if (!val->is_string()) {
        errors.Add(line, "\"" + Excerpt(key) + "\" must be a string");
        ok = false;
        return;
      }
      out = std::string(val->as_string());
    };
    get({"goal", "behavior", "prompt"}, row.goal, true);
    get({"category"}, row.category, false);
    if (row.category.empty()) {
      get({"semanticcategory", "semantic_category"}, row.category, false);
      row.public_category = !row.category.empty();
    }
    get({"hazard"}, row.hazard, false);
    get({"marker", "success_marker"}, row.marker, false);
    get({"contextstring", "context_string"}, row.context, false);
    if (ok) rows.push_back(std::move(row));
  }
}

}  // namespace

Result<std::vector<Seed>> ParseSuite(std::string_view text, const std::string& path,
                                     SuiteFormat format) {
  Errors errors(path);
  std::vector<Row> rows;
  if (format == SuiteFormat::kCsv) {
    ParseCsvSuite(text, errors, rows);
  } else {
    ParseJsonlSuite(text, errors, rows);
  }
  std::vector<Seed> seeds;
  RowsToSeeds(path, rows, errors, seeds);
  if (!errors.empty()) return errors.ToStatus();
  if (seeds.empty()) return Status::Invalid(path + ": no seeds in the file");
  return seeds;
}

Result<std::vector<Seed>> LoadSuiteFile(const std::string& path) {
  std::string lower = Lower(path);
  SuiteFormat format;
  if (lower.ends_with(".csv")) {
    format = SuiteFormat::kCsv;
  } else if (lower.ends_with(".jsonl") || lower.ends_with(".json-lines") ||
             lower.ends_with(".ndjson")) {
    format = SuiteFormat::kJsonl;
  } else {
    return Status::Invalid(path +
                           ": unknown suite format: expected a .csv or .jsonl file, or "
                           "\"builtin\"");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound(path + ": cannot open suite file: " + std::strerror(errno));
  }
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxSuiteBytes) {
      return Status::Invalid(path + ": suite file larger than " +
                             std::to_string(kMaxSuiteBytes >> 20) + " MiB");
    }
  }
  if (in.bad()) return Status::Io(path + ": read error");
  return ParseSuite(text, path, format);
}

Result<std::vector<Seed>> LoadSuites(const std::vector<std::string>& specs) {
  if (specs.empty()) return Status::Invalid("no suite given: expected \"builtin\" or a file");
  std::vector<Seed> all;
  std::vector<std::string> problems;
  std::map<std::string, std::string> origin;  // seed id → spec it came from
  for (const std::string& spec : specs) {
    std::vector<Seed> seeds;
    if (spec == "builtin") {
      seeds = BuiltinSuite();
    } else {
      auto loaded = LoadSuiteFile(spec);
      if (!loaded.ok()) {
        problems.push_back(loaded.status().message());
        continue;
      }
      seeds = std::move(*loaded);
    }
    for (Seed& seed : seeds) {
      auto [it, fresh] = origin.emplace(seed.id, spec);
      if (!fresh) {
        problems.push_back("duplicate seed id \"" + Excerpt(seed.id, 256) + "\" (in " + it->second +
                           " and " + spec + ")");
        continue;
      }
      all.push_back(std::move(seed));
    }
  }
  if (!problems.empty()) {
    std::string msg;
    for (const std::string& p : problems) {
      if (!msg.empty()) msg += '\n';
      msg += p;
    }
    return Status::Invalid(msg);
  }
  return all;
}

std::string SuiteFingerprint(const std::vector<Seed>& seeds) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  // Each field is length-prefixed, so ("ab","c") and ("a","bc") hash differently.
  auto add = [&](std::string_view s) {
    const std::string len = std::to_string(s.size()) + ":";
    EVP_DigestUpdate(ctx, len.data(), len.size());
    EVP_DigestUpdate(ctx, s.data(), s.size());
  };
  for (const Seed& seed : seeds) {
    add(seed.id);
    add(AttackCategoryName(seed.category));
    add(seed.hazard);
    add(seed.goal);
    add(seed.success_marker);
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  EVP_DigestFinal_ex(ctx, md.data(), &md_len);
  EVP_MD_CTX_free(ctx);
  return EncodeHex(std::string_view(reinterpret_cast<const char*>(md.data()), md_len), false);
}

}  // namespace frontseat::redteam
