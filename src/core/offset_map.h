// OffsetMap: maps byte spans of a derived text (normalized or decoded) back to the text it came
// from. Every finding's span goes through one or more of these so that it points into the
// original bytes the user gave us.
//
// The map is piecewise: a list of pieces, each saying "derived bytes [dst, dst+dst_len) came from
// source bytes [src, src+src_len)". A piece with equal lengths is linear (byte i maps to byte i);
// any other piece is atomic (every byte in it maps to the whole source range). Between pieces
// nothing is stored, so a mostly-ASCII text that normalization left alone costs a handful of
// pieces, not one entry per byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace frontseat::core {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

class OffsetMap {
 public:
  // An identity map over `size` bytes.
  static OffsetMap Identity(uint32_t size);

  // Appends a piece. Pieces must be appended in increasing, contiguous dst order, starting at 0.
  void Append(uint32_t src_begin, uint32_t src_len, uint32_t dst_len);

  // Maps a derived span to the smallest source span that contains everything it came from.
  // Spans past the end are clamped. An empty span maps to an empty span at its position.
  Span ToSource(Span derived) const;

  // The map from this map's destination through `inner` (which maps this map's source onward):
  // result(x) = inner(this(x)). Used to chain normalization after decoding after normalization.
  OffsetMap Then(const OffsetMap& inner) const;

  uint32_t dst_size() const { return dst_size_; }
  bool empty() const { return pieces_.empty(); }

 private:
  struct Piece {
    uint32_t dst;
    uint32_t src;
    uint32_t dst_len;
    uint32_t src_len;
  };
  // Index of the piece holding derived byte `pos` (pos < dst_size_).
  size_t Find(uint32_t pos) const;

  std::vector<Piece> pieces_;
  uint32_t dst_size_ = 0;
};

}  // namespace frontseat::core
