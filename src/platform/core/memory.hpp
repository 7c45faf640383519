// Returning a thread's freed memory to the operating system.
#pragma once

namespace emporion {

/// Hands what this thread's allocator caches hold freed back to where the OS can get it.
/// jemalloc (the default, src/app/allocator_jemalloc.cpp): flushes the thread cache into the
/// shared arena, which the background thread purges. mimalloc (the alternative build)
/// decommits a freed page only when the thread that owns it allocates again, so a thread that
/// goes quiet after heavy work would keep it resident: this collects the thread's heap (a walk
/// of its pages). Long-lived threads call this when they go idle (a job worker after a job, the
/// indexer after a burst). A no-op in programs that link neither (the tests).
void ReleaseThreadMemory();

}  // namespace emporion
