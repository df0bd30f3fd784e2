//! Man pages from the clap tree (and so from the model's documentation):
//! `codepipeline.1` and one page per command, checked in under `man/`.

/// Every page: its file name and its roff text.
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let root = crate::cmd::REGISTRY.command();
    let mut pages = vec![("codepipeline.1".to_string(), render(root.clone()))];
    for sub in root.get_subcommands() {
        let name = format!("codepipeline-{}", sub.get_name());
        let page = sub.clone().name(name.clone()).bin_name(format!("codepipeline {}", sub.get_name()));
        pages.push((format!("{name}.1"), render(page)));
    }
    pages
}

fn render(cmd: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    // Rendering into memory cannot fail.
    let _ = clap_mangen::Man::new(cmd).render(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `man/` holds exactly what this binary generates; to refresh it run
    /// `scripts/regenerate-docs`.
    #[test]
    fn checked_in_pages_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
        let generated = pages();
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            std::fs::create_dir_all(&dir).expect("create man/");
            for entry in std::fs::read_dir(&dir).expect("read man/").flatten() {
                // Pages of commands that no longer exist go too.
                let _ = std::fs::remove_file(entry.path());
            }
            for (name, text) in &generated {
                std::fs::write(dir.join(name), text).expect("write man page");
            }
        }
        let mut stale = Vec::new();
        for (name, text) in &generated {
            if std::fs::read(dir.join(name)).ok().as_ref() != Some(text) {
                stale.push(name.clone());
            }
        }
        let on_disk = std::fs::read_dir(&dir).map(|entries| entries.count()).unwrap_or(0);
        assert!(
            stale.is_empty() && on_disk == generated.len(),
            "man/ is stale ({stale:?}): run scripts/regenerate-docs"
        );
    }
}
