//! Action Studio's binary: the studio window with no subcommand, the command line otherwise.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = action_studio::cli::Cli::parse();
    match cli.command {
        Some(command) => action_studio::cli::execute(&command),
        None => action_studio::cli::usage_error("the studio window is not built yet; use a subcommand (see --help)"),
    }
}
