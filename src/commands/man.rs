//! `man`: manual pages in roff, one for the program and one per subcommand,
//! rendered by clap_mangen from the clap definitions plus the sections it
//! does not know (examples, exit status, environment, see also).

use std::fmt::Write as _;

use super::Ctx;
use crate::cli::{ManArgs, build_command};
use crate::error::Error;
use crate::fsio;
use crate::fsio::check_overwrite;

/// The program's name, and the prefix of every page's name.
const BIN: &str = "cs-scorecard";

/// A manual page: its name (`cs-scorecard`, `cs-scorecard-score`) and roff text.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's name, without the section.
    pub name: String,
    /// The page, in roff.
    pub roff: String,
}

impl Page {
    /// The file the page is installed as: `<name>.1`.
    pub fn file_name(&self) -> String {
        format!("{}.1", self.name)
    }
}

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "1",
        "A check found problems: check found a problem in a framework file, or score's total is below --min-percent (with --min-percent targets: a section misses its target).",
    ),
    (
        "2",
        "Bad input or usage: a file that does not parse or validate, an unknown framework, a --frameworks-dir that is not a directory, an output file that exists (without --force), or wrong arguments.",
    ),
    (
        "130",
        "Interrupted (Ctrl-C); run saves every answer given before it stops.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "NO_COLOR",
        "When set to a non-empty value, output has no colour (unless --color always).",
    ),
    (
        "COLUMNS",
        "The width, in columns, that tables and help are fitted to (40 to 160). Without it, the terminal's width, or 100 columns when output is not a terminal.",
    ),
    (
        "SOURCE_DATE_EPOCH",
        "Seconds since 1970-01-01 UTC, taken as today: the date reports say they were generated on (and the date run records for a new interview), so output can be regenerated identically.",
    ),
];

/// Escapes text for roff: backslashes, minus signs (so options copy as
/// typed) and a leading dot or quote (which roff would read as a request).
fn escape(text: &str) -> String {
    let s = text.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

fn tagged(out: &mut String, heading: &str, items: &[(&str, &str)]) {
    if heading.contains(' ') {
        let _ = writeln!(out, ".SH \"{heading}\"");
    } else {
        let _ = writeln!(out, ".SH {heading}");
    }
    for (tag, text) in items {
        let _ = writeln!(out, ".TP\n\\fB{}\\fR\n{}", escape(tag), escape(text));
    }
}

/// NOTES (prose before "Examples:") and EXAMPLES, from a command's after-help.
fn after_help(out: &mut String, cmd: &clap::Command) {
    let Some(text) = cmd.get_after_help().map(ToString::to_string) else {
        return;
    };
    let (notes, examples) = match text.find("Example") {
        Some(at) => (&text[..at], &text[at..]),
        None => (text.as_str(), ""),
    };
    let notes = notes.trim();
    if !notes.is_empty() {
        out.push_str(".SH NOTES\n");
        for para in notes.split("\n\n") {
            let _ = writeln!(out, ".PP\n{}", escape(&para.replace('\n', " ")));
        }
    }
    let lines: Vec<&str> = examples.lines().skip(1).collect();
    if !lines.is_empty() {
        out.push_str(".SH EXAMPLES\n.nf\n");
        for line in lines {
            let _ = writeln!(out, "{}", escape(line));
        }
        out.push_str(".fi\n");
    }
}

fn render(cmd: &clap::Command, see_also: &[String]) -> std::io::Result<String> {
    let man = clap_mangen::Man::new(cmd.clone())
        .source(format!("{BIN} {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands");
    let mut bytes = Vec::new();
    man.render_title(&mut bytes)?;
    man.render_name_section(&mut bytes)?;
    man.render_synopsis_section(&mut bytes)?;
    man.render_description_section(&mut bytes)?;
    man.render_options_section(&mut bytes)?;
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut bytes)?;
    }
    let mut out = String::from_utf8_lossy(&bytes).into_owned();
    after_help(&mut out, cmd);
    tagged(&mut out, "EXIT STATUS", EXIT_STATUS);
    tagged(&mut out, "ENVIRONMENT", ENVIRONMENT);
    out.push_str(".SH \"SEE ALSO\"\n");
    let refs: Vec<String> = see_also
        .iter()
        .map(|name| format!("\\fB\\%{}\\fR(1)", escape(name)))
        .collect();
    let _ = writeln!(out, "{}", refs.join(",\n"));
    let _ = writeln!(out, ".SH VERSION\nv{}", env!("CARGO_PKG_VERSION"));
    Ok(out)
}

/// Every page: the program's, then one per subcommand in definition order,
/// each followed by its own subcommands' pages.
pub fn pages() -> std::io::Result<Vec<Page>> {
    let mut cmd = build_command().disable_help_subcommand(true);
    cmd.build();
    let subs: Vec<&clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    let sub_names: Vec<String> = subs
        .iter()
        .map(|s| format!("{BIN}-{}", s.get_name()))
        .collect();
    let mut pages = vec![Page {
        name: BIN.to_string(),
        roff: render(&cmd, &sub_names)?,
    }];
    for (sub, name) in subs.iter().zip(&sub_names) {
        pages.push(Page {
            name: name.clone(),
            roff: render(sub, &[BIN.to_string()])?,
        });
        // A subcommand with its own (`health score`) names their pages: write them.
        for nested in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
            pages.push(Page {
                name: format!("{name}-{}", nested.get_name()),
                roff: render(nested, std::slice::from_ref(name))?,
            });
        }
    }
    Ok(pages)
}

/// Prints the main page or a subcommand's, or writes every page into a directory.
pub fn run(ctx: &Ctx, args: &ManArgs) -> anyhow::Result<i32> {
    let pages = pages()?;
    if let Some(dir) = &args.dir {
        for page in &pages {
            check_overwrite(&dir.join(page.file_name()), args.force)?;
        }
        fsio::create_dir(dir).map_err(Error::from)?;
        for page in &pages {
            fsio::write_atomic(&dir.join(page.file_name()), page.roff.as_bytes())?;
        }
        ctx.wrote(dir, &format!("{} man pages", pages.len()));
        return Ok(0);
    }
    let wanted = args
        .page
        .as_deref()
        .map_or_else(|| BIN.to_string(), |p| format!("{BIN}-{p}"));
    match pages.iter().find(|p| p.name == wanted) {
        Some(page) => {
            fsio::write_output(None, page.roff.as_bytes())?;
            Ok(0)
        }
        None => Err(Error::Usage(format!(
            "no man page for `{}`; pages exist for: {}",
            crate::text::printable(args.page.as_deref().unwrap_or("")),
            pages
                .iter()
                .skip(1)
                .map(|p| p.name.trim_start_matches("cs-scorecard-"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into()),
    }
}
