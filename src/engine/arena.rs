//! A memory arena that holds a whole QuickJS heap and can be reset to a snapshot of itself.
//!
//! Every allocation of a sandbox runtime (see `sandbox.rs`) comes from one fixed, reserved region
//! of address space. Once the runtime is set up (context, prelude, `api` builders), the used part
//! of the region is copied out; before each run it is copied back. The run then starts from a heap
//! that is byte-for-byte the pristine one: nothing an earlier run did (globals, prototypes, atoms,
//! timers, modules, garbage) can be seen, and there is nothing to free or collect afterwards.
//! This is the technique Wizer and Javy use for QuickJS in WebAssembly, applied to native memory.
//!
//! The allocator itself is deliberately simple, because its whole state must live inside the
//! region to be snapshotted with it: size classes of 16 bytes up to 1 KiB, powers of two above,
//! one free list per class, and a bump pointer. No general-purpose allocator crate keeps its
//! state in a caller-provided block that can be copied and restored like this.
//!
//! `unsafe` is confined to this module, `Sandbox::reset` and `bytecode::load_module`.
#![allow(unsafe_code)]

use std::ptr;

use memmap2::{MmapMut, MmapOptions, UncheckedAdvice};
use rquickjs::allocator::Allocator;

/// Bytes in front of every block: its size class (16 keeps payloads 16-byte aligned).
const HEADER: usize = 16;
/// Classes 0..64 are 16, 32, … 1024 bytes.
const SMALL_CLASSES: usize = 64;
/// Above 1 KiB, four classes per power of two (1.25, 1.5, 1.75 and 2 times it), so a block wastes
/// at most a fifth of itself; enough classes for any region this process can map.
const CLASSES: usize = SMALL_CLASSES + 4 * 40;
/// After a run that used more than this beyond the snapshot, the pages are given back to the OS.
const GIVE_BACK_BYTES: usize = 32 * 1024 * 1024;

/// The allocator's book-keeping, stored at the start of the region (so snapshots include it).
#[repr(C)]
struct Book {
    /// Offset of the first never-used byte.
    top: usize,
    /// Size of the region.
    capacity: usize,
    /// Bytes handed out and not freed (usable sizes, headers excluded).
    live: usize,
    /// Most bytes that may be live at once.
    limit: usize,
    /// Whether an allocation was refused (limit or region full) since the last reset.
    refused: bool,
    /// Per size class, the offset of the first free payload (0: none).
    free: [usize; CLASSES],
}

fn class_of(size: usize) -> usize {
    if size <= 1024 {
        size.max(1).div_ceil(16) - 1
    } else {
        // 1025..=1280 → class 64, 1281..=1536 → 65, …, 1793..=2048 → 67, 2049..=2560 → 68, …
        let power = (usize::BITS - 1 - (size - 1).leading_zeros()) as usize; // 2^power < size
        let quarter = (1usize << power) / 4;
        let step = (size - 1 - (1 << power)) / quarter;
        SMALL_CLASSES + (power - 10) * 4 + step
    }
}

fn class_size(class: usize) -> usize {
    if class < SMALL_CLASSES {
        (class + 1) * 16
    } else {
        let power = (class - SMALL_CLASSES) / 4 + 10;
        let step = (class - SMALL_CLASSES) % 4;
        (1 << power) + (step + 1) * ((1 << power) / 4)
    }
}

/// A reserved region of memory with a snapshot of its used part.
pub struct Arena {
    /// Keeps the mapping alive; all access goes through `base`.
    map: MmapMut,
    base: *mut u8,
    snapshot: Vec<u8>,
    /// Highest `top` seen since the last time unused pages were given back.
    high_water: usize,
}

impl Arena {
    /// Reserves `capacity` bytes of address space (pages are committed only when touched).
    pub fn new(capacity: usize) -> std::io::Result<Self> {
        let mut map = MmapOptions::new()
            .len(capacity)
            .no_reserve_swap()
            .map_anon()?;
        let base = map.as_mut_ptr();
        let start = size_of::<Book>().next_multiple_of(16);
        // SAFETY: the region is at least `capacity` bytes, zeroed, writable and page-aligned, so
        // a `Book` fits at its start; nothing else refers to it yet.
        unsafe {
            let book = base.cast::<Book>();
            (*book).top = start;
            (*book).capacity = capacity;
            (*book).limit = usize::MAX;
        }
        Ok(Self {
            map,
            base,
            snapshot: Vec::new(),
            high_water: start,
        })
    }

