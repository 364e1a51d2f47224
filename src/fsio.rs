//! Reading input files within limits, and writing output files atomically.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, IoAction};

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

/// Reads a UTF-8 text file, refusing anything but a regular file (a
/// directory, a named pipe, a device), files over [`MAX_INPUT_BYTES`] and
/// invalid UTF-8, with a message naming the file. The file is opened without
/// blocking and checked before a byte is read, so a named pipe with no writer
/// is refused instead of waiting forever.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let shown = display(path);
    let file = open_nonblocking(path).map_err(|e| read_problem(&shown, &e))?;
    let meta = file.metadata().map_err(|e| read_problem(&shown, &e))?;
    if meta.is_dir() {
        return Err(Diagnostic::file(shown, "is a directory; expected a file"));
    }
    if !meta.is_file() {
        return Err(Diagnostic::file(
            shown,
            format!(
                "is {}; expected a regular file (use `-` to read standard input)",
                kind_of(&meta)
            ),
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(&shown));
    }
    let bytes = read_limited(file, &shown)?;
    decode(&shown, bytes)
}

/// Opens a file for reading without waiting for a writer (a named pipe opened
/// for reading blocks until one comes, otherwise).
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What kind of file system object metadata describes, as a message says it.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    if t.is_file() {
        return "a regular file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Whether two paths name the same file (the same device and inode), however
/// they are spelled: `a.toml`, `./a.toml` and a link to it are one file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => identity(&x) == identity(&y),
        _ => false,
    }
}

#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(meta: &fs::Metadata) -> (u64, u64) {
    (meta.len(), 0)
}

/// Refuses an output that is one of the command's inputs: writing a report
/// over the answers it was made from would lose them.
pub fn refuse_overwriting_inputs(
    output: Option<&FileArg>,
    inputs: &[&Path],
) -> Result<(), Diagnostic> {
    let Some(out) = output.and_then(FileArg::path) else {
        return Ok(());
    };
    match inputs.iter().find(|input| same_file(out, input)) {
        Some(input) => Err(Diagnostic::file(
            display(out),
            format!(
                "is also an input of this command ({}); writing the output there would replace it",
                display(input)
            ),
        )
        .with_help("choose another --output file")),
        None => Ok(()),
    }
}

fn read_limited(reader: impl Read, shown: &str) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_problem(shown, &e))?;
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

/// Why a file could not be read, as a problem with the file: `no such file`
/// (or `no such directory`, when a directory of the path is missing).
pub fn read_problem(shown: &str, e: &io::Error) -> Diagnostic {
    let what = match e.kind() {
        io::ErrorKind::NotFound => match missing_dir(Path::new(shown)) {
            Some(dir) => format!("no such directory: {}", display(&dir)),
            None if shown.ends_with('/') => "no such directory".to_string(),
            None => "no such file".to_string(),
        },
        io::ErrorKind::IsADirectory => "is a directory; expected a file".to_string(),
        _ => format!("cannot read it: {}", crate::error::io_reason(e)),
    };
    Diagnostic::file(shown, what)
}

/// The first directory of a path that does not exist, when the path's own
/// parent is missing (`answers/q3.toml` with no `answers/`).
fn missing_dir(path: &Path) -> Option<PathBuf> {
    let mut missing = None;
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if fs::metadata(d).is_ok() {
            break;
        }
        missing = Some(d.to_path_buf());
        dir = d.parent();
    }
    missing
}

/// Makes a directory, and the directories above it, for a command to write
/// its files into; an existing directory is fine, anything else at that
/// path is refused in words.
pub fn create_dir(dir: &Path) -> Result<(), Diagnostic> {
    let shown = display(dir);
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(m) => {
            return Err(Diagnostic::file(
                shown,
                format!("is {}; expected a directory to write into", kind_of(&m)),
            ));
        }
        Err(_) => {}
    }
    fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::file(
            shown,
            format!(
                "cannot create this directory: {}",
                crate::error::io_reason(&e)
            ),
        )
    })
}

