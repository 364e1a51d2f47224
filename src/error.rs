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
        "unknown framework `{}`; {}known frameworks: {} (or give a path to a .toml file)",
        crate::text::printable(&crate::text::excerpt(name, 80)),
        did_you_mean(name, known),
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
        "unknown health model `{}`; {}built-in models: {} (or give a path to a .toml file)",
        crate::text::printable(&crate::text::excerpt(name, 80)),
        did_you_mean(name, known),
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

/// `did you mean `cx63`? ` when a known id is close to the name, else nothing.
fn did_you_mean(name: &str, known: &[String]) -> String {
    crate::text::closest(name, known.iter().map(String::as_str))
        .map_or_else(String::new, |id| format!("did you mean `{id}`? "))
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

/// An I/O error as a sentence says it: the kinds a file system gives in
/// words, never the system's raw `File exists (os error 17)`; the caller names
/// the path.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let said = match e.kind() {
        K::NotFound => "no such file or directory",
        K::PermissionDenied => "permission denied",
        K::AlreadyExists => "a file of that name already exists",
        K::NotADirectory => "a part of the path is a file, not a directory",
        K::IsADirectory => "it is a directory",
        K::DirectoryNotEmpty => "the directory is not empty",
        K::StorageFull => "no space left on the device",
        K::QuotaExceeded => "the disk quota is exceeded",
        K::FileTooLarge => "the file is too large for the file system",
        K::ReadOnlyFilesystem => "the file system is read-only",
        K::InvalidFilename => "the name is not valid on this file system",
        K::ResourceBusy => "the device or resource is busy",
        K::TooManyLinks => "too many links",
        K::CrossesDevices => "it is on another file system",
        K::BrokenPipe => "the reader closed the pipe",
        _ => "",
    };
    if !said.is_empty() {
        return said.to_string();
    }
    // Anything else: the system's words, without the error number, in lower case.
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_string(),
        _ => text,
    };
    // An acronym (`NFS`) keeps its case.
    let first_word = text.split(' ').next().unwrap_or("");
    if first_word.chars().count() > 1 && !first_word.chars().any(char::is_lowercase) {
        return text;
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_sentences_without_error_numbers() {
        use std::io::{Error as E, ErrorKind as K};
        assert_eq!(
            io_reason(&E::from_raw_os_error(17)),
            "a file of that name already exists"
        );
        assert_eq!(
            io_reason(&E::from_raw_os_error(20)),
            "a part of the path is a file, not a directory"
        );
        assert_eq!(
            io_reason(&E::from(K::StorageFull)),
            "no space left on the device"
        );
        // Kinds without words of ours: the system's, lower case, no number.
        let said = io_reason(&E::from_raw_os_error(40));
        assert_eq!(said, "too many levels of symbolic links");
        assert_eq!(
            io_reason(&E::other("A pipe no one reads")),
            "a pipe no one reads"
        );
        assert_eq!(io_reason(&E::other("NFS stale")), "NFS stale");
    }

    #[test]
    fn an_unknown_id_suggests_the_closest_known_one() {
        let known = vec!["cx63".to_string(), "cspi".to_string()];
        let e = Error::UnknownFramework {
            name: "cx36".into(),
            known: known.clone(),
        };
        assert_eq!(
            e.to_string(),
            "unknown framework `cx36`; did you mean `cx63`? known frameworks: cx63, cspi (or give a path to a .toml file)"
        );
        let e = Error::UnknownModel {
            name: "zzz".into(),
            known,
        };
        assert_eq!(
            e.to_string(),
            "unknown health model `zzz`; built-in models: cx63, cspi (or give a path to a .toml file)"
        );
    }
}