    /// Size of the reserved region.
    pub fn capacity(&self) -> usize {
        self.map.len()
    }

    fn book(&self) -> *mut Book {
        self.base.cast::<Book>()
    }

    /// Bytes of the region in use (allocated or on a free list).
    pub fn used(&self) -> usize {
        // SAFETY: `base` points to the `Book` written in `new`; the heap is not in use.
        unsafe { (*self.book()).top }
    }

    /// Bytes allocated and not yet freed.
    #[cfg(test)]
    pub fn live(&self) -> usize {
        // SAFETY: as in `used`.
        unsafe { (*self.book()).live }
    }

    /// Caps the bytes live at once (until the next restore) and clears the refusal flag.
    pub fn set_limit(&mut self, limit: usize) {
        // SAFETY: as in `used`.
        unsafe {
            (*self.book()).limit = limit;
            (*self.book()).refused = false;
        }
    }

    /// Whether an allocation was refused since [`Arena::set_limit`]: the heap hit its limit.
    pub fn refused(&self) -> bool {
        // SAFETY: as in `used`.
        unsafe { (*self.book()).refused }
    }

    /// An allocator handing out memory from this arena, for `Runtime::new_with_alloc`.
    pub fn allocator(&self) -> ArenaAllocator {
        ArenaAllocator { base: self.base }
    }

    /// Copies the used part of the region (heap and book-keeping) as the state to restore.
    pub fn take_snapshot(&mut self) {
        let used = self.used();
        // SAFETY: `used` bytes from `base` lie inside the mapping and are initialised.
        self.snapshot = unsafe { std::slice::from_raw_parts(self.base, used) }.to_vec();
        self.high_water = used;
    }

    /// Puts the heap back exactly as it was when the snapshot was taken.
    ///
    /// # Safety
    /// No code may be using the heap while this runs, and every pointer into it that outlives
    /// the call (runtime, context and values held by Rust) must have existed, unchanged, when
    /// the snapshot was taken: anything created since then is gone afterwards.
    pub unsafe fn restore(&mut self) {
        if self.snapshot.is_empty() {
            return;
        }
        self.high_water = self.high_water.max(self.used());
        // SAFETY: the snapshot is at most as long as the mapping and does not overlap it; the
        // caller guarantees nothing is using the heap.
        unsafe { ptr::copy_nonoverlapping(self.snapshot.as_ptr(), self.base, self.snapshot.len()) };
        if self.high_water - self.snapshot.len() > GIVE_BACK_BYTES {
            let from = self.snapshot.len().next_multiple_of(4096);
            // SAFETY: the pages past the snapshot hold nothing anyone refers to after the
            // restore (the allocator hands them out again only after rewriting them).
            let _ = unsafe {
                self.map.unchecked_advise_range(
                    UncheckedAdvice::DontNeed,
                    from,
                    self.high_water - from,
                )
            };
            self.high_water = self.snapshot.len();
        }
    }
}

/// The QuickJS allocator of one [`Arena`]. It must not outlive the arena (the sandbox owns both
/// and drops the runtime first).
pub struct ArenaAllocator {
    base: *mut u8,
}

impl ArenaAllocator {
    fn book(&mut self) -> &mut Book {
        // SAFETY: `base` points to the arena's `Book`; QuickJS calls the allocator from one
        // thread at a time and never re-entrantly.
        unsafe { &mut *self.base.cast::<Book>() }
    }
}

