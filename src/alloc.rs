//! The allocator the binary and the benchmarks use: small blocks from mimalloc, which
//! serves the many short-lived lines, strings and small tables of a page faster than the
//! system allocator (clean ≈ 4% faster, measured); larger blocks (a long page's text,
//! tables, edits, output) from the system allocator, which on Linux maps the large ones
//! apart and hands them back when freed, so peak memory stays near the live data (see
//! `return_freed_memory` in `main.rs`). mimalloc for everything kept freed blocks
//! resident: 5× a 30 MB page at peak, against 2.9× this way.

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks of at least this many bytes go to the system allocator. Measured on a 30 MB
/// page: at 32 KiB mimalloc's freed medium blocks already raised the peak past 3× the
/// page; at 4 KiB the peak is the system allocator's.
pub const LARGE: usize = 4 * 1024;

/// Small blocks to mimalloc, large ones to the system allocator. A block is freed by
/// the allocator that made it: Rust frees with the layout it allocated with.
pub struct Split;

// SAFETY: every block is made and freed by the same allocator, chosen by its size,
// and a block that changes side on reallocation is copied to a block of the new side.
unsafe impl GlobalAlloc for Split {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            System.alloc(layout)
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            System.alloc_zeroed(layout)
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= LARGE {
            System.dealloc(ptr, layout)
        } else {
            mimalloc::MiMalloc.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (layout.size() >= LARGE, new_size >= LARGE) {
            (false, false) => mimalloc::MiMalloc.realloc(ptr, layout, new_size),
            (true, true) => System.realloc(ptr, layout, new_size),
            _ => {
                // SAFETY: the caller guarantees `new_size`, rounded up to the alignment,
                // does not overflow.
                let new = Layout::from_size_align_unchecked(new_size, layout.align());
                let out = self.alloc(new);
                if !out.is_null() {
                    std::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block keeps its bytes as it grows past the threshold and shrinks back.
    #[test]
    fn blocks_cross_the_threshold_intact() {
        let a = Split;
        for align in [1, 8, 64] {
            let small = Layout::from_size_align(100, align).unwrap();
            // SAFETY: each block is used within its size and freed once, with the layout
            // it last had.
            unsafe {
                let p = a.alloc(small);
                assert!(!p.is_null());
                for i in 0..100 {
                    *p.add(i) = i as u8;
                }
                let p = a.realloc(p, small, LARGE * 2);
                assert!(!p.is_null() && (p as usize).is_multiple_of(align));
                let large = Layout::from_size_align(LARGE * 2, align).unwrap();
                *p.add(LARGE * 2 - 1) = 7;
                let p = a.realloc(p, large, 50);
                assert!(!p.is_null() && (p as usize).is_multiple_of(align));
                assert!((0..50).all(|i| *p.add(i) == i as u8));
                a.dealloc(p, Layout::from_size_align(50, align).unwrap());
                let z = a.alloc_zeroed(large);
                assert!((0..LARGE * 2).step_by(4096).all(|i| *z.add(i) == 0));
                a.dealloc(z, large);
            }
        }
    }
}
