//! `window/workDoneProgress` for long work (indexing the workspace folders), only when the client supports it.

use tower_lsp_server::ls_types::{NumberOrString, ProgressToken};
use tower_lsp_server::{Bounded, Client, NotCancellable, OngoingProgress};

/// A started progress report; reports nothing when the client does not support work-done progress.
pub struct Reporter {
    ongoing: Option<OngoingProgress<Bounded, NotCancellable>>,
    last_percentage: u32,
}

impl Reporter {
    /// Asks the client to create a progress token (`window/workDoneProgress/create`) and sends `begin`.
    pub async fn begin(client: &Client, supported: bool, token: &str, title: &str) -> Reporter {
        if !supported {
            return Reporter { ongoing: None, last_percentage: 0 };
        }
        let token = ProgressToken::from(NumberOrString::String(token.to_string()));
        let created = client.create_work_done_progress(token.clone());
        match tokio::time::timeout(super::server::CLIENT_TIMEOUT, created).await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => {
                tracing::warn!("client refused a progress token: {err}");
                return Reporter { ongoing: None, last_percentage: 0 };
            }
            Err(_) => {
                tracing::warn!("window/workDoneProgress/create got no answer; indexing without progress");
                return Reporter { ongoing: None, last_percentage: 0 };
            }
        }
        let ongoing = client.progress(token, title).with_percentage(0).begin().await;
        Reporter { ongoing: Some(ongoing), last_percentage: 0 }
    }

    /// Reports `done` of `total`; only whole-percent changes are sent, so a large workspace sends at most ~100.
    pub async fn report(&mut self, done: usize, total: usize) {
        let Some(ongoing) = &self.ongoing else { return };
        let percentage = (done * 100).checked_div(total).unwrap_or(100) as u32;
        if percentage > self.last_percentage || done == total {
            self.last_percentage = percentage;
            ongoing.report_with_message(format!("{done}/{total} files"), percentage).await;
        }
    }

    pub async fn finish(self, message: String) {
        if let Some(ongoing) = self.ongoing {
            ongoing.finish_with_message(message).await;
        }
    }
}
