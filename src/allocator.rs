//! Options for mimalloc, the allocator the `copydesk` binary and the
//! benchmarks run on. The library itself chooses no allocator: this only
//! sets mimalloc's options, which do nothing when it is not the allocator.

/// How long mimalloc keeps freed memory before handing it back, in
/// milliseconds. Its default of a second keeps what detection frees (the
/// detector's working lists, before the annotations are built) resident
/// through a large article's peak: about a third more memory, 11.7 rather
/// than 9.8 times a 25 MiB article. A tenth of a second frees it in time,
/// and is still long enough that one article's memory is reused by the
/// next rather than handed back and faulted in again.
const PURGE_DELAY_MS: std::os::raw::c_long = 100;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h`, which the sys
/// crate does not name (the test below pins it to the bundled version).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets copydesk's mimalloc options; call it first thing in `main`.
pub fn tune_mimalloc() {
    // SAFETY: sets one of mimalloc's documented options, which it reads
    // whenever it purges; nothing else changes.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_the_bundled_mimalloc_reads() {
        // SAFETY: reads one of mimalloc's documented options.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // mimalloc 3's documented default for the purge delay.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(before, 1000);
        }
        tune_mimalloc();
        // SAFETY: as above.
        let after = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(after, PURGE_DELAY_MS);
    }
}
