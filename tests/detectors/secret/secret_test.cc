// Questions: does every rule of the secret detector find its credential format as people paste
// it (true examples) and stay quiet on near misses (placeholders, wrong lengths, failed checksums,
// look-alike names), when run through the real engine? Does every finding carry the value's span
// in the original bytes, its rule id, category secret and a masked preview, never the secret?
// Are secrets hidden by obfuscation the normalizer and decoders undo (zero-width characters,
// fullwidth forms, base64) still found? And does hostile input (empty, invalid UTF-8, NUL bytes,
// a large document, concurrent scans) give clean results?
//
// The examples below are written for these tests: every token is random or built to the format
// by hand (GitHub/npm checksums and the age bech32 checksum computed for the random body). None is
// a real credential.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "detectors/registry.h"
#include "detectors/secret/rules.h"
#include "engine/engine.h"
#include "frontseat/finding.h"
#include "testing/scan_testing.h"

namespace frontseat {
namespace {

using detectors::SecretRule;
using detectors::SecretRules;
using testing::SpanText;

// One engine with the secret detector at its defaults, shared by the table-driven tests (building
// it compiles ~200 patterns, too slow to repeat per example).
const engine::Engine& SecretEngine() {
  static const std::unique_ptr<engine::Engine> kEngine = [] {
    detectors::ConfigErrors errors;
    std::vector<std::unique_ptr<Detector>> list;
    list.push_back(detectors::CreateDetector("secret", YAML::Node(), "secret", errors));
    auto engine = engine::Engine::Create(std::move(list));
    return engine.ok() ? std::move(*engine) : nullptr;
  }();
  return *kEngine;
}

std::vector<Finding> Scan(std::string_view text) { return SecretEngine().Scan(text); }

std::string Describe(std::string_view text, const std::vector<Finding>& findings) {
  std::string s;
  for (const Finding& f : findings) {
    s += "  " + f.detector + " [" + SpanText(text, f) + "] score " + std::to_string(f.score) + "\n";
  }
  return s.empty() ? "  (no findings)\n" : s;
}

const Finding* FindRule(const std::vector<Finding>& findings, std::string_view rule) {
  for (const Finding& f : findings) {
    if (f.detector == rule) return &f;
  }
  return nullptr;
}

struct Example {
  const char* rule;
  bool secret;  // true: the rule must report it; false: the rule must not
  const char* text;
};

// Keyed by rule id; every rule in rules.cc has at least one example of each kind.
const std::vector<Example>& Examples() {
  static const std::vector<Example> kExamples = {
      {"secret.aws_access_key_id", true, "aws_access_key_id = AKIAAEZWHFTJDVUSFWR7"},
      {"secret.aws_access_key_id", true, "export AWS_ACCESS_KEY_ID=\"ASIAUJ6HUPNHOQ9QQAIO\""},
      {"secret.aws_access_key_id", false, "AKIAAEZWHFTJDV is too short"},
      {"secret.aws_access_key_id", false, "AKIAIOSFODNN7EXAMPLE from the docs"},
      {"secret.aws_secret_access_key", true,
       "aws_secret_access_key = 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"},
      {"secret.aws_secret_access_key", true,
       "\"SecretAccessKey\": \"KDpDl/1ZfDFyI3r20ZaOx404z00sdL94jLlCe2jg\""},
      {"secret.aws_secret_access_key", false,
       "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
      {"secret.aws_secret_access_key", false,
       "aws_secret_access_key = wpQPPEtqy69f8ZoMH16JuTNjqfYict6rko6hTu4RX"},
      {"secret.aws_session_token", true,
       "aws_session_token = IQoJb3JpZ2luX2VjEmitoNApLtqg0EoG60vjKj4A4Y1315vkFWlZxcpVG+qY/eCXrlPB"
       "rdPpt31OJejOtGJDwThRaKqiCDF8OJoCxs7oVsQsNED5yveGEPtZYshxndV7ibDibgNf+8hu1PPfMyIgR2uPNL5r"
       "73RG1bRYioisKBgHAA1EcYzxeSnY4fWrK2/DYfPn82TE9Hqa+g1/EAM5ClAKCxr9U5OEV0ajDpRpvlPOzSGrcrxY"
       "PwuhETIzqa2Ihf8MNNu3Lb0ks/XtV0PzcyCT8ouLbXfXlY6uRhGK0rLCrK0pFmDKps4DOHBIB"},
      {"secret.aws_session_token", false,
       "aws_session_token = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
      {"secret.aws_session_token", false, "aws_session_token = short"},
      {"secret.aws_mws_key", true, "MWS_AUTH_TOKEN=amzn.mws.a5116a81-e9a4-ec59-2c11-2f54f00ae957"},
      {"secret.aws_mws_key", false, "amzn.mws.5302dd33-e0c5"},
      {"secret.aws_bedrock_api_key", true,
       "AWS_BEARER_TOKEN_BEDROCK=ABSKgiyPPIjbmqH/q4UYIjDj1z2c8zYpotzmDyu+q2rJcAGjoxUFMXCgDjqb8nM"
       "6EYB+PP3dPmt1OMQhde4dH9vcBO1Sd0fil8QnkzdTcQGZBbN0oOmcuPGHt0IFwT2JIE/aGp/e"},
      {"secret.aws_bedrock_api_key", false,
       "ABSKKVCSdBU05Pentt4nhvR4+ITxGVmlt5lDsV5eKvC+ is too short"},
      {"secret.aws_bedrock_short_term_key", true,
       "token: bedrock-api-key-gSlEGGaNkLMbO3tDI/zPG74lYMAdrngxghiThUKV97+7m+IGDW1z30gvShD3rqZGf"
       "gSt4+MXIDij5pDfbfRx1r/Dgqm+XUBBae7lD2aSINxhlnH+1ZD3I5j4"},
      {"secret.aws_bedrock_short_term_key", false,
       "bedrock-api-key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
      {"secret.gcp_api_key", true,
       "const firebaseConfig = { apiKey: \"AIzaA7GHhtiSDNCJcW8tcSyftxdED5HeHxHhoBZ\" };"},
      {"secret.gcp_api_key", false, "AIzaM0q0m4MQPR_HPJFM9N7oGHtGYIpX6f"},
      {"secret.gcp_api_key", false, "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"},
      {"secret.gcp_service_account_key_id", true,
       "  \"private_key_id\": \"e6ccffbce2669dada779e896c45cb3bb85f6243a\","},
      {"secret.gcp_service_account_key_id", false,
       "  \"client_id\": \"1a27c92abfafa43c8ab2b30d71155d7b2011bf85\","},
      {"secret.gcp_oauth_client_secret", true,
       "\"client_secret\":\"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\""},
      {"secret.gcp_oauth_client_secret", false, "GOCSPX-G5c4XeUVDjwN"},
      {"secret.google_oauth_access_token", true,
       "Authorization uses ya29.JzoF_S2Cv8AA9QXJwoZ3C8rRhiNq8ZaDwYIZ4ejeiAeM0d907m2oQ4gU7w7pbSgK"
       "CcpkxHLZJfgWFYOLJTJvjonlRFagakIjFyAI9GMMekFrMJ9HTnzZij9I"},
      {"secret.google_oauth_access_token", false, "ya29.short"},
      {"secret.google_oauth_refresh_token", true,
       "refresh: 1//0RqYWm1nRuS5qsystqKxI8J6O0NXAkfi8TjsXnFEbX5zeP2yCzb4_UNYFx4yrHrYLNuNZgMlHi8B"
       "n4umcFJuip3ZlRuhXZQ8De1_2"},
      {"secret.google_oauth_refresh_token", false, "path 1//0abc/def"},
      {"secret.azure_storage_account_key", true,
       "DefaultEndpointsProtocol=https;AccountName=acct42;AccountKey=o/x2g5i9LB6w28yLtG54sDPM5iB"
       "92cwoBvw1XyRxij4Z0H4wgGePQoT0eUmjSA05VbKQD84+aPPlxXEmixH/UN==;EndpointSuffix=core.window"
       "s.net"},
      {"secret.azure_storage_account_key", false,
       "AccountKey=tPXfOYjYqEpRxy3nzeTjmWOuV7xan35D4aPDw/Nf=="},
      {"secret.azure_identifiable_key", true,
       "AZURE_AI_KEY=nHvtAQum3kw1r6NtkRnW4rxYjVI8xBQhgW1ezL2i4iYqOZfPSdBaJQQJ99BEACYeBjFXJ3w3AAA"
       "AACOGcUmu"},
      {"secret.azure_identifiable_key", false,
       "ooooooooooooooooooooooooooooooooooooooooooooooooooooJQQJ99BEACYeBjFXJ3w3AAAAACOGzzzz"},
      {"secret.azure_ad_client_secret", true,
       "AZURE_CLIENT_SECRET=Xlt8Q~RuPThhFE.s.QqiGKLo82MUvZlehZUPYgSv"},
      {"secret.azure_ad_client_secret", false, "value h7o8Q~short"},
      {"secret.azure_sas_token", true,
       "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T0"
       "0:00:00Z&sig=qrcmHWdPqJupJuJ0tl0iy2nxlZVRWYN4Sb5IaBpe%2BjLwqfnYVyL%3D"},
      {"secret.azure_sas_token", false,
       "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&sig=short"},
      {"secret.azure_devops_pat", true,
       "AZURE_DEVOPS_PAT=ezkib2ep573ckwuq4lzjslmegcglusa7y6eoti2oa6ruhlbcdrpb"},
      {"secret.azure_devops_pat", false, "AZURE_DEVOPS_PAT=3a2vskwkh2fvc3t4sxaoq6g52jytmz"},
      {"secret.azure_openai_key", true,
       "AZURE_OPENAI_API_KEY=\"a6998bf9b5ae5b8eac0ff3da2d940962\""},
      {"secret.azure_openai_key", false, "AZURE_OPENAI_API_KEY=\"c9fd0c6b1c70fa55bdc8\""},
      {"secret.alibaba_access_key_id", true, "accessKeyId: LTAICJls4yB3xLuZn5NHIepE"},
      {"secret.alibaba_access_key_id", false, "LTAIlEqunm"},
      {"secret.alibaba_access_key_secret", true,
       "ALIBABA_CLOUD_ACCESS_KEY_SECRET=1YU8qnyWA8JCOdnsMkLDU6LAEbE3CN"},
      {"secret.alibaba_access_key_secret", false, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=Q2XfrtXsnDzN"},
      {"secret.tencent_secret_id", true, "SecretId: AKIDFeXZYUdeU6Rty8gd7WSNTyuadG99L892"},
      {"secret.tencent_secret_id", false, "AKIDSP4g7o4lpE"},
      {"secret.tencent_secret_key", true,
       "TENCENTCLOUD_SECRET_KEY=uUDyOqKGeS9WZZTP715axkmqjV5BHo0k"},
      {"secret.tencent_secret_key", false, "TENCENTCLOUD_SECRET_KEY=Ar4D4KnUguvWZYrO"},
      {"secret.wechat_app_secret", true,
       "wechat_app_secret = \"18267c07aa2ccfceee7bb97e8429942b\""},
      {"secret.wechat_app_secret", false, "wechat_app_id = \"wx8034462cafbc51fe\""},
      {"secret.digitalocean_token", true,
       "DIGITALOCEAN_TOKEN=dop_v1_57c162d2fcaff9e8bd605c9c8afe9d822b10a63b34391675605a28fbcd5c7b"
       "96"},
      {"secret.digitalocean_token", false, "dop_v1_c6a17889504e4d600921e53be2b622a14bd4f7ad"},
      {"secret.heroku_api_key", true,
       "HEROKU_API_KEY=HRKU-9php2dxSS1TZ3npMM3O_a0Ru7zX_pgXMhX7Y88F5MsGKDGIwk--usjV_9JSH"},
      {"secret.heroku_api_key", false, "HRKU-short"},
      {"secret.heroku_api_key_legacy", true, "HEROKU_API_KEY=36975519-ea77-898a-9d43-9faf15adbdca"},
      {"secret.heroku_api_key_legacy", false, "HEROKU_APP_NAME=my-app"},
      {"secret.cloudflare_api_token", true,
       "CLOUDFLARE_API_TOKEN=cfut_Jl4XOOCFu8qUI5YH92Cd4eRsww6ciZbtgY1l2lPwPsP81jKI"},
      {"secret.cloudflare_api_token", false, "cfut_LmhY1XWuHY92yzYmI9SH"},
      {"secret.cloudflare_api_key_legacy", true,
       "CLOUDFLARE_API_KEY=7778ccbf43e64667e6903f7a886eeea346674"},
      {"secret.cloudflare_api_key_legacy", false, "CLOUDFLARE_API_KEY=e8a7fcc03a086f4d6c67"},
      {"secret.cloudflare_origin_ca_key", true,
       "origin_ca_key = v1.0-096c4101a6108a4768572631-1db8de91007f3e884c5253794eb69eef3d64847cc5"
       "51f886764d3c438cde8849e22c7112c3b83343a919fe7e87888f8722eeb288bbddd1634bbe9f1463f516d75c"
       "b039779713804acf"},
      {"secret.cloudflare_origin_ca_key", false,
       "v1.0-9a4d4be8c343befb03ba9ad4-d36052b54a7be15634b8"},
      {"secret.databricks_token", true, "DATABRICKS_TOKEN=dapi6ada2b71cb7ec809de9c91936f16f0a2"},
      {"secret.databricks_token", false, "dapi098d41f685b5b410c2b1"},
      {"secret.hashicorp_vault_token", true,
       "VAULT_TOKEN=hvs.9xq5JIByxwOSTZFBacyVTD9uyIQyUeZsWHWUwmhbqmp0LsN5BH7nKjcZMC5rlvj31yhQJocZ"
       "D2Pml7o22CqvbWo4c9"},
      {"secret.hashicorp_vault_token", false, "hvs.short"},
      {"secret.terraform_cloud_token", true,
       "token = \"v22NNcsp9ZtU8R.atlasv1.fcscX4IXY_6LGKXhFdVAUvmNhe0nEbrJqs8vGeGBJ-4XBkO7jGftNzb"
       "30YwDdg39inZ\""},
      {"secret.terraform_cloud_token", false,
       "OQb099c7QuYaUX.atlasv2.IDh29XOAPgrRCNLFw9rI98UfnwXc1RZHT22OpufH_hOjehbNmzo8Qa9s4K8Z_OL3p"
       "iT"},
      {"secret.doppler_token", true,
       "DOPPLER_TOKEN=dp.st.IRuux55bKmIbegJYOFrfuQcnAHNJpB2hdoPLgcg5t0K"},
      {"secret.doppler_token", false, "dp.xx.iOlbdqmpLO9sAOZ4JslhheRFQRTxf31yyfa8OPam4lw"},
      {"secret.pulumi_access_token", true,
       "PULUMI_ACCESS_TOKEN=pul-cd1a7d0a382788b7da984efbc3845d840560aab6"},
      {"secret.pulumi_access_token", false, "pul-7be4b20c6d6165d87524"},
      {"secret.netlify_token", true, "NETLIFY_AUTH_TOKEN=nfp_clHhMoRdrqzPbDCftzbZUZ13AAasHSNAqzHs"},
      {"secret.netlify_token", false, "nfp_497HxO6izz5Skq39ACg4"},
      {"secret.vercel_token", true,
       "VERCEL_TOKEN=vcp_9dtGJvM9P7CyfiD6lVx7TgXxM5jEEdGW9SVpwgp6FEpZdLGh3B4jBLkq"},
      {"secret.vercel_token", false, "vcp_T6jYQUMQt4"},
      {"secret.supabase_token", true,
       "SUPABASE_ACCESS_TOKEN=sbp_fae9421586c762024e199443a89320b1c92221ef"},
      {"secret.supabase_token", false, "sbp_7cfb07a4fcd4ff0ecf12"},
      {"secret.planetscale_token", true,
       "DATABASE_PASSWORD=pscale_pw_lVMNkxQKMN3mGCXd0mjNV99dwOiY3QAdmN8KSDK6KjU"},
      {"secret.planetscale_token", false, "pscale_pw_BcuQ8cPhB0"},
      {"secret.grafana_cloud_token", true,
       "GRAFANA_CLOUD_TOKEN=glc_eyJvIjogIjIwNDYzMCIsICJuIjogImNpLXRva2VuIiwgImsiOiAiRmtSY0pWMlp0"
       "b2hqOWExbDJHMzRRUVdJIiwgIm0iOiB7InIiOiAicHJvZC1ldSJ9fQ"},
      {"secret.grafana_cloud_token", false, "glc_short"},
      {"secret.grafana_service_account_token", true,
       "GF_TOKEN=glsa_LyP4u0PT4IaqrPLigCliqOggp46h9U0C_53a08b2a"},
      {"secret.grafana_service_account_token", false, "glsa_f5u3U0YvEu_942fec95"},
      {"secret.grafana_api_key", true,
       "grafana_key = 'eyJrIjoiN05vM0ZFdXg5UlBrUG01aUc2Nnp2VzdCeDZDaXY3SkIiLCJuIjoiZGVwbG95Iiwia"
       "WQiOjQyfQ=='"},
      {"secret.grafana_api_key", false, "eyJrIjoiMDAw"},
      {"secret.sentry_org_token", true,
       "SENTRY_AUTH_TOKEN=sntrys_eyJpYXQiOiAxNzE2MjM5MDIyLjEsICJ1cmwiOiAiaHR0cHM6Ly9zZW50cnkuaW8"
       "iLCAicmVnaW9uX3VybCI6ICJodHRwczovL3VzLnNlbnRyeS5pbyIsICJvcmciOiAiYWNtZSJ9_mN9lHpwLDCgNbr"
       "X5BMpdJeXY5xT6R7FAyyJUpvbI1hZ"},
      {"secret.sentry_org_token", false, "sntrys_eyJshort"},
      {"secret.sentry_user_token", true,
       "SENTRY_AUTH_TOKEN=sntryu_bdbc1e9a822fb0fe3f9435e062a61380cce5400691b10e28fee7d0c003d3932"
       "c"},
      {"secret.sentry_user_token", false, "sntryu_669ee553bef376636a39"},
      {"secret.newrelic_user_api_key", true, "NEW_RELIC_API_KEY=NRAK-93NVIDHG8Y7F9XLT58U3V7C5TBA"},
      {"secret.newrelic_user_api_key", false, "NRAK-OWTQJ0UXWR"},
      {"secret.newrelic_browser_key", true, "browserKey: NRJS-36b7d58ebc697448ecf"},
      {"secret.newrelic_browser_key", false, "NRJS-d1844c4f"},
      {"secret.newrelic_insights_key", true, "insert_key: NRII-ISCnXUwUDjbUrKBx6pGNkatd6CDVHFhO"},
      {"secret.newrelic_insights_key", false, "NRII-FZxhuBzV"},
      {"secret.newrelic_license_key", true,
       "NEW_RELIC_LICENSE_KEY=921a0bf24c4944b4f44de353d22657753d08NRAL"},
      {"secret.newrelic_license_key", false, "f24305cb9f32d8e844cbNRAL"},
      {"secret.dynatrace_token", true,
       "DT_API_TOKEN=dt0c01.S9XESK0WSCX2TX4YW9U0SDK8.LA1MVCNZ7K0F6WK27U2NGZ2W4H4N8GLHMQQBE9RQ65K"
       "P9UZK5XCA309Z7R34ZAWP"},
      {"secret.dynatrace_token", false, "dt0c01.6P02ZBT3S88N8IW31L37D4JD.FZ90B5YGBYOUN18HEK14"},
      {"secret.datadog_api_key", true, "DD_API_KEY=74396820dcd88ec7501c9f1d2eaf9fe3"},
      {"secret.datadog_api_key", false, "DD_SITE=datadoghq.eu"},
      {"secret.okta_api_token", true, "OKTA_API_TOKEN=00TZAVaI7_1iI3DnP1_fY1QN5lLPUS7ZAZBw62G6pg"},
      {"secret.okta_api_token", false, "OKTA_ORG_URL=https://acme.okta.com"},
      {"secret.onepassword_service_account_token", true,
       "OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjogImFjbWUuMXBhc3N3b3JkLmNvbSIsICJ1c2V"
       "yQXV0aCI6IHsibWV0aG9kIjogIlNSUGctNDA5NiIsICJhbGciOiAiUEJFUzJnLUhTMjU2IiwgIml0ZXJhdGlvbnM"
       "iOiA2NTAwMDAsICJzYWx0IjogInM3Z29wdGIycmJ2SGRnSWJ2bElkQW0ifSwgImVtYWlsIjogInhAYWNtZSIsICJ"
       "zcnBYIjogIjg3YmU2MzZmM2JiNzA4NGQwYmFkZDFhMTVkNTQ1NGNhNzIxNWM3NzVjNTE1M2ZlNzAyN2ZlNzEzYmJ"
       "lODdkNjQifQ=="},
      {"secret.onepassword_service_account_token", false, "ops_eyJzaG9ydA"},
      {"secret.onepassword_secret_key", true,
       "Secret Key: A3-DEWT8N-RHN0MC-NRUTO-NMKWO-13390-N6ORT"},
      {"secret.onepassword_secret_key", false, "A3-64IB1J-PEGFYK"},
      {"secret.age_secret_key", true,
       "# secret: AGE-SECRET-KEY-1W77GPHHQZKG5NYFEDU79KTRDLE9HSXPJW74DSCXNJH455YZU3YGQS42T63"},
      {"secret.age_secret_key", false,
       "AGE-SECRET-KEY-1W77GPHHQZKG5NYFEDU79KTRDLE9HSXPJW74DSCXNJH455YZU3YGQS42T6Q"},
      {"secret.nats_nkey_seed", true,
       "seed: SUAF3GQOT5FIZLRSIGW44643PWW36JUU6T3T7YCTAP6P6627F2PMXC3N6S"},
      {"secret.nats_nkey_seed", false, "SUANTOJ4SQ5H6HG6O6GEOHY"},
      {"secret.docker_swarm_unlock_key", true,
       "SWMKEY-1-XQkYBMWt4i4+rMDZS5J+y6TpQCni/FP1862q9vbJO2a"},
      {"secret.docker_swarm_unlock_key", false, "SWMKEY-1-short"},
      {"secret.docker_swarm_join_token", true,
       "docker swarm join --token SWMTKN-1-q25ijiu0y0rcljl02jjmuzon624k58mhiuyhrb8dk1pit2r9wt-rj"
       "d6cvcl69oe43r3u11cspyrf 10.0.0.1:2377"},
      {"secret.docker_swarm_join_token", false, "SWMTKN-1-short-short"},
      {"secret.defined_networking_api_key", true,
       "DN_API_KEY=dnkey-73TZ3Y5R6NZR48ADNA3GJ032VV-JMNQ1FYHFBYUBEPPEMMAH1QHZLQTLN9BIWIFV82OZGZB"
       "O6GTL89Z"},
      {"secret.defined_networking_api_key", false, "dnkey-EON8YK2659G82VRZX21BZBHTEG"},
      {"secret.akamai_edgegrid_token", true,
       "client_token = akab-szaqi8vphrsmo6wj-zqbgluavxcghdyv0"},
      {"secret.akamai_edgegrid_token", false, "akab-ndmf1t2q-vopfe3bz"},
      {"secret.github_pat", true, "GITHUB_TOKEN=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"},
      {"secret.github_pat", false, "GITHUB_TOKEN=ghp_2RFO1b9ul1DU0eF6LXSl1YjIv1GLiR1pcLTA"},
      {"secret.github_pat", false, "ghp_gzSzdTFuqHgsobRoDd4N"},
      {"secret.github_oauth_token", true, "GITHUB_TOKEN=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"},
      {"secret.github_oauth_token", false, "GITHUB_TOKEN=gho_DiFkKgDgq0WLSQJ0k7NjVOPjRtoa0C1QMEVA"},
      {"secret.github_oauth_token", false, "gho_0iII5T2CWWvPmvLbpQxN"},
      {"secret.github_user_token", true, "GITHUB_TOKEN=ghu_erGlpPc6GIKz3l1gb8GmiKKd4y6wfj2g1Tsx"},
      {"secret.github_user_token", false, "GITHUB_TOKEN=ghu_erGlpPc6GIKz3l1gb8GmiKKd4y6wfj2g1TsA"},
      {"secret.github_user_token", false, "ghu_H3CHd0BDx1FQwPeCfxYn"},
      {"secret.github_app_token", true, "GITHUB_TOKEN=ghs_4wQzcvHDTQMv7npjlEPEOOmPzPnxmU2Z6Egc"},
      {"secret.github_app_token", false, "GITHUB_TOKEN=ghs_4wQzcvHDTQMv7npjlEPEOOmPzPnxmU2Z6EgA"},
      {"secret.github_app_token", false, "ghs_YgFk6VTtu9kc0nQ1KX0s"},
      {"secret.github_refresh_token", true,
       "GITHUB_TOKEN=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"},
      {"secret.github_refresh_token", false,
       "GITHUB_TOKEN=ghr_R3UosuZOur4BpinxePoyK5ZeP5dI9F3FhkXA"},
      {"secret.github_refresh_token", false, "ghr_5ezcMI42JSt5wybrIW68"},
      {"secret.github_fine_grained_pat", true,
       "token: github_pat_gOURbroEXH76JPAINTFBMY_VHxqkdBlUpu6yUECv3oh0D5KvfghSZBrJzVegcw5swbuc5J"
       "OW7o3PuSCm2X"},
      {"secret.github_fine_grained_pat", false,
       "github_pat_KsE9l7pzTVH0KfvshXr9q0_n59fHRgSXUMUnKQfdk6C"},
      {"secret.gitlab_pat", true, "GITLAB_TOKEN=glpat-PD2qxV8U6xleLWj4UKNj"},
      {"secret.gitlab_pat", false, "glpat-short"},
      {"secret.gitlab_deploy_token", true, "gldt-g0267Gfb1lfQ4h-Qprqt"},
      {"secret.gitlab_deploy_token", false, "gldt-short"},
      {"secret.gitlab_runner_token", true, "token = \"glrt-PvxAoVCP_k53EPwB2s0A\""},
      {"secret.gitlab_runner_token", false, "glrt-short"},
      {"secret.gitlab_runner_registration_token", true,
       "--registration-token GR1348941gA9tfohmQooIVrqh_Cgk"},
      {"secret.gitlab_runner_registration_token", true, "glrtr-artyb0z5XYYiulZ5zvav"},
      {"secret.gitlab_runner_registration_token", false, "GR1348941short"},
      {"secret.gitlab_ci_job_token", true, "CI_JOB_TOKEN=glcbt-5a_Q3GKHAjuqUiThIBI0ZVh"},
      {"secret.gitlab_ci_job_token", false, "glcbt-short"},
      {"secret.gitlab_pipeline_trigger_token", true,
       "curl -F token=glptt-216a0ac183f78ca15b597600055bec45a19cdc12"},
      {"secret.gitlab_pipeline_trigger_token", false, "glptt-short"},
      {"secret.gitlab_feed_token", true, "feed_token=glft-QCH3TGXtBIFu9aC-3Abz"},
      {"secret.gitlab_feed_token", false, "glft-short"},
      {"secret.gitlab_incoming_mail_token", true, "glimt-mwhids2i40kbholryd3g2sdkj"},
      {"secret.gitlab_incoming_mail_token", false, "glimt-short"},
      {"secret.gitlab_agent_token", true,
       "agent token: glagent-uGhEkum9R2gQupSPtBurkGR4zLhWJmJAFc4ginZ_vAXiHqem0z"},
      {"secret.gitlab_agent_token", false, "glagent-short"},
      {"secret.gitlab_oauth_app_secret", true,
       "secret: gloas-e8ffa1c26a8176a35dab43bfbcf8a64cec1f7368d1639514f1ff29ad41029cd3"},
      {"secret.gitlab_oauth_app_secret", false, "gloas-short"},
      {"secret.gitlab_scim_token", true, "glsoat-Xs6nl7kx8wxxzKc5Z3uc"},
      {"secret.gitlab_scim_token", false, "glsoat-short"},
      {"secret.gitlab_feature_flag_token", true, "instance_id: glffct-yffXigRf7xUQ6Xb9h6mg"},
      {"secret.gitlab_feature_flag_token", false, "glffct-short"},
      {"secret.gitlab_workspace_token", true, "glwt-kZ44tu4ZU5oAqgZrXq1Q"},
      {"secret.gitlab_workspace_token", false, "glwt-short"},
      {"secret.gitlab_session_cookie", true,
       "Cookie: _gitlab_session=9ff471efa789b391211901b7ffbc9662"},
      {"secret.gitlab_session_cookie", false, "Cookie: _gitlab_session=9181ef84f240"},
      {"secret.bitbucket_app_password", true,
       "BITBUCKET_APP_PASSWORD=ATBBv0wu1hNcSZjqr9BniTMgnYW2gjqzt4PO"},
      {"secret.bitbucket_app_password", false, "xATBB6Ci509EBlsmggyFCnwhFgRrW4VxvGm4n"},
      {"secret.bitbucket_access_token", true,
       "Authorization header token BBDC-faxPrvbtWNIbe3KgfHMXf8CuUQs2VH4la3Q3n5x59Esd"},
      {"secret.bitbucket_access_token", false, "BBDC-short"},
      {"secret.atlassian_api_token", true,
       "JIRA_API_TOKEN=ATATT3xFfGF0bkmamHSm8IxZyaqKV9iAgSZrug4WB3moKX022eo_hTgbls0X4UJjp6ts-CrA-"
       "LZhR1X4k_DZdbwb30x57w36TFByfTxvIFqgH9-HhAgi8A2D0WQz5U3Vezjrgl9RHQMDcysRH3ScK-Zva4PgudpoL"
       "syBbsXP_Bvtvbs0iPGnQQ=6ECEB03C"},
      {"secret.atlassian_api_token", false, "ATATT3xFfGF06E3h20e8sUHwqV4TYvjX"},
      {"secret.atlassian_access_token", true,
       "BITBUCKET_TOKEN=ATCTT3xFfGN0AnnbC72m_O4Z-oOSVDgWog14yTdbcdFs0hE4UgPWLw6BbQwfTEGX4GuB_NGz"
       "APUcdXvKQEuYPYKJ9J0tzSrGCa8oZzulf5yNOEGd4g9mCjzuywGXnUFnfn2JpyT10WeLd1B17dgEtYp52KczlqV0"
       "fqWoxwUkgFHnht0YXwD3qX=C87956B6"},
      {"secret.atlassian_access_token", false, "ATCTT3xFfGN02_K6F7nv8QU8Atr28m81"},
      {"secret.atlassian_dc_pat", true,
       "Authorization token ODYyNDAyNTQ4NzY5OgBfqhkuTmQvJJMVFfQb214MyYPh"},
      {"secret.atlassian_dc_pat", false,
       "Authorization token MVW4BCLFTkrS0TVS9ls1Ryvp9Zcc3iu04mbW8XLXc0Bm"},
      {"secret.stripe_secret_key", true,
       "STRIPE_SECRET_KEY=sk_live_3nJFy9O3dKGnnplxCWdgU24AlZb8bpiqBZhuwiDtb8pR4NZ3AORtfFKZ3KOD5W"
       "HmBZDk5OW8gLo0MAPtZombHYLB5Gg0tfGepSp"},
      {"secret.stripe_secret_key", false, "sk_live_LzloyylFB1"},
      {"secret.stripe_restricted_key", true,
       "rk_live_eZkfKyfd0MUCuv7d4lsw0u9rgUyA4Q9JERUWM6KovHQfsJyvkWEIpDCY6vjxEwLsNDLBDkLK54tDMeFh"
       "0QPT09HZiIprQY7fP7I"},
      {"secret.stripe_restricted_key", false, "rk_live_e9rZoj5WUl"},
      {"secret.stripe_test_key", true,
       "STRIPE_KEY=sk_test_tnzt72JkmKgMauM6NMiuKW2zHwLdtJKQRqIxmE6wrKhpVjA2Wlm7ItRWIg18lmv9rRj6r"
       "uR0AyoBz4w5qNKPE3OjjU0Z7K0QBQz"},
      {"secret.stripe_test_key", false,
       "pk_test_iAIQVgww4OH8ZXzka3CrQ6ptak1aWrAp6qxq78UpAclBXR0qSEULTBqghwJcOLxlXrqg3oX4rqUa1QCi"
       "Jv6R96SeyWSyaSQqkp8"},
      {"secret.stripe_webhook_secret", true,
       "STRIPE_WEBHOOK_SECRET=whsec_SJOdcme3mwbZjrWUoOJS3cOlfTHF1eJx"},
      {"secret.stripe_webhook_secret", false, "whsec_short"},
      {"secret.square_access_token", true,
       "SQUARE_ACCESS_TOKEN=EAAAD0G9oolsRlE4WHoY47ZFrSwUFf4wFGzgPrp7oMqKfLlrKSpJUe8t5NTgLdev"},
      {"secret.square_access_token", false, "EAAAtr_dc1MC-ccQ6ITv3usd"},
      {"secret.square_oauth_token", true, "sq0atp-PxhKqbFv8mu42PSTuU0hns"},
      {"secret.square_oauth_token", false, "sq0atp-short"},
      {"secret.square_oauth_secret", true, "sq0csp-QKDeXbzrG_eCdGzMml8ORbdJCZeUyoSr02EUTGPPG0G"},
      {"secret.square_oauth_secret", false, "sq0csp-short"},
      {"secret.braintree_access_token", true,
       "BT_TOKEN=access_token$production$v5v922etmac91zan$91dfc485b8859c015833610719e36d1f"},
      {"secret.braintree_access_token", false,
       "access_token$sandbox$rm92f4i7xy8tiyo2$9e77571a506401608a67caf63f91049d"},
      {"secret.paypal_client_secret", true,
       "PAYPAL_CLIENT_SECRET=pcHcyUjNDc1ql59BQPxc6xDElqpg9CJRLVQBxtjazDLW--TmSDqPanEboELOfGoX-Ph"
       "CTP_X29wScQBu"},
      {"secret.paypal_client_secret", false, "PAYPAL_CLIENT_SECRET=17hMSztdPTHA6P2lFW0C"},
      {"secret.adyen_api_key", true,
       "ADYEN_API_KEY=AQENb2H6HWUXumY+15UDbN7rm64BLfIStXf51FRAeCQzmWm2Vq5g8+CuKMNwuNkJKxxtq4xmSn"
       "3pFZh5g8Lv+VV4YpIdOZiU+vXfWiOwndCE+gy2sMZ79b7cmVR"},
      {"secret.adyen_api_key", false, "ADYEN_MERCHANT_ACCOUNT=AcmeECOM"},
      {"secret.shopify_token", true,
       "X-Shopify-Access-Token: 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"},
      {"secret.shopify_token", false, "shpat_80eb5db29c85121dccbf"},
      {"secret.plaid_access_token", true,
       "access_token: access-production-82ffb072-7403-fe81-7115-551ac9188623"},
      {"secret.plaid_access_token", false, "access-staging-8dac2a02-e097-4dd6-c78a-931714c52093"},
      {"secret.flutterwave_secret_key", true,
       "FLW_SECRET_KEY=FLWSECK-5b675605390ae3dbb19eb17f77efb73d-X"},
      {"secret.flutterwave_secret_key", false, "FLWSECK-3e692a49d9e8d3934b17-X"},
      {"secret.slack_bot_token", true,
       "SLACK_BOT_TOKEN=xoxb-827981411633-2200746619547-0r79gWagufEvyZNfzKJtkfUX"},
      {"secret.slack_bot_token", false, "xoxb-123-456-short"},
      {"secret.slack_user_token", true,
       "xoxp-590637681260-700642568087-7704912168870-07dd03d9e00802b0dec84ec4b9085623"},
      {"secret.slack_user_token", false, "xoxp-12-34-56-short"},
      {"secret.slack_config_token", true,
       "xoxe.xoxp-1-B8FT2HgSqgzf2PieCjXQ0ljdytKYVDwu91ko7EldGgMqzJRrt4e4QPrGbwdB4ZJHJQfYb6DXGb4n"
       "fvOkzNNWBafv3KLv4gg1BsSJ8uLhfghKZ4XoGRFYHEfznlW9zHy7nWYndo5zyE3byi98CbGB4v"},
      {"secret.slack_config_token", false, "xoxe.xoxp-1-short"},
      {"secret.slack_app_token", true,
       "SLACK_APP_TOKEN=xapp-1-ASN0S108H5Q-2638267668445-2c91fa05f5369deaf67e81ec69728c473076676"
       "9bb43a8ac2fdc65ebe443260d"},
      {"secret.slack_app_token", false, "xapp-1-A1-2-short"},
      {"secret.slack_webhook_url", true,
       "https://hooks.slack.com/services/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"},
      {"secret.slack_webhook_url", false, "https://hooks.slack.com/services/T000/B000/XXXX"},
      {"secret.discord_bot_token", true,
       "DISCORD_TOKEN=MzU0OTI1ODM5OTIwNDUwMjA5.r0PZt3.o5oxF8oSoWSBBzgQQRIp4D3wc3-b3COwUN_Xtm"},
      {"secret.discord_bot_token", false,
       "bm90LWEtc25vd2ZsYWtlISE.OIQJxM.9Qvjgw6sJa3zVAmXqUZjn-mElm3fRS3cGiW9LW"},
      {"secret.discord_webhook_url", true,
       "https://discord.com/api/webhooks/577853306618623981/z01sU9B-xYwE4LSpS2zq9AOaddW1UK3Wq1F2"
       "AzQIWxckZBhsMMbw6HeZzuHO-bxOmtTc"},
      {"secret.discord_webhook_url", false,
       "https://discord.com/api/webhooks/652215934399100804/short"},
      {"secret.telegram_bot_token", true,
       "TELEGRAM_BOT_TOKEN=7363261996:AAIQkj8sDmkkqXutjO7bbROw40kO33KJww-"},
      {"secret.telegram_bot_token", false, "6011066767:BBDMM8DkA9jN2xqwjuAht9f2yCgy39LNyNu"},
      {"secret.twilio_api_key", true, "TWILIO_API_KEY=SK7d1adcd9181d8bbcbee3c8d6c4846b1a"},
      {"secret.twilio_api_key", false, "SKfcd813c383150113f102"},
      {"secret.twilio_auth_token", true, "TWILIO_AUTH_TOKEN=28e3cc515cb2895d8edd0cfc5c97eafd"},
      {"secret.twilio_auth_token", false, "TWILIO_ACCOUNT_NAME=acme"},
      {"secret.sendgrid_api_key", true,
       "SENDGRID_API_KEY=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"},
      {"secret.sendgrid_api_key", false, "SG.pq0n6o0YEd.IVlDd8CCS_"},
      {"secret.mailgun_api_key", true, "MAILGUN_API_KEY=key-8cb223b062c4d197e48dd46a8efe391d"},
      {"secret.mailgun_api_key", false, "key-e353e5c1703579b79c86"},
      {"secret.mailchimp_api_key", true, "MAILCHIMP_KEY=7496f05ff3decad98a8ce24e10a86999-us21"},
      {"secret.mailchimp_api_key", false, "b5db5f2d00d8fe279285-us21"},
      {"secret.brevo_api_key", true,
       "BREVO_API_KEY=xkeysib-e4cf8973a560b9cd9008f3346522349a005d16991da1c236f74cbc53bae9ff7a-V"
       "3S4Wyk9TBWxNxxT"},
      {"secret.brevo_api_key", false, "xkeysib-81ad83baba3f159b3f0c"},
      {"secret.teams_webhook_url", true,
       "https://acme.webhook.office.com/webhookb2/999d6b10-6f17-786b-3a99-0ae03d96715c@eaf388ee-"
       "d94e-8e6f-2757-fcb330071f12/IncomingWebhook/b0bea57be3b7021e384bd86c350977b1/01c9197a-fa"
       "90-e408-c51b-1ddf122ac118"},
      {"secret.teams_webhook_url", false, "https://acme.webhook.office.com/webhookb2/short"},
      {"secret.postman_api_key", true,
       "POSTMAN_API_KEY=PMAK-1949cb5f2416f9c175414b8a-c427bb2bf12a7169030c230bc6d5b3daf0"},
      {"secret.postman_api_key", false, "PMAK-a656902e91"},
      {"secret.postman_access_token", true, "access_key=PMAT-3GYZ4H33S47862VR6704SVOD0N"},
      {"secret.postman_access_token", false, "PMAT-TKDBH4JHCP"},
      {"secret.openai_api_key", true,
       "OPENAI_API_KEY=sk-proj-rqNj-QqifmysDI-SfXHYoWXQ3hM2P9T7Rz5P1f6R3fmVOwiMX80xaA_F_krAgf_LO"
       "es-c9SEKkT3BlbkFJi52cO7K1tMvd69_7ZcRBSPPIV8HT2rm4ROwNc0eNaWEhM7sxjtEQVmTJTWjH0Hds4fDz9GL"
       "m8h"},
      {"secret.openai_api_key", true, "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"},
      {"secret.openai_api_key", false, "sk-ZbCCjhWPDkednJ5m8FwgNYotRKpQywaDvAfwHP2P1aFyIwxT"},
      {"secret.openai_api_key", false,
       "sk-proj-QhlMMbprY4p0PHwQMFTZcwcHAWZEN9XwOllVG8dhyruE-wG0lRl9kLaPdIagpLjp3_GlO3vBTv"},
      {"secret.anthropic_api_key", true,
       "ANTHROPIC_API_KEY=sk-ant-api03-k411QC3EiA_shcwU4bwxu8j7NoxSgXYUs9mhD74ejulHL2Qf8d1G5J4_E"
       "EvTuYkPnFjBV-f0CBLunF9MNQiakxYxMh83lAA"},
      {"secret.anthropic_api_key", false, "sk-ant-api03-50hhHD61aWPYtE0gG0Sn"},
      {"secret.groq_api_key", true,
       "GROQ_API_KEY=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"},
      {"secret.groq_api_key", false, "gsk_KH4Oxq6KQwzukDJTztGZ"},
      {"secret.huggingface_token", true, "HF_TOKEN=hf_UmZoMAx6WW4Rurtr1oiy3duholMIIxkAzz"},
      {"secret.huggingface_token", false, "hf_1722806046603041374636115950764828"},
      {"secret.huggingface_org_token", true, "api_org_TlcQLH3LLDCLoOIuzuocpANhlSH4TF6L5c"},
      {"secret.huggingface_org_token", false, "api_org_qFOg8ZOKkR"},
      {"secret.replicate_api_token", true,
       "REPLICATE_API_TOKEN=r8_HQ4LhID4NBP6VHwdVg7PVUw0ybMPvwoyzGruf"},
      {"secret.replicate_api_token", false, "r8_iz3IwEfdCi"},
      {"secret.together_api_key", true,
       "TOGETHER_API_KEY=tgp_v1_ZKX1mvBeHPZc93fp4UQn5itbw5fIqf_VrEBtLu_ZEC-"},
      {"secret.together_api_key", false, "tgp_v1_3RWjAZ2lFy"},
      {"secret.xai_api_key", true,
       "XAI_API_KEY=xai-kr7w0ILdzftG5iF5vUMYnw1cfCKtVsjVpf9tbyQm1LBP8qDYxygcZ86HGRQL7hdhd1p7hTSm"
       "syELqOWu"},
      {"secret.xai_api_key", false, "xai-piz3BB9INMCX33U7wboM"},
      {"secret.deepseek_api_key", true, "DEEPSEEK_API_KEY=sk-33cfac639dc6e3b3c38bd5cd16d492fd"},
      {"secret.deepseek_api_key", false, "sk-6d7fc1917e24e4bc"},
      {"secret.perplexity_api_key", true,
       "PPLX_API_KEY=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"},
      {"secret.perplexity_api_key", false, "pplx-JCtfEgWkRryHmhnzO5iQ"},
      {"secret.openrouter_api_key", true,
       "OPENROUTER_API_KEY=sk-or-v1-2dee5e20fa2590a77573527285693cdf739ddde449f1ea1e043e99eda31d"
       "626b"},
      {"secret.openrouter_api_key", false, "sk-or-v1-587f92b9c84679127192"},
      {"secret.cohere_api_key", true, "COHERE_API_KEY=IF0pLHZ7TLxwApVIjoOeGB6q7CYkI3aIIDmTck9T"},
      {"secret.cohere_api_key", false, "COHERE_MODEL=command-r-plus"},
      {"secret.mistral_api_key", true, "MISTRAL_API_KEY=ub17TdXpXabg7w0HzFD4CViZS64YoG9g"},
      {"secret.mistral_api_key", false, "MISTRAL_MODEL=mistral-large-latest"},
      {"secret.llama_api_key", true,
       "LLAMA_CLOUD_API_KEY=llx-r8kixzlDnQNU6l2SsS1OhplI43REbN5SBjvbCO4Cib2CcKgp"},
      {"secret.llama_api_key", false, "llx-eXu6NSIs0x"},
      {"secret.langsmith_api_key", true,
       "LANGSMITH_API_KEY=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"},
      {"secret.langsmith_api_key", false, "lsv2_pt_f3bc32bd3e"},
      {"secret.pinecone_api_key", true,
       "PINECONE_API_KEY=pcsk_sSnb8_38qxZzuxPtsbtgwtEZsAetovG2mkMGshpJd2mTNCIYVuvpBOJQtm32sTLoDK"
       "1dOpvE"},
      {"secret.pinecone_api_key", false, "pcsk_Y6UQb_VNQyLsWXKM"},
      {"secret.tavily_api_key", true, "TAVILY_API_KEY=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"},
      {"secret.tavily_api_key", false, "tvly-2tA0BRiJKU"},
      {"secret.wandb_api_key", true, "WANDB_API_KEY=7f5f741e7e201229f3335f9934c4c2f07f9a014c"},
      {"secret.wandb_api_key", true, "wandb login 6bfbd233e47269e1f38456fbccfc0044cac7c049"},
      {"secret.wandb_api_key", false, "wandb login --help"},
      {"secret.npm_access_token", true,
       "//registry.npmjs.org/:_authToken=${NPM_TOKEN} # NPM_TOKEN=npm_ZpPhZTXAhU6g4pslY3eid8Axbm"
       "RqzG0FyTZm"},
      {"secret.npm_access_token", false, "npm_B87ockHcs16D8vSf17uc3I6jIV55360ZGPsA"},
      {"secret.npm_access_token", false, "npm_97ehVgpFmeFjbuMgKgaU"},
      {"secret.npmrc_auth_token", true,
       "//registry.npmjs.org/:_authToken=5438a3cf-bdce-602e-79db-18c46520c036"},
      {"secret.npmrc_auth_token", false, "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"},
      {"secret.pypi_upload_token", true,
       "password = pypi-AgEIcHlwaS5vcmcNU4tOMDQ4B8tb2MeVSHPdkn2_EGzDM4bLbZ4fnOEvGM_r1vGWfNcuare4"
       "ShFuTf3UdFr--N4ZHV91F1voOqHZfFx2w2ZmKJdrFWzuTFbVgGiBvGQnoXUU93GdEbeq3kcrWaxGGRUUb-a0MmOp"
       "-A78h"},
      {"secret.pypi_upload_token", false, "pypi-AgEIcHlwaS5vcmcDObj1F4gp3Qbx05AaVgD"},
      {"secret.rubygems_api_key", true,
       "GEM_HOST_API_KEY=rubygems_3aa6b8bf5961d16693861c303ba191cf698951e2c66b9df4"},
      {"secret.rubygems_api_key", false, "rubygems_4c34741e3b245a983ea1"},
      {"secret.nuget_api_key", true,
       "dotnet nuget push pkg.nupkg --api-key oy2w4uchqj3m7inziouibr1rdmu2h8axq9foifj2r9hszj"},
      {"secret.nuget_api_key", false, "oy2vxv8jyx6r60meo0k9swm"},
      {"secret.docker_hub_token", true,
       "echo dckr_pat_rmVTnGL8f7WxXmCjGBBJR8DcsFz | docker login -u acme --password-stdin"},
      {"secret.docker_hub_token", false, "dckr_pat_short"},
      {"secret.jfrog_api_key", true,
       "X-JFrog-Art-Api: AKCp8FOKqImo2KXFEMFK4OFoa59mPn7e2ZsRvX2Xgj87saITpIsqjfn4jVXdNGLarwXdd9o"
       "ak"},
      {"secret.jfrog_api_key", false, "AKCp84kzpUa7mST0JwYQ1pQSy"},
      {"secret.jfrog_identity_token", true,
       "JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOjE3MTYyMzkwMjI6dXIzNjZTaGN3S1dQUko2ZkNYdzBTc0xKVkVUQk9o"},
      {"secret.jfrog_identity_token", false, "cmVmdGtuOjAyOnNob3J0"},
      {"secret.clojars_deploy_token", true,
       "CLOJARS_PASSWORD=CLOJARS_7dc63e63882555c4806301d69ef0fbb127a2e69939ba6893020b72ad84c3"},
      {"secret.clojars_deploy_token", false, "CLOJARS_3dc50876b7a2c3520ac3"},
      {"secret.crates_io_token", true, "CARGO_REGISTRY_TOKEN=cioMNBuUjit5Gzhx6vcukS9CG1010njpjEw"},
      {"secret.crates_io_token", false, "cioK15kSiZb79"},
      {"secret.circleci_token", true,
       "CIRCLE_TOKEN=CCIPAT_8FtRFF5EpD55pdyuDoDolW_19d6524ab219be4f6ee2fd20b896568323a4fd05"},
      {"secret.circleci_token", false, "CCIPAT_65WVTfZYygdSVSuAum5Hte_843f118435"},
      {"secret.buildkite_token", true,
       "BUILDKITE_API_TOKEN=bkua_96fe0cb5b497bc11477dacb4215cf768085ebaf8"},
      {"secret.buildkite_token", false, "bkua_413b3132d5"},
      {"secret.sonarqube_token", true,
       "-Dsonar.token=squ_527539312ea34d54982e5f9e8b5b08e80be01056"},
      {"secret.sonarqube_token", false, "squ_f45314ef00"},
      {"secret.linear_api_key", true,
       "LINEAR_API_KEY=lin_api_6N0lnbDGt5esWhREoGpXfXAMD38EVhOGuuHGRq9A"},
      {"secret.linear_api_key", false, "lin_api_14CatdpLiP"},
      {"secret.notion_token", true,
       "NOTION_TOKEN=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"},
      {"secret.notion_token", true,
       "NOTION_KEY=secret_l9YQA74SEjhULKZT78zsTJ497tdDQ2qLxOptL7G2ui6"},
      {"secret.notion_token", false, "ntn_WkrFJ5VH3X"},
      {"secret.airtable_pat", true,
       "AIRTABLE_TOKEN=patXfJe6NwOkuPpVZ.66d7401ab693e7791ed36a62328adca3c5e169c154ed901a48d393c"
       "386ef1048"},
      {"secret.airtable_pat", false, "pat7QfPAmxWldempn.11654999be49d23540a2"},
      {"secret.figma_token", true, "FIGMA_TOKEN=figd_ga1ZISXqtDzMR6wNVLBMleqh0bheSVrW5sDWCjaZ"},
      {"secret.figma_token", false, "figd_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
      {"secret.dropbox_short_lived_token", true,
       "DROPBOX_TOKEN=sl.otL-X-hedSpZFsNAiMcLp-Dp8J1MKNw7OqvyDP_gaYjqBnjn8EnrK9UgtpLzwHUU76pk0AF"
       "zDRxAo9jqvdByEThkboBoivWDccz_cZVAe6rM-m12AaeVEsHkMKOYGxr7euZsEKK8WTQS"},
      {"secret.dropbox_short_lived_token", false, "sl.short"},
      {"secret.dropbox_long_lived_token", true,
       "var t = 'kKY9x6GYfOrAAAAAAAAAAo1cTLCmOLQls7xZ21SmrSRbPs35xcTDOLwScm7_UFj5';"},
      {"secret.dropbox_long_lived_token", false, "var t = '7euoXqlg1saAAAAAAAAAA1AstMBsAY1';"},
      {"secret.facebook_access_token", true,
       "FB_TOKEN=EAABhLfRCQtVQClTbpfQvKLg2ws6OeyTx7N59AR8spgPJL3PJxuAtc7JlQ8hMkZeNS8bU889pbv5aBA"
       "o2AOLQ2XM1UnZJJkTDYw4guekHN2cNyQ24dCtcplkYaQboTEjGD5KI1atBn0GF8nz4dxOcGiq00kGKKKwyfVwSLr"
       "YUdM0i1LSZpjX6IE8"},
      {"secret.facebook_access_token", false, "EAAB16AOch36vYocYoaEKT0w"},
      {"secret.facebook_app_token", true,
       "access_token=041461799597362|_2Llzn9x-M8DhbZCGeps38hHoxE"},
      {"secret.facebook_app_token", false, "347186452976089|short"},
      {"secret.instagram_token", true,
       "IG_TOKEN=IGQVjT3Uslu4ClBCaoVVth3TdT4Uyt6NB6QAZw_Q8xw7cNn_-rAbMFOKqUW65YtRCMzs_AuLtg_94CL"
       "JMA54xESBAHCq6fO5T0MeG8bGGKIdWTlSTHNQPHYLiHeXI8xSP0W98kwftlgmJluC2dCaE209two4L507avom"},
      {"secret.instagram_token", false, "IGQVshort"},
      {"secret.twitter_bearer_token", true,
       "TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAAAnGrv1TpHtN%2Byoks6ut4ZmTsgeHhB7OH%3DrF2QsySv6"
       "tZreCCN3RXvW3tAL5rwWUYukLvqpleDQ2mmCN84sF"},
      {"secret.twitter_bearer_token", false,
       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
      {"secret.mapbox_secret_token", true,
       "MAPBOX_SECRET=sk.eyJ1IjogImFjbWUiLCAiYSI6ICJNSlZOMUF3UURCYk1CaXBFUDF5V1NnVEoifQ.4TvdTQrB"
       "WVDSDt6JBhezxI"},
      {"secret.mapbox_secret_token", false,
       "pk.eyJ1IjogImFjbWUiLCAiYSI6ICJ3Z1pjSFJVUERPRll3QkNwUVNOMkNNQlkifQ.OzYR5ofYzDuJVDyEMXO3Ow"},
      {"secret.contentful_token", true,
       "CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-0cpevID49_o69zIdBnyS7xITNtly6xivN2JAPQh5O9w"},
      {"secret.contentful_token", false, "CFPAT-short"},
      {"secret.hubspot_token", true, "HUBSPOT_TOKEN=pat-na1-cde65ff7-b25b-d8f2-dce4-0fa6c1fae855"},
      {"secret.hubspot_token", false, "pat-xx1-short"},
      {"secret.salesforce_session_id", true,
       "sid=00DUIPCNdQIGoJDaBL!.j38wlrKD58jKcFN771jqop7ElhNaIh1wmDfh_gTtVXZDYs7epu0w.K4Qhgzcxjnn"
       "._K3gYeWa6PCfDtz3CmCW7p39G41sZe"},
      {"secret.salesforce_session_id", false, "00DAxSvsWN3O6nMQD1!short"},
      {"secret.posthog_personal_key", true,
       "POSTHOG_PERSONAL_API_KEY=phx_weyFDPkxPDBB42J83FDpeEnU68Qv0AyN18rE86AFR7g7Zob"},
      {"secret.posthog_personal_key", false, "phc_GCeiUF9oidh0EiUv0AL6UarqhUkNpBpk6INMep81KBn"},
      {"secret.wundergraph_api_key", true, "COSMO_API_KEY=cosmo_21e7ff6307880d4df18480ea5174db99"},
      {"secret.wundergraph_api_key", false, "cosmo_1c00aeb93f"},
      {"secret.ntlm_authenticate_message", true,
       "Authorization: NTLM TlRMTVNTUAADAAAAGAAYAHAAAAAYABgAiAAAAAtqC9IS7vyp4loVKv+cQKknQ8ARgixu"
       "Wl+8Y0K2/+WiIIuL0AfO9gDXjGR25vjY0pYRUXeP8WOU+RqIH9RBRUM6YguGB7d1VTnPd7WfnnCAjeunmvQ79C+L"
       "Xg="},
      {"secret.ntlm_authenticate_message", false,
       "Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw=="},
      {"secret.private_key", true,
       "-----BEGIN RSA PRIVATE KEY-----\nwmC89BT60qFLih1nIczFZVsjAt3UEqSODv9a4QTApvE9COnYnWmlgJr"
       "wmuzq/Lhg\noz2Mg/uoD9jO1D0vbMzKKsQ5ubQy6y54choyH4e7dyanWG0mDjtmnO7EcaKfSd23\nxJpz8rjJnoI"
       "ReqeYTiuzRxw3RhbyaQv6zTlwovPkDWFgOBQoKXnCLKMPl04SU16u\n9oYtDTN8g7gMMsdgVricDXUkOUXlckh1/"
       "gUoUqrwn0fHKegyqTvwJLH+2jU1MNUp\n-----END RSA PRIVATE KEY-----"},
      {"secret.private_key", true, "-----BEGIN OPENSSH PRIVATE KEY-----"},
      {"secret.private_key", true,
       "key: \"-----BEGIN EC PRIVATE KEY-----\\nlr33qri1fEHMoI1lcaiNqy7VL5ffPllqUMzF1JQ1lUeunZxr"
       "CS+P14d/L/zvhokE\\n-----END EC PRIVATE KEY-----\""},
      {"secret.private_key", false,
       "-----BEGIN PUBLIC KEY-----\nJNksDXD59m6g3GiNI6IRL1GiBwzF99RIuhn0PQGi1jo33VJz2CwJV1TKtlba"
       "P7yT\n-----END PUBLIC KEY-----"},
      {"secret.private_key", false, "-----BEGIN CERTIFICATE-----"},
      {"secret.private_key_base64_pem", true,
       "tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVN"
       "DNTVxcGpOUVZGdm5CQ2dCUG4xM204eUM4U0dDdndWNmkwZjRMWEhxVg=="},
      {"secret.private_key_base64_pem", false, "tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"},
      {"secret.private_key_der_base64", true,
       "\"MIIEowIBAAKCAQEAnkULpM78paSMfHEM7kquwNjSKSCfTBbNsf6hVRPyvbicdvSg\""},
      {"secret.private_key_der_base64", true,
       "MC4CAQAwBQYDK2VwBCIEIOqcOYrxntV/3UWQ1zzpOOgjH6Dnzq3KtYhCqsTjK7pP="},
      {"secret.private_key_der_base64", false,
       "MIIDXTCCAkWgAwIBAgIJAzOo5p8pM7T5uzJOLbSa0/fbzmL+vrX/hUhMzQ0BR33+gMn5X"},
      {"secret.private_key_der_base64", false,
       "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA+FgmVwKXj2QWF3Qaa8mHDZ/A9GHSf9abs/lXXZiG"},
      {"secret.openssh_private_key_body", true,
       "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWUjOo6bx3wK+nxPn/j+"
       "UxRL2ifcK3BhjF26pf8m1e"},
      {"secret.openssh_private_key_body", false,
       "AAAAC3NzaC1lZDI1NTE5AAAAIjFEbD+BwUjJfCL4MgA2GXS5YeIqb4pO9g5T41m4z"},
      {"secret.putty_private_key", true, "PuTTY-User-Key-File-3: ssh-ed25519"},
      {"secret.putty_private_key", false, "PuTTY-User-Key-File: none"},
      {"secret.jwk_private_key", true,
       "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"7a0nXgnk5gWaN3Sc1khXz7S_HSV0chcuBqmO0p__NlR\","
       "\"y\":\"OjIvnH1dDTs0UYHlMOHdaEll3UXg3GiEEgVq9UMpPMW\",\"d\":\"4b7AoZYSjZK0PvAsRQxwcXoqw3"
       "QhyUTogJODqk7z5b3\"}"},
      {"secret.jwk_private_key", false, "{\"d\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}"},
      {"secret.jwt", true,
       "id_token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQ3MTEiLCJpYXQiOjE3MTYyM"
       "zkwMjJ9.PEViYcx2tEEZiG-VgVQq1b_PF7JDsvhq7I4NlLOFuJV"},
      {"secret.jwt", false,
       "bm90IGpzb24gYXQgYWxs.eyJcpJlfBIsoNYPInAf53DY6kYXop0ICs.uKflKVMbmgRsITn1TGgUO92C_FWtNnJ3Z"
       "O3njkrxZUr"},
      {"secret.jwt", false, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.short"},
      {"secret.http_basic_auth", true,
       "curl -H \"Authorization: Basic ZGVwbG95OjBYOE04YVNVTyVDY3Ra\" https://ci.acme.dev"},
      {"secret.http_basic_auth", false, "Authorization: Basic bm8tY29sb24taGVyZQ=="},
      {"secret.http_authorization", true,
       "Authorization: Token tIu53Uq6YjfecEnhqLbfTksDxZutROFEk1vAKGMT"},
      {"secret.http_authorization", false, "Authorization: Bearer ${API_TOKEN}"},
      {"secret.bearer_token", true,
       "-H \"Bearer yNq-LeqMbdJbyaL4pn5O_2fyr_DP7MU0cFU9LLC8GVeyxaez\""},
      {"secret.bearer_token", false, "bearer tokens expire after an hour"},
      {"secret.postgres_url", true,
       "DATABASE_URL=postgresql://app:NnXL4qcogc!@db.internal:5432/app"},
      {"secret.postgres_url", false, "postgresql://user:password@localhost:5432/app"},
      {"secret.mysql_url", true, "mysql://root:dqIYEHp8v7Ee@10.0.0.5:3306/shop"},
      {"secret.mysql_url", false, "mysql://root:${MYSQL_PASSWORD}@db/shop"},
      {"secret.mongodb_url", true,
       "MONGO_URI=mongodb+srv://svc:7Pw1vOBs1EMxal@cluster0.ab1cd.mongodb.net/prod"},
      {"secret.mongodb_url", false, "mongodb://localhost:27017/prod"},
      {"secret.redis_url", true, "REDIS_URL=rediss://:IZQdsg6LlcVu0wlBSusy@cache.internal:6380/0"},
      {"secret.redis_url", false, "redis://localhost:6379/0"},
      {"secret.amqp_url", true, "amqp://worker:GfrjaRaPTM9243ud@rabbit.internal:5672/vhost"},
      {"secret.amqp_url", false, "amqp://guest:guest@localhost:5672/"},
      {"secret.mssql_url", true, "sqlserver://sa:NXw2Y5WOxrVI@sql.internal:1433"},
      {"secret.mssql_url", false, "sqlserver://sa:<password>@sql.internal:1433"},
      {"secret.url_credentials", true,
       "git clone https://ci-bot:y1Oq2Jj97V9cc2vPozAe@git.acme.dev/team/repo.git"},
      {"secret.url_credentials", false, "see https://git.acme.dev/team/repo.git"},
      {"secret.jdbc_password_param", true,
       "jdbc:postgresql://db:5432/app?user=app&password=shtMnbxEmnDF"},
      {"secret.jdbc_password_param", false,
       "jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}"},
      {"secret.sql_identified_by", true, "CREATE USER 'app'@'%' IDENTIFIED BY 'TS76Dj9geh';"},
      {"secret.sql_identified_by", false, "CREATE USER 'app'@'%' IDENTIFIED BY '<password>';"},
      {"secret.sql_with_password", true, "ALTER ROLE reporting WITH LOGIN PASSWORD 'uyHS3LsLYy9';"},
      {"secret.sql_with_password", false, "ALTER USER app PASSWORD EXPIRE;"},
      {"secret.sql_set_password", true, "SET PASSWORD FOR 'app'@'localhost' = 'YhjkmTbft57';"},
      {"secret.sql_set_password", false, "SET PASSWORD FOR 'app'@'localhost' = 'password';"},
      {"secret.mysql_cli_password", true, "mysql -u root -pQrDJ9774EP shop"},
      {"secret.mysql_cli_password", false, "mysql -u root -p shop"},
      {"secret.cli_password_flag", true, "./deploy --db-password WWXbiwpDWH3"},
      {"secret.cli_password_flag", true, "vault login -token=XSOqfKff4e9"},
      {"secret.cli_password_flag", true, "gpg --batch --passphrase 5fPv64ZggkmM5 -d file.gpg"},
      {"secret.cli_password_flag", false, "./deploy --password-file /run/secrets/db"},
      {"secret.cli_password_flag", false, "./deploy --token $DEPLOY_TOKEN"},
      {"secret.curl_user_password", true, "curl -u admin:LZrk2zg1eTzV https://api.acme.dev"},
      {"secret.curl_user_password", false, "curl -u \"$USER:$PASSWORD\" https://api.acme.dev"},
      {"secret.curl_option_credential", true,
       "curl_easy_setopt(h, CURLOPT_USERPWD, \"svc:C2UWOEhRwHsi\");"},
      {"secret.curl_option_credential", false,
       "curl_easy_setopt(h, CURLOPT_USERPWD, \"user:xxxx\");"},
      {"secret.powershell_securestring", true,
       "$pw = ConvertTo-SecureString \"KPx2pLLH27ba#\" -AsPlainText -Force"},
      {"secret.powershell_securestring", false,
       "$pw = ConvertTo-SecureString $env:PW -AsPlainText -Force"},
      {"secret.macro_password", true, "#define DB_PASSWORD \"7ASM3bFgqc2\""},
      {"secret.macro_password", false, "#define PASSWORD_MAX_LEN 64"},
      {"secret.generic_api_key", true, "api_key = \"tguSZi4M4UV7t8DqIQ4wtUsTIxRRaO6V\""},
      {"secret.generic_api_key", true,
       "\"x-api-key\": \"lVlslU14RJTyrVeHTzl8nWSyPHNPTQZDpwvQ8OoJ\""},
      {"secret.generic_api_key", true, "client_key: Fv9esOcg6hOYX2HSsPsi6whg"},
      {"secret.generic_api_key", false, "api_key = os.environ[\"API_KEY\"]"},
      {"secret.generic_api_key", false, "public_key: 0aXeX6yj1rTie7Zmc4g1th4oLwosgLuj"},
      {"secret.generic_api_key", false, "api_key: your_api_key_here"},
      {"secret.generic_secret", true, "client_secret: 9vq7FsWlBr4UXQs4hv9MET1OmhLRBq"},
      {"secret.generic_secret", true, "SECRET=U578aCWiu8QzDYrv6COCwadI"},
      {"secret.generic_secret", true, "app.secret = \"8upqZeLzPVWbcKDc0YDf\""},
      {"secret.generic_secret", false, "client_secret: ${CLIENT_SECRET}"},
      {"secret.generic_secret", false, "secret_name: prod-db-credentials"},
      {"secret.generic_secret", false, "SECRET_LENGTH = 32"},
      {"secret.generic_token", true, "access_token=wm2PEQMq4LOBy5cNVw4sKh3eAY9SYo"},
      {"secret.generic_token", true,
       "https://api.acme.dev/v1/items?token=iaug6rICkvLRNVa82yVVb2e8XDxy&page=2"},
      {"secret.generic_token", true, "my token is 8AUD99vCCw15l5xwRy3zD5ch"},
      {"secret.generic_token", false, "token_url: https://auth.acme.dev/oauth/token"},
      {"secret.generic_token", false, "token = get_token()"},
      {"secret.generic_token", false,
       "tokenizer = AutoTokenizer.from_pretrained(\"bert-base-uncased\")"},
      {"secret.generic_credential", true, "oauth_signature=\"YqTo7oIWrUYplPNqirNd7Mwa8DZP%3D\""},
      {"secret.generic_credential", true, "credentials = \"dx6uTQwh5zZxgJIzjhineQjPNO\""},
      {"secret.generic_credential", false, "author: Jane Doe 2"},
      {"secret.generic_credential", false, "auth_method = \"oauth2_client_credentials\""},
      {"secret.generic_password", true, "password = \"EEeqc67E5!\""},
      {"secret.generic_password", true, "DB_PASSWORD=u7t5dgc6Fs7"},
      {"secret.generic_password", true, "\"passwd\": \"woxvul#69\""},
      {"secret.generic_password", true, "my password is DQuYupCu4%"},
      {"secret.generic_password", true, "PW:=NT9Nsk3XyVoU3"},
      {"secret.generic_password", true, "val password: String = \"loTxDAnI5Z2\""},
      {"secret.generic_password", false, "password = \"password123\""},
      {"secret.generic_password", false, "password_length = 12"},
      {"secret.generic_password", false, "password: ${DB_PASSWORD}"},
      {"secret.generic_password", false, "password = getpass()"},
      {"secret.generic_password", false, "password: required"},
      {"secret.generic_password", false, "passport: X12345678"},
      {"secret.generic_password", false, "bypass: true"},
      {"secret.generic_key", true, "key = \"lWgVwRlkVpESAqR64iXDDhtQchNWemfi\""},
      {"secret.generic_key", true, "\"key\": \"agYXlkqE-GVwJNKek-lBJIO1MT\""},
      {"secret.generic_key", false, "key: my-config-key-2"},
      {"secret.generic_key", false, "sort_key = \"created_at_2024\""},
      {"secret.generic_key", false, "public_key = \"e3uDOPCFmh9Lvkh2bwwgVt7WD92L8sxBdtIEZvZs\""},
  };
  return kExamples;
}

TEST(SecretRules, TableHasAtLeastOneHundredRulesWithStableUniqueIds) {
  std::span<const SecretRule> rules = SecretRules();
  EXPECT_GE(rules.size(), 100u);
  std::set<std::string_view> ids;
  const std::regex id_shape("secret\\.[a-z0-9_]+");
  for (const SecretRule& rule : rules) {
    EXPECT_TRUE(std::regex_match(std::string(rule.id), id_shape)) << rule.id;
    EXPECT_TRUE(ids.insert(rule.id).second) << "duplicate id " << rule.id;
    EXPECT_FALSE(rule.description.empty()) << rule.id;
    EXPECT_FALSE(rule.regex.empty()) << rule.id;
    EXPECT_GT(rule.score, 0.0) << rule.id;
    EXPECT_LE(rule.score, 1.0) << rule.id;
    EXPECT_EQ(detectors::FindSecretRule(rule.id), &rule);
  }
}

TEST(SecretRules, EveryRuleHasTrueAndFalseExamples) {
  std::map<std::string, std::pair<int, int>> counts;
  for (const Example& e : Examples()) {
    EXPECT_NE(detectors::FindSecretRule(e.rule), nullptr) << "example for unknown rule " << e.rule;
    auto& c = counts[e.rule];
    (e.secret ? c.first : c.second)++;
  }
  for (const SecretRule& rule : SecretRules()) {
    const auto& c = counts[std::string(rule.id)];
    EXPECT_GE(c.first, 1) << rule.id << " has no true example";
    EXPECT_GE(c.second, 1) << rule.id << " has no false example";
  }
}

TEST(SecretRules, EveryTrueExampleYieldsItsRule) {
  ASSERT_NE(&SecretEngine(), nullptr);
  for (const Example& e : Examples()) {
    if (!e.secret) continue;
    std::vector<Finding> findings = Scan(e.text);
    const Finding* f = FindRule(findings, e.rule);
    EXPECT_NE(f, nullptr) << "want " << e.rule << " in: " << e.text << "\n"
                          << Describe(e.text, findings);
    if (f == nullptr) continue;
    EXPECT_EQ(f->category, Category::kSecret) << e.rule;
    EXPECT_GT(f->score, 0.0) << e.rule;
    EXPECT_LE(f->score, 1.0) << e.rule;
    EXPECT_LT(f->start, f->end) << e.rule;
    std::string value = SpanText(e.text, *f);
    // A finding in a decoded view masks the decoded value, which may differ in length.
    if (f->via.empty()) {
      EXPECT_EQ(f->preview, MaskPreview(value)) << e.rule;
    }
    if (value.size() >= 8) {
      EXPECT_EQ(f->preview.find(value), std::string::npos) << e.rule << " leaks its value";
    }
  }
}

TEST(SecretRules, NoFalseExampleYieldsItsRule) {
  ASSERT_NE(&SecretEngine(), nullptr);
  for (const Example& e : Examples()) {
    if (e.secret) continue;
    std::vector<Finding> findings = Scan(e.text);
    EXPECT_EQ(FindRule(findings, e.rule), nullptr)
        << "did not want " << e.rule << " in: " << e.text << "\n"
        << Describe(e.text, findings);
  }
}

// --- Spans, scores and rule precedence ----------------------------------------------------------

TEST(SecretDetector, SpanIsTheValueNotTheKeyName) {
  const std::string text = "db:\n  password: \"Vq8#mLw2zR\"\n";
  std::vector<Finding> findings = Scan(text);
  const Finding* f = FindRule(findings, "secret.generic_password");
  ASSERT_NE(f, nullptr) << Describe(text, findings);
  EXPECT_EQ(SpanText(text, *f), "Vq8#mLw2zR");
  EXPECT_EQ(f->subcategory, "generic");
  EXPECT_EQ(f->preview, "**********(10)");
}

TEST(SecretDetector, UrlFindingCoversOnlyThePassword) {
  const std::string text = "DATABASE_URL=postgres://app:Zk4pQ9rT2w@db.internal:5432/app";
  std::vector<Finding> findings = Scan(text);
  const Finding* f = FindRule(findings, "secret.postgres_url");
  ASSERT_NE(f, nullptr) << Describe(text, findings);
  EXPECT_EQ(SpanText(text, *f), "Zk4pQ9rT2w");
  EXPECT_EQ(FindRule(findings, "secret.url_credentials"), nullptr) << "the specific rule wins";
}

TEST(SecretDetector, VendorRuleWinsOverGenericRuleOnTheSameValue) {
  const std::string token =
      "sk-proj-Rw3bX9kLq2ZtY7vN4mPs8dFgH1jKcV6eT3BlbkFJa9Zq2Wx7Lm4Pn8Rt5Yv1Bc6Dk3Fh";
  const std::string text = "OPENAI_API_KEY = \"" + token + "\"";
  std::vector<Finding> findings = Scan(text);
  ASSERT_EQ(findings.size(), 1u) << Describe(text, findings);
  EXPECT_EQ(findings[0].detector, "secret.openai_api_key");
  EXPECT_EQ(SpanText(text, findings[0]), token);
  EXPECT_EQ(findings[0].subcategory, "ai");
}

TEST(SecretDetector, PemBlockSpanRunsFromHeaderThroughEndLine) {
  const std::string key =
      "-----BEGIN EC PRIVATE KEY-----\n"
      "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oAmoXFyZWX3aoAoGCCqGSM49\n"
      "AwEHoUQDQgAEQJ3bH6Lz6F9tVwqX2sV1m2vZyqQ8rC0T0nV7k8yq8H9KpL2Y0WmV\n"
      "y3cF9nQ2bR8tZ1wX4pL0sK6dM3aV9bN2cQ==\n"
      "-----END EC PRIVATE KEY-----";
  const std::string text = "config:\n" + key + "\nnext: value\n";
  std::vector<Finding> findings = Scan(text);
  ASSERT_EQ(findings.size(), 1u) << Describe(text, findings);
  EXPECT_EQ(findings[0].detector, "secret.private_key");
  EXPECT_EQ(SpanText(text, findings[0]), key);
  EXPECT_GE(findings[0].score, 0.95);
  EXPECT_EQ(findings[0].subcategory, "private_key");
}

TEST(SecretDetector, PemBlockWithoutEndLineStillCoversItsBody) {
  const std::string body =
      "MIIEowIBAAKCAQEAx3bH6Lz6F9tVwqX2sV1m2vZyqQ8rC0T0nV7k8yq8H9KpL2Y0\n"
      "WmVy3cF9nQ2bR8tZ1wX4pL0sK6dM3aV9bN2cQHJk4LVWM9nuwNSk3yByxZpYRTBn";
  const std::string text = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n\nThat was my key.";
  std::vector<Finding> findings = Scan(text);
  const Finding* f = FindRule(findings, "secret.private_key");
  ASSERT_NE(f, nullptr) << Describe(text, findings);
  EXPECT_EQ(SpanText(text, *f), "-----BEGIN RSA PRIVATE KEY-----\n" + body);
}

TEST(SecretDetector, PemHeaderWithoutKeyMaterialScoresAsAHint) {
  const std::string text = "if line.startswith('-----BEGIN RSA PRIVATE KEY-----'):";
  std::vector<Finding> findings = Scan(text);
  const Finding* f = FindRule(findings, "secret.private_key");
  ASSERT_NE(f, nullptr) << Describe(text, findings);
  EXPECT_LT(f->score, 0.7);
}

TEST(SecretDetector, GitHubTokenChecksumDecides) {
  // Same 30 random characters; only the 6-character CRC-32 differs.
  std::vector<Finding> good = Scan("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");
  std::vector<Finding> bad = Scan("ghp_Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC139c3LM");
  EXPECT_NE(FindRule(good, "secret.github_pat"), nullptr);
  EXPECT_EQ(FindRule(bad, "secret.github_pat"), nullptr);
}

// --- Obfuscation the normalizer and decoders undo ------------------------------------------------

TEST(SecretDetector, FindsTokenSplitByZeroWidthSpace) {
  // "gsk_" and 52 characters with U+200B ZERO WIDTH SPACE inserted after the 10th.
  const std::string text =
      "GROQ_API_KEY=gsk_Qm7rT2wX9z\xE2\x80\x8B"
      "Lp4Vn8Kc3Hs6Jd1Fb5Gy0Ua2Ei9Ot7Rw3Zq6Mx4Nc8";
  std::vector<Finding> findings = Scan(text);
  const Finding* f = FindRule(findings, "secret.groq_api_key");
  ASSERT_NE(f, nullptr) << Describe(text, findings);
  EXPECT_EQ(SpanText(text, *f),
            "gsk_Qm7rT2wX9z\xE2\x80\x8BLp4Vn8Kc3Hs6Jd1Fb5Gy0Ua2Ei9Ot7Rw3Zq6Mx4Nc8");
}

// Rewrites printable ASCII as its fullwidth form (U+FF01..U+FF5E), which NFKC folds back.
std::string Fullwidth(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    if (c <= ' ' || c > '~') {
      out += c;
      continue;
    }
    char32_t cp = 0xFF01 + (c - '!');
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

TEST(SecretDetector, FindsTokenWrittenInFullwidthCharacters) {
  const std::string token = "AKIAZQ3VJX7LM2NRB5TW";
  const std::string text = "key id: " + Fullwidth(token);
  std::vector<Finding> findings = Scan(text);
  const Finding* f = FindRule(findings, "secret.aws_access_key_id");
  ASSERT_NE(f, nullptr) << Describe(text, findings);
  EXPECT_EQ(SpanText(text, *f), Fullwidth(token));
}

TEST(SecretDetector, FindsSecretInsideBase64) {
  // base64("export STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dcQm2vR8nKx5Yb\n")
  const std::string text =
      "payload: ZXhwb3J0IFNUUklQRV9LRVk9c2tfbGl2ZV80ZUMzOUhxTHlqV0Rhcmp0VDF6ZHA3ZGNRbTJ2"
      "UjhuS3g1WWIK";
  std::vector<Finding> findings = Scan(text);
  const Finding* f = FindRule(findings, "secret.stripe_secret_key");
  ASSERT_NE(f, nullptr) << Describe(text, findings);
  EXPECT_EQ(f->via, "base64");
  EXPECT_GE(f->start, text.find("ZXhw"));
  EXPECT_LE(f->end, text.size());
}

// --- Hostile input -------------------------------------------------------------------------------

TEST(SecretDetector, EmptyInputHasNoFindings) { EXPECT_TRUE(Scan("").empty()); }

TEST(SecretDetector, InvalidUtf8AndNulBytesAroundASecretStillFindIt) {
  std::string text = "\xFF\xFE garbage \0\0 token: ";
  text += std::string("\0", 1);
  text += " dop_v1_3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a";
  text += " \xC3\x28 end";
  std::vector<Finding> findings = Scan(text);
  const Finding* f = FindRule(findings, "secret.digitalocean_token");
  ASSERT_NE(f, nullptr) << Describe(text, findings);
  EXPECT_EQ(SpanText(text, *f).substr(0, 8), "dop_v1_3");
}

TEST(SecretDetector, LargeDocumentOfNearMissesIsQuiet) {
  // 1 MiB of text that brushes many patterns (prefixes, keywords, base64-ish runs) without a
  // secret: must finish promptly and report nothing.
  std::string chunk =
      "password: required token = get_token() sk-short ghp_short AKIA api_key: ${API_KEY} "
      "eyJhbGciOi.eyJzdWIi.sig -----BEGIN CERTIFICATE----- MIIDXTCCAkWgAwIBAgIJ\n";
  std::string text;
  while (text.size() < (1u << 20)) text += chunk;
  std::vector<Finding> findings = Scan(text);
  EXPECT_TRUE(findings.empty()) << Describe(text.substr(0, 200), findings);
}

// Inputs built to repeat a pattern's head inside one long run (JWT heads, DER key heads, PEM
// headers without END lines, token heads of one alphabet) must not make the scan quadratic. The
// time bound is loose on purpose (Debug, sanitizers, a shared CI machine): a quadratic scan of
// these inputs takes minutes.
TEST(SecretDetector, RepeatedHeadsInOneRunStayLinear) {
  const std::string units[] = {
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", "MIIBOgIBAAJBAJ", "-----BEGIN PRIVATE KEY-----\n",
      "ya29.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "sk_live_a1b2c3d4e5f6g7h8i9j0"};
  for (const std::string& unit : units) {
    SCOPED_TRACE(unit);
    std::string text;
    while (text.size() < (512u << 10)) text += unit;
    auto start = std::chrono::steady_clock::now();
    Scan(text);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  }
}

TEST(SecretDetector, ManySecretsInOneDocumentAreAllReported) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "password=Vq8#mLw" + std::to_string(10000 + i) + "\n";
  std::vector<Finding> findings = Scan(text);
  EXPECT_EQ(findings.size(), 5000u);
  for (const Finding& f : findings) EXPECT_EQ(f.detector, "secret.generic_password");
}

TEST(SecretDetector, ConcurrentScansAgree) {
  const std::string text = "AWS_ACCESS_KEY_ID=AKIAZQ3VJX7LM2NRB5TW password=Vq8#mLw2zR";
  const std::vector<Finding> expected = Scan(text);
  ASSERT_EQ(expected.size(), 2u) << Describe(text, expected);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::vector<Finding> got = Scan(text);
        if (got.size() != expected.size() || got[0].start != expected[0].start ||
            got[1].detector != expected[1].detector) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace frontseat