/// How a path is shown in messages.
pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Environment variable read by the crash-test failpoint (cargo feature
/// `failpoints`, on in this package's own tests, off in every build a user
/// gets): the first write to a temporary file writes half its bytes, flushes
/// and pauses this many milliseconds, so a test can kill the process there.
pub const WRITE_PAUSE_ENV: &str = "CS_SCORECARD_TEST_WRITE_PAUSE_MS";

/// Whether this build has the crash-test failpoint (cargo feature `failpoints`).
pub const FAILPOINTS: bool = cfg!(feature = "failpoints");

/// Where an output path leads, decided before anything is written.
enum Destination {
    /// A regular file or a new name: written atomically at this path (a link's
    /// target, so that the link stays a link), with these permission bits.
    File(PathBuf, Option<u32>),
    /// A character device (`/dev/null`, a terminal) or a named pipe
    /// (`/dev/stdout` in a pipeline): written through, in place.
    Stream,
}

/// Checks that a path can hold a file this tool keeps and reads back (an
/// answers file): a regular file or a new name in an existing directory.
pub fn check_file_output(path: &Path) -> Result<(), Diagnostic> {
    match destination(path)? {
        Destination::File(..) => Ok(()),
        Destination::Stream => {
            let kind = fs::metadata(path).map_or("not a regular file", |m| kind_of(&m));
            Err(Diagnostic::file(
                display(path),
                format!("is {kind}; answers are kept in a regular file"),
            ))
        }
    }
}

/// Where a symbolic link whose target does not exist yet points: the new
/// file goes there, and the link stays a link.
fn dangling_link_target(path: &Path) -> Option<PathBuf> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    let to = fs::read_link(path).ok()?;
    Some(match path.parent() {
        Some(dir) if to.is_relative() => dir.join(to),
        _ => to,
    })
}

fn destination(path: &Path) -> Result<Destination, Diagnostic> {
    let shown = display(path);
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            let real = fs::canonicalize(path)
                .map_err(|e| Diagnostic::file(&shown, format!("cannot write: {}", reason(&e))))?;
            Ok(Destination::File(real, Some(permissions_of(&meta))))
        }
        Ok(meta) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                let t = meta.file_type();
                if t.is_char_device() || t.is_fifo() {
                    return Ok(Destination::Stream);
                }
            }
            Err(Diagnostic::file(
                shown,
                format!("is {}; expected a file name to write to", kind_of(&meta)),
            ))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let target = dangling_link_target(path).unwrap_or_else(|| path.to_path_buf());
            let dir = match target.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            match fs::metadata(dir) {
                Ok(m) if m.is_dir() => Ok(Destination::File(target.clone(), None)),
                Ok(_) => Err(Diagnostic::file(
                    shown,
                    format!("cannot write here: {} is not a directory", display(dir)),
                )),
                Err(_) => Err(Diagnostic::file(
                    shown,
                    format!(
                        "cannot write here: no such directory: {}",
                        display(&missing_dir(&target).unwrap_or_else(|| dir.to_path_buf()))
                    ),
                )
                .with_help("create the directory first, or choose another file")),
            }
        }
        Err(e) => Err(Diagnostic::file(
            shown,
            format!("cannot write: {}", reason(&e)),
        )),
    }
}

/// The permission bits a replacement of a regular file gets: its own, never
/// executable (a report or an answers file is not a program).
fn permissions_of(meta: &fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o666
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0o666
    }
}

/// Opens a character device or a named pipe for writing through. A pipe with
/// no reader is refused at once instead of waiting for one.
fn open_stream(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc_enxio()) {
            io::Error::other("a named pipe that no process is reading")
        } else {
            e
        }
    })?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: fcntl on a descriptor this function owns; it only clears
        // O_NONBLOCK, so that a full pipe makes the write wait, not fail.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(file)
}

#[cfg(unix)]
fn libc_enxio() -> i32 {
    libc::ENXIO
}

#[cfg(not(unix))]
fn libc_enxio() -> i32 {
    -1
}

/// Refuses to replace an existing regular file (or a link to one) unless
/// `force`: the one rule for every command that writes a file. A device such
/// as `/dev/null` is written through, never replaced, so it needs no `--force`.
pub fn check_overwrite(path: &Path, force: bool) -> Result<(), Error> {
    if !force && fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Err(Error::Exists {
            path: display(path),
        });
    }
    Ok(())
}

