// Fuzz target for the red-team journal reader (redteam::AttemptFromJson, what `frontseat redteam
// --resume` reads from attempts.jsonl, a file a kill may have cut anywhere) and for the answer
// judge's decoders (redteam::DecodeAnswer, AnswerViews), which read model answers.
//
// Invariants checked (abort() on violation): an accepted line serializes and parses back to the
// same line (the journal is a fixed point after one round trip); decoded answers never exceed
// the input's size (each decoding shrinks or keeps the text).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "redteam/judge.h"
#include "redteam/result_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto attempt = frontseat::redteam::AttemptFromJson(input);
  if (attempt.ok()) {
    std::string once = frontseat::redteam::AttemptToJson(*attempt);
    auto again = frontseat::redteam::AttemptFromJson(once);
    if (!again.ok() || frontseat::redteam::AttemptToJson(*again) != once) std::abort();
  }
  for (std::string_view enc : {"base64", "hex", "rot13", "reversed", "leetspeak", ""}) {
    std::string decoded = frontseat::redteam::DecodeAnswer(input, enc);
    if (decoded.size() > input.size()) std::abort();
  }
  (void)frontseat::redteam::AnswerViews(input.substr(0, 4096), "base64");
  return 0;
}
