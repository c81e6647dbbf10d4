// The secret rule table. Each row is one credential format; see rules.h for the fields.
//
// Pattern conventions. The engine runs every pattern in one vectorscan pass without
// start-of-match, then RE2 confirms spans in a window of the pattern's maximum width, so patterns
// use the common subset of both engines and every repetition is bounded.
//   - Group 1 is the secret value; the finding's span and preview cover only it.
//   - kL is the left boundary of a prefixed token: a word boundary, an underscore (FOO_AKIA...),
//     or the "[93m" left over from an ANSI colour escape once its ESC is gone.
//   - A trailing \b, or an explicit "not a token character" class, stops a fixed-length format
//     from matching the head of a longer random string.
//   - Long values are matched by their head and grown by the detector over the row's Tail
//     alphabet up to max_length (rules.h says why).
// Scores: formats with a checksum 0.99; distinctive vendor prefixes 0.9-0.97; vendor secrets
// recognised by a nearby keyword 0.8-0.85; generic keyword = value assignments 0.6-0.75.
#include "detectors/secret/rules.h"

#include <initializer_list>
#include <vector>

namespace frontseat::detectors {
namespace {

constexpr std::string_view kL = R"re((?:\b|_|\[[0-9;]{1,12}m))re";

// Between a keyword and its value in code, config, JSON, YAML and env files:
//   key = v, key: v, key := v, key => v, key == v, "key": "v", key%3Dv (URL-encoded),
//   key: Type = v (typed declarations), key is v (prose), define('KEY', 'v'), key = '''v.
// The typed form comes first so that RE2's leftmost-first choice prefers it over "key: Type".
constexpr std::string_view kAssign =
    R"re((?:\\?["'`])?(?:\s{0,4}:\s{0,4}[A-Za-z_][A-Za-z0-9_.<>\[\]]{0,24}\??\s{0,4}=[=>]?|)re"
    R"re(\s{0,4}(?:[:=]{1,3}>?|!==?|->|%3[dD]|>)|\s{1,3}(?:is|was|are)\s{1,3}(?:[:=]\s{0,3})?|)re"
    R"re(\s{0,4},)\s{0,4}(?:\\?["'`]{1,3}|&quot;|&#39;)?)re";

// The first characters of a value as written after an assignment (no blank, quote, bracket or
// list separator); Tail::kValue grows it to the end.
constexpr std::string_view kValueHead = R"re(([^\s"'`<>(){}\[\],;&\\]{4}))re";

// Identifier characters between a keyword and its separator (password_value, SECRET_KEY_2). The
// characters before the keyword are read by the detector, not matched.
constexpr std::string_view kSuf = "[A-Za-z0-9_.-]{0,24}";

// scheme://user:password@host; an e-mail address as user name is allowed.
constexpr std::string_view kUrlUser = R"re([^\s:/@"'<>]{0,48}(?:@[^\s:/@"'<>]{1,48})?)re";
constexpr std::string_view kUrlTail = R"re(:([^\s/@"'<>]{1,64})@[A-Za-z0-9\[])re";

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

// A token recognised by its prefix: kL, then the token as group 1, then `end`.
std::string Prefixed(std::string_view token, std::string_view end = R"re(\b)re") {
  return Cat({kL, "(", token, ")", end});
}

// A vendor secret without a distinctive prefix, recognised by a vendor word and a key word
// before it: `<vendor>...<key> = <value>`.
std::string InContext(std::string_view vendor, std::string_view key, std::string_view value,
                      std::string_view end = R"re(\b)re") {
  return Cat({"(?:", vendor, ")[A-Za-z0-9_.-]{0,20}(?:", key,
              R"re()[A-Za-z0-9_]{0,10}["']?\s{0,4}[:=]{1,2}>?\s{0,4}["']?()re", value, ")", end});
}

// A keyword assignment: a keyword, identifier characters, a separator, a value.
std::string Assignment(std::string_view keywords) {
  return Cat({"(?:", keywords, ")", kSuf, kAssign, kValueHead});
}

std::string UrlWithPassword(std::string_view schemes) {
  return Cat({R"re(\b(?:)re", schemes, ")://", kUrlUser, kUrlTail});
}

