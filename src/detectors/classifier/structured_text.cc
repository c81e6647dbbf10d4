// The words of a JSON or HTML/XML document (see structured_text.h).
#include "detectors/classifier/structured_text.h"

#include <boost/json.hpp>

namespace frontseat::detectors {
namespace {

namespace json = boost::json;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

// The body of a Markdown code fence around the whole text (```json ... ```), or the text.
std::string_view Unfenced(std::string_view s) {
  if (!s.starts_with("```") || s.size() < 6 || !s.ends_with("```")) return s;
  const size_t newline = s.find('\n');
  if (newline == std::string_view::npos) return s;
  std::string_view info = s.substr(3, newline - 3);
  for (char c : info) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return s;  // not a language tag
  }
  return Trim(s.substr(newline + 1, s.size() - 3 - (newline + 1)));
}

void Strings(const json::value& v, std::string& out, int depth) {
  if (depth > 64) return;  // parse depth is bounded by Boost.JSON too; this keeps recursion short
  if (v.is_string()) {
    out.append(v.get_string().data(), v.get_string().size()).push_back('\n');
  } else if (v.is_array()) {
    for (const json::value& item : v.get_array()) Strings(item, out, depth + 1);
  } else if (v.is_object()) {
    for (const auto& member : v.get_object()) {
      if (member.value().is_string()) {
        out.append(member.key().data(), member.key().size()).append(": ");
        out.append(member.value().get_string().data(), member.value().get_string().size());
        out.push_back('\n');
      } else {
        Strings(member.value(), out, depth + 1);
      }
    }
  }
}

bool JsonWords(std::string_view s, std::string& out) {
  if (s.empty() || (s.front() != '{' && s.front() != '[')) return false;
  json::error_code ec;
  json::parse_options options;
  options.max_depth = 64;
  json::monotonic_resource resource;
  json::value v = json::parse(s, ec, &resource, options);
  if (ec || !v.is_structured()) return false;
  out.clear();
  Strings(v, out, 0);
  return true;
}

bool MarkupWords(std::string_view s, std::string& out) {
  if (s.size() < 3 || s.front() != '<' || s.find("</") == std::string_view::npos) return false;
  const char c = s[1];
  if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '?')) return false;
  out.clear();
  auto add = [&](std::string_view words) {
    words = Trim(words);
    if (!words.empty()) out.append(words).push_back('\n');
  };
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '<') {
      const size_t next = s.find('<', i);
      add(s.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i));
      i = next == std::string_view::npos ? s.size() : next;
      continue;
    }
    if (s.substr(i).starts_with("<!--")) {
      const size_t end = s.find("-->", i + 4);
      add(s.substr(i + 4, end == std::string_view::npos ? std::string_view::npos : end - i - 4));
      i = end == std::string_view::npos ? s.size() : end + 3;
      continue;
    }
    // A tag: keep its quoted attribute values, drop the rest.
    size_t j = i + 1;
    while (j < s.size() && s[j] != '>') {
      if (s[j] == '"' || s[j] == '\'') {
        const size_t close = s.find(s[j], j + 1);
        if (close == std::string_view::npos) {
          add(s.substr(j + 1));
          return true;
        }
        add(s.substr(j + 1, close - j - 1));
        j = close + 1;
      } else {
        ++j;
      }
    }
    i = j + 1;
  }
  return true;
}

}  // namespace

bool StructuredText(std::string_view text, std::string& out) {
  const std::string_view s = Unfenced(Trim(text));
  return JsonWords(s, out) || MarkupWords(s, out);
}

}  // namespace frontseat::detectors
