//! Shared config and credentials files.
