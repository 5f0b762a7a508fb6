//! Finding the articles in the paths a user names.

use std::path::{Path, PathBuf};

/// File extensions taken as articles when a folder is walked.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "html", "htm", "md"];

/// One problem met while walking.
#[derive(Debug)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Expands `paths` into article files: files are taken as given, folders are
/// walked recursively (sorted, hidden entries skipped, symbolic links to
/// folders not followed so that link loops cannot trap the walk).
pub fn collect_articles(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut articles, &mut errors),
            Ok(_) => articles.push(path.clone()),
            Err(e) => errors.push(WalkError {
                path: path.clone(),
                message: e.to_string(),
            }),
        }
    }
    (articles, errors)
}

fn walk(dir: &Path, articles: &mut Vec<PathBuf>, errors: &mut Vec<WalkError>) {
    // A folder that can be listed but not entered (read permission without
    // search permission) lists its names, but none of its files can be
    // opened: looking up `.` in it fails exactly then, so the folder is
    // reported once instead of each article in it as if it had no
    // annotations.
    let entries = match std::fs::metadata(dir.join(".")).and_then(|_| std::fs::read_dir(dir)) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(WalkError {
                path: dir.to_owned(),
                message: format!("cannot read the folder: {e}"),
            });
            return;
        }
    };
    let mut children: Vec<(PathBuf, std::fs::FileType)> = Vec::new();
    for entry in entries {
        match entry.and_then(|e| Ok((e.path(), e.file_type()?))) {
            Ok(child) => children.push(child),
            Err(e) => errors.push(WalkError {
                path: dir.to_owned(),
                message: e.to_string(),
            }),
        }
    }
    children.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in children {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            walk(&path, articles, errors);
        } else if is_article(&path) {
            if kind.is_file() {
                articles.push(path);
            } else if kind.is_symlink() {
                // A link named like an article is read if it leads to a
                // file; one that leads nowhere (a loop, a missing target)
                // is reported rather than silently left out.
                match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_file() => articles.push(path),
                    Ok(_) => {}
                    Err(e) => errors.push(WalkError {
                        path,
                        message: e.to_string(),
                    }),
                }
            }
        }
    }
}

/// The id of an article found under `root`: its path relative to `root`
/// with `/` separators, or its file name when it was named directly. The
/// ids of `copydesk export` and `copydesk agree`, and of the editor's corpus.
pub fn article_id(root: &Path, path: &Path) -> String {
    let relative = match path.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel,
        _ => Path::new(path.file_name().unwrap_or_default()),
    };
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The articles under `paths`, each with its [`article_id`] below the path
/// it was found under. An article reached twice (a folder and a file in it,
/// or one folder named twice) is taken once, with the id of its first path.
pub fn articles_with_ids(paths: &[PathBuf]) -> (Vec<(PathBuf, String)>, Vec<WalkError>) {
    let mut found = Vec::new();
    let mut all_errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for root in paths {
        let (articles, errors) = collect_articles(std::slice::from_ref(root));
        all_errors.extend(errors);
        // One look-up per root rather than per article: below the root the
        // walk never follows a link to a folder, so the relative path is
        // the article's place inside the real root.
        let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        for path in articles {
            let real = match path.strip_prefix(root) {
                Ok(rel) if !rel.as_os_str().is_empty() => real_root.join(rel),
                _ => real_root.clone(),
            };
            if seen.insert(real) {
                let id = article_id(root, &path);
                found.push((path, id));
            }
        }
    }
    (found, all_errors)
}

/// Two articles that would take the same output name.
#[derive(Debug, PartialEq)]
pub struct Clash<'a> {
    pub first: &'a Path,
    pub second: &'a Path,
    /// The name both would take, or the file of `first` that would have to
    /// be a folder of `second`'s.
    pub name: String,
}

