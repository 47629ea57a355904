//! The two shared-state cells the core keeps, from `std` when the crate is
//! built with it and from `core::cell` when it is not.
//!
//! With `std` (the default: every native binding), a `Credentials` and a
//! `SigningOutput` can be shared between threads, so the key cache is a
//! `Mutex` and the lazily made copies are `OnceLock`s. Without it (the
//! browser's WebAssembly engine, which has one thread and must not carry
//! `std`'s panic and formatting machinery), the same cells are a `RefCell`
//! and a `OnceCell`: the types are then neither `Sync` nor needed to be.

#[cfg(feature = "std")]
mod imp {
    /// A lock around the key cache.
    pub(crate) struct Lock<T>(std::sync::Mutex<T>);

    impl<T> Lock<T> {
        pub(crate) const fn new(value: T) -> Self {
            Lock(std::sync::Mutex::new(value))
        }

        /// The locked value. A panic elsewhere while it was held leaves
        /// nothing half-written that matters to its users (an entry is
        /// replaced whole), so a poisoned lock is taken as it is.
        pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, T> {
            self.0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        }
    }

    /// A value made on first use.
    pub(crate) type Once<T> = std::sync::OnceLock<T>;
}

#[cfg(not(feature = "std"))]
mod imp {
    /// A lock around the key cache: one thread, so a `RefCell` (no caller
    /// holds it across another call into the cache).
    pub(crate) struct Lock<T>(core::cell::RefCell<T>);

    impl<T> Lock<T> {
        pub(crate) const fn new(value: T) -> Self {
            Lock(core::cell::RefCell::new(value))
        }

        pub(crate) fn lock(&self) -> core::cell::RefMut<'_, T> {
            self.0.borrow_mut()
        }
    }

    /// A value made on first use.
    pub(crate) type Once<T> = core::cell::OnceCell<T>;
}

pub(crate) use imp::{Lock, Once};
