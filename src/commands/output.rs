//! Where a command's result goes: the format an `--output` file's extension
//! implies, and the one rule for files that already exist.

use std::path::Path;

use crate::cli::{
    AggregateFormat, CompareFormat, FitFormat, HealthFormat, OutputArgs, PlanFormat, ScoreFormat,
};
use crate::error::Error;
use crate::fsio::FileArg;
/// The one overwrite rule lives with the writer ([`crate::fsio::Output`]).
pub use crate::fsio::check_overwrite;

/// A format chosen by `--format` or by the extension of the `--output` file.
pub trait FileFormat: Copy + PartialEq + clap::ValueEnum {
    /// The format a file extension (lower case, no dot) implies, if any.
    fn from_extension(ext: &str) -> Option<Self>;
    /// The format when neither `--format` nor an extension says.
    fn default_format() -> Self;
    /// Whether a file with this extension may hold this format.
    fn fits(self, ext: &str) -> bool {
        ext == "txt" || Self::from_extension(ext).is_none_or(|f| f == self)
    }
}

impl FileFormat for ScoreFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "html" | "htm" => Some(ScoreFormat::Html),
            "md" | "markdown" => Some(ScoreFormat::Markdown),
            "csv" => Some(ScoreFormat::Csv),
            "json" => Some(ScoreFormat::Json),
            "txt" => Some(ScoreFormat::Table),
            _ => None,
        }
    }
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
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "md" | "markdown" => Some(CompareFormat::Markdown),
            "json" => Some(CompareFormat::Json),
            "txt" => Some(CompareFormat::Table),
            _ => None,
        }
    }
    fn default_format() -> Self {
        CompareFormat::Table
    }
}

impl FileFormat for AggregateFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "html" | "htm" => Some(AggregateFormat::Html),
            "md" | "markdown" => Some(AggregateFormat::Markdown),
            "csv" => Some(AggregateFormat::Csv),
            "json" => Some(AggregateFormat::Json),
            "txt" => Some(AggregateFormat::Table),
            _ => None,
        }
    }
    fn default_format() -> Self {
        AggregateFormat::Table
    }
}

impl FileFormat for HealthFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "html" | "htm" => Some(HealthFormat::Html),
            "csv" => Some(HealthFormat::Csv),
            "json" | "jsonl" | "ndjson" => Some(HealthFormat::Json),
            "txt" => Some(HealthFormat::Table),
            _ => None,
        }
    }
    fn default_format() -> Self {
        HealthFormat::Table
    }
}

impl FileFormat for FitFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "md" | "markdown" => Some(FitFormat::Markdown),
            "json" => Some(FitFormat::Json),
            "txt" => Some(FitFormat::Table),
            _ => None,
        }
    }
    fn default_format() -> Self {
        FitFormat::Table
    }
}

impl FileFormat for PlanFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "toml" => Some(PlanFormat::Toml),
            "md" | "markdown" => Some(PlanFormat::Markdown),
            "csv" => Some(PlanFormat::Csv),
            "json" => Some(PlanFormat::Json),
            _ => None,
        }
    }
    fn default_format() -> Self {
        PlanFormat::Toml
    }
}

fn name<F: clap::ValueEnum>(f: F) -> String {
    f.to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The format to write: `--format` when given, else the one the output file's
/// extension implies, else the default. A `--format` that contradicts a known
/// extension (`--format json -o report.html`) is a usage error; `.txt` only
/// suggests the table and contradicts no text format, and `.csv` holds either CSV.
pub fn resolve_format<F: FileFormat>(given: Option<F>, output: &OutputArgs) -> Result<F, Error> {
    let path = output.output.as_ref().and_then(FileArg::path);
    let Some(ext) = path.and_then(extension) else {
        return Ok(given.unwrap_or_else(F::default_format));
    };
    let implied = F::from_extension(&ext);
    match (given, implied) {
        (None, Some(f)) => Ok(f),
        (None, None) => Ok(F::default_format()),
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
