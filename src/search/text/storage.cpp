#include "search/text/storage.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace emporion::search {

void AdviseHugePages(void* data, size_t bytes) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (bytes < 4 * kHuge) {
    return;
  }
  const auto begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) {
    // Advice only: where the kernel has no huge pages (or THP is off) nothing changes.
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
}

std::shared_ptr<const MappedFile> MappedFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return nullptr;
  }
  struct stat st = {};
  void* p = MAP_FAILED;
  if (fstat(fd, &st) == 0 && st.st_size > 0) {
    p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
  }
  ::close(fd);  // the mapping keeps the file
  if (p == MAP_FAILED) {
    return nullptr;
  }
  // Read a few documents at a time, wherever they are: no read-ahead around each.
  madvise(p, static_cast<size_t>(st.st_size), MADV_RANDOM);
  return std::shared_ptr<const MappedFile>(
      new MappedFile(static_cast<const char*>(p), static_cast<size_t>(st.st_size)));
}

MappedFile::~MappedFile() { munmap(const_cast<char*>(data_), size_); }

}  // namespace emporion::search
