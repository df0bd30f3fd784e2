//! Files only their owner can read (credentials, completion names, the
//! prompt's history), written whole: a new temporary file beside the
//! target, created exclusively with mode 0600 (a stale or foreign file is
//! never reused), then renamed over the target. A failed write leaves
//! nothing behind. They live in folders only their owner can enter (0700).

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

pub fn write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    static SEQUENCE: AtomicU32 = AtomicU32::new(0);
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no folder"))?;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().subsec_nanos();
    let unique = format!(".{}-{nanos}-{}.tmp", std::process::id(), SEQUENCE.fetch_add(1, Ordering::Relaxed));
    let temporary = dir.join(unique);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)
        .and_then(|mut file| file.write_all(contents))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Makes `dir` (and its parents) with only its owner let in.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// `path`, made empty if missing, only its owner able to read it, for a
/// writer that appends in place (the prompt's history).
pub fn ensure(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    private_dir(path.parent().ok_or_else(|| std::io::Error::other("no folder"))?)?;
    std::fs::OpenOptions::new().append(true).create(true).mode(0o600).open(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn written_whole_and_private_even_over_a_readable_file() {
        let dir = std::env::temp_dir().join(format!("codepipeline-private-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("secret.json");
        std::fs::write(&path, "old").expect("old file");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write(&path, b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(std::fs::metadata(&path).expect("file").permissions().mode() & 0o777, 0o600);
        let left: Vec<_> =
            std::fs::read_dir(&dir).expect("dir").filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
