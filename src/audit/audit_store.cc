// AuditStore's writer, shared by every backend: one writer thread, group commit, callbacks in
// seq order (see README.md for the thread model and crash guarantees).
//
// Why one writer: a single holder of the backend's connection needs no locking around it, and
// it keeps the chain linear within a store (seq and prev_hash come from the backend's tail, which
// only the writer role touches). Why group commit: the cost of a commit is mostly fixed (a WAL
// append and header, or a round trip to PostgreSQL), so one transaction for everything queued
// while the previous one committed gives throughput that grows with load while a lone request
// still commits at once (the writer never waits to fill a batch).
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "audit/audit_store.h"
#include "audit/store_backend.h"

namespace frontseat::audit {

namespace {

// The store whose callbacks this thread is running now (nullptr: none); see Impl::InCallback.
thread_local AuditStore::Impl* t_calling_back = nullptr;

void RunCallback(const std::function<void(Result<uint64_t>)>& done, Result<uint64_t> result) {
  if (!done) return;
  try {
    done(std::move(result));
  } catch (...) {
    // The header promises exceptions from `done` are swallowed: there is nobody on the writer
    // thread to report them to, and letting one escape would terminate the gateway.
  }
}

Pending MakePending(Event event, std::function<void(Result<uint64_t>)> done,
                    size_t max_event_bytes) {
  Pending p{std::move(event), std::move(done), Status::Ok()};
  if (p.event.categories_json.empty()) p.event.categories_json = "{}";
  if (p.event.findings_json.empty()) p.event.findings_json = "[]";
  p.invalid = ValidateEvent(p.event, max_event_bytes);
  return p;
}

}  // namespace

std::vector<Result<uint64_t>> FailedBatch(const std::vector<Pending>& batch,
                                          const Status& failure) {
  std::vector<Result<uint64_t>> results;
  results.reserve(batch.size());
  for (const Pending& p : batch) results.emplace_back(p.invalid.ok() ? failure : p.invalid);
  return results;
}

std::vector<Result<uint64_t>> CommittedBatch(const std::vector<Pending>& batch,
                                             uint64_t first_seq) {
  std::vector<Result<uint64_t>> results;
  results.reserve(batch.size());
  uint64_t next = first_seq;
  for (const Pending& p : batch) {
    if (p.invalid.ok()) {
      results.emplace_back(next++);
    } else {
      results.emplace_back(p.invalid);
    }
  }
  return results;
}

struct AuditStore::Impl {
  StoreOptions options;
  std::unique_ptr<StoreBackend> backend;

  mutable std::mutex mu;
  std::condition_variable work_cv;  // the writer waits here for events or stop
  std::condition_variable done_cv;  // Flush waits here for `processed` to advance
  std::deque<Pending> queue;
  size_t in_flight = 0;  // taken by the writer, not yet committed
  // The writer role: set while a batch is written and called back, by the writer thread or by
  // an AppendHere caller that found the store idle. One holder at a time owns the backend's
  // connection and the chain's tail (the mutex hands them over with a happens-before edge).
  bool writing = false;
  uint64_t enqueued = 0;   // events ever queued
  uint64_t processed = 0;  // events whose callbacks have run
  bool stop = false;
  StoreStats stats;
  std::thread writer;
  std::thread::id writer_id;

  // Writes `batch`, updates the stats and runs its callbacks, in seq order. The caller holds the
  // writer role, so no other batch is written or called back meanwhile; that is what keeps
  // callbacks in seq order across batches written on different threads.
  void CommitBatch(std::vector<Pending>& batch) {
    std::vector<Result<uint64_t>> results;
    try {
      results = backend->WriteBatch(batch);
    } catch (const std::exception& e) {
      // Only allocation failure can throw here; nothing of the batch is acknowledged.
      backend->AbortAfterThrow();
      results.assign(batch.size(), Status::Internal(std::string("audit writer: ") + e.what()));
    }
    {
      std::lock_guard lock(mu);
      in_flight = 0;
      uint64_t ok = 0;
      for (const auto& r : results) ok += r.ok();
      stats.events_committed += ok;
      stats.events_failed += results.size() - ok;
      if (ok > 0) {
        ++stats.transactions;
        stats.largest_batch = std::max<uint64_t>(stats.largest_batch, ok);
        stats.last_seq = backend->LastSeq();
      }
    }
    Impl* outer = t_calling_back;
    t_calling_back = this;
    for (size_t i = 0; i < batch.size(); ++i) RunCallback(batch[i].done, std::move(results[i]));
    t_calling_back = outer;
  }