/// The clashes among `outputs`, `(name, article)` pairs of relative output
/// names with `/` separators: two articles taking one name, and, with
/// `nested`, one article's file being a folder of another's
/// (`a.md.txt` and `a.md.txt/b.txt`).
pub fn clashes<'a>(
    outputs: impl IntoIterator<Item = (String, &'a Path)>,
    nested: bool,
) -> Vec<Clash<'a>> {
    let mut taken: std::collections::BTreeMap<String, &'a Path> = Default::default();
    let mut found = Vec::new();
    for (name, article) in outputs {
        match taken.entry(name) {
            std::collections::btree_map::Entry::Occupied(e) if *e.get() != article => {
                found.push(Clash {
                    first: e.get(),
                    second: article,
                    name: e.key().clone(),
                });
            }
            std::collections::btree_map::Entry::Occupied(_) => {}
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(article);
            }
        }
    }
    if nested {
        for (name, first) in &taken {
            let folder = format!("{name}/");
            // Names inside `folder` sort directly after it.
            if let Some((_, second)) = taken
                .range(folder.clone()..)
                .next()
                .filter(|(inner, _)| inner.starts_with(&folder))
            {
                found.push(Clash {
                    first,
                    second,
                    name: name.clone(),
                });
            }
        }
    }
    found
}

/// Whether a walked file is an article (not an annotation file).
pub fn is_article(path: &Path) -> bool {
    !crate::store::is_annotation_file(path)
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_sorted_and_skips_annotations_and_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        for name in [
            "b.txt",
            "a.txt",
            "a.txt.copydesk.ron",
            ".hidden.txt",
            "sub/c.txt",
            "x.png",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let (found, errors) = collect_articles(&[root.to_owned(), root.join("missing")]);
        let names: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "sub/c.txt"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].path.ends_with("missing"));
    }

    #[test]
    fn ids_are_relative_to_the_folder_or_the_file_name() {
        let root = Path::new("corpus");
        assert_eq!(
            article_id(root, &root.join("sub").join("a.txt")),
            "sub/a.txt"
        );
        assert_eq!(article_id(root, Path::new("elsewhere/b.txt")), "b.txt");
        // A file named directly is its own root.
        assert_eq!(article_id(Path::new("c.txt"), Path::new("c.txt")), "c.txt");
    }

    #[test]
    fn an_article_reached_twice_is_taken_once_with_its_first_id() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "x").unwrap();
        let (found, errors) =
            articles_with_ids(&[root.to_owned(), root.join("sub"), root.join("sub/./a.txt")]);
        assert!(errors.is_empty());
        let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["sub/a.txt"]);
    }

    #[test]
    fn clashes_are_shared_names_and_with_nested_files_that_are_folders() {
        let (a, b, c) = (Path::new("a"), Path::new("b"), Path::new("c"));
        let outputs = || {
            [
                ("x.txt".to_owned(), a),
                ("x.txt".to_owned(), b),
                ("y.ann".to_owned(), a),
                ("y.ann/z.txt".to_owned(), c),
                ("y.ann.txt".to_owned(), b),
            ]
        };
        assert_eq!(
            clashes(outputs(), false),
            [Clash {
                first: a,
                second: b,
                name: "x.txt".to_owned()
            }]
        );
        let nested = clashes(outputs(), true);
        assert_eq!(nested.len(), 2);
        assert_eq!((nested[1].first, nested[1].second), (a, c));
        assert_eq!(nested[1].name, "y.ann");
        // One article may write several files.
        assert!(clashes([("x".to_owned(), a), ("x".to_owned(), a)], true).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_do_not_trap_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let (found, errors) = collect_articles(&[dir.path().to_owned()]);
        assert_eq!(found.len(), 1);
        assert!(errors.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn links_named_like_articles_that_lead_nowhere_are_reported() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        symlink("a.txt", dir.path().join("b.txt")).unwrap();
        symlink("self.txt", dir.path().join("self.txt")).unwrap();
        symlink("y.txt", dir.path().join("x.txt")).unwrap();
        symlink("x.txt", dir.path().join("y.txt")).unwrap();
        symlink("missing", dir.path().join("gone.txt")).unwrap();
        symlink(dir.path(), dir.path().join("folder.txt")).unwrap();
        let (found, errors) = collect_articles(&[dir.path().to_owned()]);
        let names = |paths: Vec<&PathBuf>| -> Vec<String> {
            paths
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(found.iter().collect()), ["a.txt", "b.txt"]);
        assert_eq!(
            names(errors.iter().map(|e| &e.path).collect()),
            ["gone.txt", "self.txt", "x.txt", "y.txt"]
        );
        assert!(
            errors[1].message.contains("symbolic links"),
            "{:?}",
            errors[1]
        );
    }
}
