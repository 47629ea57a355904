//! A small allocator for the browser engine (cargo feature `small-alloc`).
//!
//! Why: the standard library's allocator on `wasm32-unknown-unknown` is
//! dlmalloc, about 10 KB of the browser engine (twiggy, before wasm-opt),
//! which every page that imports `sigv4kit` downloads. The engine's
//! allocations are few and small (a request's buffer, a signature's strings,
//! cached signing keys), so a size-class allocator does the job in a
//! fraction of the code: every block is a power of two of at least 16 bytes,
//! a freed block goes on its class's free list and is handed out again for
//! the next request of that class, and new blocks are cut from pages that
//! `memory.grow` adds. Memory is never given back to the host, as with
//! dlmalloc (WebAssembly memory cannot shrink). The Node engine keeps
//! dlmalloc: its speed matters there and its size does not.
//!
//! Safety rests on two facts: the target is single-threaded (the module
//! compiles only without the `atomics` target feature), so the state needs no
//! lock; and every block in class `c`'s list is at least `2^c` bytes long and
//! aligned to `min(2^c, MAX_ALIGN)`, which covers any layout that maps to
//! class `c` with an alignment up to `MAX_ALIGN`.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr;

/// The smallest block: room for the free list's link, and a size class that
/// keeps tiny strings from splitting pages into many lists.
const MIN_CLASS: u32 = 4;
/// One list per power of two up to 2^31 (wasm32 addresses are 32-bit).
const CLASSES: usize = 32;
/// Blocks are aligned to their own size up to this; a larger alignment skips
/// the free lists (no Rust type in the engine asks for one).
const MAX_ALIGN: usize = 4096;
/// The unit of `memory.grow`.
const PAGE: usize = 65536;

/// The free lists and the current run of fresh memory.
struct Heap {
    /// Class `c`'s first free block, or 0; each free block's first word
    /// holds the address of the next.
    free: [usize; CLASSES],
    /// The next fresh byte, and the end of the memory grown so far.
    next: usize,
    end: usize,
}

/// The class of a layout: log2 of the smallest power of two at least as
/// large as its size and its alignment, or `None` if that exceeds 2^31.
fn class_of(layout: Layout) -> Option<usize> {
    let want = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    let block = want.checked_next_power_of_two()?;
    let class = block.trailing_zeros() as usize;
    (class < CLASSES).then_some(class)
}

impl Heap {
    const fn new() -> Heap {
        Heap {
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }
    }