  // True on a thread that is running one of this store's callbacks (the writer thread, or an
  // AppendHere caller): AppendSync or Flush there would wait for the batch it is inside of.
  bool InCallback() const {
    return std::this_thread::get_id() == writer_id || t_calling_back == this;
  }

  void WriterLoop() {
    for (;;) {
      std::vector<Pending> batch;
      {
        std::unique_lock lock(mu);
        // Another thread may hold the writer role; it wakes us when it hands it back.
        work_cv.wait(lock, [&] { return !writing && (stop || !queue.empty()); });
        if (queue.empty()) return;  // stop requested and everything drained
        size_t n = std::min(queue.size(), options.max_batch);
        batch.reserve(n);
        for (size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue.front()));
          queue.pop_front();
        }
        in_flight = n;
        writing = true;
      }
      CommitBatch(batch);
      {
        std::lock_guard lock(mu);
        writing = false;
        processed += batch.size();
      }
      done_cv.notify_all();
    }
  }
};

AuditStore::AuditStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<AuditStore> AuditStore::Start(std::unique_ptr<StoreBackend> backend,
                                              StoreOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->backend = std::move(backend);
  impl->stats.last_seq = impl->backend->LastSeq();
  Impl* raw = impl.get();
  raw->backend->Start();
  raw->writer = std::thread([raw] { raw->WriterLoop(); });
  raw->writer_id = raw->writer.get_id();
  return std::unique_ptr<AuditStore>(new AuditStore(std::move(impl)));
}

void AuditStore::Append(Event event, std::function<void(Result<uint64_t>)> done) {
  Pending p = MakePending(std::move(event), std::move(done), impl_->options.max_event_bytes);
  {
    std::lock_guard lock(impl_->mu);
    impl_->queue.push_back(std::move(p));
    ++impl_->enqueued;
  }
  impl_->work_cv.notify_one();
}

bool AuditStore::AppendHere(Event event, std::function<void(Result<uint64_t>)> done) {
  Impl& s = *impl_;
  Pending p = MakePending(std::move(event), std::move(done), s.options.max_event_bytes);
  {
    std::unique_lock lock(s.mu);
    // Only when nothing is queued or being written: taking the role then cannot overtake an
    // earlier event, and a busy store keeps its group commit on the writer thread. Not from
    // inside a callback either (the role is held there; the event queues behind the batch).
    if (s.writing || !s.queue.empty() || s.stop || s.InCallback()) {
      s.queue.push_back(std::move(p));
      ++s.enqueued;
      lock.unlock();
      s.work_cv.notify_one();
      return false;
    }
    s.writing = true;
    s.in_flight = 1;
    ++s.enqueued;
  }
  std::vector<Pending> batch;
  batch.push_back(std::move(p));
  s.CommitBatch(batch);
  bool more;
  {
    std::lock_guard lock(s.mu);
    s.writing = false;
    ++s.processed;
    more = !s.queue.empty();
  }
  // Events queued meanwhile wait for the writer, which waits for the role to come back.
  if (more) s.work_cv.notify_one();
  s.done_cv.notify_all();
  return true;
}

Result<uint64_t> AuditStore::AppendSync(Event event) {
  if (impl_->InCallback()) {
    return Status::Internal(
        "AuditStore::AppendSync called from a done callback (on the writer "
        "thread, it would wait for itself); use Append");
  }
  std::promise<Result<uint64_t>> promise;
  auto future = promise.get_future();
  Append(std::move(event), [&promise](Result<uint64_t> r) { promise.set_value(std::move(r)); });
  Result<uint64_t> result = future.get();
  if (result.ok()) impl_->backend->WaitStored();
  return result;
}

size_t AuditStore::QueueDepth() const {
  std::lock_guard lock(impl_->mu);
  return impl_->queue.size() + impl_->in_flight;
}

void AuditStore::Flush() {
  if (impl_->InCallback()) return;  // see the header
  {
    std::unique_lock lock(impl_->mu);
    uint64_t target = impl_->enqueued;
    impl_->done_cv.wait(lock, [&] { return impl_->processed >= target; });
  }
  impl_->backend->WaitStored();
}

StoreStats AuditStore::Stats() const {
  StoreStats stats;
  {
    std::lock_guard lock(impl_->mu);
    stats = impl_->stats;
  }
  impl_->backend->AddStats(stats);
  return stats;
}

AuditStore::~AuditStore() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->work_cv.notify_all();
  impl_->done_cv.notify_all();
  if (impl_->writer.joinable()) impl_->writer.join();
  impl_->backend->Stop();
}

}  // namespace frontseat::audit
