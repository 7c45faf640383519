// Returning a thread's freed memory to the operating system.
#pragma once

namespace emporion {

/// Asks the allocator to return what this thread's heap holds freed (pages, spans, delayed
/// frees from other threads) to the OS. mimalloc (the server's allocator, src/app/allocator.cpp)
/// decommits a freed page only when the thread that owns it allocates again, so a thread that
/// goes quiet after heavy work (an import's job, an indexer after a burst, an I/O thread after a
/// large body) would keep it resident. Long-lived threads call this when they go idle. A no-op
/// in programs that do not link mimalloc (the tests). Costs a walk of the thread's heap pages.
void ReleaseThreadMemory();

}  // namespace emporion
