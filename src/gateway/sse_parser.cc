// Incremental server-sent events parser (see sse_parser.h).
#include "gateway/sse_parser.h"

namespace frontseat::gateway {

Status SseParser::Feed(std::string_view bytes, std::vector<SseEvent>& out) {
  if (!failed_.ok()) return failed_;
  size_t i = 0;
  while (i < bytes.size()) {
    char c = bytes[i];
    if (after_cr_ && c == '\n') {
      after_cr_ = false;
      ++i;
      continue;
    }
    after_cr_ = false;
    // Copy a run of ordinary bytes at once.
    size_t j = i;
    while (j < bytes.size() && bytes[j] != '\n' && bytes[j] != '\r') ++j;
    if (j > i) {
      line_.append(bytes.substr(i, j - i));
      if (line_.size() + data_.size() > max_event_bytes_) {
        failed_ = Status::Invalid("event stream: an event is larger than " +
                                  std::to_string(max_event_bytes_) + " bytes");
        return failed_;
      }
      i = j;
      continue;
    }
    after_cr_ = c == '\r';
    ++i;
    std::string line = std::move(line_);
    line_.clear();
    Line(line, out);
  }
  return Status::Ok();
}

void SseParser::Line(std::string_view line, std::vector<SseEvent>& out) {
  if (line.empty()) {
    if (has_data_) out.push_back({std::move(event_), std::move(data_)});
    data_.clear();
    event_.clear();
    has_data_ = false;
    return;
  }
  if (line.front() == ':') return;
  size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) data_ += '\n';
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_ = std::string(value);
  }
}

}  // namespace frontseat::gateway
