// fastText model loading and prediction (see fasttext_model.h).
#include "detectors/classifier/fasttext_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <istream>
#include <new>
#include <streambuf>

#include <sys/mman.h>

#include <fasttext/densematrix.h>
#include <fasttext/fasttext.h>

#include "detectors/classifier/tokenize.h"

namespace frontseat::detectors {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";
constexpr int32_t kFastTextMagic = 793712314;  // FASTTEXT_FILEFORMAT_MAGIC_INT32
constexpr int32_t kFastTextVersion = 12;       // FASTTEXT_VERSION of 0.9.2

// A read-only istream over bytes we do not own (fastText reads models and lines from streams).
class SpanBuf : public std::streambuf {
 public:
  explicit SpanBuf(std::string_view bytes) {
    char* p = const_cast<char*>(bytes.data());
    setg(p, p, p + bytes.size());
  }
};

// A float array on 2 MB pages where the kernel allows it (transparent huge pages in `madvise`
// mode, the common default). A scan reads rows of a 19 MB matrix at random: on 4 KB pages most
// rows of a new document cost a TLB miss on top of the cache miss, and in a VM each TLB miss
// walks two levels of page tables.
class HugePageFloats {
 public:
  HugePageFloats() = default;
  HugePageFloats(const HugePageFloats&) = delete;
  HugePageFloats& operator=(const HugePageFloats&) = delete;
  ~HugePageFloats() {
    if (base_ != nullptr) munmap(base_, mapped_);
  }
  // `count` zeros (fresh anonymous memory).
  void Assign(size_t count) {
    constexpr size_t kHuge = size_t{2} << 20;
    const size_t bytes = (count * sizeof(float) + kHuge - 1) / kHuge * kHuge;
    void* p = mmap(nullptr, bytes + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    if (base_ != nullptr) munmap(base_, mapped_);
    base_ = p;
    mapped_ = bytes + kHuge;  // the extra 2 MB lets the data start on a 2 MB boundary
    data_ = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1));
    // Advice only: where it is refused the rows stay on 4 KB pages (slower, same results).
    madvise(data_, bytes, MADV_HUGEPAGE);
  }
  float* data() { return data_; }
  const float* data() const { return data_; }

 private:
  void* base_ = nullptr;
  size_t mapped_ = 0;
  float* data_ = nullptr;
};

}  // namespace

// FastText keeps its dictionary and matrices protected; the fast path reads them through this
// subclass (it adds no state, and is what Load constructs).
struct FastTextModel::Impl : public fasttext::FastText {
  using fasttext::FastText::dict_;
  using fasttext::FastText::input_;
  using fasttext::FastText::output_;
  int dim = 0;
  int64_t bucket = 0;
  int32_t nwords = 0;
  int32_t eos_id = -1;
  int32_t eos_hash = 0;
  std::vector<float> eos_row;
  // The vocabulary as a compact open-addressing table keyed by the fastText word hash the scan
  // computes anyway (fastText's own lookup probes a 30M-entry table, 120 MB: a cache and TLB
  // miss per token). A slot is (hash, id), id -1 when empty; the words themselves are packed in
  // `words` (word i at [word_starts[i], word_starts[i + 1])) and compared only on a hash hit.
  struct Slot {
    uint32_t hash = 0;
    int32_t id = -1;
  };
  std::vector<Slot> slots;
  size_t slot_mask = 0;
  std::string words;
  std::vector<uint32_t> word_starts;
  int32_t FindWord(std::string_view word, uint32_t hash) const {
    for (size_t i = hash & slot_mask;; i = (i + 1) & slot_mask) {
      const Slot& s = slots[i];
      if (s.id < 0) return -1;
      if (s.hash != hash) continue;
      const size_t from = word_starts[s.id];
      if (std::string_view(words).substr(from, word_starts[s.id + 1] - from) == word) return s.id;
    }
  }
  // The input matrix decoded once (rows x dim floats; 19 MB for the shipped models): decoding
  // product-quantized rows on every lookup was half the time of a scan.
  HugePageFloats input_rows;
  // The output matrix (labels x dim) regrouped for the fast path: groups of four labels, and
  // within a group, dimension by dimension, the four labels' weights side by side
  // ([group][dim][4], zero-padded), so one vector multiply-add serves four labels. Empty when
  // the output matrix is not a plain dense one (then fastText's dotRow is used).
  std::vector<float> output_groups;
  const float* Row(int32_t id) const { return input_rows.data() + static_cast<size_t>(id) * dim; }
};

FastTextModel::FastTextModel() = default;
FastTextModel::~FastTextModel() = default;

