//! Where the bytes of an artifact come from: a caller's buffer (at any
//! address) or a regular file read piece by piece with positioned reads.
//!
//! Everything above asks for byte ranges it has already checked against
//! [`Input::len`]; a file is never mapped, and a read that comes back short
//! (the file shrank under us) is an I/O error, never a SIGBUS.

use std::borrow::Cow;
use std::fs::File;
use std::io;

/// How many bytes the first read of a file takes: the ELF header and, in a
/// real artifact, the engine section right after it.
const FIRST_READ: u64 = 2048;
/// How far before the section table a file read reaches, to take the
/// section-name strings that writers put just before it.
const BEFORE_TABLE: u64 = 1024;
/// Reads larger than this are not kept in a window.
const BIG_READ: u64 = 64 << 10;
/// How many read windows a file keeps.
const WINDOWS: usize = 6;

/// What a file read cost: the figures the budget tests assert.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Positioned reads issued.
    pub reads: u64,
    /// Bytes they returned.
    pub bytes: u64,
}

/// The bytes of an artifact.
pub enum Input<'data> {
    /// A caller's buffer; nothing is copied and no alignment is assumed.
    Bytes(&'data [u8]),
    /// A regular file, read with positioned reads into a few small windows.
    File(FileInput),
}

/// A file read piece by piece.
pub struct FileInput {
    file: File,
    len: u64,
    windows: Vec<(u64, Vec<u8>)>,
    stats: ReadStats,
}

impl FileInput {
    /// Reads `file`, whose size is `len` (from `fstat` when it was opened).
    pub fn new(file: File, len: u64) -> FileInput {
        FileInput {
            file,
            len,
            windows: Vec::new(),
            stats: ReadStats::default(),
        }
    }

    fn cached(&self, offset: u64, len: usize) -> Option<&[u8]> {
        let end = offset.checked_add(len as u64)?;
        self.windows.iter().find_map(|(start, data)| {
            let window_end = start + data.len() as u64;
            (*start <= offset && end <= window_end).then(|| {
                let from = (offset - start) as usize;
                &data[from..from + len]
            })
        })
    }

    /// Reads the window [start, end) and keeps it.
    fn fill(&mut self, start: u64, end: u64) -> io::Result<()> {
        let mut data = vec![0; (end - start) as usize];
        read_exact_at(&self.file, &mut data, start).map_err(shrunk)?;
        self.stats.reads += 1;
        self.stats.bytes += data.len() as u64;
        if self.windows.len() == WINDOWS {
            self.windows.remove(0);
        }
        self.windows.push((start, data));
        Ok(())
    }
}

/// How a read should widen itself to serve the reads likely to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    /// Read exactly what is asked, at least a small block forward.
    Forward,
    /// The file header: the first block of the file.
    Start,
    /// The section table: also the block before it.
    Table,
}

