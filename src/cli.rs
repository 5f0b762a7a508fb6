//! The command line: `copydesk detect | validate | stats`, and the editor.

use crate::detect::{self, DetectConfig};
use crate::formats::jsonl;
use crate::model::{Label, LabelSet, ReviewState, Status};
use crate::store::{self, Opened};
use crate::suggest;
use clap::{Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::io::Write;
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
        /// Folder for annotation files (default: next to each article).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Minimum check-worthiness score of a suggested claim, in [0, 1].
        #[arg(long, value_name = "SCORE", default_value_t = DetectConfig::default().claim_threshold)]
        claim_threshold: f32,
        /// Label set (a RON list of label definitions) for new annotation files.
        #[arg(long, value_name = "FILE")]
        labels: Option<PathBuf>,
        /// Articles (.txt) or folders of articles.
        #[arg(required = true, value_name = "PATH")]
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
        /// confirmed spans are the gold.
        #[arg(long, value_name = "PATH")]
        gold: PathBuf,
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
        /// Folder for annotation files (default: next to each article).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Articles, annotation files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Ron,
    Jsonl,
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

    fn exit_code(&self) -> u8 {
        if self.failed == 0 {
            EXIT_OK
        } else {
            EXIT_SOME_FAILED
        }
    }
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command) -> u8 {
    match command {
        Command::Detect {
            format,
            out,
            claim_threshold,
            labels,
            paths,
        } => {
            if !(0.0..=1.0).contains(&claim_threshold) {
                eprintln!("copydesk: --claim-threshold must be between 0 and 1");
                return EXIT_USAGE;
            }
            let labels = match labels.map(|p| store::load_labels(&p)).transpose() {
                Ok(labels) => labels.unwrap_or_default(),
                Err(e) => {
                    eprintln!("copydesk: {e}");
                    return EXIT_USAGE;
                }
            };
            if let Some(dir) = &out
                && let Err(e) = std::fs::create_dir_all(dir)
            {
                eprintln!("copydesk: {}: {e}", dir.display());
                return EXIT_USAGE;
            }
            let config = DetectConfig { claim_threshold };
            detect_command(&paths, format, out.as_deref(), &config, &labels)
        }
        Command::Validate { files } => validate_command(&files),
        Command::Eval {
            gold,
            claim_threshold,
            json,
        } => eval_command(&gold, &DetectConfig { claim_threshold }, json),
        Command::Stats { out, paths } => stats_command(&paths, out.as_deref()),
    }
}

fn articles(paths: &[PathBuf], batch: &mut Batch) -> Vec<PathBuf> {
    let (found, errors) = crate::corpus::collect_articles(paths);
    for e in errors {
        batch.fail(&e.path, e.message);
    }
    found
}

fn detect_command(
    paths: &[PathBuf],
    format: Format,
    out: Option<&Path>,
    config: &DetectConfig,
    labels: &LabelSet,
) -> u8 {
    let mut batch = Batch::default();
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    for path in articles(paths, &mut batch) {
        let result = match format {
            Format::Jsonl => detect_jsonl(&path, config, labels, &mut stdout),
            Format::Ron => detect_ron(&path, out, config, labels),
        };
        match result {
            Ok(Some(summary)) => eprintln!("{}: {summary}", path.display()),
            Ok(None) => {}
            Err(e) => batch.fail(&path, e),
        }
    }
    if let Err(e) = stdout.flush() {
        eprintln!("copydesk: cannot write to standard output: {e}");
        return EXIT_USAGE;
    }
    batch.exit_code()
}

fn detect_jsonl(
    path: &Path,
    config: &DetectConfig,
    labels: &LabelSet,
    out: &mut impl Write,
) -> anyhow::Result<Option<String>> {
    let doc = crate::model::Document::load(path)?;
    let mut article = crate::model::Article::new(doc, labels.clone(), Default::default());
    let suggestions = detect::detect(article.text(), config);
    if let Some(edit) = suggest::merge_edit(article.annotations(), &suggestions) {
        article.apply(edit)?;
    }
    let source = path.to_string_lossy();
    let record = jsonl::record(&source, article.text(), article.annotations());
    jsonl::write_record(out, &record)?;
    Ok(None)
}

