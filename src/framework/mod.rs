//! Frameworks: the model of a maturity assessment, and how to find, load and validate one.

mod embedded;
pub mod load;
pub mod model;
pub mod validate;

pub use embedded::{EMBEDDED, embedded};
pub use load::{Catalog, LoadedFramework, parse_framework};
pub use model::*;
pub use validate::validate;
