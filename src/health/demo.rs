//! Synthetic accounts for trying the health commands and for benchmarks.
