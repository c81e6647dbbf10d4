// Fuzz target for the gateway's request parsers (chat completions, moderations, guard) and its
// config loader: any bytes must give a parsed struct or a Status with a message, never a crash
// or an escaped exception. A parsed chat request must also survive the redaction write-back
// and re-serialization the proxy does before sending it upstream.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "gateway/config.h"
#include "gateway/requests.h"

namespace {
void Check(bool ok, const frontseat::Status& s, const char* what) {
  if (!ok && s.message().empty()) {
    std::fprintf(stderr, "gateway_requests_fuzz: %s rejected with an empty message\n", what);
    std::abort();
  }
}
const char* NoEnv(const char*) { return nullptr; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace frontseat::gateway;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto chat = ParseChatRequest(body);
  Check(chat.ok(), chat.status(), "chat request");
  if (chat.ok()) {
    for (const ChatText& t : chat->texts) ReplaceChatText(*chat, t, "[redacted]");
    std::string out = SerializeChatRequest(*chat);
    if (!ParseChatRequest(out).ok()) {
      std::fprintf(stderr, "gateway_requests_fuzz: a rewritten chat request no longer parses\n");
      std::abort();
    }
  }
  auto mod = ParseModerationRequest(body);
  Check(mod.ok(), mod.status(), "moderation request");
  auto guard = ParseGuardRequest(body);
  Check(guard.ok(), guard.status(), "guard request");
  auto config = ParseGatewayConfig(body, "fuzz.yaml", &NoEnv);
  Check(config.ok(), config.status(), "gateway config");
  return 0;
}
