// The gateway's dispatch, authentication, rate limiting, audit commit, and the routes that need
// no upstream: /v1/guard, /v1/moderations, /healthz, /readyz, /metrics (see gateway.h).
#include "gateway/gateway.h"

#include <chrono>
#include <optional>
#include <random>
#include <thread>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "gateway/gateway_impl.h"
#include "gateway/redis_rate_limiter.h"
#include "gateway/requests.h"

namespace frontseat::gateway {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

int64_t MicrosSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t).count();
}

HttpResponse JsonResponse(int status, std::string body) {
  return HttpResponse{status, "application/json", {}, std::move(body)};
}

HttpResponse ErrorResponse(const ApiError& error) {
  HttpResponse r = JsonResponse(error.status, error.Body());
  if (error.retry_after_s > 0) r.headers.emplace_back("Retry-After", std::to_string(error.retry_after_s));
  return r;
}

// --- findings → JSON ------------------------------------------------------------------------

void FindingLog::Add(Direction d, const Decision& decision) {
  action = std::max(action, decision.action);
  for (const Finding& f : decision.findings) findings.emplace_back(d, f);
}

std::string FindingLog::CategoriesJson() const {
  json::object o;
  for (const auto& [d, f] : findings) {
    std::string name(CategoryName(f.category));
    auto it = o.find(name);
    if (it == o.end() || it->value().as_double() < f.score) o[name] = f.score;
  }
  return json::serialize(o);
}

namespace {
json::object FindingJson(const Finding& f) {
  json::object o;
  o["detector"] = f.detector;
  o["category"] = CategoryName(f.category);
  if (!f.subcategory.empty()) o["subcategory"] = f.subcategory;
  o["score"] = f.score;
  o["start"] = f.start;
  o["end"] = f.end;
  o["preview"] = f.preview;  // masked by the detector: never the raw match
  if (!f.via.empty()) o["via"] = f.via;
  return o;
}
}  // namespace

std::string FindingLog::FindingsJson() const {
  json::array a;
  for (const auto& [d, f] : findings) {
    json::object o = FindingJson(f);
    o["direction"] = DirectionName(d);
    a.push_back(std::move(o));
  }
  return json::serialize(a);
}

// --- Impl helpers -----------------------------------------------------------------------------

std::string Gateway::Impl::NewRequestId() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%08llx", id_prefix.c_str(),
                static_cast<unsigned long long>(next_id.fetch_add(1, std::memory_order_relaxed)));
  return buf;
}

UpstreamPool& Gateway::Impl::PoolForThisThread(asio::io_context* ctx) {
  auto it = pools.find(ctx);
  if (it != pools.end()) return *it->second;
  // A context the gateway was not told about (a test driving Handle directly): keep a pool
  // for it. Only reached from that context's thread before AttachWorkers; not concurrent.
  auto& p = pools[ctx];
  p = std::make_unique<UpstreamPool>();
  return *p;
}

UpstreamTimeouts Gateway::Impl::Timeouts() const {
  return {gw.config_.limits.upstream_connect_timeout_ms, gw.config_.limits.upstream_timeout_ms};
}

Decision Gateway::Impl::Check(RequestCtx& rc, Direction d, std::string_view text) {
  auto t0 = Clock::now();
  Decision decision = rc.profile->For(d).Check(text, rc.profile->style);
  int64_t us = MicrosSince(t0);
  rc.event.guard_us += us;
  gw.metrics_.guard_seconds().Observe(static_cast<double>(us) / 1e6);
  gw.metrics_.CountDecision(d, decision);
  rc.log.Add(d, decision);
  return decision;
}

void Gateway::Impl::CountRequest(RequestCtx& rc, int status) {
  gw.metrics_.CountRequest(rc.route, status);
  gw.metrics_.request_seconds().Observe(static_cast<double>(MicrosSince(rc.start)) / 1e6);
}

void Gateway::Impl::ChargeTokens(RequestCtx& rc) {
  if (!rc.key || !limiter) return;
  int64_t used = rc.event.prompt_tokens + rc.event.completion_tokens;
  limiter->Charge(rc.key->sha256_hex, used - rc.estimated_tokens);
}

