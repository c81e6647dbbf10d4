// Category names and preview masking shared by every part that prints or stores findings.
#include "frontseat/finding.h"

#include <array>

#include "core/utf8.h"

namespace frontseat {
namespace {
constexpr std::array<std::string_view, kCategoryCount> kNames = {
    "secret", "pii", "prompt_injection", "harmful", "hidden_text", "invalid_utf8", "budget_exceeded"};
}  // namespace

std::string_view CategoryName(Category category) {
  return kNames[static_cast<size_t>(category)];
}

std::optional<Category> CategoryFromName(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Category>(i);
  }
  return std::nullopt;
}

std::string MaskPreview(std::string_view value) {
  // Keep at most 4 leading characters, and only of values long enough (>= 12 bytes) that the
  // kept prefix is a small part of them: "ghp_****", "AKIA****". Short values are fully masked.
  // Only ASCII printable characters are kept so the preview never splits a code point.
  size_t keep = value.size() >= 12 ? 4 : 0;
  std::string out;
  for (size_t i = 0; i < keep && i < value.size(); ++i) {
    unsigned char c = value[i];
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '*';
  }
  size_t stars = value.size() - keep;
  if (stars > 12) stars = 12;
  if (stars == 0 && !value.empty()) stars = 1;
  out.append(stars, '*');
  out += "(" + std::to_string(value.size()) + ")";
  return out;
}

}  // namespace frontseat
