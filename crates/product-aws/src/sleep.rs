//! The event providers' [`Sleeper`] on tokio's timer: the only waiting the providers do.

use std::future::Future;
use std::time::Duration;

use product_events::Sleeper;

/// Waits with [`tokio::time::sleep`]; needs a tokio runtime with the timer enabled, as
/// the Lambda runtime has.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        tokio::time::sleep(duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_sleeper_waits_as_long_as_asked() {
        let start = tokio::time::Instant::now();
        TokioSleeper.sleep(Duration::from_millis(250)).await;
        assert_eq!(start.elapsed(), Duration::from_millis(250));
    }
}
