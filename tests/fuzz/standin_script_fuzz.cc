// Fuzz target for the stand-in server's script parser: any bytes given as a script must give a
// Script or a Status naming the problem, never a crash, an escaped exception or a hang. Parsed
// rules are then run against the input as a conversation, and replies split into stream deltas,
// which must put the reply back together.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "standin/script.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto script = frontseat::standin::ParseScript(text);
  if (!script.ok()) {
    if (script.status().message().empty()) {
      std::fprintf(stderr, "standin_script_fuzz: a rejected script came with an empty message\n");
      std::abort();
    }
    return 0;
  }
  frontseat::standin::Conversation conversation{std::string(text), std::string(text),
                                                std::string(text)};
  for (const auto& rule : script->rules) {
    (void)frontseat::standin::RuleMatches(rule, conversation);
    std::string joined;
    for (const std::string& part : frontseat::standin::SplitIntoDeltas(rule.reply, rule.reply.text)) {
      if (part.empty()) std::abort();  // an empty delta would be a pointless SSE event
      joined += part;
    }
    if (joined != rule.reply.text) std::abort();
  }
  return 0;
}
