//! Inputs and set-up shared by the benchmarks.

/// The allocator the `copydesk` binary runs with, set up as it sets it up,
/// and divan's `main`: so that the figures are the product's.
#[macro_export]
macro_rules! bench_main {
    () => {
        #[global_allocator]
        static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

        fn main() {
            copydesk::allocator::tune_mimalloc();
            divan::main();
        }
    };
}

/// The dev set's article texts, in file order.
pub fn devset_article_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/devset");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/fixtures/devset is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("dev set text is UTF-8"))
        .collect()
}
