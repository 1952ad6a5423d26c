//! Errors returned by the mutating operations of the registry.
//!
//! Lookups never fail (a miss is `None`), so only `register`, `register_all`
//! and `unregister` produce a [`RegistryError`]. The error keeps the
//! addresses involved so that the message can name them, and exposes a flat
//! [`RegistryErrorKind`] so that the C layer can map it to a status code
//! without parsing text.

use std::fmt;

use super::CodeRange;

/// What went wrong, as a flat enum suitable for mapping to C status codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegistryErrorKind {
    /// The new range shares at least one address with a registered range
    /// that starts at a different address.
    Overlap,
    /// A range starting at the same address is already registered (whatever
    /// its length). Ranges are keyed by their start, so this is reported
    /// separately from a general overlap.
    Duplicate,
    /// `start + len` does not fit in a `usize`.
    Overflow,
    /// `unregister` was given an address at which no range starts.
    NotFound,
}

impl RegistryErrorKind {
    /// A short, stable, lowercase name (`"overlap"`, `"duplicate"`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            RegistryErrorKind::Overlap => "overlap",
            RegistryErrorKind::Duplicate => "duplicate",
            RegistryErrorKind::Overflow => "overflow",
            RegistryErrorKind::NotFound => "not found",
        }
    }
}

impl fmt::Display for RegistryErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error type of the registry's mutating operations.
///
/// Its [`Display`](fmt::Display) output names every address in hex, e.g.
/// `code range [0x1000, 0x2000) overlaps the registered range
/// [0x1800, 0x1900) of owner 7`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryError {
    repr: Repr,
}

/// Private so that fields can be added without breaking callers.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Repr {
    Overlap {
        requested: CodeRange,
        existing: CodeRange,
        /// `existing` is another member of the same `register_all` batch,
        /// not a registered range.
        in_batch: bool,
    },
    Duplicate {
        requested: CodeRange,
        existing: CodeRange,
        in_batch: bool,
    },
    Overflow {
        start: usize,
        len: usize,
    },
    NotFound {
        start: usize,
    },
}

impl RegistryError {
    pub(super) fn overlap(requested: CodeRange, existing: CodeRange) -> Self {
        RegistryError {
            repr: Repr::Overlap {
                requested,
                existing,
                in_batch: false,
            },
        }
    }

    pub(super) fn duplicate(requested: CodeRange, existing: CodeRange) -> Self {
        RegistryError {
            repr: Repr::Duplicate {
                requested,
                existing,
                in_batch: false,
            },
        }
    }

    pub(super) fn overlap_in_batch(requested: CodeRange, other: CodeRange) -> Self {
        RegistryError {
            repr: Repr::Overlap {
                requested,
                existing: other,
                in_batch: true,
            },
        }
    }

    pub(super) fn duplicate_in_batch(requested: CodeRange, other: CodeRange) -> Self {
        RegistryError {
            repr: Repr::Duplicate {
                requested,
                existing: other,
                in_batch: true,
            },
        }
    }

    pub(super) fn overflow(start: usize, len: usize) -> Self {
        RegistryError {
            repr: Repr::Overflow { start, len },
        }
    }

    pub(super) fn not_found(start: usize) -> Self {
        RegistryError {
            repr: Repr::NotFound { start },
        }
    }

    /// The category of the error.
    pub fn kind(&self) -> RegistryErrorKind {
        match self.repr {
            Repr::Overlap { .. } => RegistryErrorKind::Overlap,
            Repr::Duplicate { .. } => RegistryErrorKind::Duplicate,
            Repr::Overflow { .. } => RegistryErrorKind::Overflow,
            Repr::NotFound { .. } => RegistryErrorKind::NotFound,
        }
    }

    /// The start address the failed operation was given.
    pub fn start(&self) -> usize {
        match self.repr {
            Repr::Overlap { requested, .. } | Repr::Duplicate { requested, .. } => requested.start,
            Repr::Overflow { start, .. } | Repr::NotFound { start } => start,
        }
    }

