// BufferedFdSink: an spdlog sink for high-volume lines (the access log) that appends formatted
// lines to a memory buffer and writes them to a file descriptor in batches: when the buffer
// passes `batch_bytes`, on flush() (spdlog::flush_every calls it once a second) and on
// destruction. spdlog's console sinks write and fflush every line under one process-wide mutex,
// which cost about 4-5 us and a contended futex per request here (docs/BENCHMARKS.md); this sink
// costs a memcpy under the mutex and one write(2) per few hundred lines. A crash loses at most
// the last second of lines, which is acceptable for an access log (not for the error log, which
// keeps its flushing console sink).
#pragma once

#include <spdlog/sinks/base_sink.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <string>

namespace emporion::log {

class BufferedFdSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit BufferedFdSink(int fd, std::size_t batch_bytes = 64 * 1024)
      : fd_(fd), batch_bytes_(batch_bytes) {
    buffer_.reserve(batch_bytes_ + 1024);
  }
  ~BufferedFdSink() override {
    std::lock_guard<std::mutex> lock(mutex_);
    WriteOut();
  }
  BufferedFdSink(const BufferedFdSink&) = delete;
  BufferedFdSink& operator=(const BufferedFdSink&) = delete;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    buffer_.append(formatted.data(), formatted.size());
    if (buffer_.size() >= batch_bytes_) WriteOut();
  }
  void flush_() override { WriteOut(); }

 private:
  void WriteOut() {
    std::size_t off = 0;
    while (off < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + off, buffer_.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // nowhere to report a failing log target: drop the batch
      off += static_cast<std::size_t>(n);
    }
    buffer_.clear();
  }

  int fd_;
  std::size_t batch_bytes_;
  std::string buffer_;
};

}  // namespace emporion::log
