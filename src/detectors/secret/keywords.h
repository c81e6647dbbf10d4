// Keyword analysis of the secret detector's generic assignments (`password = ...`,
// `client_secret: ...`, `--token ...`): does the identifier before a value really name a
// credential? The rule's pattern only found a keyword somewhere in it; this file reads the whole
// identifier as words, so that `bypass`, `password_length`, `token_url` or `public_key` are not
// taken for credentials. The value itself is judged by validators.h.
#pragma once

#include <string_view>

#include "detectors/secret/rules.h"

namespace frontseat::detectors::secret {

// True if `key_text` (the text from the start of the identifier that holds the keyword up to the
// value) contains a word of `family`, not qualified by a public or non-secret word before it
// ("public_key", "idempotency_token"), and whose identifier does not end in a word naming a
// non-secret attribute ("password_length", "token_url") unless `value` is strongly random.
// Identifiers split into words at '_', '-', '.' and lower-to-upper changes ("clientSecret").
// Always true for KeywordFamily::kNone. Pure and thread-safe; cost linear in `key_text`.
bool KeyNamesSecret(std::string_view key_text, KeywordFamily family, std::string_view value);

}  // namespace frontseat::detectors::secret
