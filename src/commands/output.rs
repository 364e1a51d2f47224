//! Where a command's result goes: the format an `--output` file's extension
//! implies, and the one rule for files that already exist.

use std::path::Path;

use crate::cli::{
    AggregateFormat, CompareFormat, FitFormat, HealthFormat, OutputArgs, PlanFormat, ScoreFormat,
};
use crate::error::Error;
/// The one overwrite rule lives with the writer ([`crate::fsio::Output`]).
pub use crate::fsio::check_overwrite;
use crate::fsio::{FileArg, display};

/// A format chosen by `--format` or by the extension of the `--output` file.
pub trait FileFormat: Copy + PartialEq + clap::ValueEnum + 'static {
    /// The extensions (lower case, no dot) that imply a format, in the order
    /// an error lists them.
    const EXTENSIONS: &'static [(&'static str, Self)];
    /// The format a file extension (lower case, no dot) implies, if any.
    fn from_extension(ext: &str) -> Option<Self> {
        Self::EXTENSIONS
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|&(_, f)| f)
    }
    /// The format when neither `--format` nor an extension says.
    fn default_format() -> Self;
    /// Whether a file with this extension may hold this format.
    fn fits(self, ext: &str) -> bool {
        ext == "txt" || Self::from_extension(ext).is_none_or(|f| f == self)
    }
}

impl FileFormat for ScoreFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        ("txt", ScoreFormat::Table),
        ("json", ScoreFormat::Json),
        ("md", ScoreFormat::Markdown),
        ("markdown", ScoreFormat::Markdown),
        ("csv", ScoreFormat::Csv),
        ("html", ScoreFormat::Html),
        ("htm", ScoreFormat::Html),
    ];
    fn default_format() -> Self {
        ScoreFormat::Table
    }
    fn fits(self, ext: &str) -> bool {
        match self {
            ScoreFormat::CsvSummary => ext == "csv" || ext == "txt",
            _ => ext == "txt" || Self::from_extension(ext).is_none_or(|f| f == self),
        }
    }
}

impl FileFormat for CompareFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        ("txt", CompareFormat::Table),
        ("json", CompareFormat::Json),
        ("md", CompareFormat::Markdown),
        ("markdown", CompareFormat::Markdown),
    ];
    fn default_format() -> Self {
        CompareFormat::Table
    }
}

impl FileFormat for AggregateFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        ("txt", AggregateFormat::Table),
        ("json", AggregateFormat::Json),
        ("md", AggregateFormat::Markdown),
        ("markdown", AggregateFormat::Markdown),
        ("csv", AggregateFormat::Csv),
        ("html", AggregateFormat::Html),
        ("htm", AggregateFormat::Html),
    ];
    fn default_format() -> Self {
        AggregateFormat::Table
    }
}

impl FileFormat for HealthFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        ("txt", HealthFormat::Table),
        ("json", HealthFormat::Json),
        ("jsonl", HealthFormat::Json),
        ("ndjson", HealthFormat::Json),
        ("csv", HealthFormat::Csv),
        ("html", HealthFormat::Html),
        ("htm", HealthFormat::Html),
    ];
    fn default_format() -> Self {
        HealthFormat::Table
    }
}

impl FileFormat for FitFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        ("txt", FitFormat::Table),
        ("json", FitFormat::Json),
        ("md", FitFormat::Markdown),
        ("markdown", FitFormat::Markdown),
    ];
    fn default_format() -> Self {
        FitFormat::Table
    }
}

impl FileFormat for PlanFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        ("toml", PlanFormat::Toml),
        ("json", PlanFormat::Json),
        ("md", PlanFormat::Markdown),
        ("markdown", PlanFormat::Markdown),
        ("csv", PlanFormat::Csv),
    ];
    fn default_format() -> Self {
        PlanFormat::Toml
    }
}

