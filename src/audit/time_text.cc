// Time parsing and printing for the audit CLI (see time_text.h). Calendar arithmetic uses Howard
// Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, public domain), not
// timegm/gmtime: those depend on the C library's time zone state and are not thread-safe to mix
// with localtime users, and we only ever need UTC.
#include "audit/time_text.h"

#include <cstdio>

namespace frontseat::audit {

namespace {

constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
constexpr int64_t kMicros = 1000000;

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t& pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!IsDigit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// ".ddd": up to 9 digits (nanoseconds, as RFC 3339 allows any number), kept to microseconds.
bool Fraction(std::string_view s, size_t& pos, int64_t& micros) {
  micros = 0;
  if (pos >= s.size() || s[pos] != '.') return true;
  ++pos;
  size_t n = 0;
  int64_t scale = 100000;
  while (pos < s.size() && IsDigit(s[pos])) {
    if (++n > 9) return false;
    if (scale > 0) {
      micros += (s[pos] - '0') * scale;
      scale /= 10;
    }
    ++pos;
  }
  return n > 0;
}

Status Bad(const char* what) { return Status::Invalid(what); }

Result<int64_t> ParseUnixSeconds(std::string_view s) {
  size_t pos = 0;
  int64_t seconds = 0;
  while (pos < s.size() && IsDigit(s[pos])) {
    seconds = seconds * 10 + (s[pos] - '0');
    if (seconds > kMaxSeconds) return Bad("Unix seconds past year 9999");
    ++pos;
  }
  int64_t micros = 0;
  if (!Fraction(s, pos, micros) || pos != s.size()) {
    return Bad("Unix seconds are digits with an optional fraction (1795341600 or 1795341600.5)");
  }
  return seconds * kMicros + micros;
}

Result<int64_t> ParseRfc3339(std::string_view s) {
  size_t pos = 0;
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
  if (!Digits(s, pos, 4, year) || !Expect(s, pos, '-') || !Digits(s, pos, 2, month) ||
      !Expect(s, pos, '-') || !Digits(s, pos, 2, day)) {
    return Bad("expected a date as YYYY-MM-DD");
  }
  if (month < 1 || month > 12) return Bad("month must be 01-12");
  if (day < 1 || day > DaysInMonth(year, static_cast<unsigned>(month))) {
    return Bad("day is not in that month");
  }
  int64_t offset_s = 0;
  if (pos < s.size()) {
    char sep = s[pos++];
    if (sep != 'T' && sep != 't' && sep != ' ') return Bad("expected T between date and time");
    if (!Digits(s, pos, 2, hour) || !Expect(s, pos, ':') || !Digits(s, pos, 2, minute) ||
        !Expect(s, pos, ':') || !Digits(s, pos, 2, second)) {
      return Bad("expected a time as HH:MM:SS");
    }
    if (hour > 23 || minute > 59) return Bad("hour must be 00-23 and minute 00-59");
    if (second > 59) return Bad("second must be 00-59 (leap seconds are not supported)");
    if (!Fraction(s, pos, micros)) return Bad("a fraction of a second is 1 to 9 digits");
    if (pos >= s.size()) return Bad("expected a time zone: Z or +HH:MM / -HH:MM");
    char z = s[pos++];
    if (z == '+' || z == '-') {
      int64_t oh = 0, om = 0;
      if (!Digits(s, pos, 2, oh) || !Expect(s, pos, ':') || !Digits(s, pos, 2, om) ||
          oh > 23 || om > 59) {
        return Bad("a UTC offset is +HH:MM or -HH:MM");
      }
      offset_s = (oh * 3600 + om * 60) * (z == '+' ? 1 : -1);
    } else if (z != 'Z' && z != 'z') {
      return Bad("expected a time zone: Z or +HH:MM / -HH:MM");
    }
    if (pos != s.size()) return Bad("unexpected text after the time zone");
  }
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  if (seconds < 0) return Bad("times before 1970-01-01T00:00:00Z are not supported");
  if (seconds > kMaxSeconds) return Bad("times after 9999-12-31T23:59:59Z are not supported");
  return seconds * kMicros + micros;
}

}  // namespace

Result<int64_t> ParseTimeUs(std::string_view text) {
  if (text.empty()) return Bad("empty");
  // A date has '-' at index 4; Unix seconds never contain '-'.
  if (text.size() >= 5 && text[4] == '-') return ParseRfc3339(text);
  if (IsDigit(text[0])) return ParseUnixSeconds(text);
  return Bad("not a time");
}

std::string FormatTimeUs(int64_t time_us) {
  int64_t seconds = time_us / kMicros, micros = time_us % kMicros;
  if (micros < 0) {
    micros += kMicros;
    --seconds;
  }
  int64_t days = seconds / 86400, rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, y, m, d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60),
                static_cast<long long>(micros));
  return buf;
}

}  // namespace frontseat::audit