/// Buffer size of an output: large writes, few system calls.
const OUTPUT_BUFFER: usize = 1 << 20;

/// Where a command's output goes, opened once, written as it is made, and
/// finished at the end: the one way every command writes.
///
/// - Standard output (`None` or `-`): a closed pipe (`| head`) ends the
///   writing quietly ([`Output::write`] returns `false`); on a terminal,
///   control characters from the files are shown escaped
///   ([`crate::text::terminal_safe`]).
/// - A regular file or a new name: written to a temporary file beside it,
///   renamed over it by [`Output::finish`], so readers see the old file or
///   the new one, never a torn one. The temporary file is removed on every
///   other way out: an error, a panic, and SIGINT, SIGTERM or SIGHUP. A new
///   file gets 0666 less the umask; a replaced one keeps its mode, never an
///   executable bit; a symbolic link stays a link (the file it points to is
///   replaced).
/// - A character device or a named pipe: written through, in place.
/// - A directory, a block device or a socket: refused before anything is
///   written, and so is an existing file without `force`, and one of the
///   command's own inputs.
pub struct Output {
    sink: Sink,
    shown: String,
}

enum Sink {
    Stdout {
        out: io::BufWriter<io::Stdout>,
        /// Bytes after the last line break, held until the line is whole
        /// (terminal only: escaping needs whole characters and sequences).
        pending: Option<Vec<u8>>,
        broken: bool,
    },
    File {
        out: io::BufWriter<fs::File>,
        /// Removes the temporary file when dropped; renamed by `finish`.
        tmp: tempfile::TempPath,
        target: PathBuf,
        _on_signal: signals::Registered,
        #[cfg(feature = "failpoints")]
        pause: Option<u64>,
    },
    Through {
        out: io::BufWriter<fs::File>,
    },
}

impl Output {
    /// Standard output.
    pub fn stdout() -> Output {
        use std::io::IsTerminal;
        let out = io::stdout();
        let terminal = out.is_terminal();
        Output {
            sink: Sink::Stdout {
                out: io::BufWriter::with_capacity(OUTPUT_BUFFER, out),
                pending: terminal.then(Vec::new),
                broken: false,
            },
            // Read in messages after "cannot write".
            shown: "to standard output".to_string(),
        }
    }