impl<'data> Input<'data> {
    /// Opens a file for reading by [`Input::get`]. The caller has checked
    /// that it is a regular file.
    pub fn file(file: File) -> io::Result<Input<'data>> {
        let len = file.metadata()?.len();
        Ok(Input::File(FileInput::new(file, len)))
    }

    /// The size of the input in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Input::Bytes(b) => b.len() as u64,
            Input::File(f) => f.len,
        }
    }

    /// Whether the input is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What the reads of a file cost so far (zero for bytes in memory).
    pub fn stats(&self) -> ReadStats {
        match self {
            Input::Bytes(_) => ReadStats::default(),
            Input::File(f) => f.stats,
        }
    }

    /// The bytes [offset, offset + len), which the caller has checked lie
    /// inside the input. Borrowed for bytes in memory, copied out of a read
    /// window for a file.
    pub(crate) fn get(
        &mut self,
        offset: u64,
        len: usize,
        hint: Hint,
    ) -> io::Result<Cow<'data, [u8]>> {
        match self {
            Input::Bytes(b) => {
                let start = usize::try_from(offset).map_err(|_| out_of_range())?;
                let end = start.checked_add(len).ok_or_else(out_of_range)?;
                b.get(start..end)
                    .map(Cow::Borrowed)
                    .ok_or_else(out_of_range)
            }
            Input::File(f) => {
                let end = offset
                    .checked_add(len as u64)
                    .filter(|&end| end <= f.len)
                    .ok_or_else(out_of_range)?;
                if f.cached(offset, len).is_none() && len as u64 > BIG_READ {
                    // A large read (a long engine section) is handed over
                    // as it is, not kept: one copy in memory at a time.
                    let mut data = vec![0; len];
                    read_exact_at(&f.file, &mut data, offset).map_err(shrunk)?;
                    f.stats.reads += 1;
                    f.stats.bytes += len as u64;
                    return Ok(Cow::Owned(data));
                }
                if f.cached(offset, len).is_none() {
                    let (start, stop) = match hint {
                        Hint::Start => (0, end.max(FIRST_READ.min(f.len))),
                        Hint::Table => (offset.saturating_sub(BEFORE_TABLE), end),
                        Hint::Forward => (offset, end.max(offset.saturating_add(512).min(f.len))),
                    };
                    f.fill(start, stop)?;
                }
                let data = f.cached(offset, len).expect("just read");
                Ok(Cow::Owned(data.to_vec()))
            }
        }
    }
}

impl Input<'_> {
    /// Fills `buf` with the bytes [offset, offset + buf.len()), which the
    /// caller has checked lie inside the input, straight into the caller's
    /// buffer: nothing is kept, so a caller streaming through a large file
    /// holds one fixed buffer, never the file.
    pub(crate) fn read_into(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        match self {
            Input::Bytes(b) => {
                let start = usize::try_from(offset).map_err(|_| out_of_range())?;
                let end = start.checked_add(buf.len()).ok_or_else(out_of_range)?;
                buf.copy_from_slice(b.get(start..end).ok_or_else(out_of_range)?);
                Ok(())
            }
            Input::File(f) => {
                offset
                    .checked_add(buf.len() as u64)
                    .filter(|&end| end <= f.len)
                    .ok_or_else(out_of_range)?;
                read_exact_at(&f.file, buf, offset).map_err(shrunk)?;
                f.stats.reads += 1;
                f.stats.bytes += buf.len() as u64;
                Ok(())
            }
        }
    }
}

/// A short read: the file shrank after its size was taken.
fn shrunk(e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the file became shorter while it was read",
        )
    } else {
        e
    }
}

fn out_of_range() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "read outside the input")
}

/// The whole of `file` in one read when it is at most `cap` bytes long:
/// for a small file, one read costs less than the few reads of its parts
/// that a reader would make, and the bytes give the same answers. `None`
/// for a larger file, and for one that became shorter while it was read,
/// which the caller then reads in parts as it would any other.
pub fn read_whole_if_small(file: &File, cap: u64) -> io::Result<Option<Vec<u8>>> {
    let len = file.metadata()?.len();
    if len > cap {
        return Ok(None);
    }
    let mut data = vec![0; len as usize];
    match read_exact_at(file, &mut data, 0) {
        Ok(()) => Ok(Some(data)),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

/// Opens `path` for reading only if it is a regular file, without ever
/// blocking: the open is non-blocking (a FIFO without a writer opens at
/// once), and `fstat` on the open file decides. A directory, FIFO, socket
/// or device is an `InvalidInput` error that says what it is.
pub fn open_regular(path: &std::path::Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        return Ok(file);
    }
    let what = if kind.is_dir() {
        "a directory"
    } else {
        special_kind(&kind)
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what}, not a regular file"),
    ))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

impl Input<'static> {
    /// Opens a regular file ([`open_regular`]) for the bounded reader.
    pub fn open(path: &std::path::Path) -> io::Result<Input<'static>> {
        Input::file(open_regular(path)?)
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}
