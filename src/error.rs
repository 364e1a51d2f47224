//! The errors that decide the exit code.

use crate::diagnostic::Diagnostic;

/// An error whose kind the binary turns into an exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in a file the user gave: exit 2.
    #[error("{}", render_all(.0, false))]
    Input(Vec<Diagnostic>),
    /// Many problems of one kind in a file, of which only the first are kept: exit 2.
    #[error("{}", render_all(.shown, false))]
    InputFirst {
        /// The first problems, located.
        shown: Vec<Diagnostic>,
        /// How many there are in all.
        total: u64,
    },
    /// A wrong combination of arguments or an unknown name: exit 2.
    #[error("{0}")]
    Usage(String),
    /// No framework has this name: exit 2.
    #[error(
        "unknown framework `{}`; known frameworks: {} (or give a path to a .toml file)",
        crate::text::printable(&crate::text::excerpt(name, 80)),
        known.join(", ")
    )]
    UnknownFramework {
        /// The name asked for.
        name: String,
        /// The ids that exist.
        known: Vec<String>,
    },
    /// No health model has this name: exit 2.
    #[error(
        "unknown health model `{}`; built-in models: {} (or give a path to a .toml file)",
        crate::text::printable(&crate::text::excerpt(name, 80)),
        known.join(", ")
    )]
    UnknownModel {
        /// The name asked for.
        name: String,
        /// The ids that exist.
        known: Vec<String>,
    },
    /// A file exists where a command would write, and `--force` was not given: exit 2.
    #[error(
        "{} already exists; not overwriting it (use --force to replace it)",
        crate::text::printable(path)
    )]
    Exists {
        /// The file, as named.
        path: String,
    },
    /// A file could not be read or written, named: exit 2.
    #[error(
        "cannot {action} {}: {}",
        crate::text::printable(path),
        io_reason(reason)
    )]
    Io {
        /// Reading or writing.
        action: IoAction,
        /// The file, as named (or "to standard output").
        path: String,
        /// What the system said.
        reason: std::io::Error,
    },
    /// `check` (or a gate) found problems it has already printed: exit 1.
    #[error("{0}")]
    Findings(String),
    /// The user pressed Ctrl-C: exit 130.
    #[error("interrupted")]
    Interrupted,
    /// A signal stopped the process (SIGTERM, SIGHUP): exit 128 + its number.
    #[error("stopped by signal {0}")]
    Signalled(i32),
}

/// What was being done to a file when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    /// Reading it.
    Read,
    /// Writing it.
    Write,
}

impl std::fmt::Display for IoAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IoAction::Read => "read",
            IoAction::Write => "write",
        })
    }
}

/// An I/O error as a message says it: the common kinds in words.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::StorageFull => "no space left on the device".to_string(),
        _ => e.to_string(),
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_)
            | Error::InputFirst { .. }
            | Error::Usage(_)
            | Error::UnknownFramework { .. }
            | Error::UnknownModel { .. }
            | Error::Exists { .. }
            | Error::Io { .. } => 2,
            Error::Findings(_) => 1,
            Error::Interrupted => 130,
            Error::Signalled(n) => 128 + n,
        }
    }
}

/// How many problems an error shows: a file with 50 000 unknown keys needs
/// the first few explained and a count, not 50 000 snippets.
pub const MAX_SHOWN: usize = 50;

/// Renders several diagnostics, one block each, separated by blank lines; at
/// most [`MAX_SHOWN`], then how many more there are.
pub fn render_all(diags: &[Diagnostic], color: bool) -> String {
    let mut blocks: Vec<String> = diags
        .iter()
        .take(MAX_SHOWN)
        .map(|d| d.render(color))
        .collect();
    if diags.len() > MAX_SHOWN {
        blocks.push(format!("… and {} more not shown", diags.len() - MAX_SHOWN));
    }
    blocks.join("\n\n")
}
