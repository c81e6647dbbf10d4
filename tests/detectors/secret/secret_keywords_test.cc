// Question: does KeyNamesSecret (keywords.h) read an identifier as words, so that it accepts the
// names that hold a credential of the asked family (`password`, `api_key`, `clientSecret`) and
// rejects the ones that only contain the keyword's letters (`bypass`, `keyboard`, `secretary`),
// qualify it as public (`public_key`, `idempotency_token`) or name an attribute of it
// (`password_length`, `token_url`), unless the value is too random to be anything but a secret?
#include "detectors/secret/keywords.h"

#include <gtest/gtest.h>

#include <string_view>

namespace frontseat::detectors::secret {
namespace {

// An ordinary value: not strongly random, so it cannot outweigh a non-secret name.
constexpr std::string_view kValue = "hunter2";
// 20 characters of all three classes, all distinct: strongly random (validators.h).
constexpr std::string_view kRandom = "Q7mZp2XtLr8Kw4Vn9Bs3";

bool Names(std::string_view key, KeywordFamily family, std::string_view value = kValue) {
  return KeyNamesSecret(key, family, value);
}

// --- kNone ---------------------------------------------------------------------------------------

TEST(SecretKeywords, FamilyNoneAcceptsAnyKey) {
  EXPECT_TRUE(Names("", KeywordFamily::kNone));
  EXPECT_TRUE(Names("keyboard", KeywordFamily::kNone));
  EXPECT_TRUE(Names("password_length", KeywordFamily::kNone));
}

// --- kPassword -----------------------------------------------------------------------------------

TEST(SecretKeywords, PasswordNamesAPassword) {
  for (std::string_view key : {"password", "PASSWORD", "db_password", "dbPassword", "userPwd",
                               "passwd", "passphrase", "pass", "smtp-pass", "ANYpassword",
                               "password2", "mysql.root.password", "passw0rd", "pswd"}) {
    EXPECT_TRUE(Names(key, KeywordFamily::kPassword)) << key;
  }
}

TEST(SecretKeywords, PasswordLengthIsNotAPassword) {
  EXPECT_FALSE(Names("password_length", KeywordFamily::kPassword));
  EXPECT_FALSE(Names("passwordPolicy", KeywordFamily::kPassword));
  EXPECT_FALSE(Names("PASSWORD_MIN", KeywordFamily::kPassword));
  EXPECT_FALSE(Names("password-file", KeywordFamily::kPassword));
}

TEST(SecretKeywords, NonSecretHeadIsOutweighedByAStronglyRandomValue) {
  EXPECT_TRUE(Names("password_length", KeywordFamily::kPassword, kRandom));
}

TEST(SecretKeywords, TrailingNumberDoesNotHideTheHead) {
  // The last word is only digits, so the head is the keyword itself.
  EXPECT_TRUE(Names("password_2", KeywordFamily::kPassword));
  // "length2" strips to "length", a non-secret head.
  EXPECT_FALSE(Names("password_length2", KeywordFamily::kPassword));
}

TEST(SecretKeywords, WordsThatEndInPassAreNotPasswords) {
  for (std::string_view key : {"bypass", "compass", "surpass", "trespass", "overpass",
                               "bypass_cache", "compassHeading"}) {
    EXPECT_FALSE(Names(key, KeywordFamily::kPassword)) << key;
  }
}

TEST(SecretKeywords, KeywordInsideAnotherWordIsNotAPassword) {
  EXPECT_FALSE(Names("passenger", KeywordFamily::kPassword));
  EXPECT_FALSE(Names("username", KeywordFamily::kPassword));
}

// --- kApiKey -------------------------------------------------------------------------------------

TEST(SecretKeywords, ApiKeyNamesAnApiKey) {
  for (std::string_view key : {"api_key", "apiKey", "API-KEY", "apikey", "ACCESS_KEY",
                               "stripe_secret_key", "privateKey", "client.key", "license_keys",
                               "api_key_2"}) {
    EXPECT_TRUE(Names(key, KeywordFamily::kApiKey)) << key;
  }
}

TEST(SecretKeywords, KeyboardIsNotAnApiKey) {
  EXPECT_FALSE(Names("keyboard", KeywordFamily::kApiKey));
  EXPECT_FALSE(Names("api_keyboard", KeywordFamily::kApiKey));
}

TEST(SecretKeywords, KeyWithoutAKindIsNotAnApiKey) {
  EXPECT_FALSE(Names("key", KeywordFamily::kApiKey));
  EXPECT_FALSE(Names("cache_key", KeywordFamily::kApiKey));
  EXPECT_FALSE(Names("monkey", KeywordFamily::kApiKey));
}

TEST(SecretKeywords, PublicQualifierMakesAKeyNonSecret) {
  EXPECT_FALSE(Names("public_api_key", KeywordFamily::kApiKey));
  EXPECT_FALSE(Names("pubAccessKey", KeywordFamily::kApiKey));
}

TEST(SecretKeywords, ApiKeyIdIsNotAnApiKey) {
  EXPECT_FALSE(Names("api_key_id", KeywordFamily::kApiKey));
  EXPECT_FALSE(Names("accessKeyName", KeywordFamily::kApiKey));
  EXPECT_TRUE(Names("api_key_id", KeywordFamily::kApiKey, kRandom));
}

// --- kKey ----------------------------------------------------------------------------------------

TEST(SecretKeywords, BareKeyNamesAKey) {
  for (std::string_view key : {"key", "KEY", "signing_key", "masterKey", "keys"}) {
    EXPECT_TRUE(Names(key, KeywordFamily::kKey)) << key;
  }
}

TEST(SecretKeywords, WordsThatEndInKeyAreNotKeys) {
  for (std::string_view key : {"monkey", "turkey", "donkey", "hockey", "whiskey", "hotkey",
                               "keyboard", "keystore_path"}) {
    EXPECT_FALSE(Names(key, KeywordFamily::kKey)) << key;
  }
}

TEST(SecretKeywords, DatabaseAndCacheKeysAreNotSecret) {
  for (std::string_view key : {"primary_key", "foreign_key", "sort_key", "partitionKey",
                               "cache_key", "routing_key", "object.key", "i18n_key"}) {
    EXPECT_FALSE(Names(key, KeywordFamily::kKey)) << key;
  }
}

// --- kSecret -------------------------------------------------------------------------------------

TEST(SecretKeywords, SecretNamesASecret) {
  for (std::string_view key : {"secret", "client_secret", "clientSecret", "webhookSecret",
                               "SECRET_KEY", "secrets", "jwt.secret"}) {
    EXPECT_TRUE(Names(key, KeywordFamily::kSecret)) << key;
  }
}

TEST(SecretKeywords, SecretaryIsNotASecret) {
  EXPECT_FALSE(Names("secretary", KeywordFamily::kSecret));
  EXPECT_FALSE(Names("secretariat_email", KeywordFamily::kSecret));
}

TEST(SecretKeywords, SecretNameIsNotASecret) {
  EXPECT_FALSE(Names("secret_name", KeywordFamily::kSecret));
  EXPECT_FALSE(Names("clientSecretRef", KeywordFamily::kSecret));
  EXPECT_FALSE(Names("secret-manager", KeywordFamily::kSecret));
}

// --- kToken --------------------------------------------------------------------------------------

TEST(SecretKeywords, TokenNamesAToken) {
  for (std::string_view key : {"token", "access_token", "authToken", "GITHUB_TOKEN", "tkn",
                               "refresh-tokens", "slack.bot.token"}) {
    EXPECT_TRUE(Names(key, KeywordFamily::kToken)) << key;
  }
}

TEST(SecretKeywords, TokenUrlIsNotAToken) {
  EXPECT_FALSE(Names("token_url", KeywordFamily::kToken));
  EXPECT_FALSE(Names("tokenEndpoint", KeywordFamily::kToken));
  EXPECT_FALSE(Names("access_token_expiry", KeywordFamily::kToken));
  EXPECT_FALSE(Names("token_type", KeywordFamily::kToken));
}

TEST(SecretKeywords, IdempotencyAndCsrfTokensAreNotSecret) {
  EXPECT_FALSE(Names("idempotency_token", KeywordFamily::kToken));
  EXPECT_FALSE(Names("csrf_token", KeywordFamily::kToken));
  EXPECT_FALSE(Names("cursorToken", KeywordFamily::kToken));
}

TEST(SecretKeywords, TokenizerIsNotAToken) {
  EXPECT_FALSE(Names("tokenizer", KeywordFamily::kToken));
  EXPECT_FALSE(Names("tokens_count", KeywordFamily::kToken));
}

// --- kCredential ---------------------------------------------------------------------------------

TEST(SecretKeywords, AuthAndCredentialWordsNameACredential) {
  for (std::string_view key : {"auth", "authorization", "oauth_client", "credentials",
                               "creds", "cred", "AuthKey", "basicAuth"}) {
    EXPECT_TRUE(Names(key, KeywordFamily::kCredential)) << key;
  }
}

TEST(SecretKeywords, AuthorIsNotACredential) {
  for (std::string_view key : {"author", "authors", "authored", "authority", "commit_author"}) {
    EXPECT_FALSE(Names(key, KeywordFamily::kCredential)) << key;
  }
}

TEST(SecretKeywords, AuthMethodIsNotACredential) {
  EXPECT_FALSE(Names("auth_method", KeywordFamily::kCredential));
  EXPECT_FALSE(Names("oauthProvider", KeywordFamily::kCredential));
  EXPECT_FALSE(Names("credentials_file", KeywordFamily::kCredential));
}

// --- kAny ----------------------------------------------------------------------------------------

TEST(SecretKeywords, AnyFamilyAcceptsEachFamilysWords) {
  for (std::string_view key : {"--password", "--token", "client_secret", "--api-key", "auth",
                               "bearer", "apikey", "--credentials"}) {
    EXPECT_TRUE(Names(key, KeywordFamily::kAny)) << key;
  }
}

TEST(SecretKeywords, AnyFamilyDoesNotIncludeTheBareKey) {
  EXPECT_FALSE(Names("--key", KeywordFamily::kAny));
  EXPECT_TRUE(Names("--key", KeywordFamily::kKey));
}

TEST(SecretKeywords, AnyFamilyRejectsLookAlikesAndAttributes) {
  for (std::string_view key : {"--author", "--bypass", "--keyboard", "--token-url",
                               "bearer_format", "--public-key", "--secretary"}) {
    EXPECT_FALSE(Names(key, KeywordFamily::kAny)) << key;
  }
}

// --- The key text around the identifier ----------------------------------------------------------

TEST(SecretKeywords, PunctuationAroundTheIdentifierIsSkipped) {
  EXPECT_TRUE(Names("password = ", KeywordFamily::kPassword));
  EXPECT_TRUE(Names("\"password\": ", KeywordFamily::kPassword));
  EXPECT_TRUE(Names("  $token := ", KeywordFamily::kToken));
  EXPECT_FALSE(Names("\"password_length\": ", KeywordFamily::kPassword));
}

TEST(SecretKeywords, KeyTextWithoutTheFamilysWordIsRejected) {
  EXPECT_FALSE(Names("", KeywordFamily::kPassword));
  EXPECT_FALSE(Names(" = ", KeywordFamily::kToken));
  EXPECT_FALSE(Names("username", KeywordFamily::kSecret));
  EXPECT_FALSE(Names("password", KeywordFamily::kToken));
}

TEST(SecretKeywords, QualifierAfterTheKeywordDoesNotMakeItPublic) {
  // Only words before the keyword qualify it; "public" here is not a non-secret head either.
  EXPECT_TRUE(Names("token_public", KeywordFamily::kToken));
}

}  // namespace
}  // namespace frontseat::detectors::secret