asio::awaitable<std::optional<std::string>> Gateway::Impl::CommitAudit(RequestCtx& rc,
                                                                       int http_status) {
  audit::Event& e = rc.event;
  e.http_status = http_status;
  e.request_id = rc.request_id;
  e.tenant = rc.key ? rc.key->tenant : "";
  e.route = rc.ex.request().path;
  if (e.action.empty()) {
    e.action = http_status >= 400 && rc.log.action != Action::kBlock
                   ? "error"
                   : std::string(ActionName(rc.log.action));
  }
  e.categories_json = rc.log.CategoriesJson();
  e.findings_json = rc.log.FindingsJson();
  e.total_us = MicrosSince(rc.start);
  if (!gw.audit_.append) co_return std::nullopt;

  // The store calls back either at once on this thread (it committed here: the store was idle,
  // see AuditStore::AppendHere) or later on its writer thread; then the result is posted back to
  // this connection's thread, where a timer stands in as the thing to wait on.
  struct Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(ex) {}
    asio::steady_timer timer;
    std::optional<Result<uint64_t>> result;
  };
  auto executor = co_await asio::this_coro::executor;
  auto waiter = std::make_shared<Waiter>(executor);
  auto t0 = Clock::now();
  waiter->timer.expires_at(asio::steady_timer::time_point::max());
  // The event is not used after this: moved, not copied (it holds the redacted texts).
  // Alone in flight (this request is the only one counted): commit here if the store is idle.
  // With company, group commit on the writer thread gives more throughput (one transaction for
  // many events) and keeps this worker free for its other connections.
  const auto& append = gw.audit_.append_here && gw.metrics_.inflight().load() <= 1
                           ? gw.audit_.append_here
                           : gw.audit_.append;
  append(std::move(e), [waiter, executor, here = std::this_thread::get_id()](Result<uint64_t> r) {
    if (std::this_thread::get_id() == here) {
      waiter->result = std::move(r);  // inside append, on this thread: nothing to wake
      return;
    }
    asio::post(executor, [waiter, r = std::move(r)]() mutable {
      waiter->result = std::move(r);
      waiter->timer.cancel();
    });
  });
  while (!waiter->result) co_await waiter->timer.async_wait(kTuple);
  gw.metrics_.audit_seconds().Observe(static_cast<double>(MicrosSince(t0)) / 1e6);
  if (!waiter->result->ok()) co_return "audit store: " + waiter->result->status().message();
  co_return std::nullopt;
}

asio::awaitable<void> Gateway::Impl::Finish(RequestCtx& rc, HttpResponse response) {
  ChargeTokens(rc);
  auto failed = co_await CommitAudit(rc, response.status);
  if (failed) {
    // The answer is not sent: an unrecorded answer would break the audit promise.
    response = ErrorResponse(ApiError::Internal("the request could not be recorded (" + *failed +
                                                "); no answer was sent"));
  }
  response.headers.emplace_back("x-request-id", rc.request_id);
  CountRequest(rc, response.status);
  co_await rc.ex.Respond(std::move(response));
}

asio::awaitable<void> Gateway::Impl::FinishError(RequestCtx& rc, const ApiError& error) {
  co_await Finish(rc, ErrorResponse(error));
}

// --- routes without an upstream -----------------------------------------------------------------

namespace {

// OpenAI's moderation categories, and which frontseat harmful hazards (the MLCommons / Llama
// Guard S1–S14 taxonomy) fall under each.
struct OpenAiCategory {
  const char* name;
  std::initializer_list<const char*> hazards;
};
const OpenAiCategory kOpenAiCategories[] = {
    {"harassment", {}},
    {"harassment/threatening", {}},
    {"hate", {"S10"}},
    {"hate/threatening", {}},
    {"illicit", {"S2", "S9"}},
    {"illicit/violent", {"S9"}},
    {"self-harm", {"S11"}},
    {"self-harm/intent", {}},
    {"self-harm/instructions", {}},
    {"sexual", {"S3", "S12"}},
    {"sexual/minors", {"S4"}},
    {"violence", {"S1"}},
    {"violence/graphic", {}},
};

json::object ModerationResult(const Decision& d) {
  json::object categories, scores;
  for (const OpenAiCategory& c : kOpenAiCategories) {
    double score = 0;
    for (const Finding& f : d.findings) {
      if (f.category != Category::kHarmful) continue;
      for (const char* h : c.hazards) {
        if (f.subcategory == h) score = std::max(score, f.score);
      }
    }
    categories[c.name] = score > 0 && d.action != Action::kAllow;
    scores[c.name] = score;
  }
  // frontseat's own categories as extra keys (clients that know only OpenAI's ignore them).
  for (int i = 0; i < kCategoryCount; ++i) {
    auto cat = static_cast<Category>(i);
    double score = 0;
    for (const Finding& f : d.findings) {
      if (f.category == cat) score = std::max(score, f.score);
    }
    categories[CategoryName(cat)] = score > 0 && d.action != Action::kAllow;
    scores[CategoryName(cat)] = score;
  }
  json::object r;
  r["flagged"] = d.action != Action::kAllow;
  r["categories"] = std::move(categories);
  r["category_scores"] = std::move(scores);
  r["frontseat_action"] = ActionName(d.action);
  return r;
}

}  // namespace

