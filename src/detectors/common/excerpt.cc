// Printable excerpts for finding previews (see excerpt.h).
#include "detectors/common/excerpt.h"

#include "core/utf8.h"

namespace frontseat::detectors {

std::string TextExcerpt(std::string_view text, size_t max_bytes) {
  bool cut = text.size() > max_bytes;
  if (cut) text = text.substr(0, core::Utf8SafePrefix(text, max_bytes - 3));
  std::string out;
  out.reserve(text.size() + 3);
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  if (cut) out += "...";
  return out;
}

}  // namespace frontseat::detectors