    /// Opens `target` (standard output for `None` or `-`) for writing,
    /// refusing a file that exists unless `force`, and any of `inputs`.
    pub fn create(
        target: Option<&FileArg>,
        force: bool,
        inputs: &[&Path],
    ) -> Result<Output, Error> {
        let Some(path) = target.and_then(FileArg::path) else {
            return Ok(Output::stdout());
        };
        refuse_overwriting_inputs(target, inputs)?;
        let how = destination(path)?;
        check_overwrite(path, force)?;
        let shown = display(path);
        let io_error = |e: io::Error| Error::Io {
            action: IoAction::Write,
            path: shown.clone(),
            reason: e,
        };
        let sink = match how {
            Destination::Stream => Sink::Through {
                out: io::BufWriter::with_capacity(
                    OUTPUT_BUFFER,
                    open_stream(path).map_err(io_error)?,
                ),
            },
            Destination::File(target, mode) => {
                let dir = match target.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                let mut builder = tempfile::Builder::new();
                builder.prefix(".cs-scorecard-").suffix(".tmp");
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(fs::Permissions::from_mode(mode.unwrap_or(0o666)));
                }
                let tmp = builder.tempfile_in(dir).map_err(io_error)?;
                let (file, tmp) = tmp.into_parts();
                let on_signal = signals::remove_on_signal(&tmp);
                #[cfg(not(unix))]
                let _ = mode;
                #[cfg(unix)]
                if let Some(mode) = mode {
                    // Exactly the replaced file's bits, whatever the umask.
                    use std::os::unix::fs::PermissionsExt;
                    file.set_permissions(fs::Permissions::from_mode(mode))
                        .map_err(io_error)?;
                }
                Sink::File {
                    out: io::BufWriter::with_capacity(OUTPUT_BUFFER, file),
                    tmp,
                    target,
                    _on_signal: on_signal,
                    #[cfg(feature = "failpoints")]
                    pause: std::env::var(WRITE_PAUSE_ENV)
                        .ok()
                        .and_then(|v| v.parse::<u64>().ok()),
                }
            }
        };
        Ok(Output { sink, shown })
    }

    fn error(&self, e: io::Error) -> Error {
        Error::Io {
            action: IoAction::Write,
            path: self.shown.clone(),
            reason: e,
        }
    }

    /// Writes bytes. Returns `false` once standard output is closed by its
    /// reader: the command may stop, and nothing is wrong.
    pub fn write(&mut self, bytes: &[u8]) -> Result<bool, Error> {
        let result = match &mut self.sink {
            Sink::Stdout {
                out,
                pending,
                broken,
            } => {
                if *broken {
                    return Ok(false);
                }
                let r = match pending {
                    None => out.write_all(bytes),
                    Some(held) => {
                        held.extend_from_slice(bytes);
                        match memchr::memrchr(b'\n', held) {
                            Some(end) => {
                                let rest = held.split_off(end + 1);
                                let whole = std::mem::replace(held, rest);
                                out.write_all(
                                    crate::text::terminal_safe(&String::from_utf8_lossy(&whole))
                                        .as_bytes(),
                                )
                            }
                            None => Ok(()),
                        }
                    }
                };
                match r {
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                        *broken = true;
                        return Ok(false);
                    }
                    other => other,
                }
            }
            Sink::File {
                out,
                #[cfg(feature = "failpoints")]
                pause,
                ..
            } => {
                #[cfg(feature = "failpoints")]
                if let Some(ms) = pause.take() {
                    let (first, rest) = bytes.split_at(bytes.len() / 2);
                    let r = out.write_all(first).and_then(|()| out.flush());
                    if r.is_ok() {
                        std::thread::sleep(std::time::Duration::from_millis(ms));
                    }
                    return r
                        .and_then(|()| out.write_all(rest))
                        .map(|()| true)
                        .map_err(|e| self.error(e));
                }
                out.write_all(bytes)
            }
            Sink::Through { out } => out.write_all(bytes),
        };
        result.map(|()| true).map_err(|e| self.error(e))
    }

    /// Writes every byte and ends the output: flushed, and a file renamed
    /// into place (synced first, so a crash after the rename keeps it).
    pub fn finish(self) -> Result<(), Error> {
        let Output { sink, shown } = self;
        let error = |e: io::Error| Error::Io {
            action: IoAction::Write,
            path: shown.clone(),
            reason: e,
        };
        match sink {
            Sink::Stdout {
                mut out,
                pending,
                broken,
            } => {
                if broken {
                    return Ok(());
                }
                let r = match pending {
                    Some(held) if !held.is_empty() => out.write_all(
                        crate::text::terminal_safe(&String::from_utf8_lossy(&held)).as_bytes(),
                    ),
                    _ => Ok(()),
                }
                .and_then(|()| out.flush());
                match r {
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                    other => other.map_err(error),
                }
            }
            Sink::File {
                out,
                tmp,
                target,
                _on_signal,
                ..
            } => {
                let file = out.into_inner().map_err(|e| error(e.into_error()))?;
                file.sync_all().map_err(error)?;
                drop(file);
                tmp.persist(&target).map_err(|e| error(e.error))?;
                Ok(())
            }
            Sink::Through { mut out } => out.flush().map_err(error),
        }
    }
}

/// Writes output to stdout (`None` or `-`), or to a file (see [`Output`]).
/// The rules of `--force` and of inputs are the caller's; this writes.
pub fn write_output(target: Option<&FileArg>, bytes: &[u8]) -> Result<(), Error> {
    let mut out = Output::create(target, true, &[])?;
    out.write(bytes)?;
    out.finish()
}

