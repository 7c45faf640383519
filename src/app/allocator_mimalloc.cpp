// The mimalloc build of the server's allocator (-DEMPORION_ALLOCATOR=mimalloc; jemalloc is the
// default, see allocator_jemalloc.cpp): linked in, so it replaces malloc and operator new, with
// its decommit delay raised before main runs.
//
// mimalloc returns freed pages to the OS after 25 ms; under steady load the server faulted them
// straight back in (16-18 % of its CPU in profiles of the ERP sync and price evaluation). Two
// seconds keeps them across requests; the MIMALLOC_DECOMMIT_DELAY environment variable still
// decides if set.
//
// It keeps more memory than jemalloc once the server goes idle: a freed page is decommitted only
// when the thread that owns it allocates again (after the 100k-product import: 510 MB against
// jemalloc's 352 MB, 2026-11-28, docs/BENCHMARKS.md).
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
