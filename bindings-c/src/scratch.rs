//! The header list a request description is read into, reused per thread
//! or per output.
//!
//! The core's `Request` holds its headers in a `Vec` of borrowed pairs, so
//! reading a C request would otherwise allocate that list on every call.
//! Each thread keeps the storage of its last list and lends it, empty, to
//! the next call; an output the caller reuses (`sigv4kit_sign_into`) keeps
//! its own in a [`Spare`], without thread-local state.

use core::cell::Cell;

type Pair<'a> = (&'a str, &'a str);

thread_local! {
    /// Empty storage for pairs: its length is always 0 while it is here.
    static SPARE: Cell<Vec<Pair<'static>>> = const { Cell::new(Vec::new()) };
}

/// Re-types an empty list for borrows of another lifetime, keeping its
/// storage.
fn relabel<'a, 'b>(mut list: Vec<Pair<'a>>) -> Vec<Pair<'b>> {
    list.clear();
    let mut list = core::mem::ManuallyDrop::new(list);
    let (ptr, cap) = (list.as_mut_ptr(), list.capacity());
    // SAFETY: the list is empty, so no borrow of lifetime 'a survives, and
    // pairs of any lifetime have the same size and alignment, so the storage
    // allocated for `cap` of them holds `cap` of the new type.
    unsafe { Vec::from_raw_parts(ptr.cast::<Pair<'b>>(), 0, cap) }
}

/// An empty header list with room for at least `n` pairs: the thread's
/// spare storage when there is one (no allocation once a thread has signed
/// a request as large), a new one otherwise.
pub(crate) fn header_list<'a>(n: usize) -> Vec<Pair<'a>> {
    let mut list = relabel(SPARE.with(Cell::take));
    list.reserve(n);
    list
}

/// Storage for a header list kept with its owner between calls: always
/// empty while kept, so it borrows nothing.
#[derive(Default)]
pub(crate) struct Spare(Vec<Pair<'static>>);

impl Spare {
    /// Lends the storage, as an empty list of any lifetime (a new list when
    /// there is none yet).
    pub(crate) fn take<'a>(&mut self) -> Vec<Pair<'a>> {
        relabel(core::mem::take(&mut self.0))
    }

    /// Keeps a list's storage for the next call.
    pub(crate) fn put(&mut self, list: Vec<Pair<'_>>) {
        self.0 = relabel(list);
    }
}

/// Gives a list's storage back for the thread's next call.
pub(crate) fn recycle(list: Vec<Pair<'_>>) {
    if list.capacity() > 0 {
        // A larger spare from a nested call is dropped in favour of this one.
        SPARE.with(|spare| spare.set(relabel(list)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A recycled list lends its storage to the next call, empty.
    #[test]
    fn storage_is_reused_empty() {
        let owned = String::from("value");
        let mut list = header_list(3);
        list.push(("Host", owned.as_str()));
        let ptr = list.as_ptr() as usize;
        recycle(list);
        drop(owned);
        let again = header_list(2);
        assert!(again.is_empty());
        assert_eq!(again.as_ptr() as usize, ptr);
        assert!(again.capacity() >= 3);
    }

    /// A `Spare` lends back the storage it was given, empty.
    #[test]
    fn spare_keeps_storage_empty() {
        let mut spare = Spare::default();
        let owned = String::from("value");
        let mut list = spare.take();
        list.push(("Host", owned.as_str()));
        let ptr = list.as_ptr() as usize;
        spare.put(list);
        drop(owned);
        let again = spare.take();
        assert!(again.is_empty());
        assert_eq!(again.as_ptr() as usize, ptr);
    }
}
