//! Action Studio's binary: the studio window with no subcommand, the command line otherwise.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = action_studio::cli::Cli::parse();
    match cli.command {
        Some(command) => action_studio::cli::execute(&command),
        None => match action_studio::app::run_native() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("action-studio: cannot open the studio window: {e}");
                ExitCode::from(1)
            }
        },
    }
}