Result<std::shared_ptr<const FastTextModel>> FastTextModel::Load(std::istream& in,
                                                                std::string_view name) {
  std::shared_ptr<FastTextModel> model(new FastTextModel());
  model->impl_ = std::make_unique<Impl>();
  // The file starts with fastText's magic number and format version; loadModel(istream&)
  // expects the stream just past them (loadModel(path) checks them itself).
  int32_t magic = 0, version = 0;
  in.read(reinterpret_cast<char*>(&magic), sizeof magic);
  in.read(reinterpret_cast<char*>(&version), sizeof version);
  if (!in || magic != kFastTextMagic || version > kFastTextVersion) {
    return Status::Invalid(std::string(name) + ": not a fastText model (bad header)");
  }
  try {
    model->impl_->loadModel(in);
  } catch (const std::exception& e) {
    return Status::Invalid(std::string(name) + ": not a fastText model: " + e.what());
  }
  fasttext::Args args = model->impl_->getArgs();
  if (args.model != fasttext::model_name::sup) {
    return Status::Invalid(std::string(name) + ": not a supervised fastText model");
  }
  auto dict = model->impl_->getDictionary();
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string label = dict->getLabel(i);
    if (label.starts_with(kLabelPrefix)) label.erase(0, kLabelPrefix.size());
    model->labels_.push_back(std::move(label));
  }
  if (model->labels_.size() < 2) {
    return Status::Invalid(std::string(name) + ": the model has fewer than two labels");
  }
  Impl& m = *model->impl_;
  m.dim = args.dim;
  m.bucket = args.bucket;
  m.nwords = dict->nwords();
  // Word rows and bigram hashes only: no char n-grams, no pruned buckets, softmax output.
  model->fast_path_ = args.maxn <= 0 && args.wordNgrams <= 2 && args.bucket > 0 &&
                      args.loss == fasttext::loss_name::softmax && !m.dict_->isPruned();
  if (model->fast_path_) {
    const int64_t rows = m.input_->size(0);
    m.input_rows.Assign(static_cast<size_t>(rows) * static_cast<size_t>(m.dim));
    fasttext::Vector v(m.dim);
    for (int64_t r = 0; r < rows; ++r) {
      v.zero();
      m.input_->addRowToVector(v, static_cast<int32_t>(r));
      std::copy(v.data(), v.data() + m.dim, m.input_rows.data() + r * m.dim);
    }
  }
  if (model->fast_path_) {
    if (auto dense = std::dynamic_pointer_cast<fasttext::DenseMatrix>(m.output_)) {
      const size_t labels = model->labels_.size();
      const size_t dim = static_cast<size_t>(m.dim);
      const size_t groups = (labels + 3) / 4;
      m.output_groups.assign(groups * dim * 4, 0.0f);
      for (size_t k = 0; k < labels; ++k) {
        for (size_t j = 0; j < dim; ++j) {
          m.output_groups[((k / 4) * dim + j) * 4 + k % 4] =
              dense->at(static_cast<int64_t>(k), static_cast<int64_t>(j));
        }
      }
    }
  }
  // At most half full, so a miss (most bigram-free lookups of rare words) ends after a probe
  // or two.
  size_t capacity = 16;
  while (capacity < static_cast<size_t>(m.nwords) * 2) capacity *= 2;
  m.slots.assign(capacity, Impl::Slot{});
  m.slot_mask = capacity - 1;
  m.word_starts.reserve(static_cast<size_t>(m.nwords) + 1);
  for (int32_t i = 0; i < m.nwords; ++i) {
    const std::string& word = dict->getWord(i);
    m.word_starts.push_back(static_cast<uint32_t>(m.words.size()));
    m.words += word;
    uint32_t hash = WordHash(word);
    size_t slot = hash & m.slot_mask;
    while (m.slots[slot].id >= 0) slot = (slot + 1) & m.slot_mask;
    m.slots[slot] = {hash, i};
  }
  m.word_starts.push_back(static_cast<uint32_t>(m.words.size()));
  m.eos_hash = static_cast<int32_t>(dict->hash(fasttext::Dictionary::EOS));
  m.eos_id = dict->getId(fasttext::Dictionary::EOS, static_cast<uint32_t>(m.eos_hash));
  m.eos_row.assign(static_cast<size_t>(m.dim), 0.0f);
  if (m.eos_id >= 0) {
    fasttext::Vector v(m.dim);
    v.zero();
    m.input_->addRowToVector(v, m.eos_id);
    std::copy(v.data(), v.data() + m.dim, m.eos_row.begin());
  }
  return std::shared_ptr<const FastTextModel>(std::move(model));
}

Result<std::shared_ptr<const FastTextModel>> FastTextModel::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid(path + ": cannot open the model file");
  return Load(in, path);
}

