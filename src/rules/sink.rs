use super::report::{Advice, Category, Mismatch, ProbeQuery, Report};
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

    /// How far the check goes.
    pub(crate) fn mode(&self) -> Mode {
        self.mode
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

    /// Records advice, unless a mismatch is about the same setting (the
    /// host engine's own check can refuse a flag the artifact leaves off);
    /// never stops the check.
    pub(crate) fn advise(&mut self, advice: Advice) {
        let refused = self
            .report
            .mismatches
            .iter()
            .any(|m| m.category == advice.category && m.field == advice.field);
        if !refused {
            self.report.advice.push(advice);
        }
    }

    /// Whether a mismatch so far is about the container, the version, the
    /// decoding or the target: then the settings were compared across
    /// targets or not at all, and advice about them would mislead.
    pub(crate) fn settings_comparable(&self) -> bool {
        !self.report.mismatches.iter().any(|m| {
            matches!(
                m.category,
                Category::Container | Category::Version | Category::Decode | Category::Triple
            )
        })
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
