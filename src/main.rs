//! The `cs-scorecard` binary: parse arguments, run the command, exit with its code.

fn main() {
    std::process::exit(cs_scorecard::commands::main());
}
