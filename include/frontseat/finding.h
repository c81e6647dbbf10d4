// Finding: one thing a detector found, with the byte span in the ORIGINAL input it points at.
// Findings are what the policy turns into a decision, what `frontseat scan` prints and what the
// audit store keeps, so they never carry a raw secret: `preview` is always masked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontseat {

// The closed set of categories a policy can set thresholds and actions for.
enum class Category {
  kSecret,
  kPii,
  kPromptInjection,
  kHarmful,  // harmful requests and harmful content; subcategory = hazard ("S1".."S14", ...)
  kHiddenText,
  kInvalidUtf8,
  kBudgetExceeded,
};
inline constexpr int kCategoryCount = 7;

// "secret", "pii", "prompt_injection", "harmful", "hidden_text", "invalid_utf8", "budget_exceeded".
std::string_view CategoryName(Category category);
std::optional<Category> CategoryFromName(std::string_view name);

struct Finding {
  std::string detector;     // rule-level id, e.g. "secret.aws_access_key_id", "pii.email"
  Category category = Category::kSecret;
  std::string subcategory;  // optional refinement, e.g. "instruction_override"; empty if none
  double score = 1.0;       // confidence in [0, 1]
  uint64_t start = 0;       // byte offsets into the original document, half-open
  uint64_t end = 0;
  std::string preview;      // masked excerpt, safe to log
  std::string via;          // decoding chain that revealed it ("base64", "hex>url"); empty if none
};

// Masks a matched value for display: keeps a few leading characters of long values and replaces
// the rest with '*', so an operator can recognise a key's kind without learning the key.
// Output is at most ~24 bytes and always valid UTF-8.
std::string MaskPreview(std::string_view value);

}  // namespace frontseat
