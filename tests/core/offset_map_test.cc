// Does an OffsetMap send every derived span back to the bytes it came from, through chains?
#include "core/offset_map.h"

#include <gtest/gtest.h>

namespace frontseat::core {
namespace {

TEST(OffsetMap, IdentityMapsSpansToThemselves) {
  OffsetMap m = OffsetMap::Identity(10);
  EXPECT_EQ(m.ToSource({2, 5}), (Span{2, 5}));
  EXPECT_EQ(m.ToSource({0, 10}), (Span{0, 10}));
  EXPECT_EQ(m.ToSource({7, 99}), (Span{7, 10}));  // clamped
}

TEST(OffsetMap, AtomicPieceMapsAnyPartToTheWholeSource) {
  // "a" + 3-byte char that became 1 byte + "bc": derived "aXbc"
  OffsetMap m;
  m.Append(0, 1, 1);
  m.Append(1, 3, 1);
  m.Append(4, 2, 2);
  EXPECT_EQ(m.dst_size(), 4u);
  EXPECT_EQ(m.ToSource({1, 2}), (Span{1, 4}));
  EXPECT_EQ(m.ToSource({0, 4}), (Span{0, 6}));
  EXPECT_EQ(m.ToSource({2, 3}), (Span{4, 5}));
}

TEST(OffsetMap, RemovedBytesAreSkipped) {
  // source "ab\u200Bcd": bytes 2..5 removed
  OffsetMap m;
  m.Append(0, 2, 2);
  m.Append(5, 2, 2);
  EXPECT_EQ(m.ToSource({0, 4}), (Span{0, 7}));
  EXPECT_EQ(m.ToSource({2, 4}), (Span{5, 7}));
}

TEST(OffsetMap, ThenComposesTwoMaps) {
  OffsetMap inner;  // derived1 → source: drop source bytes 3..5
  inner.Append(0, 3, 3);
  inner.Append(6, 4, 4);
  OffsetMap outer;  // derived2 → derived1: 4 bytes become 1 (like base64 → 3 bytes)
  outer.Append(0, 4, 3);
  outer.Append(4, 3, 3);
  OffsetMap both = outer.Then(inner);
  EXPECT_EQ(both.dst_size(), 6u);
  EXPECT_EQ(both.ToSource({0, 1}), (Span{0, 7}));  // atomic piece spans the removed bytes
  EXPECT_EQ(both.ToSource({3, 6}), (Span{7, 10}));
}

TEST(OffsetMap, EmptySpansStayEmpty) {
  OffsetMap m = OffsetMap::Identity(5);
  EXPECT_EQ(m.ToSource({3, 3}), (Span{3, 3}));
  EXPECT_EQ(m.ToSource({5, 5}), (Span{5, 5}));
  OffsetMap none;
  EXPECT_EQ(none.ToSource({0, 3}), (Span{0, 0}));
}

}  // namespace
}  // namespace frontseat::core
