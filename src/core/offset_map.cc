// Piecewise offset maps (see offset_map.h).
#include "core/offset_map.h"

#include <algorithm>
#include <cassert>

namespace frontseat::core {

OffsetMap OffsetMap::Identity(uint32_t size) {
  OffsetMap map;
  if (size > 0) map.Append(0, size, size);
  return map;
}

void OffsetMap::Append(uint32_t src_begin, uint32_t src_len, uint32_t dst_len) {
  if (dst_len == 0) return;  // removed source bytes need no piece: nothing maps into them
  // Merge with the previous piece when both are linear and contiguous in source and destination.
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.dst_len == last.src_len && src_len == dst_len && last.src + last.src_len == src_begin) {
      last.dst_len += dst_len;
      last.src_len += src_len;
      dst_size_ += dst_len;
      return;
    }
  }
  pieces_.push_back({dst_size_, src_begin, dst_len, src_len});
  dst_size_ += dst_len;
}

size_t OffsetMap::Find(uint32_t pos) const {
  // Last piece whose dst <= pos. Pieces cover [0, dst_size_) contiguously.
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), pos,
                             [](uint32_t p, const Piece& piece) { return p < piece.dst; });
  assert(it != pieces_.begin());  // pieces_[0].dst == 0 and callers pass pos < dst_size_
  return static_cast<size_t>(it - pieces_.begin()) - 1;
}

Span OffsetMap::ToSource(Span d) const {
  if (pieces_.empty()) return {0, 0};
  d.end = std::min(d.end, dst_size_);
  d.begin = std::min(d.begin, d.end);
  auto start_of = [&](uint32_t pos) -> uint32_t {
    const Piece& p = pieces_[Find(pos)];
    return p.dst_len == p.src_len ? p.src + (pos - p.dst) : p.src;
  };
  if (d.begin == d.end) {
    if (d.begin == dst_size_) {
      const Piece& p = pieces_.back();
      return {p.src + p.src_len, p.src + p.src_len};
    }
    uint32_t s = start_of(d.begin);
    return {s, s};
  }
  uint32_t begin = start_of(d.begin);
  const Piece& last = pieces_[Find(d.end - 1)];
  uint32_t end = last.dst_len == last.src_len ? last.src + (d.end - last.dst) : last.src + last.src_len;
  return {begin, std::max(begin, end)};
}

OffsetMap OffsetMap::Then(const OffsetMap& inner) const {
  OffsetMap out;
  for (const Piece& p : pieces_) {
    if (p.dst_len != p.src_len) {  // atomic: the whole source range, mapped onward
      Span s = inner.ToSource({p.src, p.src + p.src_len});
      out.Append(s.begin, s.end - s.begin, p.dst_len);
      continue;
    }
    // Linear: split at the inner pieces it crosses so each part keeps its precision.
    uint32_t pos = p.src;
    const uint32_t end = p.src + p.src_len;
    while (pos < end) {
      if (inner.pieces_.empty() || pos >= inner.dst_size_) {  // past inner's end: clamp
        Span s = inner.ToSource({pos, pos});
        out.Append(s.begin, 0, end - pos);
        break;
      }
      const Piece& q = inner.pieces_[inner.Find(pos)];
      uint32_t stop = std::min(end, q.dst + q.dst_len);
      if (q.dst_len == q.src_len) {
        out.Append(q.src + (pos - q.dst), stop - pos, stop - pos);
      } else {
        out.Append(q.src, q.src_len, stop - pos);
      }
      pos = stop;
    }
  }
  return out;
}

}  // namespace frontseat::core