/// A format's name as `--format` takes it.
pub fn name<F: clap::ValueEnum>(f: F) -> String {
    f.to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// The extension that decides a file's format: none for a device or a named
/// pipe (`/dev/stdout`, `out.fifo`), which are written through whatever
/// their name.
fn extension(path: &Path) -> Option<String> {
    let stream = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if stream {
        return None;
    }
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The extensions of a list, each format once, synonyms together:
/// `.txt (table), .json, .md/.markdown, .csv or .html/.htm`, the format named
/// where no extension says it.
fn listed<F: FileFormat>(extensions: &[(&str, F)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut seen: Vec<F> = Vec::new();
    for &(_, f) in extensions {
        if seen.contains(&f) {
            continue;
        }
        seen.push(f);
        let exts: Vec<&str> = extensions
            .iter()
            .filter(|(_, g)| *g == f)
            .map(|(e, _)| *e)
            .collect();
        let format = name(f);
        let shown = exts
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join("/");
        parts.push(if exts.contains(&format.as_str()) {
            shown
        } else {
            format!("{shown} ({format})")
        });
    }
    crate::text::join_or(&parts)
}

/// The error for an output file whose extension names no format the command
/// writes: the extensions it knows, and `--format` as the way out.
fn unknown_extension(path: &Path, ext: &str, known: &str, formats: Option<String>) -> Error {
    let help = match formats {
        Some(formats) => {
            format!("rename the file, or choose the format with --format ({formats})")
        }
        None => "rename the file".to_string(),
    };
    Error::from(
        crate::diagnostic::Diagnostic::file(
            display(path),
            format!(
                "unknown extension `.{}` for this output; expected {known}",
                crate::text::printable(ext)
            ),
        )
        .with_help(help),
    )
}

/// The format to write: `--format` when given, else the one the output file's
/// extension implies, else the default for a file without an extension. A
/// `--format` that contradicts a known extension (`--format json -o
/// report.html`) is a usage error, and so is an extension that names no
/// format the command writes (`-o report.xlsx`) without `--format`: a report
/// is never written under a name that promises another format. `.txt` only
/// suggests the table and contradicts no text format, and `.csv` holds either CSV.
pub fn resolve_format<F: FileFormat>(given: Option<F>, output: &OutputArgs) -> Result<F, Error> {
    let path = output.output.as_ref().and_then(FileArg::path);
    let Some(ext) = path.and_then(extension) else {
        return Ok(given.unwrap_or_else(F::default_format));
    };
    let implied = F::from_extension(&ext);
    match (given, implied) {
        (None, Some(f)) => Ok(f),
        (None, None) => {
            let formats: Vec<String> = F::value_variants().iter().map(|&f| name(f)).collect();
            Err(unknown_extension(
                path.unwrap_or(Path::new("")),
                &ext,
                &listed(F::EXTENSIONS),
                Some(formats.join(", ")),
            ))
        }
        (Some(g), Some(f)) if !g.fits(&ext) => Err(Error::Usage(format!(
            "--format {} contradicts the extension of {} (a .{ext} file is {}); \
             drop --format, or name the file to match",
            name(g),
            path.map_or_else(String::new, |p| p.display().to_string()),
            name(f)
        ))),
        (Some(g), _) => Ok(g),
    }
}

/// Checks the extension of a command's one-format output (`template` writes
/// TOML, `form` HTML, `health sql` SQL): none, or one of `extensions`.
pub fn expect_extension(
    output: &OutputArgs,
    extensions: &[&str],
    format: &str,
) -> Result<(), Error> {
    let Some(path) = output.path() else {
        return Ok(());
    };
    match extension(path) {
        Some(ext) if !extensions.contains(&ext.as_str()) => {
            let exts: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
            Err(unknown_extension(
                path,
                &ext,
                &format!("{} ({format})", exts.join("/")),
                None,
            ))
        }
        _ => Ok(()),
    }
}

impl OutputArgs {
    /// The output file, if one was named (not `-`).
    pub fn path(&self) -> Option<&Path> {
        self.output.as_ref().and_then(FileArg::path)
    }

    /// Checks the output file may be written (see [`crate::fsio::check_overwrite`]).
    pub fn check(&self) -> Result<(), Error> {
        self.path()
            .map_or(Ok(()), |p| check_overwrite(p, self.force))
    }

    /// Writes a whole result to the output and, for a file, says so in the
    /// shape every command uses (`wrote report.html (html)`).
    pub fn write(&self, ctx: &super::Ctx, bytes: &[u8], format: &str) -> Result<(), Error> {
        crate::fsio::write_output(self.output.as_ref(), bytes)?;
        if let Some(path) = self.path() {
            ctx.wrote(path, format);
        }
        Ok(())
    }

    /// Opens the output (see [`crate::fsio::Output`]): refused when it is one
    /// of `inputs`, or a file that exists without `--force`.
    pub fn open(&self, inputs: &[&Path]) -> Result<crate::fsio::Output, Error> {
        crate::fsio::Output::create(self.output.as_ref(), self.force, inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(name: &str) -> OutputArgs {
        OutputArgs {
            output: Some(FileArg::from(std::ffi::OsString::from(name))),
            force: false,
        }
    }

    #[test]
    fn the_extension_chooses_the_format_when_none_is_given() {
        let f = |name: &str| resolve_format::<ScoreFormat>(None, &out(name)).ok();
        assert_eq!(f("r.html"), Some(ScoreFormat::Html));
        assert_eq!(f("R.HTM"), Some(ScoreFormat::Html));
        assert_eq!(f("r.md"), Some(ScoreFormat::Markdown));
        assert_eq!(f("r.markdown"), Some(ScoreFormat::Markdown));
        assert_eq!(f("r.csv"), Some(ScoreFormat::Csv));
        assert_eq!(f("r.json"), Some(ScoreFormat::Json));
        assert_eq!(f("r.txt"), Some(ScoreFormat::Table));
        assert_eq!(f("report"), Some(ScoreFormat::Table));
        assert_eq!(f("-"), Some(ScoreFormat::Table));
        assert_eq!(
            resolve_format::<CompareFormat>(None, &out("c.md")).ok(),
            Some(CompareFormat::Markdown)
        );
    }

    #[test]
    fn a_format_contradicting_the_extension_is_refused() {
        let e = resolve_format(Some(ScoreFormat::Json), &out("r.html")).err();
        assert_eq!(
            e.map(|e| e.to_string()),
            Some(
                "--format json contradicts the extension of r.html (a .html file is html); \
                 drop --format, or name the file to match"
                    .to_string()
            )
        );
        assert_eq!(
            resolve_format(Some(ScoreFormat::Markdown), &out("r.txt")).ok(),
            Some(ScoreFormat::Markdown)
        );
        assert_eq!(
            resolve_format(Some(ScoreFormat::Csv), &out("r.dat")).ok(),
            Some(ScoreFormat::Csv)
        );
        assert_eq!(
            resolve_format(Some(ScoreFormat::CsvSummary), &out("totals.csv")).ok(),
            Some(ScoreFormat::CsvSummary)
        );
        assert!(resolve_format(Some(ScoreFormat::CsvSummary), &out("t.md")).is_err());
    }
}
