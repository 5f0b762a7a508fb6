//! Running work over many articles on every core, in bounded memory.

use rayon::prelude::*;

/// Runs `work` over `items` in parallel, a few per core at a time, and
/// hands the results to `emit` in input order. Only one chunk of results is
/// held at once, so memory is bounded by the largest articles of a chunk,
/// not by the corpus.
pub fn ordered<T, R>(
    items: impl IntoIterator<Item = T>,
    work: impl Fn(T) -> R + Sync + Send,
    mut emit: impl FnMut(R),
) where
    T: Send,
    R: Send,
{
    let chunk = rayon::current_num_threads().max(1) * 4;
    let mut items = items.into_iter();
    loop {
        let batch: Vec<T> = items.by_ref().take(chunk).collect();
        if batch.is_empty() {
            break;
        }
        let results: Vec<R> = batch.into_par_iter().map(&work).collect();
        results.into_iter().for_each(&mut emit);
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_out_in_input_order() {
        let mut seen = Vec::new();
        super::ordered(0..1000, |i| i * 2, |r| seen.push(r));
        assert_eq!(seen, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }
}
