//! JSON: the scorecard as documented in docs/json-output.md.

use super::common::{ReportOptions, Reporter};
use crate::scoring::Scorecard;

/// Writes the scorecard as pretty JSON ending in a newline.
pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn render(&self, card: &Scorecard, _: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let mut out = serde_json::to_vec_pretty(card)?;
        out.push(b'\n');
        Ok(out)
    }
}
