use super::report::{Category, Mismatch, ProbeQuery, Report};
use std::ops::ControlFlow;

/// How far a check goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Stop at the first failure, exactly as wasmtime does.
    #[default]
    Parity,
    /// Go on through the decoded metadata and report every mismatch.
    All,
}

/// Collects mismatches and says whether to go on.
pub(crate) struct Sink {
    mode: Mode,
    report: Report,
}

impl Sink {
    /// An empty sink for a check in `mode`.
    pub(crate) fn new(mode: Mode) -> Sink {
        Sink {
            mode,
            report: Report::default(),
        }
    }

    /// The report collected so far.
    pub(crate) fn finish(self) -> Report {
        self.report
    }

    /// Records a mismatch; breaks in parity mode.
    pub(crate) fn push(
        &mut self,
        category: Category,
        field: impl Into<String>,
        artifact: impl Into<String>,
        host: impl Into<String>,
        message: String,
    ) -> ControlFlow<()> {
        self.push_probed(category, field, artifact, host, None, message)
    }

    /// Records a mismatch that may carry the probe's answer; breaks in
    /// parity mode.
    pub(crate) fn push_probed(
        &mut self,
        category: Category,
        field: impl Into<String>,
        artifact: impl Into<String>,
        host: impl Into<String>,
        probe: Option<ProbeQuery>,
        message: String,
    ) -> ControlFlow<()> {
        self.report.mismatches.push(Mismatch {
            category,
            field: field.into(),
            artifact: artifact.into(),
            host: host.into(),
            probe,
            message,
        });
        match self.mode {
            Mode::Parity => ControlFlow::Break(()),
            Mode::All => ControlFlow::Continue(()),
        }
    }

    /// The first mismatch recorded, if any.
    pub(crate) fn first(&self) -> Option<&super::report::Mismatch> {
        self.report.mismatches.first()
    }

    /// Records a mismatch after which nothing more can be read.
    pub(crate) fn fatal(
        &mut self,
        category: Category,
        field: &str,
        message: String,
    ) -> ControlFlow<()> {
        let _ = self.push(category, field, "", "", message);
        ControlFlow::Break(())
    }
}
