// The jemalloc build of the server's allocator (-DEMPORION_ALLOCATOR=jemalloc), configured by the
// executable's `malloc_conf` (read by jemalloc at its first allocation; the MALLOC_CONF environment
// variable still applies on top of it):
//   background_thread  purging runs on jemalloc's own thread, so an idle server returns freed
//                      memory without a request paying for it;
//   dirty_decay_ms     freed pages are kept 2 s first, so steady load does not fault the same
//                      pages back in;
//   muzzy_decay_ms 0   then they go back with MADV_DONTNEED at once (MADV_FREE'd pages would
//                      still count as resident until the kernel needs them).
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's interface
__attribute__((visibility("default"), used)) const char* malloc_conf =
    "background_thread:true,dirty_decay_ms:2000,muzzy_decay_ms:0";
}
