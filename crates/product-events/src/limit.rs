//! How many bytes one request to EventBridge or SNS may carry: a setting, so that a
//! deployment can choose between the 256 KiB every client has assumed for years and the
//! 1 MiB both services accept since 2026 (EventBridge on every bus, SNS on a topic whose
//! `MaximumMessageSize` is raised).

use std::fmt;

/// Why a number of bytes is not a [`SizeLimit`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSizeLimit {
    /// Less than the service allows.
    #[error("the limit is at least {min} bytes, not {bytes}")]
    BelowMin {
        /// The limit asked for.
        bytes: usize,
        /// The least allowed.
        min: usize,
    },
    /// More than the service accepts.
    #[error("the limit is at most {max} bytes, not {bytes}")]
    AboveMax {
        /// The limit asked for.
        bytes: usize,
        /// The most allowed.
        max: usize,
    },
}

/// The most bytes one request may carry, between `MIN` and `MAX`; `DEFAULT` unless a
/// deployment says otherwise. The bounds are part of the type, so a limit checked for
/// one service cannot be handed to the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SizeLimit<const MIN: usize, const MAX: usize, const DEFAULT: usize>(usize);

/// The most bytes (by [`entry_size`](crate::entry_size)) one PutEvents request may
/// carry: 1 byte to 1 MiB, 256 KiB by default.
///
/// EventBridge allowed 256 KiB for most of its life; in January 2026 AWS raised the limit
/// to 1 MiB on every bus, existing ones included. The default stays the smaller one,
/// which any consumer written for the old limit can still take; a deployment that wants
/// larger events raises it.
pub type PutEventsLimit = SizeLimit<1, 1_048_576, 262_144>;

/// The most bytes of one SNS message, and of all the messages of one PublishBatch
/// request together: the topic's `MaximumMessageSize`, which SNS lets a topic set from
/// 1,024 bytes to 1 MiB, 256 KiB unless raised.
pub type PublishBatchLimit = SizeLimit<1_024, 1_048_576, 262_144>;

impl<const MIN: usize, const MAX: usize, const DEFAULT: usize>
    SizeLimit<MIN, MAX, DEFAULT>
{
    /// The limit when none is set, accepted everywhere.
    pub const DEFAULT: Self = Self(DEFAULT);
    /// The largest limit the service allows.
    pub const MAX_BYTES: usize = MAX;

    /// A limit of `bytes`, between `MIN` and `MAX`.
    pub fn new(bytes: usize) -> Result<Self, InvalidSizeLimit> {
        if bytes < MIN {
            return Err(InvalidSizeLimit::BelowMin { bytes, min: MIN });
        }
        if bytes > MAX {
            return Err(InvalidSizeLimit::AboveMax { bytes, max: MAX });
        }
        Ok(Self(bytes))
    }

    /// The limit in bytes.
    pub fn bytes(self) -> usize {
        self.0
    }
}

impl<const MIN: usize, const MAX: usize, const DEFAULT: usize> Default
    for SizeLimit<MIN, MAX, DEFAULT>
{
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl<const MIN: usize, const MAX: usize, const DEFAULT: usize> fmt::Display
    for SizeLimit<MIN, MAX, DEFAULT>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bytes", self.0)
    }
}