fn detect_ron(
    path: &Path,
    out: Option<&Path>,
    config: &DetectConfig,
    labels: &LabelSet,
) -> anyhow::Result<Option<String>> {
    // An annotation file that cannot be read is an error here, so it is
    // never overwritten by a fresh one.
    let Opened {
        mut article,
        annotation_path,
        report,
    } = store::open_article(path, out, labels)?;
    if let Some(line) = report.as_ref().and_then(|r| r.summary()) {
        eprintln!("{}: {line}", annotation_path.display());
    }
    let suggestions = detect::detect(article.text(), config);
    if let Some(edit) = suggest::merge_edit(article.annotations(), &suggestions) {
        article.apply(edit)?;
    }
    if article.is_modified() || report.is_none() {
        store::save(&article, &annotation_path)?;
    }
    let count = |status| {
        article
            .annotations()
            .iter()
            .filter(|s| s.status == status)
            .count()
    };
    Ok(Some(format!(
        "{} suggested, {} confirmed, {} rejected → {}",
        count(Status::Suggested),
        count(Status::Confirmed),
        count(Status::Rejected),
        annotation_path.display()
    )))
}

fn validate_command(files: &[PathBuf]) -> u8 {
    let mut batch = Batch::default();
    for file in files {
        match validate_one(file) {
            Ok(summary) => println!("{}: {summary}", file.display()),
            Err(e) => batch.fail(file, e),
        }
    }
    batch.exit_code()
}

fn validate_one(file: &Path) -> anyhow::Result<String> {
    let source = store::source_of(file)?;
    let doc = crate::model::Document::load(&source)
        .map_err(|e| anyhow::anyhow!("its article {}: {e}", source.display()))?;
    let loaded = store::load(file, &doc)?;
    if let Some(summary) = loaded.report.summary() {
        anyhow::bail!("{summary}");
    }
    let unplaced = loaded.annotations.unplaced().len();
    Ok(format!(
        "ok, {} spans{}",
        loaded.annotations.len(),
        if unplaced > 0 {
            format!(", {unplaced} kept aside from an earlier text")
        } else {
            String::new()
        }
    ))
}

fn stats_command(paths: &[PathBuf], out: Option<&Path>) -> u8 {
    let mut batch = Batch::default();
    // Annotation files named directly stand for their articles.
    let mut inputs = Vec::new();
    for path in paths {
        if store::is_annotation_file(path) {
            match store::source_of(path) {
                Ok(source) => inputs.push(source),
                Err(e) => batch.fail(path, e),
            }
        } else {
            inputs.push(path.clone());
        }
    }
    let mut counts: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    let mut states: BTreeMap<ReviewState, usize> = BTreeMap::new();
    let mut labels_seen: Vec<Label> = Vec::new();
    let mut articles_read = 0;
    for path in articles(&inputs, &mut batch) {
        let opened = match store::open_article(&path, out, &LabelSet::default()) {
            Ok(opened) => opened,
            Err(e) => {
                batch.fail(&path, e);
                continue;
            }
        };
        articles_read += 1;
        let annotations = opened.article.annotations();
        *states.entry(annotations.review_state()).or_default() += 1;
        for def in opened.article.labels.iter() {
            if !labels_seen.contains(&def.name) {
                labels_seen.push(def.name.clone());
            }
        }
        for span in annotations.iter() {
            *counts
                .entry((span.label.to_string(), span.status.as_str()))
                .or_default() += 1;
        }
    }
    println!("{articles_read} article(s)");
    for state in [ReviewState::New, ReviewState::InProgress, ReviewState::Done] {
        println!(
            "  {:<12} {}",
            state.as_str(),
            states.get(&state).unwrap_or(&0)
        );
    }
    println!();
    println!(
        "{:<10} {:>9} {:>9} {:>9}",
        "label", "suggested", "confirmed", "rejected"
    );
    for label in &labels_seen {
        let n = |status: Status| {
            counts
                .get(&(label.to_string(), status.as_str()))
                .copied()
                .unwrap_or(0)
        };
        println!(
            "{:<10} {:>9} {:>9} {:>9}",
            label.as_str(),
            n(Status::Suggested),
            n(Status::Confirmed),
            n(Status::Rejected)
        );
    }
    batch.exit_code()
}

fn eval_command(gold: &Path, config: &DetectConfig, json: bool) -> u8 {
    let mut batch = Batch::default();
    let docs = if gold.is_dir() {
        let (docs, errors) = crate::eval::read_gold_folder(gold);
        for e in errors {
            eprintln!("{e}");
            batch.failed += 1;
        }
        docs
    } else {
        match crate::eval::read_gold_jsonl(gold) {
            Ok(docs) => docs,
            Err(e) => {
                eprintln!("{e}");
                return EXIT_USAGE;
            }
        }
    };
    if docs.is_empty() {
        eprintln!("{}: no gold documents found", gold.display());
        return EXIT_USAGE;
    }
    let report = crate::eval::evaluate(&docs, config);
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("copydesk: {e}");
                return EXIT_USAGE;
            }
        }
    } else {
        print!("{}", report.to_table());
    }
    batch.exit_code()
}
