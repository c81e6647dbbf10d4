// Validators for network identifiers: IPv4, IPv6 and MAC addresses. An address identifies a
// device and, through logs and leases, often a person, so it is personal data under GDPR-style
// rules. References: RFC 791 and RFC 6890 (special-purpose IPv4 ranges), RFC 4291 and RFC 5952
// (IPv6 text forms), RFC 3849 (IPv6 documentation prefix), IEEE 802 (MAC notation).
#include "detectors/pii/network.h"

#include <algorithm>
#include <array>
#include <string>

#include "detectors/pii/context.h"

namespace frontseat::detectors::pii {
namespace {

constexpr std::string_view kIpContext[] = {
    "ip",  "ipv4",    "ipv6", "addr",  "address*", "host*",    "server*", "client*", "src",
    "dst", "gateway", "dns",  "ping*", "router",   "connect*", "login*",  "logged",  "from"};
constexpr std::string_view kVersionContext[] = {"version*", "ver", "v",        "release*", "build",
                                                "firmware", "rev", "revision", "update*"};
constexpr std::string_view kMacContext[] = {"mac",  "ether", "ethernet", "hwaddr",  "bssid",
                                            "wifi", "nic",   "hardware", "device*", "adapter*"};

// Parses a dotted-quad octet: 1-3 digits, <= 255, no leading zero (which some parsers read as
// octal, and which phone numbers and dates have: "01.84.17.61").
bool ParseOctet(std::string_view s, int& out) {
  if (s.empty() || s.size() > 3) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  if (v > 255) return false;
  out = v;
  return true;
}

bool ParseIpv4(std::string_view s, std::array<int, 4>& octets) {
  size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    size_t dot = i < 3 ? s.find('.', pos) : s.size();
    if (dot == std::string_view::npos) return false;
    if (!ParseOctet(s.substr(pos, dot - pos), octets[i])) return false;
    pos = dot + 1;
  }
  return true;
}

void CheckIpv4(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out) {
  std::array<int, 4> o{};
  if (!ParseIpv4(text.substr(begin, end - begin), o)) return;
  // "1.2.3.4.5" is a version or an OID; a port after a colon is fine ("10.0.0.1:8080").
  char before = ByteBefore(text, begin);
  char after = ByteAt(text, end);
  if (IsAsciiAlnum(before) || before == '_' || IsAsciiAlnum(after) || after == '_') return;
  if ((before == '.' && IsDigit(ByteBefore(text, begin, 2))) ||
      (after == '.' && IsDigit(ByteAt(text, end + 1ull)))) {
    return;
  }
  // A version glued to a name: "WinPython-64bit-3.4.2.4", "pkg_1.2.3.4".
  if ((before == '-' || before == '_') && IsAsciiAlnum(ByteBefore(text, begin, 2))) return;
  if (HasContextWord(text, begin, end, kVersionContext, 12, 0)) return;
  if (o[0] == 0) return;  // 0.0.0.0/8: "this network", never a host
  double score = 0.8;
  bool is_private = o[0] == 10 || o[0] == 127 || (o[0] == 169 && o[1] == 254) ||
                    (o[0] == 172 && o[1] >= 16 && o[1] <= 31) || (o[0] == 192 && o[1] == 168) ||
                    (o[0] == 100 && o[1] >= 64 && o[1] <= 127) || o[0] >= 224;
  if (is_private) score = 0.5;  // identifies a machine inside a network, rarely a person
  auto is_mask_octet = [](int v) {
    return v == 0 || v == 128 || v == 192 || v == 224 || v == 240 || v == 248 || v == 252 ||
           v == 254 || v == 255;
  };
  if (o[0] == 255 && is_mask_octet(o[1]) && is_mask_octet(o[2]) && is_mask_octet(o[3])) {
    score = 0.2;  // a netmask
  }
  score = WithContext(score, HasContextWord(text, begin, end, kIpContext), 0.1);
  out.push_back({PiiEntity::kIpv4, begin, end, score});
}
}  // namespace

void FindIpv4s(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out) {
  // Chains of groups joined by single dots; a chain of exactly four is a candidate address.
  // Longer chains ("1.2.3.4.5") are versions or OIDs, and the glued-neighbour check below
  // rejects them even when the run was cut inside one.
  std::vector<DigitGroup> g = DigitGroups(text, begin, end);
  size_t i = 0;
  while (i < g.size()) {
    size_t j = i;
    while (j + 1 < g.size() && SingleSeparator(text, g[j], g[j + 1]) == '.') ++j;
    if (j - i == 3) CheckIpv4(text, g[i].begin, g[j].end, out);
    i = j + 1;
  }
}

bool Ipv6Valid(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return false;
  size_t dc = s.find("::");
  if (dc != std::string_view::npos && s.find("::", dc + 1) != std::string_view::npos) {
    return false;
  }
  // Counts the groups of one side of "::" (or of the whole address); false if malformed.
  auto count_side = [](std::string_view side, bool last_side, int& groups) {
    groups = 0;
    if (side.empty()) return true;
    size_t pos = 0;
    while (true) {
      size_t colon = side.find(':', pos);
      std::string_view g =
          side.substr(pos, colon == std::string_view::npos ? side.npos : colon - pos);
      if (colon == std::string_view::npos && last_side && g.find('.') != std::string_view::npos) {
        std::array<int, 4> o{};
        if (!ParseIpv4(g, o)) return false;
        groups += 2;  // an embedded IPv4 address stands for the last two groups
        return true;
      }
      if (g.empty() || g.size() > 4) return false;
      for (char c : g) {
        if (!IsHexDigit(c)) return false;
      }
      ++groups;
      if (colon == std::string_view::npos) return true;
      pos = colon + 1;
    }
  };
  if (dc == std::string_view::npos) {
    int groups = 0;
    return count_side(s, true, groups) && groups == 8;
  }
  int left = 0;
  int right = 0;
  if (!count_side(s.substr(0, dc), false, left)) return false;
  if (!count_side(s.substr(dc + 2), true, right)) return false;
  return left + right <= 7;
}

