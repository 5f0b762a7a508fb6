use clap::Parser;
use copydesk::cli::{self, Cli};
use std::process::ExitCode;

/// Detection makes a few strings for every suggestion (reasons, speaker
/// names) and frees them with the document: mimalloc serves that pattern
/// several percent faster than the system allocator (tuned by
/// [`copydesk::allocator::tune_mimalloc`]).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    copydesk::allocator::tune_mimalloc();
    let args = Cli::parse();
    let code = match args.command {
        Some(command) => cli::run(command),
        None => open_editor(args.paths),
    };
    ExitCode::from(code)
}

#[cfg(feature = "gui")]
fn open_editor(paths: Vec<std::path::PathBuf>) -> u8 {
    match copydesk::ui::run(paths) {
        Ok(()) => cli::EXIT_OK,
        Err(e) => {
            eprintln!("copydesk: cannot open the editor: {e}");
            cli::EXIT_USAGE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_editor(_paths: Vec<std::path::PathBuf>) -> u8 {
    eprintln!(
        "copydesk: this build has no editor (built without the `gui` feature); \
         use a subcommand, see `copydesk --help`"
    );
    cli::EXIT_USAGE
}