Result<std::unique_ptr<Gateway>> Gateway::Create(GatewayConfig config, AuditHooks audit) {
  std::unique_ptr<Gateway> gw(new Gateway());
  gw->config_ = std::move(config);
  gw->audit_ = std::move(audit);
  gw->impl_ = std::make_unique<Impl>(*gw);
  Impl& impl = *gw->impl_;

  // Guards, shared between profiles that name the same policy.
  std::map<std::string, std::shared_ptr<const Guard>> by_policy;
  std::string errors;
  auto guard_for = [&](const std::string& path,
                       const std::string& key) -> std::shared_ptr<const Guard> {
    std::string p = path == "default" ? "" : path;
    auto it = by_policy.find(p);
    if (it != by_policy.end()) return it->second;
    auto g = Guard::Create(LoadPolicyOrDefault(p));
    if (!g.ok()) {
      errors += (errors.empty() ? "" : "\n") + key + ": " + g.status().message();
      return nullptr;
    }
    std::shared_ptr<const Guard> shared = std::move(g).value();
    by_policy[p] = shared;
    return shared;
  };
  for (const auto& [name, prof] : gw->config_.profiles) {
    ProfileGuards pg;
    pg.input = guard_for(prof.input_policy, "profiles." + name + ".input_policy");
    pg.output = guard_for(prof.output_policy, "profiles." + name + ".output_policy");
    pg.tool = guard_for(prof.tool_policy, "profiles." + name + ".tool_policy");
    pg.style = prof.redact_placeholder ? RedactStyle::kPlaceholder : RedactStyle::kMask;
    impl.profiles[name] = std::move(pg);
  }
  if (!errors.empty()) return Status::Invalid(errors);

  std::unordered_map<std::string, RateLimit> limits;
  for (const ApiKey& k : gw->config_.keys) {
    impl.keys_by_hash[k.sha256_hex] = &k;
    limits[k.sha256_hex] = {k.requests_per_minute, k.tokens_per_minute};
  }
  const RateLimitStore& store = gw->config_.rate_limits;
  if (store.redis) {
    RedisLimiterOptions o;
    o.host = store.redis_host;
    o.port = store.redis_port;
    o.db = store.redis_db;
    o.password = store.redis_password;
    o.key_prefix = store.key_prefix;
    o.timeout_ms = store.timeout_ms;
    o.refuse_on_error = store.refuse_on_error;
    impl.limiter = std::make_unique<RedisRateLimiter>(limits, std::move(o));
  } else {
    impl.limiter = std::make_unique<MemoryRateLimiter>(limits);
  }
  std::random_device rd;
  char prefix[24];
  std::snprintf(prefix, sizeof prefix, "req_%08x", rd());
  impl.id_prefix = prefix;
  return gw;
}

Gateway::~Gateway() = default;

void Gateway::AttachWorkers(const std::vector<asio::io_context*>& contexts) {
  for (asio::io_context* c : contexts) impl_->pools[c] = std::make_unique<UpstreamPool>();
}

void Gateway::DetachWorkers() { impl_->pools.clear(); }

