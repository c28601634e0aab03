//! The filesystem at the program's edges: bounded reads of regular files only, files private to
//! the computer's account, and output files written whole or not at all.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("is a folder, not a file")]
    Folder,
    #[error(
        "is not a regular file (it is a device, a pipe or a socket): give a file saved on disk"
    )]
    NotRegular,
    #[error("is larger than {max} bytes, the most accepted")]
    TooLarge { max: u64 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Reads a whole regular file of at most `max` bytes. Devices, pipes and sockets are refused
/// before they are read (a FIFO is never waited on, `/dev/zero` never read), and a file that
/// grows while it is read stops at `max + 1` bytes.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = open_nonblocking(path)?;
    // The file opened may not be the one looked at (it was swapped meanwhile): check again.
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { max });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Makes a data folder private to the account: always when replydesk just `created` it; an
/// existing one only when it already holds the progress store, is the account's own, and is not
/// a shared folder such as /tmp (sticky).
pub fn private_folder(dir: &Path, created: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = std::fs::metadata(dir)?;
        let mode = meta.mode() & 0o7777;
        let ours = meta.uid() == euid();
        let holds_store = dir.join(crate::store::FILE_NAME).exists();
        if (created || (holds_store && ours && mode & 0o1000 == 0)) && mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, created);
    Ok(())
}

/// Creates an empty file readable and writable by the account only (0600), unless it exists.
pub fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Takes group and other permissions off one of the account's own regular files, if present.
pub fn tighten(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return Ok(());
        };
        if meta.is_file() && meta.uid() == euid() && meta.mode() & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(meta.mode() & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The effective user id of this process.
#[cfg(unix)]
fn euid() -> u32 {
    // geteuid cannot fail and has no preconditions.
    unsafe { libc::geteuid() }
}

/// Why an output file was not written. Nothing at the target changed in any case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("it is a symbolic link; give the path of a regular file")]
    Symlink,
    #[error("it is not a regular file (a folder, a device or a pipe)")]
    NotRegular,
    #[error("it is one of the progress store's own files; write it somewhere else")]
    StoreFile,
    #[error("it is read-only; remove it or choose another name")]
    ReadOnly,
    #[error("a part of the path before the file name is a file, not a folder")]
    NotAFolder,
    #[error("its folder {} does not exist", .0.display())]
    NoFolder(PathBuf),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Writes an output file whole or not at all: into a uniquely named temporary file in the same
/// folder, then renamed over the target. Refuses symbolic links, anything that is not a regular
/// file, a read-only file, and any file in `protected_dir` whose name starts with
/// `protected_prefix` (the store). An existing file keeps its permissions; a new one is 0600.
pub fn write_atomic(
    path: &Path,
    protected_dir: &Path,
    protected_prefix: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    replace_file(path, protected_dir, protected_prefix, |file, _| {
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        out.flush()
    })
}

/// [`write_atomic`] for writers that want a path to write to (an image encoder): `fill` gets
/// the temporary file and its path, which has the target's extension.
pub fn replace_file(
    path: &Path,
    protected_dir: &Path,
    protected_prefix: &str,
    fill: impl FnOnce(&mut std::fs::File, &Path) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(WriteError::Symlink),
        Ok(meta) if !meta.is_file() => return Err(WriteError::NotRegular),
        Ok(meta) if meta.permissions().readonly() => return Err(WriteError::ReadOnly),
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(WriteError::NotAFolder);
        }
        Err(e) => return Err(e.into()),
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(WriteError::NoFolder(parent));
    }
    let name = path.file_name().ok_or(WriteError::NotRegular)?;
    if name.to_string_lossy().starts_with(protected_prefix)
        && let (Ok(a), Ok(b)) = (parent.canonicalize(), protected_dir.canonicalize())
        && a == b
    {
        return Err(WriteError::StoreFile);
    }
    let suffix = path.extension().map_or_else(
        || ".tmp".to_string(),
        |e| format!(".tmp.{}", e.to_string_lossy()),
    );
    let mut tmp = tempfile::Builder::new()
        .prefix(".replydesk-")
        .suffix(&suffix)
        .tempfile_in(&parent)?;
    let tmp_path = tmp.path().to_path_buf();
    fill(tmp.as_file_mut(), &tmp_path)?;
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}