    /// For `Overlap` and `Duplicate`: the range that conflicts with the
    /// request (a registered range, or for `register_all` possibly another
    /// member of the same batch). `None` for the other kinds.
    pub fn conflicting(&self) -> Option<CodeRange> {
        match self.repr {
            Repr::Overlap { existing, .. } | Repr::Duplicate { existing, .. } => Some(existing),
            Repr::Overflow { .. } | Repr::NotFound { .. } => None,
        }
    }
}

/// Writes `[0x..., 0x...)` for a range whose end is known not to overflow
/// (ranges are validated before any overlap check, so this holds).
fn write_range(f: &mut fmt::Formatter<'_>, range: &CodeRange) -> fmt::Result {
    write!(
        f,
        "[{:#x}, {:#x})",
        range.start,
        range.start.wrapping_add(range.len)
    )
}

fn batch_suffix(f: &mut fmt::Formatter<'_>, in_batch: bool) -> fmt::Result {
    if in_batch {
        f.write_str(" in the same batch")
    } else {
        Ok(())
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Overlap {
                requested,
                existing,
                in_batch,
            } => {
                f.write_str("code range ")?;
                write_range(f, requested)?;
                f.write_str(if *in_batch {
                    " overlaps the range "
                } else {
                    " overlaps the registered range "
                })?;
                write_range(f, existing)?;
                write!(f, " of owner {}", existing.owner)?;
                batch_suffix(f, *in_batch)
            }
            Repr::Duplicate {
                requested,
                existing,
                in_batch,
            } => {
                f.write_str("code range ")?;
                write_range(f, requested)?;
                f.write_str(if *in_batch {
                    " starts at the same address as the range "
                } else {
                    " starts at the same address as the registered range "
                })?;
                write_range(f, existing)?;
                write!(f, " of owner {}", existing.owner)?;
                batch_suffix(f, *in_batch)
            }
            Repr::Overflow { start, len } => write!(
                f,
                "code range starting at {start:#x} with length {len:#x} \
                 extends past the end of the address space"
            ),
            Repr::NotFound { start } => {
                write!(f, "no code range is registered at start address {start:#x}")
            }
        }
    }
}

impl std::error::Error for RegistryError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: usize, len: usize, owner: u64) -> CodeRange {
        CodeRange { start, len, owner }
    }

    #[test]
    fn messages_name_addresses_in_hex() {
        let e = RegistryError::overlap(range(0x1000, 0x1000, 9), range(0x1800, 0x100, 7));
        assert_eq!(
            e.to_string(),
            "code range [0x1000, 0x2000) overlaps the registered range [0x1800, 0x1900) of owner 7"
        );
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        assert_eq!(e.start(), 0x1000);
        assert_eq!(e.conflicting(), Some(range(0x1800, 0x100, 7)));

        let e = RegistryError::duplicate(range(0x1000, 0x10, 9), range(0x1000, 0x20, 3));
        assert_eq!(
            e.to_string(),
            "code range [0x1000, 0x1010) starts at the same address as the registered range \
             [0x1000, 0x1020) of owner 3"
        );
        assert_eq!(e.kind(), RegistryErrorKind::Duplicate);

        let e = RegistryError::overflow(usize::MAX - 0xf, 0x20);
        assert!(e.to_string().contains(&format!("{:#x}", usize::MAX - 0xf)));
        assert!(e.to_string().contains("0x20"));
        assert_eq!(e.kind(), RegistryErrorKind::Overflow);
        assert_eq!(e.conflicting(), None);

        let e = RegistryError::not_found(0xabc0);
        assert_eq!(
            e.to_string(),
            "no code range is registered at start address 0xabc0"
        );
        assert_eq!(e.kind(), RegistryErrorKind::NotFound);
        assert_eq!(e.start(), 0xabc0);
    }

    #[test]
    fn is_a_std_error() {
        let e: Box<dyn std::error::Error + Send + Sync> = Box::new(RegistryError::not_found(0x10));
        assert!(e.source().is_none());
        assert_eq!(RegistryErrorKind::NotFound.to_string(), "not found");
    }
}
