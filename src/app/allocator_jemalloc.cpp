// The allocator of the server and of the benchmarks that measure its code paths: jemalloc (the
// default build; -DEMPORION_ALLOCATOR=mimalloc for the alternative), configured by the
// executable's `malloc_conf` (read by jemalloc at its first allocation; the MALLOC_CONF
// environment variable still applies on top of it):
//   narenas 1          one arena for all threads. With jemalloc's default (4 per CPU) a request
//                      or job allocates in whichever arena its thread was given, and memory that
//                      another thread's arena freed is not reused: the ERP sync of 300k records
//                      took 958k page faults (1.06M with purging off, growing to 4 GB) instead
//                      of 531k with one arena, and 40 % more CPU time (68 s against 49 s).
//                      Thread caches keep the one arena's lock off the hot paths.
//   background_thread  purging runs on jemalloc's own thread, so an idle server returns freed
//                      memory without a request paying for it (mimalloc decommits a page only
//                      when its owner thread allocates again: after the 100k-product import
//                      the server settled at 510 MB with mimalloc, 352 MB with this);
//   dirty_decay_ms     freed pages are kept 2 s first, so steady load does not fault the same
//                      pages back in;
//   muzzy_decay_ms 0   then they go back with MADV_DONTNEED at once (MADV_FREE'd pages would
//                      still count as resident until the kernel needs them).
// Measured 2026-11-28, docs/BENCHMARKS.md.
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's interface
__attribute__((visibility("default"), used)) const char* malloc_conf =
    "narenas:1,background_thread:true,dirty_decay_ms:2000,muzzy_decay_ms:0";
}
