// Helpers shared by the engine's in-memory structures: vector growth and capacity accounting, and
// the raw binary snapshot encoding (native-endian PODs, vectors and strings with their sizes).
// Readers fail (false) on a short stream or an absurd size instead of allocating it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <istream>
#include <iterator>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace emporion::search {

/// Grows by a quarter instead of doubling: postings and dictionaries are most of the memory and
/// MemoryBytes counts capacities.
template <typename T>
void Reserve(std::vector<T>& v, size_t extra) {
  if (v.size() + extra > v.capacity()) {
    v.reserve(std::max(v.size() + extra, v.capacity() + v.capacity() / 4 + 8));
  }
}

/// The capacity a per-document array keeps beyond its size after a load or a rebuild: appends
/// continue at once (the first upserts), without copying the array under the write lock.
inline size_t WithHeadroom(size_t size) { return size + size / 8 + 64; }

/// Gives back spare capacity beyond WithHeadroom (a vector or string grown by doubling).
template <typename C>
void TrimCapacity(C& v) {
  const size_t keep = WithHeadroom(v.size());
  if (v.capacity() > keep + keep / 8) {
    C fresh;
    fresh.reserve(keep);
    fresh.assign(std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    v.swap(fresh);
  }
}

template <typename T>
uint64_t Capacity(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

template <typename T>
void WritePod(std::ostream& out, const T& value) {
  out.write(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
void WriteVector(std::ostream& out, const std::vector<T>& v) {
  WritePod<uint64_t>(out, v.size());
  out.write(reinterpret_cast<const char*>(v.data()),
            static_cast<std::streamsize>(v.size() * sizeof(T)));
}

inline void WriteString(std::ostream& out, std::string_view s) {
  WritePod<uint64_t>(out, s.size());
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
}

template <typename T>
bool ReadPod(std::istream& in, T& value) {
  in.read(reinterpret_cast<char*>(&value), sizeof(T));
  return static_cast<size_t>(in.gcount()) == sizeof(T);
}

/// The bytes left in `in` after its position (0 when it cannot tell: snapshot streams are files
/// or strings, both seekable).
inline uint64_t Remaining(std::istream& in) {
  const auto here = in.tellg();
  if (here < 0) {
    return 0;
  }
  in.seekg(0, std::ios::end);
  const auto end = in.tellg();
  in.seekg(here);
  return end < here ? 0 : static_cast<uint64_t>(end - here);
}

/// Asks for transparent huge pages on a large buffer before it is first touched: loading a
/// snapshot otherwise spends a quarter of its time in 4 KB page faults.
void AdviseHugePages(void* data, size_t bytes);

/// A file mapped read-only (for reading parts of a snapshot in place); unmapped when the last
/// holder lets go. The engine writes snapshots to a new file and renames it over the old one,
/// so a mapped file never changes underneath.
class MappedFile {
 public:
  /// Null when the file cannot be opened or mapped (the caller reads it instead).
  static std::shared_ptr<const MappedFile> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  [[nodiscard]] const char* data() const { return data_; }
  [[nodiscard]] size_t size() const { return size_; }

 private:
  MappedFile(const char* data, size_t size) : data_(data), size_(size) {}
  const char* data_;
  size_t size_;
};

/// Sized once and read in one call; a size beyond what the stream holds fails before anything
/// is allocated (a corrupt size must not reach the allocator).
template <typename T, typename Container = std::vector<T>>
bool ReadVector(std::istream& in, Container& v) {
  uint64_t size = 0;
  if (!ReadPod(in, size) || size > (uint64_t{1} << 40) / sizeof(T)) {
    return false;
  }
  constexpr uint64_t kSmall = 4096 / sizeof(T);
  if (size > kSmall && size * sizeof(T) > Remaining(in)) {
    return false;
  }
  v.clear();
  if (size > kSmall) {
    Container fresh;
    fresh.reserve(static_cast<size_t>(size));
    AdviseHugePages(fresh.data(), fresh.capacity() * sizeof(T));
    v.swap(fresh);
  }
  v.resize(static_cast<size_t>(size));
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(size * sizeof(T)));
  return static_cast<uint64_t>(in.gcount()) == size * sizeof(T);
}

template <typename T>
bool ReadVector(std::istream& in, std::vector<T>& v) {
  return ReadVector<T, std::vector<T>>(in, v);
}

inline bool ReadString(std::istream& in, std::string& s) { return ReadVector<char>(in, s); }

}  // namespace emporion::search
