// The allocator of the server and of the benchmarks that measure its code paths: mimalloc (linked
// in, so it replaces malloc and operator new), with its decommit delay raised before main runs.
//
// mimalloc returns freed pages to the OS after 25 ms; under steady load the server faulted them
// straight back in (16-18 % of its CPU in profiles of the ERP sync and price evaluation). Two
// seconds keeps them across requests; the MIMALLOC_DECOMMIT_DELAY environment variable still
// decides if set.
//
// jemalloc was measured as the alternative (2026-11-28, docs/BENCHMARKS.md): after the 100k
// product import it settled at 296 MB against mimalloc's 450-610 MB, but with its background
// purging thread the ERP sync of 1M records took 40-46 s of wall time and 74-89 s of CPU against
// 26 s and 49 s, and without that thread it no longer returned an idle server's memory.
#include <mimalloc.h>

#include <cstdlib>

namespace {

struct ConfigureAllocator {
  ConfigureAllocator() {
    if (std::getenv("MIMALLOC_DECOMMIT_DELAY") == nullptr) {
      mi_option_set(mi_option_decommit_delay, 2000);
    }
  }
};

const ConfigureAllocator kConfigureAllocator;

}  // namespace