Result<std::shared_ptr<const FastTextModel>> FastTextModel::LoadBytes(std::string_view bytes,
                                                                     std::string_view name) {
  SpanBuf buf(bytes);
  std::istream in(&buf);
  return Load(in, name);
}

int FastTextModel::LabelIndex(std::string_view label) const {
  for (size_t i = 0; i < labels_.size(); ++i) {
    if (labels_[i] == label) return static_cast<int>(i);
  }
  return -1;
}

bool FastTextModel::quantized() const { return impl_->isQuant(); }

void FastTextModel::Predict(std::string_view line, std::vector<float>& probs) const {
  probs.assign(labels_.size(), 0.0f);
  // Training lines end in a newline, which fastText reads as the end-of-sentence token "</s>";
  // a line scored without it would be one token short of what the model learned on.
  thread_local std::string scratch;
  scratch.assign(line);
  scratch += '\n';
  SpanBuf buf(scratch);
  std::istream in(&buf);
  std::vector<int32_t> words, labels;
  impl_->getDictionary()->getLine(in, words, labels);
  if (words.empty()) {
    // fastText cannot score an empty line; an empty text carries no evidence either way.
    return;
  }
  fasttext::Predictions predictions;
  impl_->predict(static_cast<int32_t>(labels_.size()), words, predictions, 0.0);
  for (const auto& [log_prob, index] : predictions) {
    if (index >= 0 && static_cast<size_t>(index) < probs.size()) {
      probs[static_cast<size_t>(index)] = std::exp(log_prob);
    }
  }
}

namespace {
// fastText's bigram bucket: hashes are stored as int32 and widened with sign extension
// (Dictionary::addWordNgrams), so the same arithmetic is repeated here exactly.
int32_t BigramId(int32_t a, int32_t b, int64_t bucket, int32_t nwords) {
  uint64_t h = static_cast<uint64_t>(static_cast<int64_t>(a));
  h = h * 116049371 + static_cast<uint64_t>(static_cast<int64_t>(b));
  return nwords + static_cast<int32_t>(h % static_cast<uint64_t>(bucket));
}
}  // namespace

uint32_t FastTextModel::WordHash(std::string_view word) {
  // Dictionary::hash: FNV-1a over the bytes as signed chars, sign-extended.
  uint32_t h = 2166136261;
  for (char c : word) {
    h = h ^ static_cast<uint32_t>(static_cast<int8_t>(c));
    h = h * 16777619;
  }
  return h;
}

void FastTextModel::Lookup(const std::vector<std::string_view>& tokens, TokenRows& rows) const {
  thread_local std::vector<uint32_t> hashes;
  hashes.clear();
  for (std::string_view t : tokens) hashes.push_back(WordHash(t));
  LookupRows(tokens.size(), [&](size_t i) { return tokens[i]; }, hashes, rows);
}

void FastTextModel::Lookup(const Tokens& tokens, std::span<const uint32_t> hashes,
                           TokenRows& rows) const {
  LookupRows(tokens.size(), [&](size_t i) { return tokens.Line(i, i + 1); }, hashes, rows);
}

template <typename TokenAt>
void FastTextModel::LookupRows(size_t n, TokenAt token, std::span<const uint32_t> hashes,
                               TokenRows& rows) const {
  const Impl& m = *impl_;
  rows.hashes_.resize(n);
  rows.word_.resize(n);
  rows.bigram_.resize(n > 0 ? n - 1 : 0);
  for (size_t i = 0; i < n; ++i) {
    rows.hashes_[i] = static_cast<int32_t>(hashes[i]);
    const int32_t id = m.FindWord(token(i), hashes[i]);
    rows.word_[i] = id;
    // The rows are scattered over a 19 MB matrix: ask for them now so that the misses overlap
    // instead of stalling the first window's sums one by one.
    if (id >= 0) __builtin_prefetch(m.Row(id));
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    rows.bigram_[i] = BigramId(rows.hashes_[i], rows.hashes_[i + 1], m.bucket, m.nwords);
    __builtin_prefetch(m.Row(rows.bigram_[i]));
  }
}

namespace {
// Four floats, added lane by lane (GCC and Clang vector extension; SSE2 is the x86-64 baseline).
typedef float Float4 __attribute__((vector_size(16)));
}  // namespace

