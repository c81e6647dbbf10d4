// Fuzz target for detectors::StructuredText (the JSON and HTML/XML reader the classifiers use).
// Invariants checked (abort() on violation): no crash or hang on any bytes; the words of a
// structured document are never longer than the document plus one separator per piece (every
// piece is a copy of document bytes: ": " after a key and a newline after each piece at most
// triple a one-byte piece); a text that is not recognized leaves `out` as it was; the answer
// does not depend on what `out` held before.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "detectors/classifier/structured_text.h"

namespace {

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "structured_text_fuzz: invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string out = "previous";
  const bool structured = frontseat::detectors::StructuredText(text, out);
  if (!structured && out != "previous") Fail("unrecognized text changed the output");
  if (structured && out.size() > 3 * size + 1) Fail("more words than the document holds");
  std::string again;
  if (frontseat::detectors::StructuredText(text, again) != structured) Fail("not deterministic");
  if (structured && again != out) Fail("the result depends on the previous output");
  return 0;
}