// SAFETY: blocks are 16-byte aligned (the region is page-aligned, the book and every block are
// multiples of 16), never overlap, are at least the requested size, and `usable_size` reads the
// class written in front of each block.
unsafe impl Allocator for ArenaAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        let class = class_of(size);
        if class >= CLASSES {
            return ptr::null_mut();
        }
        let base = self.base;
        let book = self.book();
        let size = class_size(class);
        if size > book.limit - book.live.min(book.limit) {
            book.refused = true;
            return ptr::null_mut();
        }
        book.live += size;
        let head = book.free[class];
        if head != 0 {
            // SAFETY: `head` is the offset of a free payload of this class, whose first word
            // holds the next free offset.
            unsafe {
                book.free[class] = base.add(head).cast::<usize>().read();
                return base.add(head);
            }
        }
        let need = HEADER + size;
        if need > book.capacity - book.top {
            book.live = book.live.saturating_sub(size);
            book.refused = true;
            return ptr::null_mut();
        }
        let block = book.top;
        book.top += need;
        // SAFETY: `block..block + need` lies inside the region and belongs to nobody yet.
        unsafe {
            base.add(block).cast::<usize>().write(class);
            base.add(block + HEADER)
        }
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let Some(total) = count.checked_mul(size) else {
            return ptr::null_mut();
        };
        let p = self.alloc(total);
        if !p.is_null() {
            // SAFETY: `p` has room for `total` bytes.
            unsafe { ptr::write_bytes(p, 0, total) };
        }
        p
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        let base = self.base;
        // SAFETY: `ptr` came from `alloc` (caller's contract), so its class is in front of it
        // and its payload has room for the free-list link.
        unsafe {
            let class = ptr.sub(HEADER).cast::<usize>().read();
            let book = self.book();
            book.live = book.live.saturating_sub(class_size(class));
            ptr.cast::<usize>().write(book.free[class]);
            book.free[class] = ptr.offset_from(base) as usize;
        }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if ptr.is_null() {
            return self.alloc(new_size);
        }
        // SAFETY: `ptr` came from `alloc` (caller's contract).
        unsafe {
            let old = Self::usable_size(ptr);
            if new_size <= old && (new_size > old / 2 || old <= 1024) {
                return ptr;
            }
            let fresh = self.alloc(new_size);
            if fresh.is_null() {
                return fresh;
            }
            ptr::copy_nonoverlapping(ptr, fresh, old.min(new_size));
            self.dealloc(ptr);
            fresh
        }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: `ptr` came from `alloc` (caller's contract), so its class is in front of it.
        class_size(unsafe { ptr.sub(HEADER).cast::<usize>().read() })
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_sizes_without_gaps() {
        assert_eq!(class_size(class_of(1025)), 1280);
        assert_eq!(class_size(class_of(2048)), 2048);
        assert_eq!(class_size(class_of(2049)), 2560);
        assert_eq!(class_size(class_of(70 << 20)), 80 << 20);
        for size in (1..70_000).chain((1 << 20)..(1 << 20) + 70_000) {
            let c = class_of(size);
            assert!(class_size(c) >= size, "{size}");
            if c > 0 {
                assert!(class_size(c - 1) < size, "{size} could use a smaller class");
            }
        }
    }

    #[test]
    fn blocks_are_aligned_reused_and_restored() {
        let mut arena = Arena::new(1 << 24).expect("reserve");
        let mut a = arena.allocator();
        let p = a.alloc(24);
        assert_eq!(p as usize % 16, 0);
        // SAFETY: `p` came from this allocator.
        unsafe {
            assert_eq!(ArenaAllocator::usable_size(p), 32);
            p.write(7);
            a.dealloc(p);
        }
        assert_eq!(a.alloc(20), p, "a freed block of the same class is reused");
        arena.take_snapshot();
        let used = arena.used();
        let q = a.alloc(5000);
        assert!(!q.is_null());
        // SAFETY: `q` came from this allocator; nothing uses the heap during restore.
        unsafe {
            let grown = a.realloc(q, 9000);
            assert_eq!(ArenaAllocator::usable_size(grown), 10240);
            arena.restore();
        }
        assert_eq!(
            arena.used(),
            used,
            "the restore undid the later allocations"
        );
        assert!(a.alloc(1 << 30).is_null(), "larger than the region");
        assert!(arena.refused());
        arena.set_limit(arena.live() + 64);
        assert!(!arena.refused());
        assert!(!a.alloc(64).is_null());
        assert!(a.alloc(16).is_null(), "over the limit");
        assert!(arena.refused());
    }
}
