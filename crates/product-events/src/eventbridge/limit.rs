//! How many bytes one PutEvents request may carry: a setting, so that a deployment can
//! choose between the 256 KiB every client has assumed for years and the 1 MiB
//! EventBridge accepts since January 2026.

use std::fmt;

/// Why a number of bytes is not a [`PutEventsLimit`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidPutEventsLimit {
    /// Nothing would fit.
    #[error("the PutEvents size limit must be more than 0 bytes")]
    Zero,
    /// More than EventBridge accepts.
    #[error("the PutEvents size limit is at most {max} bytes, not {bytes}")]
    AboveMax {
        /// The limit asked for.
        bytes: usize,
        /// The most allowed.
        max: usize,
    },
}

/// The most bytes (by [`entry_size`]) one PutEvents request may carry.
///
/// EventBridge allowed 256 KiB for most of its life; in January 2026 AWS raised the limit
/// to 1 MiB on every bus, existing ones included. The default stays the smaller one,
/// which any consumer written for the old limit can still take; a deployment that wants
/// larger events raises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PutEventsLimit(usize);

impl PutEventsLimit {
    /// 256 KiB, accepted everywhere.
    pub const DEFAULT: Self = Self(262_144);
    /// The largest limit EventBridge allows: 1 MiB.
    pub const MAX_BYTES: usize = 1_048_576;

    /// A limit of `bytes`, between 1 and [`Self::MAX_BYTES`].
    pub fn new(bytes: usize) -> Result<Self, InvalidPutEventsLimit> {
        if bytes == 0 {
            return Err(InvalidPutEventsLimit::Zero);
        }
        if bytes > Self::MAX_BYTES {
            return Err(InvalidPutEventsLimit::AboveMax { bytes, max: Self::MAX_BYTES });
        }
        Ok(Self(bytes))
    }

    /// The limit in bytes.
    pub fn bytes(self) -> usize {
        self.0
    }
}

impl Default for PutEventsLimit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for PutEventsLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bytes", self.0)
    }
}
