// A short, printable excerpt of matched text for Finding::preview, for detectors whose matches
// are not secrets (injection phrasing, classifier windows): control characters become spaces and
// a long excerpt is cut on a code-point boundary with a trailing "...".
#pragma once

#include <string>
#include <string_view>

namespace frontseat::detectors {

// At most `max_bytes` bytes (>= 4), "..." included.
std::string TextExcerpt(std::string_view text, size_t max_bytes = 60);

}  // namespace frontseat::detectors
