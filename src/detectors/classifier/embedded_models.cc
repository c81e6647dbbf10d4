// The shipped models (models/*.ftz), embedded in the binary at build time so the default policy
// works wherever the binary is copied. CMake passes each file's absolute path; a model missing at
// configure time is embedded as zero bytes (an empty file from the build tree) and BuiltinModel
// reports it. FRONTSEAT_MODEL_* are string literals with the absolute paths.
#include <string_view>

#define FRONTSEAT_EMBED(sym, path)                                        \
  __asm__(".section .rodata\n"                                            \
          ".balign 16\n"                                                  \
          ".globl " #sym "_begin\n" #sym "_begin:\n"                      \
          ".incbin \"" path "\"\n"                                        \
          ".globl " #sym "_end\n" #sym "_end:\n"                          \
          ".byte 0\n"                                                     \
          ".previous\n");                                                 \
  extern "C" const char sym##_begin[];                                    \
  extern "C" const char sym##_end[];

FRONTSEAT_EMBED(frontseat_model_injection, FRONTSEAT_MODEL_INJECTION)
FRONTSEAT_EMBED(frontseat_model_harmful, FRONTSEAT_MODEL_HARMFUL)

namespace frontseat::detectors {

std::string_view EmbeddedModelBytes(std::string_view name) {
  if (name == "injection") {
    return {frontseat_model_injection_begin,
            static_cast<size_t>(frontseat_model_injection_end - frontseat_model_injection_begin)};
  }
  if (name == "harmful") {
    return {frontseat_model_harmful_begin,
            static_cast<size_t>(frontseat_model_harmful_end - frontseat_model_harmful_begin)};
  }
  return {};
}

}  // namespace frontseat::detectors
