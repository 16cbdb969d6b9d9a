//! `pharmctl completions <shell>`: prints the completion script clap generates.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;

use super::Outcome;

/// Writes the script for the requested shell to stdout.
pub fn run(args: &CompletionsArgs) -> Result<Outcome> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "pharmctl", &mut std::io::stdout());
    Ok(Outcome::Done)
}
