//! Reading input files within limits, and writing output files atomically.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The largest input file read: frameworks and answers are a few kilobytes,
/// so anything near this is a mistake (a log, a database), not a scorecard.
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

/// A file named on the command line: a path, or `-` for standard input
/// (where a file is read) or standard output (where one is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileArg {
    /// `-`: standard input or output.
    Std,
    /// A file.
    Path(PathBuf),
}

impl From<OsString> for FileArg {
    fn from(s: OsString) -> FileArg {
        if s == "-" {
            FileArg::Std
        } else {
            FileArg::Path(PathBuf::from(s))
        }
    }
}

impl FileArg {
    /// The file's path, or `None` for standard input or output.
    pub fn path(&self) -> Option<&Path> {
        match self {
            FileArg::Std => None,
            FileArg::Path(p) => Some(p),
        }
    }

    /// How the file is named in messages: `<stdin>` for standard input.
    pub fn display(&self) -> String {
        match self {
            FileArg::Std => "<stdin>".to_string(),
            FileArg::Path(p) => display(p),
        }
    }

    /// Reads the file, or all of standard input, as text within the size limit.
    pub fn read_text(&self) -> Result<String, Diagnostic> {
        match self {
            FileArg::Std => {
                let shown = self.display();
                decode(&shown, read_limited(io::stdin().lock(), &shown)?)
            }
            FileArg::Path(p) => read_text(p),
        }
    }
}

/// Reads a UTF-8 text file, refusing directories, files over
/// [`MAX_INPUT_BYTES`] and invalid UTF-8, with a message naming the file.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let shown = display(path);
    let bytes = {
        let meta = fs::metadata(path).map_err(|e| io_problem(&shown, &e))?;
        if meta.is_dir() {
            return Err(Diagnostic::file(shown, "is a directory; expected a file"));
        }
        if meta.len() > MAX_INPUT_BYTES {
            return Err(too_large(&shown));
        }
        let file = fs::File::open(path).map_err(|e| io_problem(&shown, &e))?;
        read_limited(file, &shown)?
    };
    decode(&shown, bytes)
}

fn read_limited(reader: impl Read, shown: &str) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_problem(shown, &e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(shown));
    }
    Ok(bytes)
}

fn too_large(shown: &str) -> Diagnostic {
    Diagnostic::file(
        shown,
        format!(
            "file is larger than {} MiB; expected a framework or answers file of a few kilobytes",
            MAX_INPUT_BYTES / 1024 / 1024
        ),
    )
}

/// Turns bytes into text, pointing at the first byte that is not UTF-8.
pub fn decode(shown: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        let rest = String::from_utf8_lossy(&bytes[valid..bytes.len().min(valid + 80)]);
        let line_rest: String = rest.split('\n').next().unwrap_or("").to_string();
        let source = format!("{text}{line_rest}");
        Diagnostic::at(
            shown,
            &source,
            Some(valid..valid + 1),
            "file is not valid UTF-8 text; expected a TOML or JSON text file",
        )
    })
}

fn io_problem(shown: &str, e: &io::Error) -> Diagnostic {
    let what = match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory; expected a file".to_string(),
        _ => format!("cannot read: {e}"),
    };
    Diagnostic::file(shown, what)
}

/// How a path is shown in messages.
pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Environment variable that pauses [`write_atomic`] halfway through the
/// temporary file for this many milliseconds: a failpoint for the crash test
/// that kills the process mid-write. Not for users.
pub const WRITE_PAUSE_ENV: &str = "CS_SCORECARD_TEST_WRITE_PAUSE_MS";

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, flushed to disk, then renamed over the target. Readers see the
/// old file or the new one, never a torn one. A new file gets the usual
/// permissions (0666 less the umask); a replaced file keeps its own.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cs-scorecard-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    let (first, rest) = bytes.split_at(bytes.len() / 2);
    tmp.write_all(first)?;
    if let Some(ms) = std::env::var(WRITE_PAUSE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        tmp.flush()?;
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    tmp.write_all(rest)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes output to stdout (`None` or `-`) or atomically to a file.
pub fn write_output(target: Option<&FileArg>, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    match target.and_then(FileArg::path) {
        Some(p) => write_atomic(p, bytes).with_context(|| format!("cannot write {}", p.display())),
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}

/// Whether a directory walk goes into subdirectories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Only the directory's own files.
    Flat,
    /// Subdirectories too.
    Recursive,
}

/// The answers files named by `paths`: files as given, directories read for
/// `*.toml` and `*.json` (hidden files skipped), each directory's files sorted
/// by name so runs are repeatable. An unreadable directory names itself.
pub fn answers_files(
    paths: &[std::path::PathBuf],
    depth: Depth,
) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, depth, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, depth: Depth, out: &mut Vec<std::path::PathBuf>) -> Result<(), Diagnostic> {
    let shown = display(dir);
    let mut entries: Vec<std::path::PathBuf> = fs::read_dir(dir)
        .map_err(|e| io_problem(&shown, &e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| io_problem(&shown, &e))?;
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            if depth == Depth::Recursive {
                walk(&p, depth, out)?;
            }
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("toml") || e.eq_ignore_ascii_case("json"))
        {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let d = decode("x.toml", b"a = 1\nb = \"\xff\"\n".to_vec()).err();
        let loc = d.and_then(|d| d.location);
        assert_eq!(loc.map(|l| (l.line, l.column)), Some((2, 6)));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("a.toml");
        write_atomic(&target, b"old")?;
        write_atomic(&target, b"new")?;
        assert_eq!(fs::read_to_string(&target)?, "new");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_replaced_files_keep_their_mode() -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("report.html");
        write_atomic(&target, b"one")?;
        assert_eq!(fs::metadata(&target)?.permissions().mode() & 0o044, 0o044);
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600))?;
        write_atomic(&target, b"two")?;
        assert_eq!(fs::metadata(&target)?.permissions().mode() & 0o777, 0o600);
        Ok(())
    }

    #[test]
    fn a_directory_is_not_read() {
        let d = read_text(Path::new("src")).err().map(|d| d.message);
        assert_eq!(d.as_deref(), Some("is a directory; expected a file"));
    }

    #[test]
    fn directories_give_their_answers_files_sorted() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        for name in ["b.json", "a.toml", "notes.txt", ".hidden.toml"] {
            fs::write(dir.path().join(name), "")?;
        }
        fs::create_dir(dir.path().join("sub"))?;
        fs::write(dir.path().join("sub/c.toml"), "")?;
        let names = |depth| -> Vec<String> {
            answers_files(&[dir.path().to_path_buf()], depth)
                .unwrap_or_default()
                .iter()
                .filter_map(|p| p.strip_prefix(dir.path()).ok())
                .map(|p| p.display().to_string())
                .collect()
        };
        assert_eq!(names(Depth::Flat), ["a.toml", "b.json"]);
        assert_eq!(names(Depth::Recursive), ["a.toml", "b.json", "sub/c.toml"]);
        Ok(())
    }
}