asio::awaitable<void> Gateway::Handle(Exchange& ex) {
  const HttpRequest& req = ex.request();
  Impl& impl = *impl_;
  metrics_.inflight().fetch_add(1);
  struct Inflight {
    Metrics& m;
    ~Inflight() { m.inflight().fetch_sub(1); }
  } inflight{metrics_};

  // Operational routes: no key, no audit event.
  if (req.path == "/healthz" || req.path == "/readyz" || req.path == "/metrics") {
    HttpResponse r;
    if (req.method != "GET" && req.method != "HEAD") {
      r = ErrorResponse(ApiError::MethodNotAllowed(req.method, req.path));
    } else if (req.path == "/healthz") {
      r = JsonResponse(200, R"({"status":"ok"})");
    } else if (req.path == "/readyz") {
      r = ready_ ? JsonResponse(200, R"({"status":"ready"})")
                 : JsonResponse(503, R"({"status":"not ready"})");
    } else {
      std::optional<audit::StoreStats> stats;
      if (audit_.stats) stats = audit_.stats();
      r = {200, "text/plain; version=0.0.4", {},
           metrics_.Render(
               [this] { return audit_.queue_depth ? audit_.queue_depth() : uint64_t{0}; },
               impl.limiter ? impl.limiter->store_errors() : 0, stats ? &*stats : nullptr)};
    }
    metrics_.CountRequest(req.path.substr(1), r.status);
    co_await ex.Respond(std::move(r));
    co_return;
  }

  RequestCtx rc{ex, impl.NewRequestId(), Clock::now(), nullptr, nullptr, "", {}, {}, 0};
  rc.event.time_us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  rc.route = req.path == "/v1/chat/completions" || req.path == "/v1/moderations" ||
                     req.path == "/v1/guard" || req.path == "/v1/models"
                 ? req.path
                 : "other";
  rc.profile = &impl.profiles.at("default");

  // API key → tenant, profile.
  if (!config_.keys.empty()) {
    std::string_view auth = req.Header("authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.substr(0, kBearer.size()) != kBearer || auth.size() == kBearer.size()) {
      co_await impl.FinishError(rc, ApiError::Unauthorized(
                                        "missing API key: send Authorization: Bearer <key>"));
      co_return;
    }
    auto it = impl.keys_by_hash.find(HashApiKey(auth.substr(kBearer.size())));
    if (it == impl.keys_by_hash.end()) {
      co_await impl.FinishError(rc, ApiError::Unauthorized("incorrect API key provided"));
      co_return;
    }
    rc.key = it->second;
    rc.profile = &impl.profiles.at(rc.key->profile);
  }

  bool post_route = rc.route == "/v1/chat/completions" || rc.route == "/v1/moderations" ||
                    rc.route == "/v1/guard";
  if (rc.route == "other") {
    co_await impl.FinishError(rc, ApiError::NotFound("no route for " + req.method + " " +
                                                     req.path.substr(0, 100)));
    co_return;
  }
  if ((post_route && req.method != "POST") || (!post_route && req.method != "GET")) {
    co_await impl.FinishError(rc, ApiError::MethodNotAllowed(req.method, req.path));
    co_return;
  }

  // Rate limit: one request and an estimate of its tokens; corrected when it ends.
  if (rc.key) {
    rc.estimated_tokens = static_cast<int64_t>(EstimateTokens(req.body.size()));
    RateDecision rd = impl.limiter->Acquire(rc.key->sha256_hex,
                                            static_cast<uint64_t>(rc.estimated_tokens));
    if (!rd.allowed) {
      rc.estimated_tokens = 0;  // nothing was taken
      if (rd.store_unavailable) {
        ApiError e = ApiError::Unavailable(
            "the rate-limit store cannot be reached and rate_limits.on_store_error is refuse");
        e.retry_after_s = rd.retry_after_s;
        co_await impl.FinishError(rc, e);
        co_return;
      }
      co_await impl.FinishError(rc, ApiError::RateLimited(rd.limit, rd.retry_after_s));
      co_return;
    }
  }

  if (rc.route == "/v1/chat/completions") {
    co_await impl.ChatCompletions(rc);
    co_return;
  }
  if (rc.route == "/v1/models") {
    co_await impl.Models(rc);
    co_return;
  }
  if (rc.route == "/v1/guard") {
    auto parsed = ParseGuardRequest(req.body);
    if (!parsed.ok()) {
      co_await impl.FinishError(rc, ApiError::FromStatus(parsed.status()));
      co_return;
    }
    rc.event.prompt_tokens = static_cast<int64_t>(EstimateTokens(parsed->text.size()));
    Decision d = impl.Check(rc, parsed->direction, parsed->text);
    rc.event.redacted_input = d.redacted.value_or(parsed->text);
    json::object o;
    o["id"] = rc.request_id;
    o["direction"] = DirectionName(parsed->direction);
    o["action"] = ActionName(d.action);
    json::object cats;
    for (const Finding& f : d.findings) {
      std::string name(CategoryName(f.category));
      auto it = cats.find(name);
      if (it == cats.end() || it->value().as_double() < f.score) cats[name] = f.score;
    }
    o["categories"] = std::move(cats);
    json::array findings;
    for (const Finding& f : d.findings) findings.push_back(FindingJson(f));
    o["findings"] = std::move(findings);
    o["redacted"] = d.redacted ? json::value(*d.redacted) : json::value(nullptr);
    o["guard_us"] = rc.event.guard_us;
    co_await impl.Finish(rc, JsonResponse(200, json::serialize(o)));
    co_return;
  }
  // /v1/moderations
  auto parsed = ParseModerationRequest(req.body);
  if (!parsed.ok()) {
    co_await impl.FinishError(rc, ApiError::FromStatus(parsed.status()));
    co_return;
  }
  rc.event.model = parsed->model;
  json::array results;
  std::string stored;
  for (const std::string& text : parsed->inputs) {
    rc.event.prompt_tokens += static_cast<int64_t>(EstimateTokens(text.size()));
    Decision d = impl.Check(rc, Direction::kInput, text);
    if (!stored.empty()) stored += "\n";
    stored += d.redacted.value_or(text);
    results.push_back(ModerationResult(d));
  }
  rc.event.redacted_input = std::move(stored);
  json::object o;
  o["id"] = "modr-" + rc.request_id;
  o["model"] = parsed->model.empty() ? "frontseat-guard" : parsed->model;
  o["results"] = std::move(results);
  co_await impl.Finish(rc, JsonResponse(200, json::serialize(o)));
}

}  // namespace frontseat::gateway
