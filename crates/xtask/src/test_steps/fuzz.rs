//! The `fuzz` step: every fuzz target briefly, starting with a replay of its committed
//! corpus.

use anyhow::Result;

use super::Ctx;
use crate::fuzz::{Options, TEST_SECONDS, fuzz};

impl Ctx<'_> {
    pub(super) fn fuzz(&self) -> Result<()> {
        fuzz(self.project, &Options { target: None, seconds: TEST_SECONDS })
    }
}