/// Writes `bytes` to `path` atomically (see [`Output`]): a file this tool
/// keeps and reads back, such as autosaved answers. Anything but a regular
/// file (or a link to one) or a new name is refused.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    check_file_output(path)?;
    write_output(Some(&FileArg::Path(path.to_path_buf())), bytes)
}

/// Files removed when a stopping signal (SIGINT, SIGTERM, SIGHUP) ends the
/// process: an output's temporary file, an interview's lock file. A process
/// killed by a signal runs no destructors, so the handler removes them.
pub mod signals {
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};

    static FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static HANDLED_ELSEWHERE: AtomicBool = AtomicBool::new(false);
    static INSTALL: std::sync::Once = std::sync::Once::new();

    /// A file registered for removal on a signal; dropping this unregisters it.
    #[derive(Debug)]
    pub struct Registered(PathBuf);

    impl Drop for Registered {
        fn drop(&mut self) {
            if let Ok(mut files) = FILES.lock() {
                if let Some(i) = files.iter().rposition(|f| *f == self.0) {
                    files.swap_remove(i);
                }
            }
        }
    }

    /// Registers `path` for removal if a stopping signal arrives before the
    /// returned guard is dropped. The first registration installs the
    /// handler (unless a command handles signals itself: [`handled_elsewhere`]),
    /// which removes the files and exits 128 + the signal's number.
    pub fn remove_on_signal(path: &Path) -> Registered {
        if let Ok(mut files) = FILES.lock() {
            files.push(path.to_path_buf());
        }
        if !HANDLED_ELSEWHERE.load(Ordering::SeqCst) {
            INSTALL.call_once(install);
        }
        Registered(path.to_path_buf())
    }

    /// Says that the command has its own signal handler (the interview,
    /// which also restores the cursor and prints how to resume), which calls
    /// [`remove_registered`] before it exits.
    pub fn handled_elsewhere() {
        HANDLED_ELSEWHERE.store(true, Ordering::SeqCst);
    }

    /// Removes every registered file: for a signal handler about to exit.
    pub fn remove_registered() {
        if let Ok(files) = FILES.lock() {
            for f in files.iter() {
                let _ = std::fs::remove_file(f);
            }
        }
    }

    #[cfg(unix)]
    fn install() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            std::thread::spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    remove_registered();
                    std::process::exit(128 + sig);
                }
            });
        }
    }

    #[cfg(not(unix))]
    fn install() {
        let _ = ctrlc::set_handler(|| {
            remove_registered();
            std::process::exit(130);
        });
    }
}

/// Writes a message for people to standard error, with control characters
/// from the files shown escaped and long values cut, and a line break after it. A failing stderr
/// (closed, full) is ignored: there is nowhere left to say so, and the exit
/// code still tells.
pub fn write_stderr(message: &str) {
    let mut text = crate::text::terminal_safe(&crate::text::shorten(message));
    text.push('\n');
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// An exclusive hold on a file for the life of a process step (an interview):
/// an advisory lock on a lock file beside it, which holds the owner's process
/// id. The lock file is removed when the hold ends; a process that dies keeps
/// no lock (the system releases it), so a stale lock file is taken over.
#[derive(Debug)]
pub struct FileLock {
    /// Held open: closing it releases the lock.
    _file: fs::File,
    path: PathBuf,
}

impl FileLock {
    /// Takes the lock for `target` (which may not exist yet), or says which
    /// process holds it. Creating the lock file also proves that the target's
    /// directory exists and can be written.
    pub fn acquire(target: &Path) -> Result<FileLock, Diagnostic> {
        let shown = display(target);
        let path = lock_path(target)
            .ok_or_else(|| Diagnostic::file(&shown, "cannot write here: expected a file name"))?;
        for _ in 0..8 {
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| {
                    Diagnostic::file(&shown, format!("cannot write here: {}", reason(&e)))
                })?;
            match try_lock(&file) {
                Ok(true) => {}
                Ok(false) => {
                    let mut pid = String::new();
                    let _ = (&file).take(32).read_to_string(&mut pid);
                    let holder = match pid.trim().parse::<u32>() {
                        Ok(pid) => format!("process {pid}"),
                        Err(_) => "another process".to_string(),
                    };
                    return Err(Diagnostic::file(
                        shown,
                        format!(
                            "is in use: {holder} holds it (lock file {})",
                            display(&path)
                        ),
                    )
                    .with_help("finish or stop that interview first, or choose another --output"));
                }
                Err(e) => {
                    return Err(Diagnostic::file(
                        shown,
                        format!("cannot lock: {}", crate::error::io_reason(&e)),
                    ));
                }
            }
            // The holder before us may have removed the file we opened: then
            // our lock is on a file nobody else will find; take a fresh one.
            let still_there = match (file.metadata(), fs::metadata(&path)) {
                (Ok(a), Ok(b)) => identity(&a) == identity(&b),
                _ => false,
            };
            if still_there {
                let _ = file.set_len(0);
                let _ = writeln!(file, "{}", std::process::id());
                let _ = file.flush();
                return Ok(FileLock { _file: file, path });
            }
        }
        Err(Diagnostic::file(
            shown,
            "cannot lock: the lock file keeps changing",
        ))
    }
}

