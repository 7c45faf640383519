#include "platform/core/memory.hpp"

// mimalloc's, when the program links it (weak: resolved at load time, null otherwise).
extern "C" void mi_collect(bool force) __attribute__((weak));

namespace emporion {

void ReleaseThreadMemory() {
  if (mi_collect != nullptr) mi_collect(false);
}

}  // namespace emporion
