//! The command line: the editor, and batch commands over articles.

mod dataset;
mod detect;
mod report;

use crate::detect::DetectConfig;
use crate::formats::OffsetUnit;
use crate::formats::export::ExportFormat;
use crate::formats::import::ImportFormat;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Exit code: everything succeeded.
pub const EXIT_OK: u8 = 0;
/// Exit code: at least one input failed; the others were processed.
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit code: the command line itself is wrong, or nothing could be done.
pub const EXIT_USAGE: u8 = 2;

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  at least one input failed (each is reported as `path: error`; the rest were processed)
  2  usage error, or the command could not run at all";

#[derive(Debug, Parser)]
#[command(
    name = "copydesk",
    version,
    about = "Annotate news articles: captions, quotes with their speakers, check-worthy claims",
    after_help = EXIT_CODES_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Articles or folders to open in the editor.
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the detector over articles and write suggestions.
    #[command(after_help = EXIT_CODES_HELP)]
    Detect {
        /// `ron`: write or update each article's annotation file, keeping
        /// confirmed and rejected spans. `jsonl`: print one JSON object per
        /// article on stdout (offsets in code points).
        #[arg(long, value_enum, default_value_t = Format::Ron)]
        format: Format,
        /// Folder for annotation files, mirroring the subfolders of the articles (default: next to each article).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Minimum check-worthiness score of a suggested claim, in [0, 1].
        #[arg(long, value_name = "SCORE", default_value_t = DetectConfig::default().claim_threshold)]
        claim_threshold: f32,
        /// Label set (a RON list of label definitions) for new annotation files.
        #[arg(long, value_name = "FILE")]
        labels: Option<PathBuf>,
        /// Read JSONL records (`{"id", "text", …}`) from standard input and
        /// write copydesk JSONL records to standard output, line by line
        /// (for Spark `RDD.pipe`, Hadoop Streaming and other map steps).
        #[arg(long, conflicts_with_all = ["paths", "out"])]
        stdin: bool,
        /// Articles (.txt, .html, .md) or folders of articles.
        #[arg(required_unless_present = "stdin", value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Check annotation files against their articles.
    #[command(after_help = EXIT_CODES_HELP)]
    Validate {
        /// Annotation files (`*.copydesk.ron`).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Score the detector against gold labels: per-label precision, recall
    /// and F1 (one-to-one matching at character IoU ≥ 0.5), strict quote
    /// boundaries and speaker accuracy.
    #[command(after_help = EXIT_CODES_HELP)]
    Eval {
        /// A gold JSONL file (`{"id","text","spans":[{"label","start","end","speaker"}]}`,
        /// code points), or a folder of articles whose annotation files'
        /// confirmed spans are the gold. Give it more than once (a tuning
        /// split and a test split) for the figures side by side.
        #[arg(long, value_name = "PATH", required = true)]
        gold: Vec<PathBuf>,
        /// Minimum check-worthiness score of a suggested claim, in [0, 1].
        #[arg(long, value_name = "SCORE", default_value_t = DetectConfig::default().claim_threshold)]
        claim_threshold: f32,
        /// Print the scores as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Count spans per label and status, and articles per review state.
    #[command(after_help = EXIT_CODES_HELP)]
    Stats {
        /// Folder of the annotation files, as written by `detect --out`
        /// (default: next to each article).
        #[arg(long, visible_alias = "out", value_name = "DIR")]
        annotations: Option<PathBuf>,
        /// Articles, annotation files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Export labelled articles as a dataset. By default only confirmed
    /// spans of articles marked done are exported.
    #[command(after_help = EXIT_CODES_HELP)]
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file to write (a folder for brat and CoNLL); never overwritten.
        #[arg(long, value_name = "OUT")]
        out: PathBuf,
        /// Offset unit of copydesk JSONL (`utf16` for JavaScript and Java).
        #[arg(long, value_enum, default_value_t = OffsetUnit::Codepoint)]
        offsets: OffsetUnit,
        /// Also export suggested spans (as predictions where the format has them).
        #[arg(long)]
        include_suggestions: bool,
        /// Also export articles not marked done.
        #[arg(long)]
        include_unfinished: bool,
        /// Folder of the annotation files (default: next to each article).
        #[arg(long, value_name = "DIR")]
        annotations: Option<PathBuf>,
        /// Leave out, as a failure, every article whose text changed so
        /// that some of its confirmed or rejected spans could not be
        /// placed (without it they are reported and the rest is exported).
        #[arg(long)]
        strict: bool,
        /// Articles or folders of articles.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Import another tool's corpus as articles with annotation files.
    #[command(after_help = EXIT_CODES_HELP)]
    Import {
        #[arg(long, value_enum, default_value_t = ImportFormat::Auto)]
        from: ImportFormat,
        /// Folder to write the articles and their annotation files into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Status of spans whose record does not say (Label Studio
        /// annotations are always confirmed and predictions suggested).
        #[arg(long = "as", value_enum, default_value_t = ImportStatus::Confirmed)]
        status: ImportStatus,
        /// Corpus files (JSONL, or a Label Studio JSON export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Agreement between two editors' annotations of the same articles:
    /// span F1 per label and Cohen's kappa over tokens.
    #[command(after_help = EXIT_CODES_HELP)]
    Agree {
        /// Editor A's folder of articles with annotation files.
        dir_a: PathBuf,
        /// Editor B's folder, with the same articles at the same relative paths.
        dir_b: PathBuf,
        /// Print per-article rows too.
        #[arg(long)]
        per_article: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Ron,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportStatus {
    Confirmed,
    Suggested,
}

/// Counts of failures, reported once at the end of a batch.
#[derive(Default)]
struct Batch {
    failed: usize,
}

impl Batch {
    fn fail(&mut self, path: &Path, error: impl std::fmt::Display) {
        eprintln!("{}: {error}", path.display());
        self.failed += 1;
    }

    /// Like [`Batch::fail`], but an error that already starts with the
    /// file it is about (the store's errors do) is printed as it is, so
    /// that no line names a file twice.
    fn fail_error(&mut self, path: &Path, error: anyhow::Error) {
        let names_its_file = error.downcast_ref::<crate::store::StoreError>().is_some()
            || error.downcast_ref::<crate::store::OpenError>().is_some();
        if names_its_file {
            eprintln!("{error}");
            self.failed += 1;
        } else {
            self.fail(path, error);
        }
    }

    fn exit_code(&self) -> u8 {
        if self.failed == 0 {
            EXIT_OK
        } else {
            EXIT_SOME_FAILED
        }
    }
}

fn check_threshold(threshold: f32) -> Result<DetectConfig, u8> {
    if (0.0..=1.0).contains(&threshold) {
        Ok(DetectConfig {
            claim_threshold: threshold,
        })
    } else {
        eprintln!("copydesk: --claim-threshold must be between 0 and 1");
        Err(EXIT_USAGE)
    }
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command) -> u8 {
    let result = match command {
        Command::Detect {
            format,
            out,
            claim_threshold,
            labels,
            stdin,
            paths,
        } => check_threshold(claim_threshold).map(|config| {
            if stdin {
                detect::stdin_command(&config)
            } else {
                detect::detect_command(&paths, format, out.as_deref(), &config, labels.as_deref())
            }
        }),
        Command::Validate { files } => Ok(report::validate_command(&files)),
        Command::Eval {
            gold,
            claim_threshold,
            json,
        } => check_threshold(claim_threshold)
            .map(|config| report::eval_command(&gold, &config, json)),
        Command::Stats { annotations, paths } => {
            Ok(report::stats_command(&paths, annotations.as_deref()))
        }
        Command::Export {
            format,
            out,
            offsets,
            include_suggestions,
            include_unfinished,
            annotations,
            strict,
            paths,
        } => {
            if offsets == OffsetUnit::Utf16 && format != ExportFormat::Copydesk {
                eprintln!(
                    "copydesk: --offsets utf16 is for --format copydesk; the other formats have their own unit"
                );
                Err(EXIT_USAGE)
            } else {
                let options = crate::formats::export::ExportOptions {
                    format,
                    offsets,
                    include_suggestions,
                    include_unfinished,
                };
                Ok(dataset::export_command(
                    &paths,
                    &out,
                    annotations.as_deref(),
                    &options,
                    strict,
                ))
            }
        }
        Command::Import {
            from,
            out,
            status,
            files,
        } => {
            let status = match status {
                ImportStatus::Confirmed => crate::model::Status::Confirmed,
                ImportStatus::Suggested => crate::model::Status::Suggested,
            };
            Ok(dataset::import_command(&files, from, &out, status))
        }
        Command::Agree {
            dir_a,
            dir_b,
            per_article,
        } => Ok(report::agree_command(&dir_a, &dir_b, per_article)),
    };
    result.unwrap_or_else(|code| code)
}

/// The articles under `paths`, each with its id: its path relative to the
/// folder it was found in (or its file name when named directly). With
/// `unique` (the ids name records or files), two articles with one id are
/// a usage error, reported naming both, and `None` is returned before
/// anything is written.
fn articles_with_ids(
    paths: &[PathBuf],
    unique: bool,
    batch: &mut Batch,
) -> Option<Vec<(PathBuf, String)>> {
    let (found, errors) = crate::corpus::articles_with_ids(paths);
    for e in errors {
        batch.fail(&e.path, e.message);
    }
    if unique {
        let ids = found.iter().map(|(path, id)| (id.clone(), path.as_path()));
        let clashes = crate::corpus::clashes(ids, false);
        if !clashes.is_empty() {
            for c in &clashes {
                eprintln!(
                    "copydesk: {} and {} both have the id {:?} (an article's id is its path below the folder named)",
                    c.first.display(),
                    c.second.display(),
                    c.name
                );
            }
            eprintln!(
                "copydesk: name one folder that holds both, or run them one at a time; nothing was written"
            );
            return None;
        }
    }
    Some(found)
}
