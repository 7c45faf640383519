// The allocator of the server and of the benchmarks that measure its code paths: jemalloc,
// configured by the executable's `malloc_conf` (read by jemalloc at its first allocation; the
// MALLOC_CONF environment variable still applies on top of it).
//
// Why jemalloc and these options: after importing 100,000 products the server holds ~275 MB of
// live memory (mostly the search index). With mimalloc the resident memory settled at 430-575 MB
// and stayed there: freed pages are decommitted only when the thread that owns them allocates
// again, and a rebuilt index's old copy belongs to threads that then sit idle. With jemalloc it
// settles at ~290 MB (docs/BENCHMARKS.md, 2026-11-28):
//   background_thread  purging runs on jemalloc's own thread, so an idle server returns freed
//                      memory without a request paying for it;
//   dirty_decay_ms     freed pages are kept 2 s first, so steady load does not fault the same
//                      pages back in (with a 25 ms delay bulk jobs spent 16-18 % of their CPU so);
//   muzzy_decay_ms 0   then they go back with MADV_DONTNEED at once (MADV_FREE'd pages would
//                      still count as resident until the kernel needs them).
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's interface
__attribute__((visibility("default"), used)) const char* malloc_conf =
    "background_thread:true,dirty_decay_ms:2000,muzzy_decay_ms:0";
}