impl FileLock {
    /// The lock file, for a signal handler to remove before the process
    /// exits without running destructors.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Removed while still locked, so no one takes the lock on a file that
        // is about to go; closing the file then releases the lock.
        let _ = fs::remove_file(&self.path);
    }
}

/// An exclusive advisory lock without waiting: `Ok(false)` when another
/// process holds it. (`File::try_lock` does this from Rust 1.89; the crate
/// still builds with 1.85.)
#[cfg(unix)]
fn try_lock(file: &fs::File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor owned by `file`, alive for the call.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.kind() == io::ErrorKind::WouldBlock {
        Ok(false)
    } else {
        Err(e)
    }
}

/// Without flock, interviews are not locked against each other.
#[cfg(not(unix))]
fn try_lock(_file: &fs::File) -> io::Result<bool> {
    Ok(true)
}

/// The lock file of a target: `.NAME.lock` in the target's real directory,
/// so that every spelling of the path (and links to it) finds the same lock.
fn lock_path(target: &Path) -> Option<PathBuf> {
    let real = fs::canonicalize(target).ok();
    let target = real.as_deref().unwrap_or(target);
    let name = target.file_name()?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut lock = OsString::from(".");
    lock.push(name);
    lock.push(".lock");
    Some(dir.join(lock))
}

fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such directory".to_string(),
        _ => crate::error::io_reason(e),
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

/// What a walk for answers files found: each file once.
#[derive(Debug, Default)]
pub struct Found {
    /// The files: as named, and each directory's sorted by name, so runs are repeatable.
    pub files: Vec<PathBuf>,
    /// Paths to a file already found (a link to it, a hard link, the same
    /// file named twice), with the path it was first found at: not counted again.
    pub duplicates: Vec<(PathBuf, PathBuf)>,
    /// Directories reached again (a link loop such as `up -> ..`, or two
    /// links to one directory), with the path first walked: not walked again.
    pub repeated_dirs: Vec<(PathBuf, PathBuf)>,
}

/// What makes a file the same file however it is reached: its device and
/// inode (elsewhere, its canonical path).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileKey {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