// Adds dimensions [offset, offset + kWidth) of the rows of the line "tokens[begin..end) </s>" to
// h: words, </s>, the bigrams inside, and (last token, </s>), in the order fastText's getLine
// lists them. Each dimension is summed in that order (lanes never mix, and nothing is
// reassociated along the rows), so the sums are bit for bit those of a plain row-by-row loop.
// The partial sums are explicit vectors held in registers for the whole window: written as a
// plain float loop, GCC's unroll-and-jam fused two rows into one scalar loop through memory,
// about 130 instructions per row instead of 20. Returns the number of rows.
template <size_t kWidth>
size_t FastTextModel::SumWindowRows(const TokenRows& rows, size_t begin, size_t end,
                                    size_t offset, float* h) const {
  static_assert(kWidth % 4 == 0);
  constexpr size_t kVectors = kWidth / 4;
  const Impl& m = *impl_;
  Float4 acc[kVectors];
  std::memcpy(acc, h + offset, sizeof acc);
  size_t count = 0;
  auto add = [&acc, &count, offset](const float* row) {
    row += offset;
    for (size_t k = 0; k < kVectors; ++k) {
      Float4 v;
      std::memcpy(&v, row + 4 * k, sizeof v);
      acc[k] += v;
    }
    ++count;
  };
  for (size_t i = begin; i < end; ++i) {
    if (rows.word_[i] >= 0) add(m.Row(rows.word_[i]));
  }
  for (size_t i = begin; i + 1 < end; ++i) add(m.Row(rows.bigram_[i]));
  if (m.eos_id >= 0) add(m.eos_row.data());
  add(m.Row(BigramId(rows.hashes_[end - 1], m.eos_hash, m.bucket, m.nwords)));
  std::memcpy(h + offset, acc, sizeof acc);
  return count;
}

// The same for the last dim % 4 dimensions, one at a time.
size_t FastTextModel::SumWindowRowsTail(const TokenRows& rows, size_t begin, size_t end,
                                        size_t offset, float* h) const {
  const Impl& m = *impl_;
  size_t count = 0;
  for (size_t d = offset; d < static_cast<size_t>(m.dim); ++d) {
    float acc = h[d];
    count = 0;
    auto add = [&](const float* row) {
      acc += row[d];
      ++count;
    };
    for (size_t i = begin; i < end; ++i) {
      if (rows.word_[i] >= 0) add(m.Row(rows.word_[i]));
    }
    for (size_t i = begin; i + 1 < end; ++i) add(m.Row(rows.bigram_[i]));
    if (m.eos_id >= 0) add(m.eos_row.data());
    add(m.Row(BigramId(rows.hashes_[end - 1], m.eos_hash, m.bucket, m.nwords)));
    h[d] = acc;
  }
  return count;
}

void FastTextModel::PredictWindow(const TokenRows& rows, size_t begin, size_t end,
                                  std::vector<float>& probs) const {
  const Impl& m = *impl_;
  const size_t dim = static_cast<size_t>(m.dim);
  probs.assign(labels_.size(), 0.0f);
  end = std::min(end, rows.size());
  if (begin >= end) return;
  // One hidden vector per thread: a window is scored in about a microsecond, so an allocation
  // per window would show.
  thread_local std::unique_ptr<fasttext::Vector> hidden_scratch;
  if (!hidden_scratch || hidden_scratch->size() != m.dim) {
    hidden_scratch = std::make_unique<fasttext::Vector>(m.dim);
  }
  fasttext::Vector& hidden = *hidden_scratch;
  hidden.zero();
  float* h = hidden.data();
  // 32 dimensions at a time (the shipped models have dim 32: eight vector registers of
  // partial sums), then 4, then one by one.
  size_t count = 0;
  size_t offset = 0;
  for (; offset + 32 <= dim; offset += 32) count = SumWindowRows<32>(rows, begin, end, offset, h);
  for (; offset + 4 <= dim; offset += 4) count = SumWindowRows<4>(rows, begin, end, offset, h);
  if (offset < dim) count = SumWindowRowsTail(rows, begin, end, offset, h);
  for (size_t d = 0; d < dim; ++d) h[d] /= static_cast<float>(count);
  if (!m.output_groups.empty()) {
    // Each lane is DenseMatrix::dotRow's sum for its label, d = 0; d += w[j] * h[j] in order of
    // j, so the result is the same float.
    const float* w = m.output_groups.data();
    for (size_t k = 0; k < probs.size(); k += 4) {
      Float4 d = {0.0f, 0.0f, 0.0f, 0.0f};
      for (size_t j = 0; j < dim; ++j, w += 4) {
        Float4 weights;
        std::memcpy(&weights, w, sizeof weights);
        d += weights * h[j];
      }
      for (size_t l = 0; l < 4 && k + l < probs.size(); ++l) probs[k + l] = d[l];
    }
  } else {
    for (size_t k = 0; k < probs.size(); ++k) {
      probs[k] = m.output_->dotRow(hidden, static_cast<int64_t>(k));
    }
  }
  float top = -1e30f;
  for (float p : probs) top = std::max(top, p);
  float z = 0;
  for (float& p : probs) z += (p = std::exp(p - top));
  for (float& p : probs) p /= z;
}

}  // namespace frontseat::detectors