void ValidateIpv6(std::string_view text, uint32_t begin, uint32_t end,
                  std::vector<Candidate>& out) {
  // The pattern is loose (hex runs and colons); trim what it took from the surroundings: a
  // single leading or trailing colon ("Address:2001:db8::1", "at fe80::1:"), or a hex word glued
  // in front ("Fwd:2001:...").
  auto starts_single_colon = [&](uint32_t b, uint32_t e) {
    return e - b >= 2 && text[b] == ':' && text[b + 1] != ':';
  };
  auto ends_single_colon = [&](uint32_t b, uint32_t e) {
    return e - b >= 2 && text[e - 1] == ':' && text[e - 2] != ':';
  };
  if (starts_single_colon(begin, end)) ++begin;
  if (ends_single_colon(begin, end)) --end;
  for (int attempt = 0; attempt < 2; ++attempt) {
    char before = ByteBefore(text, begin);
    bool glued = IsAsciiAlnum(before) || before == '_' || before == '.' ||
                 (before == ':' && IsHexDigit(ByteBefore(text, begin, 2)));
    if (!glued) break;
    uint32_t colon = begin;
    while (colon < end && text[colon] != ':') ++colon;
    if (colon + 1 >= end || text[colon + 1] == ':') return;
    begin = colon + 1;
  }
  char before = ByteBefore(text, begin);
  if (IsAsciiAlnum(before) || before == '_' || before == '.') return;
  char after = ByteAt(text, end);
  if (IsAsciiAlnum(after) || after == '_' || (after == '.' && IsDigit(ByteAt(text, end + 1ull))) ||
      (after == ':' && IsHexDigit(ByteAt(text, end + 1ull)))) {
    return;  // more groups than an address has: "1:2:3:4:5:6:7:8:9"
  }
  std::string_view s = text.substr(begin, end - begin);
  if (!Ipv6Valid(s)) return;
  int nonempty = 0;
  int hex_digits = 0;
  bool any_letter = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsHexDigit(s[i])) {
      ++hex_digits;
      any_letter = any_letter || IsAsciiAlpha(s[i]);
      if (i == 0 || s[i - 1] == ':') ++nonempty;
    }
  }
  bool compressed = s.find("::") != std::string_view::npos;
  // "::1", "a::b" and "12::34" are loopback, C++ scopes and ratios far more often than hosts.
  if (compressed && (nonempty < 2 || hex_digits < 5)) return;
  double score = !compressed ? 0.85 : (nonempty >= 3 ? 0.75 : 0.5);
  if (compressed && !any_letter && nonempty < 3) score = 0.35;
  std::string lower;
  for (char c : s.substr(0, 9)) lower += ToLowerAscii(c);
  if (lower.rfind("2001:db8:", 0) == 0 || lower.rfind("fe80:", 0) == 0 || lower == "::1") {
    score = std::min(score, 0.4);  // documentation prefix (RFC 3849) and link-local addresses
  }
  score = WithContext(score, HasContextWord(text, begin, end, kIpContext), 0.1);
  out.push_back({PiiEntity::kIpv6, begin, end, score});
}

void ValidateMac(std::string_view text, uint32_t begin, uint32_t end, std::vector<Candidate>& out) {
  std::string_view s = text.substr(begin, end - begin);
  bool dotted = s.size() == 14 && s[4] == '.';  // Cisco "0011.2233.4455"
  if (!dotted) {
    if (s.size() != 17) return;
    for (size_t i = 2; i < s.size(); i += 3) {
      if (s[i] != s[2]) return;  // one separator throughout
    }
  }
  // Glued to more groups ("aa:bb:cc:dd:ee:ff:00") it is something longer (an IPv6 tail, a hash).
  char before = ByteBefore(text, begin);
  char after = ByteAt(text, end);
  char sep = dotted ? '.' : s[2];
  if (IsAsciiAlnum(before) || before == '_' || IsAsciiAlnum(after) || after == '_') return;
  if ((before == sep && IsHexDigit(ByteBefore(text, begin, 2))) ||
      (after == sep && IsHexDigit(ByteAt(text, end + 1ull)))) {
    return;
  }
  std::string hex;
  bool letters = false;
  for (char c : s) {
    if (IsHexDigit(c)) {
      hex += ToLowerAscii(c);
      letters = letters || IsAsciiAlpha(c);
    }
  }
  if (hex == "000000000000") return;
  double score = 0.7;
  if (hex == "ffffffffffff")
    score = 0.3;  // broadcast
  else if (!letters && sep == '-')
    score = 0.4;  // twelve digits in pairs
  score = WithContext(score, HasContextWord(text, begin, end, kMacContext), 0.2);
  out.push_back({PiiEntity::kMac, begin, end, score});
}

}  // namespace frontseat::detectors::pii