    /// A block of class `class` aligned to `align`, or null when the host
    /// refuses more memory. `grow(pages)` adds pages and returns the address
    /// of the first, or `None`.
    ///
    /// # Safety
    /// The free lists must hold only blocks this heap handed out and that
    /// were given back.
    unsafe fn alloc(
        &mut self,
        class: usize,
        align: usize,
        grow: impl FnOnce(usize) -> Option<usize>,
    ) -> *mut u8 {
        let head = self.free[class];
        if head != 0 && align <= MAX_ALIGN {
            // SAFETY: `head` is a free block of this class, at least one
            // word long and word-aligned; its first word is the link.
            self.free[class] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << class;
        let align = size.min(MAX_ALIGN).max(align);
        if let Some(start) = self.cut(size, align) {
            return start as *mut u8;
        }
        // Enough pages for the block wherever the new memory starts.
        let Some(pages) = size
            .checked_add(align)
            .and_then(|n| n.checked_add(PAGE - 1))
            .map(|n| n / PAGE)
        else {
            return ptr::null_mut();
        };
        let Some(base) = grow(pages) else {
            return ptr::null_mut();
        };
        if base != self.end {
            // Not contiguous with the current run (or the first growth):
            // start a new run there; the rest of the old one goes unused.
            self.next = base;
        }
        self.end = base + pages * PAGE;
        self.cut(size, align)
            .map_or(ptr::null_mut(), |p| p as *mut u8)
    }

    /// `size` fresh bytes aligned to `align` from the current run, if it has them.
    fn cut(&mut self, size: usize, align: usize) -> Option<usize> {
        let start = self.next.checked_add(align - 1)? & !(align - 1);
        let stop = start.checked_add(size)?;
        if start == 0 || stop > self.end {
            return None;
        }
        self.next = stop;
        Some(start)
    }

    /// Puts a block back on its class's list.
    ///
    /// # Safety
    /// `block` must have come from [`Heap::alloc`] for a layout of class
    /// `class` or larger, and not be in use.
    unsafe fn free(&mut self, block: *mut u8, class: usize) {
        // SAFETY: the block is at least 16 bytes, aligned to at least 16,
        // and no longer in use: its first word may hold the link.
        unsafe { *(block as *mut usize) = self.free[class] };
        self.free[class] = block as usize;
    }
}

/// The engine's global allocator in the browser build (see the module docs).
pub struct SmallAlloc(UnsafeCell<Heap>);

// SAFETY: the module compiles only for single-threaded wasm32 (no `atomics`),
// where no two calls can run at once.
unsafe impl Sync for SmallAlloc {}

impl SmallAlloc {
    /// An empty heap; it takes memory from the host on first use.
    pub const fn new() -> SmallAlloc {
        SmallAlloc(UnsafeCell::new(Heap::new()))
    }
}

impl Default for SmallAlloc {
    fn default() -> Self {
        SmallAlloc::new()
    }
}

/// `memory.grow` on the module's memory, as the address of the new pages.
#[cfg(target_arch = "wasm32")]
fn grow_memory(pages: usize) -> Option<usize> {
    let previous = core::arch::wasm32::memory_grow(0, pages);
    (previous != usize::MAX).then(|| previous * PAGE)
}

#[cfg(not(target_arch = "wasm32"))]
fn grow_memory(_pages: usize) -> Option<usize> {
    None
}

unsafe impl GlobalAlloc for SmallAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return ptr::null_mut();
        };
        // SAFETY: single-threaded (see the `Sync` impl): no other borrow.
        unsafe { (*self.0.get()).alloc(class, layout.align(), grow_memory) }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        if let Some(class) = class_of(layout) {
            // SAFETY: `block` came from `alloc` with this layout (the
            // `GlobalAlloc` contract), so it belongs to `class`.
            unsafe { (*self.0.get()).free(block, class) }
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the `GlobalAlloc` contract makes this a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new_layout)) {
            // Still fits: a block of a larger class may go back on a smaller
            // class's list later, which is only wasteful.
            (Some(old), Some(new)) if new <= old => block,
            _ => {
                // SAFETY: as `alloc`; the copy stays within both blocks.
                unsafe {
                    let moved = self.alloc(new_layout);
                    if !moved.is_null() {
                        ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                    moved
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A heap over a buffer of the test's own: `grow` hands out its pages.
    struct Arena {
        heap: Heap,
        memory: Vec<u8>,
        used: usize,
    }

    impl Arena {
        fn new(pages: usize) -> Arena {
            Arena {
                heap: Heap::new(),
                memory: vec![0; (pages + 1) * PAGE],
                used: 0,
            }
        }

        fn alloc(&mut self, size: usize, align: usize) -> usize {
            let layout = Layout::from_size_align(size, align).unwrap();
            let class = class_of(layout).unwrap();
            // Page-aligned pages inside the buffer, handed out in order.
            let base = (self.memory.as_ptr() as usize).next_multiple_of(PAGE);
            let limit = self.memory.len() / PAGE - 1;
            let used = &mut self.used;
            let grow = |pages: usize| {
                (*used + pages <= limit).then(|| {
                    let at = base + *used * PAGE;
                    *used += pages;
                    at
                })
            };
            unsafe { self.heap.alloc(class, align, grow) as usize }
        }

        fn free(&mut self, block: usize, size: usize, align: usize) {
            let class = class_of(Layout::from_size_align(size, align).unwrap()).unwrap();
            unsafe { self.heap.free(block as *mut u8, class) }
        }
    }

    #[test]
    fn classes_are_powers_of_two_from_16_bytes() {
        let class = |size, align| class_of(Layout::from_size_align(size, align).unwrap());
        assert_eq!(class(0, 1), Some(4));
        assert_eq!(class(16, 1), Some(4));
        assert_eq!(class(17, 1), Some(5));
        assert_eq!(class(3, 64), Some(6));
        assert_eq!(class(1 << 31, 1), Some(31));
        assert_eq!(class((1 << 31) + 1, 1), None);
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_reused_after_free() {
        let mut arena = Arena::new(16);
        let sizes = [1usize, 16, 17, 100, 1000, 5000, 70000, 3];
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        for (i, &size) in sizes.iter().enumerate() {
            let align = 1 << (i % 4 * 2); // 1, 4, 16, 64
            let at = arena.alloc(size, align);
            assert_ne!(at, 0, "allocation of {size} bytes failed");
            assert_eq!(
                at % align,
                0,
                "{size} bytes at {at:#x} not aligned to {align}"
            );
            for &(other, other_size) in &blocks {
                assert!(
                    at + size <= other || other + other_size <= at,
                    "blocks overlap"
                );
            }
            blocks.push((at, size));
        }
        // A freed block is the next one of its class handed out.
        let (at, size) = blocks[3];
        arena.free(at, size, 64);
        assert_eq!(arena.alloc(120, 8), at);
    }

    #[test]
    fn refused_growth_is_a_null_pointer() {
        // Two pages hold two 64 KiB blocks; the third needs pages the host refuses.
        let mut arena = Arena::new(2);
        assert_ne!(arena.alloc(40000, 8), 0);
        assert_ne!(arena.alloc(40000, 8), 0);
        assert_eq!(arena.alloc(40000, 8), 0);
    }
}