fn file_key(path: &Path, meta: &fs::Metadata) -> FileKey {
    #[cfg(unix)]
    {
        let _ = path;
        use std::os::unix::fs::MetadataExt;
        FileKey::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FileKey::Path(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// The answers files named by `paths`: files as given, directories read for
/// `*.toml` and `*.json` (hidden files skipped), each file once however many
/// links lead to it, each directory walked once (so a link loop ends). An
/// unreadable directory names itself.
pub fn answers_files(paths: &[PathBuf], depth: Depth) -> Result<Found, Diagnostic> {
    let mut walk = Walk {
        depth,
        found: Found::default(),
        files: std::collections::HashMap::new(),
        dirs: std::collections::HashMap::new(),
    };
    for p in paths {
        if p.is_dir() {
            walk.dir(p)?;
        } else {
            walk.file(p);
        }
    }
    Ok(walk.found)
}

struct Walk {
    depth: Depth,
    found: Found,
    files: std::collections::HashMap<FileKey, PathBuf>,
    dirs: std::collections::HashMap<FileKey, PathBuf>,
}

impl Walk {
    fn file(&mut self, p: &Path) {
        // A path that cannot be read is kept: reading it says why.
        if let Ok(meta) = fs::metadata(p) {
            let key = file_key(p, &meta);
            if let Some(first) = self.files.get(&key) {
                self.found.duplicates.push((p.to_path_buf(), first.clone()));
                return;
            }
            self.files.insert(key, p.to_path_buf());
        }
        self.found.files.push(p.to_path_buf());
    }

    fn dir(&mut self, dir: &Path) -> Result<(), Diagnostic> {
        let shown = display(dir);
        let meta = fs::metadata(dir).map_err(|e| read_problem(&shown, &e))?;
        let key = file_key(dir, &meta);
        if let Some(first) = self.dirs.get(&key) {
            self.found
                .repeated_dirs
                .push((dir.to_path_buf(), first.clone()));
            return Ok(());
        }
        self.dirs.insert(key, dir.to_path_buf());
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(|e| read_problem(&shown, &e))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(|e| read_problem(&shown, &e))?;
        entries.sort();
        for p in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            if p.is_dir() {
                if self.depth == Depth::Recursive {
                    self.dir(&p)?;
                }
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("toml") || e.eq_ignore_ascii_case("json"))
            {
                self.file(&p);
            }
        }
        Ok(())
    }
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
    fn atomic_write_replaces_and_leaves_no_temp_file() -> Result<(), Box<dyn std::error::Error>> {
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
    fn new_files_are_readable_by_others_and_replaced_files_keep_their_mode()
    -> Result<(), Box<dyn std::error::Error>> {
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
                .files
                .iter()
                .filter_map(|p| p.strip_prefix(dir.path()).ok())
                .map(|p| p.display().to_string())
                .collect()
        };
        assert_eq!(names(Depth::Flat), ["a.toml", "b.json"]);
        assert_eq!(names(Depth::Recursive), ["a.toml", "b.json", "sub/c.toml"]);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_ends_and_each_file_counts_once() -> io::Result<()> {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir()?;
        let d = dir.path();
        fs::write(d.join("real.toml"), "")?;
        for i in 1..=3 {
            symlink("real.toml", d.join(format!("link{i}.toml")))?;
        }
        fs::hard_link(d.join("real.toml"), d.join("hard.toml"))?;
        fs::create_dir(d.join("sub"))?;
        symlink("..", d.join("sub/up"))?;
        symlink("sub", d.join("twin"))?;
        fs::write(d.join("sub/own.json"), "")?;
        let rel = |p: &PathBuf| {
            p.strip_prefix(d)
                .map_or(String::new(), |p| p.display().to_string())
        };
        let found = answers_files(&[d.to_path_buf(), d.join("real.toml")], Depth::Recursive)
            .map_err(|e| io::Error::other(e.message))?;
        let files: Vec<String> = found.files.iter().map(rel).collect();
        // `hard.toml` sorts first, so it is the one counted.
        assert_eq!(files, ["hard.toml", "sub/own.json"]);
        let dups: Vec<(String, String)> = found
            .duplicates
            .iter()
            .map(|(a, b)| (rel(a), rel(b)))
            .collect();
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            dups,
            [
                pair("link1.toml", "hard.toml"),
                pair("link2.toml", "hard.toml"),
                pair("link3.toml", "hard.toml"),
                pair("real.toml", "hard.toml"),
                pair("real.toml", "hard.toml"),
            ]
        );
        let dirs: Vec<(String, String)> = found
            .repeated_dirs
            .iter()
            .map(|(a, b)| (rel(a), rel(b)))
            .collect();
        assert_eq!(dirs, [pair("sub/up", ""), pair("twin", "sub")]);
        // Flat: no loop to follow, links still counted once.
        let flat = answers_files(&[d.to_path_buf()], Depth::Flat)
            .map_err(|e| io::Error::other(e.message))?;
        assert_eq!(flat.files.len(), 1);
        Ok(())
    }
}
