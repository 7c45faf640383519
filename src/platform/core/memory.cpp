#include "platform/core/memory.hpp"

#include <cstddef>

// The allocator's, when the program links it (weak: resolved at load time, null otherwise).
extern "C" void mi_collect(bool force) __attribute__((weak));
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp,
                       std::size_t newlen) __attribute__((weak));

namespace emporion {

void ReleaseThreadMemory() {
  if (mi_collect != nullptr) mi_collect(false);
  if (mallctl != nullptr) mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
}

}  // namespace emporion