std::vector<SecretRule> BuildRules() {
  using G = RuleGroup;
  using C = RuleCheck;
  using K = KeywordFamily;
  using T = Tail;
  std::vector<SecretRule> r = {
      // --- Cloud providers and infrastructure ---------------------------------------------------
      {"secret.aws_access_key_id", "AWS access key id (AKIA/ASIA/ABIA/ACCA...)", G::kCloud,
       Prefixed("(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}"), false, 0.9, 2.5},
      {"secret.aws_secret_access_key", "AWS secret access key next to its key name", G::kCloud,
       R"re((?:aws_?secret_?(?:access_?)?key|secret_?access_?key|aws_?secret)[A-Za-z0-9_]{0,10})re"
       R"re(["']?\s{0,4}[:=]{1,2}>?\s{0,4}["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$))re",
       true, 0.9, 3.5},
      {"secret.aws_session_token", "AWS STS session token next to its key name", G::kCloud,
       R"re((?:aws_?session_?token|x-amz-security-token)["']?\s{0,4}[:=]{1,2}\s{0,4}["']?)re"
       R"re(([A-Za-z0-9/+=%]{100}))re",
       true, 0.9, 4.0, C::kNone, K::kNone, T::kToken, 2000},
      {"secret.aws_mws_key", "Amazon Marketplace Web Service auth token", G::kCloud,
       Prefixed(R"re(amzn\.mws\.[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12})re"),
       false, 0.9, 3.0},
      {"secret.aws_bedrock_api_key", "Amazon Bedrock long-term API key (ABSK...)", G::kCloud,
       Prefixed("ABSK[A-Za-z0-9+/]{100}", ""), false, 0.9, 4.0, C::kNone, K::kNone, T::kBase64,
       300},
      {"secret.aws_bedrock_short_term_key", "Amazon Bedrock short-term API key", G::kCloud,
       Prefixed("bedrock-api-key-[A-Za-z0-9+/=]{24}", ""), false, 0.9, 3.5, C::kNone, K::kNone,
       T::kBase64, 2000},
      {"secret.gcp_api_key", "Google Cloud / Firebase / Gemini API key (AIza...)", G::kCloud,
       Prefixed("AIza[0-9A-Za-z_-]{35}", "(?:[^0-9A-Za-z_-]|$)"), false, 0.9, 3.0},
      {"secret.gcp_service_account_key_id",
       "GCP service-account key file: private_key_id (the PEM key is its own finding)", G::kCloud,
       R"re("private_key_id"\s{0,4}:\s{0,4}"([a-f0-9]{40})")re", false, 0.85, 3.0},
      {"secret.gcp_oauth_client_secret", "Google OAuth client secret (GOCSPX-...)", G::kCloud,
       Prefixed("GOCSPX-[A-Za-z0-9_-]{28}", "(?:[^A-Za-z0-9_-]|$)"), false, 0.95, 3.0},
      {"secret.google_oauth_access_token", "Google OAuth access token (ya29....)", G::kCloud,
       Prefixed(R"re(ya29\.[A-Za-z0-9_-]{30})re", ""), false, 0.85, 3.5, C::kNone, K::kNone,
       T::kBase64Url, 2000},
      {"secret.google_oauth_refresh_token", "Google OAuth refresh token (1//0...)", G::kCloud,
       R"re((?:^|[^A-Za-z0-9/])(1//0[A-Za-z0-9_-]{40}))re", false, 0.85, 3.5, C::kNone, K::kNone,
       T::kBase64Url, 520},
      {"secret.azure_storage_account_key", "Azure storage account key (AccountKey=...)", G::kCloud,
       R"re((?:AccountKey\s{0,4}=|(?:azure|storage)[A-Za-z0-9_.-]{0,30}key["']?\s{0,4})re"
       R"re([:=]{1,2}\s{0,4}["']?)\s{0,4}([A-Za-z0-9+/]{86}==))re",
       true, 0.95, 4.5},
      {"secret.azure_identifiable_key",
       "Azure identifiable key with the JQQJ99 signature (AI services, DevOps PAT, ...)", G::kCloud,
       R"re(\b([A-Za-z0-9]{40,60}JQQJ9[0-9A-Za-z][A-Za-z0-9]{10,40}={0,2}))re", false, 0.9, 3.5},
      {"secret.azure_ad_client_secret", "Microsoft Entra ID (Azure AD) client secret (..Q~..)",
       G::kCloud,
       R"re((?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}))re"
       R"re((?:[^A-Za-z0-9_~.-]|$))re",
       false, 0.9, 3.5},
      {"secret.azure_sas_token", "Azure shared access signature (sig= of a SAS URL)", G::kCloud,
       R"re([?&]sv=[0-9]{4}-[0-9]{2}-[0-9]{2}[^\s"'<>]{0,200}[?&]sig=([A-Za-z0-9%+/]{40}))re",
       false, 0.9, 3.5, C::kNone, K::kNone, T::kToken, 130},
      {"secret.azure_devops_pat", "Azure DevOps personal access token next to its name", G::kCloud,
       InContext("azure|ado|devops|vsts", "pat|token", "[a-z2-7]{52}"), true, 0.85, 3.5},
      {"secret.azure_openai_key", "Azure OpenAI key next to its name", G::kAi,
       InContext("azure[_.-]?openai", "key", "[a-f0-9]{32}|[A-Za-z0-9]{84}"), true, 0.85, 3.0},
      {"secret.alibaba_access_key_id", "Alibaba Cloud access key id (LTAI...)", G::kCloud,
       Prefixed("LTAI[A-Za-z0-9]{12,20}"), false, 0.85, 3.0},
      {"secret.alibaba_access_key_secret", "Alibaba Cloud access key secret next to its name",
       G::kCloud, InContext("alibaba|aliyun|alicloud", "secret", "[A-Za-z0-9]{30}"), true, 0.85,
       3.5},
      {"secret.tencent_secret_id", "Tencent Cloud SecretId (AKID...)", G::kCloud,
       Prefixed("AKID[A-Za-z0-9]{32}"), false, 0.85, 3.5},
      {"secret.tencent_secret_key", "Tencent Cloud SecretKey next to its name", G::kCloud,
       InContext("tencent|qcloud|tccli", "secret_?key", "[A-Za-z0-9]{32}"), true, 0.8, 3.5},
      {"secret.wechat_app_secret", "WeChat (Tencent) AppSecret next to its name", G::kCloud,
       InContext("wechat|weixin|wx", "app_?secret|secret", "[a-f0-9]{32}"), true, 0.8, 3.0},
      {"secret.digitalocean_token", "DigitalOcean personal/OAuth/refresh token (dop_v1_...)",
       G::kCloud, Prefixed("do[opr]_v1_[a-f0-9]{64}"), false, 0.95, 3.0},
      {"secret.heroku_api_key", "Heroku API key (HRKU-...)", G::kCloud,
       Prefixed("HRKU-(?:[A-Za-z0-9_-]{58,64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                "[0-9a-f]{12})",
                ""),
       false, 0.9, 3.0},
      {"secret.heroku_api_key_legacy", "Heroku API key (UUID) next to its name", G::kCloud,
       InContext("heroku", "api_?key|key|token",
                 "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
       true, 0.8, 3.0},
      {"secret.cloudflare_api_token", "Cloudflare API token or key (cfat_/cfut_/cfk_)", G::kCloud,
       Prefixed("cf(?:at|ut|k)_[A-Za-z0-9]{40,50}"), false, 0.95, 3.5},
      {"secret.cloudflare_api_key_legacy", "Cloudflare global API key next to its name", G::kCloud,
       InContext("cloudflare|cf", "api_?key|auth_?key", "[a-f0-9]{37}"), true, 0.8, 3.0},
      {"secret.cloudflare_origin_ca_key", "Cloudflare Origin CA key (v1.0-...)", G::kCloud,
       Prefixed(R"re(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})re"), false, 0.9, 3.0},
      {"secret.databricks_token", "Databricks personal access token (dapi...)", G::kCloud,
       Prefixed("dapi[a-f0-9]{32}(?:-[0-9])?"), false, 0.9, 3.0},
      {"secret.hashicorp_vault_token", "HashiCorp Vault token (hvs./hvb./hvr.)", G::kCloud,
       Prefixed(R"re(hv[sbr]\.[A-Za-z0-9_-]{24})re", ""), false, 0.9, 3.5, C::kNone, K::kNone,
       T::kBase64Url, 260},
      {"secret.terraform_cloud_token", "Terraform Cloud / Enterprise token (....atlasv1....)",
       G::kCloud, Prefixed(R"re([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,80})re", ""), false,
       0.95, 3.5},
      {"secret.doppler_token", "Doppler token (dp.pt./dp.st./dp.sa....)", G::kCloud,
       Prefixed(R"re(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})re"), false, 0.95, 3.5},
      {"secret.pulumi_access_token", "Pulumi access token (pul-...)", G::kCloud,
       Prefixed("pul-[a-f0-9]{40}"), false, 0.95, 3.0},
      {"secret.netlify_token", "Netlify personal access token (nfp_...)", G::kCloud,
       Prefixed("nfp_[A-Za-z0-9]{36}"), false, 0.9, 3.5},
      {"secret.vercel_token", "Vercel token (vcp_/vci_/vca_/vcr_/vck_)", G::kCloud,
       Prefixed("vc[pkiar]_[A-Za-z0-9]{24,64}"), false, 0.9, 3.5},
      {"secret.supabase_token", "Supabase access token or secret key (sbp_/sb_secret_)", G::kCloud,
       Prefixed("sbp_(?:v0_)?[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,64}"), false, 0.9, 3.0},
      {"secret.planetscale_token", "PlanetScale password or token (pscale_pw_/tkn_/oauth_)",
       G::kCloud, Prefixed(R"re(pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.-]{32,64})re", ""), false, 0.95,
       3.5},
      {"secret.grafana_cloud_token", "Grafana Cloud access policy token (glc_...)", G::kSaas,
       Prefixed("glc_[A-Za-z0-9+/]{32}", ""), false, 0.9, 3.5, C::kNone, K::kNone, T::kBase64, 420},
      {"secret.grafana_service_account_token", "Grafana service account token (glsa_...)", G::kSaas,
       Prefixed("glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"), false, 0.95, 3.0},
      {"secret.grafana_api_key", "Grafana API key (base64 of {\"k\":...})", G::kSaas,
       Prefixed("eyJrIjoi[A-Za-z0-9+/]{50}", ""), false, 0.85, 3.0, C::kNone, K::kNone, T::kBase64,
       220},
      {"secret.sentry_org_token", "Sentry organization auth token (sntrys_...)", G::kSaas,
       Prefixed("sntrys_eyJ[A-Za-z0-9+/=_-]{80}", ""), false, 0.95, 3.5, C::kNone, K::kNone,
       T::kBase64Any, 620},
      {"secret.sentry_user_token", "Sentry user auth token (sntryu_...)", G::kSaas,
       Prefixed("sntryu_[a-f0-9]{64}"), false, 0.95, 3.0},
      {"secret.newrelic_user_api_key", "New Relic user API key (NRAK-...)", G::kSaas,
       Prefixed("NRAK-[A-Z0-9]{27}"), false, 0.95, 3.0},
      {"secret.newrelic_browser_key", "New Relic browser/mobile key (NRJS-/NRBR-)", G::kSaas,
       Prefixed("NR(?:JS|BR)-[a-f0-9]{19}"), false, 0.7, 3.0},
      {"secret.newrelic_insights_key", "New Relic Insights insert/query key (NRII-/NRIQ-)",
       G::kSaas, Prefixed("NRI[IQ]-[A-Za-z0-9_-]{20,40}", ""), false, 0.85, 3.0},
      {"secret.newrelic_license_key", "New Relic ingest license key (...NRAL)", G::kSaas,
       R"re(\b([a-z0-9]{36}NRAL)\b)re", false, 0.9, 3.0},
      {"secret.dynatrace_token", "Dynatrace API token (dt0c01....)", G::kSaas,
       Prefixed(R"re(dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})re"), false, 0.95, 3.5},
      {"secret.datadog_api_key", "Datadog API or application key next to its name", G::kSaas,
       R"re((?:datadog|dd)[_.-]?(?:api|app(?:lication)?)[_.-]?key["']?\s{0,4}[:=]{1,2}\s{0,4})re"
       R"re(["']?([a-f0-9]{40}|[a-f0-9]{32})\b)re",
       true, 0.8, 3.0},
      {"secret.okta_api_token", "Okta API token next to its name", G::kSaas,
       InContext("okta", "token|key", "00[A-Za-z0-9_-]{40}"), true, 0.85, 3.5},
      {"secret.onepassword_service_account_token", "1Password service account token (ops_...)",
       G::kSaas, Prefixed("ops_eyJ[A-Za-z0-9+/=_-]{100}", ""), false, 0.95, 3.5, C::kNone, K::kNone,
       T::kBase64Any, 2000},
      {"secret.onepassword_secret_key", "1Password account secret key (A3-...)", G::kSaas,
       R"re(\b(A3-[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b)re",
       false, 0.9, 3.0},
      {"secret.age_secret_key", "age encryption secret key (bech32 checksummed)", G::kPrivateKey,
       R"re(\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b)re", false, 0.99, 0.0,
       C::kBech32},
      {"secret.nats_nkey_seed", "NATS nkey seed (SU.../SA.../SO...)", G::kPrivateKey,
       R"re(\b(S[UANOCX]A[A-Z2-7]{55})\b)re", false, 0.85, 3.5},
      {"secret.docker_swarm_unlock_key", "Docker swarm unlock key (SWMKEY-1-...)", G::kCloud,
       Prefixed("SWMKEY-1-[A-Za-z0-9+/]{43}", ""), false, 0.95, 3.5},
      {"secret.docker_swarm_join_token", "Docker swarm join token (SWMTKN-1-...)", G::kCloud,
       Prefixed("SWMTKN-1-[a-z0-9]{50}-[a-z0-9]{25}"), false, 0.95, 3.5},
      {"secret.defined_networking_api_key", "Defined Networking (Nebula) API key (dnkey-...)",
       G::kCloud, Prefixed("dnkey-[A-Z0-9]{26}-[A-Z0-9]{52}"), false, 0.95, 3.5},
      {"secret.akamai_edgegrid_token", "Akamai EdgeGrid client or access token (akab-...)",
       G::kCloud, Prefixed("akab-[a-z0-9]{16}-[a-z0-9]{16}"), false, 0.9, 3.0},

      // --- Source hosts -------------------------------------------------------------------------
      {"secret.github_pat", "GitHub personal access token, classic (ghp_, CRC-32 checked)",
       G::kSourceHost, Prefixed("ghp_[A-Za-z0-9]{36,40}"), false, 0.99, 0.0, C::kCrc32Base62},
      {"secret.github_oauth_token", "GitHub OAuth access token (gho_, CRC-32 checked)",
       G::kSourceHost, Prefixed("gho_[A-Za-z0-9]{36,40}"), false, 0.99, 0.0, C::kCrc32Base62},
      {"secret.github_user_token", "GitHub user-to-server token (ghu_, CRC-32 checked)",
       G::kSourceHost, Prefixed("ghu_[A-Za-z0-9]{36,40}"), false, 0.99, 0.0, C::kCrc32Base62},
      {"secret.github_app_token", "GitHub app installation token (ghs_, CRC-32 checked)",
       G::kSourceHost, Prefixed("ghs_[A-Za-z0-9]{36,40}"), false, 0.99, 0.0, C::kCrc32Base62},
      {"secret.github_refresh_token", "GitHub refresh token (ghr_, CRC-32 checked)", G::kSourceHost,
       Prefixed("ghr_[A-Za-z0-9]{36,40}"), false, 0.99, 0.0, C::kCrc32Base62},
      {"secret.github_fine_grained_pat", "GitHub fine-grained personal access token",
       G::kSourceHost, Prefixed("github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"), false, 0.97, 3.5},
      {"secret.gitlab_pat", "GitLab personal/project/group access token (glpat-)", G::kSourceHost,
       Prefixed(R"re(glpat-[A-Za-z0-9_.-]{20,64})re", ""), false, 0.95, 3.0},
      {"secret.gitlab_deploy_token", "GitLab deploy token (gldt-)", G::kSourceHost,
       Prefixed("gldt-[A-Za-z0-9_-]{20,64}", ""), false, 0.95, 3.0},
      {"secret.gitlab_runner_token", "GitLab runner authentication token (glrt-)", G::kSourceHost,
       Prefixed(R"re(glrt-[A-Za-z0-9_.-]{20,64})re", ""), false, 0.95, 3.0},
      {"secret.gitlab_runner_registration_token",
       "GitLab runner registration token (glrtr-, GR1348941)", G::kSourceHost,
       Prefixed("glrtr-[A-Za-z0-9_-]{20,64}|GR1348941[A-Za-z0-9_-]{20,64}", ""), false, 0.95, 3.0},
      {"secret.gitlab_ci_job_token", "GitLab CI/CD job token (glcbt-)", G::kSourceHost,
       Prefixed("glcbt-[A-Za-z0-9_-]{20,80}", ""), false, 0.9, 3.0},
      {"secret.gitlab_pipeline_trigger_token", "GitLab pipeline trigger token (glptt-)",
       G::kSourceHost, Prefixed("glptt-[A-Za-z0-9_-]{20,64}", ""), false, 0.95, 3.0},
      {"secret.gitlab_feed_token", "GitLab feed token (glft-)", G::kSourceHost,
       Prefixed("glft-[A-Za-z0-9_-]{20,64}", ""), false, 0.9, 3.0},
      {"secret.gitlab_incoming_mail_token", "GitLab incoming mail token (glimt-)", G::kSourceHost,
       Prefixed("glimt-[A-Za-z0-9_-]{25,64}", ""), false, 0.9, 3.0},
      {"secret.gitlab_agent_token", "GitLab agent for Kubernetes token (glagent-)", G::kSourceHost,
       Prefixed("glagent-[A-Za-z0-9_-]{50,64}", ""), false, 0.95, 3.0},
      {"secret.gitlab_oauth_app_secret", "GitLab OAuth application secret (gloas-)", G::kSourceHost,
       Prefixed("gloas-[A-Za-z0-9_-]{64}", ""), false, 0.95, 3.0},
      {"secret.gitlab_scim_token", "GitLab SCIM OAuth token (glsoat-)", G::kSourceHost,
       Prefixed("glsoat-[A-Za-z0-9_-]{20,64}", ""), false, 0.95, 3.0},
      {"secret.gitlab_feature_flag_token", "GitLab feature flags client token (glffct-)",
       G::kSourceHost, Prefixed("glffct-[A-Za-z0-9_-]{20,64}", ""), false, 0.9, 3.0},
      {"secret.gitlab_workspace_token", "GitLab workspace token (glwt-)", G::kSourceHost,
       Prefixed("glwt-[A-Za-z0-9_-]{20,64}", ""), false, 0.9, 3.0},
      {"secret.gitlab_session_cookie", "GitLab session cookie (_gitlab_session=)", G::kSourceHost,
       R"re(_gitlab_session=([a-f0-9]{32})\b)re", false, 0.85, 3.0},
      {"secret.bitbucket_app_password", "Bitbucket app password (ATBB...)", G::kSourceHost,
       Prefixed(R"re(ATBB[A-Za-z0-9_=.-]{28,36})re"), false, 0.9, 3.5},
      {"secret.bitbucket_access_token", "Bitbucket Data Center HTTP access token (BBDC-)",
       G::kSourceHost, Prefixed("BBDC-[A-Za-z0-9+/@_-]{44}", ""), false, 0.95, 3.5},
      {"secret.atlassian_api_token", "Atlassian (Jira/Confluence/Bitbucket) API token (ATATT)",
       G::kSourceHost, Prefixed(R"re(ATATT3[A-Za-z0-9_=-]{150,250}(?:\\?=|%3[Dd])[A-F0-9]{8})re"),
       false, 0.95, 3.5},
      {"secret.atlassian_access_token", "Atlassian repository/workspace access token (ATCTT)",
       G::kSourceHost, Prefixed(R"re(ATCTT3[A-Za-z0-9_=-]{150,250}(?:\\?=|%3[Dd])[A-F0-9]{7,8})re"),
       false, 0.95, 3.5},
      {"secret.atlassian_dc_pat", "Jira / Confluence Data Center personal access token",
       G::kSourceHost, R"re(\b([MNO][A-Za-z0-9]{43})\b)re", false, 0.85, 3.5, C::kAtlassianDcPat},

      // --- Payment ------------------------------------------------------------------------------
      {"secret.stripe_secret_key", "Stripe live secret key (sk_live_)", G::kPayment,
       Prefixed("sk_live_[A-Za-z0-9]{20}", ""), false, 0.95, 3.0, C::kNone, K::kNone, T::kAlnum,
       255},
      {"secret.stripe_restricted_key", "Stripe live restricted key (rk_live_)", G::kPayment,
       Prefixed("rk_live_[A-Za-z0-9]{20}", ""), false, 0.95, 3.0, C::kNone, K::kNone, T::kAlnum,
       255},
      {"secret.stripe_test_key", "Stripe test-mode secret or restricted key (sk_test_/rk_test_)",
       G::kPayment, Prefixed("[sr]k_test_[A-Za-z0-9]{20}", ""), false, 0.6, 3.0, C::kNone, K::kNone,
       T::kAlnum, 255},
      {"secret.stripe_webhook_secret", "Stripe webhook signing secret (whsec_)", G::kPayment,
       Prefixed("whsec_[A-Za-z0-9+/=]{24,64}", ""), false, 0.9, 3.5},
      {"secret.square_access_token", "Square production access token (EAAA...)", G::kPayment,
       Prefixed("EAAA[A-Za-z0-9_-]{60}", "(?:[^A-Za-z0-9_-]|$)"), false, 0.9, 3.5},
      {"secret.square_oauth_token", "Square OAuth/legacy access token (sq0atp-)", G::kPayment,
       Prefixed("sq0atp-[A-Za-z0-9_-]{22}", ""), false, 0.9, 3.0},
      {"secret.square_oauth_secret", "Square application secret (sq0csp-)", G::kPayment,
       Prefixed("sq0csp-[A-Za-z0-9_-]{43}", ""), false, 0.95, 3.0},
      {"secret.braintree_access_token", "PayPal Braintree access token", G::kPayment,
       Prefixed(R"re(access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32})re"), false, 0.95, 3.0},
      {"secret.paypal_client_secret", "PayPal REST client secret next to its name", G::kPayment,
       InContext("paypal", "client_?secret|secret", "[A-Za-z0-9_-]{80}"), true, 0.8, 4.0},
      {"secret.adyen_api_key", "Adyen API key (AQE...) next to its name", G::kPayment,
       InContext("adyen", "api_?key|key", R"re(AQE[A-Za-z0-9+/=_.-]{40})re", ""), true, 0.85, 3.5,
       C::kNone, K::kNone, T::kBase64Any, 320},
      {"secret.shopify_token", "Shopify access/custom/private-app token or shared secret",
       G::kPayment, Prefixed("shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"), false, 0.95, 3.0},
      {"secret.plaid_access_token", "Plaid access token", G::kPayment,
       Prefixed("access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                "[0-9a-f]{4}-[0-9a-f]{12}"),
       false, 0.9, 3.0},
      {"secret.flutterwave_secret_key", "Flutterwave secret key (FLWSECK-)", G::kPayment,
       Prefixed("FLWSECK(?:_TEST)?-[a-f0-9]{32}-X", ""), false, 0.95, 3.0},

      // --- Chat and messaging -------------------------------------------------------------------
      {"secret.slack_bot_token", "Slack bot token (xoxb-)", G::kMessaging,
       Prefixed("xoxb-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,40}"), false, 0.95, 3.0},
      {"secret.slack_user_token", "Slack user/legacy token (xoxp-/xoxa-/xoxs-)", G::kMessaging,
       Prefixed("xox[pas]-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{32}"), false, 0.95, 3.0},
      {"secret.slack_config_token", "Slack configuration or rotating token (xoxe-1-, xoxp-1-)",
       G::kMessaging, Prefixed(R"re(xox[pe](?:\.xox[bp])?-1-[A-Za-z0-9]{100})re", ""), false, 0.9,
       3.5, C::kNone, K::kNone, T::kAlnum, 420},
      {"secret.slack_app_token", "Slack app-level token (xapp-)", G::kMessaging,
       Prefixed("xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64}"), false, 0.95, 3.0},
      {"secret.slack_webhook_url", "Slack incoming webhook URL", G::kMessaging,
       R"re(hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/]{40,120}))re", false,
       0.95, 3.0},
      {"secret.discord_bot_token", "Discord bot token (id.timestamp.hmac)", G::kMessaging,
       R"re(\b([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}))re", false, 0.9,
       3.0, C::kDiscordBotToken},
      {"secret.discord_webhook_url", "Discord webhook URL", G::kMessaging,
       R"re(discord(?:app)?\.com/api/webhooks/([0-9]{17,20}/[A-Za-z0-9_-]{60,68}))re", false, 0.95,
       3.5},
      {"secret.telegram_bot_token", "Telegram bot API token (123456789:AA...)", G::kMessaging,
       R"re(\b([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$))re", false, 0.95, 3.0},
      {"secret.twilio_api_key", "Twilio API key SID (SK...)", G::kMessaging,
       Prefixed("SK[0-9a-fA-F]{32}"), false, 0.85, 3.0},
      {"secret.twilio_auth_token", "Twilio auth token next to its name", G::kMessaging,
       InContext("twilio", "auth_?token|token", "[a-f0-9]{32}"), true, 0.85, 3.0},
      {"secret.sendgrid_api_key", "SendGrid API key (SG.xxx.yyy)", G::kMessaging,
       Prefixed(R"re(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})re", "(?:[^A-Za-z0-9_-]|$)"), false,
       0.95, 3.5},
      {"secret.mailgun_api_key", "Mailgun API key (key-... or private key)", G::kMessaging,
       Prefixed("key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}"), false, 0.85, 3.0},
      {"secret.mailchimp_api_key", "Mailchimp API key (...-usNN)", G::kMessaging,
       R"re(\b([0-9A-Za-z]{32}-us[0-9]{1,2})\b)re", false, 0.85, 3.5},
      {"secret.brevo_api_key", "Brevo (Sendinblue) API or SMTP key (xkeysib-/xsmtpsib-)",
       G::kMessaging, Prefixed("x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}"), false, 0.95,
       3.0},
      {"secret.teams_webhook_url", "Microsoft Teams incoming webhook URL", G::kMessaging,
       R"re((https://[a-z0-9-]{1,60}\.webhook\.office\.com/webhookb2/[0-9a-f-]{36}@)re"
       R"re([0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}(?:/[A-Za-z0-9_-]{20,64})?))re",
       false, 0.95, 3.0},
      {"secret.postman_api_key", "Postman API key (PMAK-)", G::kSaas,
       Prefixed("PMAK-[a-f0-9]{24}-[a-f0-9]{34}"), false, 0.95, 3.0},
      {"secret.postman_access_token", "Postman collection access token (PMAT-)", G::kSaas,
       Prefixed("PMAT-[A-Z0-9]{26}"), false, 0.9, 3.0},

      // --- AI providers -------------------------------------------------------------------------
      {"secret.openai_api_key", "OpenAI API key (sk-..., sk-proj-..., with T3BlbkFJ)", G::kAi,
       Prefixed("sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,160}T3BlbkFJ[A-Za-z0-9_-]{16}", ""),
       false, 0.97, 3.5, C::kNone, K::kNone, T::kBase64Url, 400},
      {"secret.anthropic_api_key", "Anthropic API/admin key (sk-ant-)", G::kAi,
       Prefixed("sk-ant-(?:api|admin|oat|ort)[0-9]{2}-[A-Za-z0-9_-]{80}", ""), false, 0.97, 3.5,
       C::kNone, K::kNone, T::kBase64Url, 140},
      {"secret.groq_api_key", "Groq API key (gsk_)", G::kAi, Prefixed("gsk_[A-Za-z0-9]{52}"), false,
       0.95, 3.5},
      {"secret.huggingface_token", "Hugging Face user access token (hf_)", G::kAi,
       Prefixed("hf_[A-Za-z0-9]{34}"), false, 0.9, 3.5},
      {"secret.huggingface_org_token", "Hugging Face organization token (api_org_)", G::kAi,
       Prefixed("api_org_[A-Za-z0-9]{34}"), false, 0.9, 3.5},
      {"secret.replicate_api_token", "Replicate API token (r8_)", G::kAi,
       Prefixed("r8_[A-Za-z0-9]{37}"), false, 0.95, 3.5},
      {"secret.together_api_key", "Together AI API key (tgp_v1_)", G::kAi,
       Prefixed("tgp_v1_[A-Za-z0-9_-]{43}", ""), false, 0.95, 3.5},
      {"secret.xai_api_key", "xAI (Grok) API key (xai-)", G::kAi, Prefixed("xai-[A-Za-z0-9]{80}"),
       false, 0.95, 3.5},
      {"secret.deepseek_api_key",
       "DeepSeek-style API key (sk- and 32 hex digits; other providers share the shape)", G::kAi,
       Prefixed("sk-[a-f0-9]{32}"), false, 0.8, 3.0},
      {"secret.perplexity_api_key", "Perplexity API key (pplx-)", G::kAi,
       Prefixed("pplx-[A-Za-z0-9]{48}"), false, 0.95, 3.5},
      {"secret.openrouter_api_key", "OpenRouter API key (sk-or-v1-)", G::kAi,
       Prefixed("sk-or-v1-[a-f0-9]{64}"), false, 0.95, 3.0},
      {"secret.cohere_api_key", "Cohere API key next to its name", G::kAi,
       InContext("cohere|co_api", "key|token", "[A-Za-z0-9]{40}"), true, 0.85, 3.5},
      {"secret.mistral_api_key", "Mistral AI API key next to its name", G::kAi,
       InContext("mistral", "key|token", "[A-Za-z0-9]{32}"), true, 0.85, 3.5},
      {"secret.llama_api_key", "LlamaCloud / LLAMA API key (llx-)", G::kAi,
       Prefixed("llx-[A-Za-z0-9_-]{40,64}", ""), false, 0.9, 3.5},
      {"secret.langsmith_api_key", "LangSmith API key (lsv2_pt_/lsv2_sk_)", G::kAi,
       Prefixed("lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}"), false, 0.95, 3.0},
      {"secret.pinecone_api_key", "Pinecone API key (pcsk_)", G::kAi,
       Prefixed("pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{50,80}"), false, 0.9, 3.5},
      {"secret.tavily_api_key", "Tavily API key (tvly-)", G::kAi,
       Prefixed("tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}"), false, 0.95, 3.5},
      {"secret.wandb_api_key", "Weights & Biases API key next to its name or `wandb login`", G::kAi,
       R"re((?:wandb[A-Za-z0-9_.-]{0,20}key["']?\s{0,4}[:=]{1,2}\s{0,4}["']?|)re"
       R"re(wandb\s{1,4}login\s{1,4}(?:--relogin\s{1,4})?)([a-f0-9]{40})\b)re",
       true, 0.85, 3.0},

      // --- Package registries and CI ------------------------------------------------------------
      {"secret.npm_access_token", "npm access token (npm_, CRC-32 checked)", G::kRegistry,
       Prefixed("npm_[A-Za-z0-9]{36}"), false, 0.99, 0.0, C::kCrc32Base62},
      {"secret.npmrc_auth_token", "npm registry auth token in .npmrc (:_authToken=)", G::kRegistry,
       R"re(//[A-Za-z0-9._/-]{1,100}:_authToken=([A-Za-z0-9_.+/=-]{20}))re", false, 0.9, 3.0,
       C::kNone, K::kNone, T::kToken, 200},
      {"secret.pypi_upload_token", "PyPI / TestPyPI upload token (pypi-AgE...)", G::kRegistry,
       Prefixed("pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50}", ""), false, 0.99,
       3.5, C::kNone, K::kNone, T::kBase64Url, 2000},
      {"secret.rubygems_api_key", "RubyGems API key (rubygems_)", G::kRegistry,
       Prefixed("rubygems_[a-f0-9]{48}"), false, 0.95, 3.0},
      {"secret.nuget_api_key", "NuGet API key (oy2...)", G::kRegistry,
       R"re(\b(oy2[a-z0-9]{43})\b)re", false, 0.9, 3.5},
      {"secret.docker_hub_token", "Docker Hub personal or organization access token (dckr_)",
       G::kRegistry, Prefixed("dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}", ""), false, 0.95, 3.0},
      {"secret.jfrog_api_key", "JFrog Artifactory API key (AKCp...)", G::kRegistry,
       R"re(\b(AKCp[0-9][A-Za-z0-9]{68,72})\b)re", false, 0.9, 3.5},
      {"secret.jfrog_identity_token", "JFrog identity/reference token (base64 of reftkn:01:)",
       G::kRegistry, R"re(\b(cmVmdGtuOjAxOj[A-Za-z0-9+/]{40}))re", false, 0.9, 3.0, C::kNone,
       K::kNone, T::kBase64, 100},
      {"secret.clojars_deploy_token", "Clojars deploy token (CLOJARS_)", G::kRegistry,
       Prefixed("CLOJARS_[a-f0-9]{60}"), false, 0.95, 3.0},
      {"secret.crates_io_token", "crates.io API token (cio...)", G::kRegistry,
       R"re(\b(cio[A-Za-z0-9]{32})\b)re", false, 0.85, 3.5},
      {"secret.circleci_token", "CircleCI personal API token (CCIPAT_)", G::kRegistry,
       Prefixed("CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}"), false, 0.95, 3.0},
      {"secret.buildkite_token", "Buildkite user access token (bkua_)", G::kRegistry,
       Prefixed("bkua_[a-f0-9]{40}"), false, 0.95, 3.0},
      {"secret.sonarqube_token", "SonarQube/SonarCloud token (squ_/sqa_/sqp_)", G::kRegistry,
       Prefixed("sq[uap]_[a-f0-9]{40}"), false, 0.9, 3.0},

      // --- Other SaaS ---------------------------------------------------------------------------
      {"secret.linear_api_key", "Linear API key (lin_api_)", G::kSaas,
       Prefixed("lin_api_[A-Za-z0-9]{40}"), false, 0.95, 3.5},
      {"secret.notion_token", "Notion integration token (ntn_, secret_)", G::kSaas,
       Prefixed("ntn_[A-Za-z0-9]{46}|secret_[A-Za-z0-9]{43}"), false, 0.9, 3.5},
      {"secret.airtable_pat", "Airtable personal access token (pat....)", G::kSaas,
       R"re(\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})\b)re", false, 0.95, 3.0},
      {"secret.figma_token", "Figma personal access token (figd_)", G::kSaas,
       Prefixed("figd_[A-Za-z0-9_-]{40}", ""), false, 0.95, 3.0},
      {"secret.dropbox_short_lived_token", "Dropbox short-lived access token (sl.)", G::kSaas,
       R"re(\b(sl\.[A-Za-z0-9_.-]{130}))re", false, 0.9, 4.0, C::kNone, K::kNone, T::kDotted, 1400},
      {"secret.dropbox_long_lived_token", "Dropbox long-lived access token", G::kSaas,
       R"re(\b([A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$))re", false, 0.85,
       3.5},
      {"secret.facebook_access_token", "Facebook / Meta access token (EAA...)", G::kSaas,
       R"re(\b(EAA[B-Z][A-Za-z0-9]{80}))re", false, 0.85, 3.5, C::kNone, K::kNone, T::kAlnum, 420},
      {"secret.facebook_app_token", "Facebook app access token (app_id|secret)", G::kSaas,
       R"re(\b([0-9]{13,17}\|[A-Za-z0-9_-]{27})(?:[^A-Za-z0-9_-]|$))re", false, 0.9, 3.5},
      {"secret.instagram_token", "Instagram access token (IGQV...)", G::kSaas,
       R"re(\b(IGQV[A-Za-z0-9_-]{100}))re", false, 0.9, 3.5, C::kNone, K::kNone, T::kBase64Url,
       420},
      {"secret.twitter_bearer_token", "X / Twitter app-only bearer token", G::kSaas,
       R"re(\b(A{21}[A-Za-z0-9%]{30}))re", false, 0.9, 3.0, C::kNone, K::kNone, T::kToken, 240},
      {"secret.mapbox_secret_token", "Mapbox secret token (sk.eyJ...)", G::kSaas,
       R"re(\b(sk\.eyJ[A-Za-z0-9_-]{50,300}\.[A-Za-z0-9_-]{20,40}))re", false, 0.95, 3.5},
      {"secret.contentful_token", "Contentful personal access token (CFPAT-)", G::kSaas,
       Prefixed("CFPAT-[A-Za-z0-9_-]{43}", ""), false, 0.95, 3.5},
      {"secret.hubspot_token", "HubSpot private app token (pat-na1-/pat-eu1-)", G::kSaas,
       Prefixed("pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"),
       false, 0.95, 3.0},
      {"secret.salesforce_session_id", "Salesforce session id / access token (00D...!...)",
       G::kSaas, R"re(\b(00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80}))re", false, 0.9, 3.5, C::kNone,
       K::kNone, T::kDotted, 240},
      {"secret.posthog_personal_key", "PostHog personal API key (phx_)", G::kSaas,
       Prefixed("phx_[A-Za-z0-9]{40,60}"), false, 0.95, 3.5},
      {"secret.wundergraph_api_key", "WunderGraph Cosmo API key (cosmo_)", G::kSaas,
       Prefixed("cosmo_[a-f0-9]{32}"), false, 0.85, 3.0},
      {"secret.ntlm_authenticate_message",
       "NTLM authenticate message (TlRMTVNTUAAD...), carries a password response", G::kToken,
       R"re(\b(TlRMTVNTUAAD[A-Za-z0-9+/]{40}))re", false, 0.8, 3.0, C::kNone, K::kNone, T::kBase64,
       2000},

      // --- Private keys -------------------------------------------------------------------------
      {"secret.private_key",
       "PEM private key (RSA, EC, DSA, OPENSSH, PGP, ENCRYPTED, PKCS#8): header through END",
       G::kPrivateKey, R"re((-----BEGIN[ A-Z0-9]{0,40} PRIVATE KEY(?: BLOCK)?-----))re", false,
       0.99, 0.0, C::kPemBlock},
      {"secret.private_key_base64_pem",
       "Base64 of a PEM private key header (\"-----BEGIN ... PRIVATE\" encoded)", G::kPrivateKey,
       R"re(\b(LS0tLS1CRUdJTi[A-Za-z0-9+/]{0,40}(?:UFJJVkFURS|BSSVZBVEU|UklWQVRF)))re", false, 0.95,
       0.0, C::kKeyBody},
      {"secret.private_key_der_base64",
       "Base64 DER private key body without its PEM header (PKCS#1, PKCS#8, SEC1, Ed25519)",
       G::kPrivateKey,
       R"re(\b((?:MII[A-Za-z0-9+/]{3}IBAA[JK]|MII[A-Za-z0-9+/]{3}IBADA|MIG[A-Za-z0-9+/]AgEAMB|)re"
       R"re(MHcCAQEE|MIGkAgEBBD|MIHcAgEBBE|MC4CAQAwBQYDK2V[wu]BCIEI|MEcCAQAwBQYDK2Vx))re"
       R"re([A-Za-z0-9+/]{20}))re",
       false, 0.9, 0.0, C::kKeyBody},
      {"secret.openssh_private_key_body",
       "OpenSSH private key body without its header (b3BlbnNzaC1rZXktdjE...)", G::kPrivateKey,
       R"re(\b(b3BlbnNzaC1rZXktdjE[A-Za-z0-9+/]{20}))re", false, 0.95, 0.0, C::kKeyBody},
      {"secret.putty_private_key", "PuTTY private key file (PuTTY-User-Key-File-2/3)",
       G::kPrivateKey, R"re((PuTTY-User-Key-File-[23]:\s{0,4}[a-z0-9-]{3,40}))re", false, 0.9},
      {"secret.jwk_private_key", "JSON Web Key private member \"d\"", G::kPrivateKey,
       R"re("d"\s{0,4}:\s{0,4}"([A-Za-z0-9_-]{22}))re", false, 0.85, 4.0, C::kNone, K::kNone,
       T::kBase64Url, 1400},

      // --- Bearer tokens and HTTP authorization -------------------------------------------------
      {"secret.jwt", "JSON Web Token (eyJ....eyJ....signature)", G::kToken,
       Prefixed(R"re(eyJ[A-Za-z0-9_-]{10,300}\.eyJ[A-Za-z0-9_-]{8})re", ""), false, 0.85, 0.0,
       C::kJwt, K::kNone, T::kDotted, 8000},
      {"secret.http_basic_auth", "HTTP Basic credentials (Authorization: Basic base64)", G::kToken,
       R"re(\bAuthorization["']?\s{0,4}[:=]\s{0,4}["']?Basic\s{1,4}([A-Za-z0-9+/]{8}))re", true,
       0.9, 0.0, C::kBasicAuth, K::kNone, T::kBase64, 400},
      {"secret.http_authorization", "HTTP Authorization header value (Bearer, Token, NTLM...)",
       G::kToken,
       R"re(\bAuthorization["']?\s{0,4}[:=]\s{0,4}["']?)re"
       R"re((?:(?:Bearer|Token|NTLM|Negotiate)\s{1,4})?([A-Za-z0-9._~+/-]{16}))re",
       true, 0.8, 3.0, C::kTokenValue, K::kNone, T::kToken, 4000},
      {"secret.bearer_token", "Bearer token (Bearer <token>)", G::kToken,
       R"re(\bBearer\s{1,4}([A-Za-z0-9._~+/-]{20}))re", true, 0.75, 3.0, C::kTokenValue, K::kNone,
       T::kToken, 4000},

      // --- Database and service URLs with a password --------------------------------------------
      {"secret.postgres_url", "PostgreSQL URL with a password", G::kDatabase,
       UrlWithPassword(R"re((?:postgres(?:ql)?|pgsql)(?:\+[a-z0-9]{1,12})?)re"), true, 0.9, 0.0,
       C::kUrlPassword},
      {"secret.mysql_url", "MySQL / MariaDB URL with a password", G::kDatabase,
       UrlWithPassword(R"re((?:mysql|mariadb)(?:\+[a-z0-9]{1,12})?)re"), true, 0.9, 0.0,
       C::kUrlPassword},
      {"secret.mongodb_url", "MongoDB URL (mongodb://, mongodb+srv://) with a password",
       G::kDatabase, UrlWithPassword(R"re(mongodb(?:\+srv)?)re"), true, 0.9, 0.0, C::kUrlPassword},
      {"secret.redis_url", "Redis URL with a password", G::kDatabase, UrlWithPassword("rediss?"),
       true, 0.9, 0.0, C::kUrlPassword},
      {"secret.amqp_url", "AMQP (RabbitMQ) URL with a password", G::kDatabase,
       UrlWithPassword("amqps?"), true, 0.9, 0.0, C::kUrlPassword},
      {"secret.mssql_url", "SQL Server URL with a password", G::kDatabase,
       UrlWithPassword("mssql|sqlserver"), true, 0.9, 0.0, C::kUrlPassword},
      {"secret.url_credentials", "Any scheme://user:password@host URL", G::kDatabase,
       UrlWithPassword("[A-Za-z][A-Za-z0-9+.-]{1,20}"), false, 0.8, 0.0, C::kUrlPassword},
      {"secret.jdbc_password_param", "JDBC URL with a password= parameter", G::kDatabase,
       R"re(\bjdbc:[a-z0-9]{2,20}:[^\s"'<>]{0,150}[?;&]password=([^\s;&"'<>]{3}))re", true, 0.9,
       0.0, C::kContextValue, K::kNone, T::kValue, 128},

      // --- Passwords in commands and SQL --------------------------------------------------------
      {"secret.sql_identified_by",
       "SQL USER/ROLE ... IDENTIFIED BY 'x' (or IDENTIFIED WITH plugin BY|AS 'x')", G::kDatabase,
       R"re(\b(?:USER|ROLE|TO)\b[^;\n]{0,80}\bIDENTIFIED\s{1,4})re"
       R"re((?:BY|WITH\s{1,4}['"]?[A-Za-z0-9_]{1,40}['"]?\s{1,4}(?:BY|AS))\s{1,4})re"
       R"re((?:PASSWORD\s{0,4}\(?\s{0,4})?\\?['"]?([^\s'"`;\\<>()]{3}))re",
       true, 0.85, 0.0, C::kPassword, K::kNone, T::kValue, 128},
      {"secret.sql_with_password", "SQL CREATE/ALTER USER|ROLE|LOGIN ... PASSWORD 'x'",
       G::kDatabase,
       R"re(\b(?:CREATE|ALTER)\s{1,4}(?:USER|ROLE|LOGIN)\b[^;\n]{0,120}\bPASSWORD\s{0,4}=?)re"
       R"re(\s{0,4}\\?['"]?([^\s'"`;\\<>()]{3}))re",
       true, 0.85, 0.0, C::kPassword, K::kNone, T::kValue, 128},
      {"secret.sql_set_password", "SQL SET PASSWORD ... = 'x'", G::kDatabase,
       R"re(\bSET\s{1,4}PASSWORD\b[^;\n]{0,100}=\s{0,4}(?:PASSWORD\s{0,4}\(\s{0,4})?['"])re"
       R"re(([^'"\s]{3}))re",
       true, 0.85, 0.0, C::kPassword, K::kNone, T::kValue, 128},
      {"secret.mysql_cli_password", "MySQL client password flag (mysql -pSECRET)", G::kDatabase,
       R"re(\bmysql(?:dump|admin|import|sh)?\b[^\n|;&]{0,60}\s(?:-p|--password=))re"
       R"re(([^\s'"-][^\s'"]{3}))re",
       false, 0.85, 0.0, C::kContextValue, K::kNone, T::kValue, 64},
      {"secret.cli_password_flag",
       "Command-line flag carrying a secret (--password X, -secret X, --token X)", G::kGeneric,
       R"re((?:^|\s)--?[A-Za-z0-9_-]{0,20}(?:pass|pwd|secret|token|api-?key|bearer))re"
       R"re([A-Za-z0-9_-]{0,20}(?:\s{1,4}|=)(?:\\?["'`])?)re"
       R"re(([^\s"'`<>(){}\[\],;&\\-][^\s"'`<>(){}\[\],;&\\]{3}))re",
       true, 0.75, 0.0, C::kPassword, K::kAny, T::kValue, 128},
      {"secret.curl_user_password", "curl -u / --user user:password", G::kGeneric,
       R"re(\bcurl\b[^\n]{0,100}\s(?:-u|--user)\s{0,4}["']?[^\s:"']{1,64}:([^\s"'@]{3}))re", false,
       0.85, 0.0, C::kContextValue, K::kNone, T::kValue, 128},
      {"secret.curl_option_credential", "libcurl credential option (CURLOPT_USERPWD, ...)",
       G::kGeneric,
       R"re(\bCURLOPT_(?:USERPWD|PROXYUSERPWD|PASSWORD|PROXYPASSWORD|KEYPASSWD|SSLKEYPASSWD|)re"
       R"re(XOAUTH2_BEARER|TLSAUTH_PASSWORD|PROXY_TLSAUTH_PASSWORD)\s{0,4},\s{0,4}"([^"\n]{3}))re",
       false, 0.85, 0.0, C::kContextValue, K::kNone, T::kQuoted, 256},
      {"secret.powershell_securestring", "PowerShell ConvertTo-SecureString with a literal",
       G::kGeneric,
       R"re(\bConvertTo-SecureString\s{1,4}(?:-(?:String|AsPlainText|Force)\s{1,4}){0,3})re"
       R"re(\\?["']?([^\s"'\\]{4}))re",
       true, 0.85, 0.0, C::kContextValue, K::kNone, T::kValue, 128},
      {"secret.macro_password", "Secret in a #define / %define / SET macro", G::kGeneric,
       // The macro's name must name a secret (KeywordFamily::kAny checks it).
       R"re((?:[#%]\s{0,2}(?:define|global)|\bSET)\s{1,4}[A-Za-z0-9_]{2,60}\s{1,4}["']?)re"
       R"re(([^\s"'`<>(){}\[\],;&\\]{4}))re",
       true, 0.7, 0.0, C::kPassword, K::kAny, T::kValue, 128},

      // --- Generic keyword = value assignments (last: vendor rules above win on overlap) --------
      {"secret.generic_api_key", "Assignment to an API/access/secret/private key name", G::kGeneric,
       // The kind of key (api_key, SecretKey, ACCESS_KEY) is checked by KeywordFamily::kApiKey
       // on the whole identifier; a 12-way alternation here would triple the compile time.
       Assignment("key"), true, 0.7, 3.0, C::kTokenValue, K::kApiKey, T::kValue, 128},
      {"secret.generic_secret", "Assignment to a *secret* name (client_secret, SECRET, ...)",
       G::kGeneric, Assignment("secret"), true, 0.7, 3.0, C::kTokenValue, K::kSecret, T::kValue,
       128},
      {"secret.generic_token", "Assignment to a *token* name (access_token, ?token=, ...)",
       G::kGeneric, Assignment("token|tkn"), true, 0.7, 3.0, C::kTokenValue, K::kToken, T::kValue,
       128},
      {"secret.generic_credential", "Assignment to an auth/credential name", G::kGeneric,
       Assignment("auth|credential|creds?"), true, 0.65, 3.0, C::kTokenValue, K::kCredential,
       T::kValue, 128},
      {"secret.generic_password", "Assignment to a password name (password=, passwd:, PW:, ...)",
       G::kGeneric, Assignment("pass|paas|pasw|psw|pssw|pw"), true, 0.7, 0.0, C::kPassword,
       K::kPassword, T::kValue, 128},
      {"secret.generic_key", "Assignment to a bare *key* name with a random-looking value",
       G::kGeneric, Assignment("key"), true, 0.6, 3.5, C::kStrictTokenValue, K::kKey, T::kValue,
       128},
  };
  return r;
}

}  // namespace

std::string_view RuleGroupName(RuleGroup group) {
  switch (group) {
    case RuleGroup::kCloud: return "cloud";
    case RuleGroup::kSourceHost: return "source_host";
    case RuleGroup::kPayment: return "payment";
    case RuleGroup::kMessaging: return "messaging";
    case RuleGroup::kAi: return "ai";
    case RuleGroup::kRegistry: return "registry";
    case RuleGroup::kSaas: return "saas";
    case RuleGroup::kDatabase: return "database";
    case RuleGroup::kPrivateKey: return "private_key";
    case RuleGroup::kToken: return "token";
    case RuleGroup::kGeneric: return "generic";
  }
  return "generic";
}

std::span<const SecretRule> SecretRules() {
  static const std::vector<SecretRule> kRules = BuildRules();
  return kRules;
}

const SecretRule* FindSecretRule(std::string_view id) {
  for (const SecretRule& rule : SecretRules()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace frontseat::detectors
