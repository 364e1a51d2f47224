//! The interview: navigation logic ([`flow`]) written against a [`Prompter`]
//! so it is tested with a script, and a thin terminal adapter ([`terminal`]).

pub mod flow;
mod terminal;

pub use flow::*;
pub use terminal::{Existing, TerminalPrompter, ask_existing};
