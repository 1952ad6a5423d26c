use std::collections::BTreeSet;

/// A fixed list of CPU features describing some machine, for cross-host
/// checks ("will this load on that fleet?") and for reproducible tests.
///
/// Listed names answer yes, names listed as unknown answer unknown, and every
/// other name answers no, or unknown when `unknown_default` is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FixedProbe {
    yes: BTreeSet<String>,
    unknown: BTreeSet<String>,
    unknown_default: bool,
}

impl FixedProbe {
    /// A probe that answers yes for exactly `features` and no for all else.
    pub fn new<I, S>(features: I) -> FixedProbe
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        FixedProbe {
            yes: features.into_iter().map(Into::into).collect(),
            ..FixedProbe::default()
        }
    }

    /// Parses the command-line form: comma-separated names that exist,
    /// `?name` for a name whose answer is unknown, and `?*` to make every
    /// unlisted name unknown. Empty entries are ignored.
    pub fn parse_list(list: &str) -> anyhow::Result<FixedProbe> {
        let mut probe = FixedProbe::default();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry.strip_prefix('?') {
                Some("*") => probe.unknown_default = true,
                Some("") => anyhow::bail!("feature list entry `?` names no feature"),
                Some(name) => {
                    probe.unknown.insert(name.to_string());
                }
                None => {
                    probe.yes.insert(entry.to_string());
                }
            }
        }
        Ok(probe)
    }

    /// Marks `feature` as present.
    pub fn add_yes(&mut self, feature: &str) {
        self.unknown.remove(feature);
        self.yes.insert(feature.to_string());
    }

    /// Marks `feature` as unknown.
    pub fn add_unknown(&mut self, feature: &str) {
        self.yes.remove(feature);
        self.unknown.insert(feature.to_string());
    }

    /// Makes every unlisted feature unknown instead of absent.
    pub fn set_unknown_default(&mut self, on: bool) {
        self.unknown_default = on;
    }

    /// The answer for `feature`.
    pub fn detect(&self, feature: &str) -> Option<bool> {
        if self.yes.contains(feature) {
            Some(true)
        } else if self.unknown.contains(feature) || self.unknown_default {
            None
        } else {
            Some(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_syntax() {
        let p = FixedProbe::parse_list("avx2, sse4.1,?avx512f,,").unwrap();
        assert_eq!(p.detect("avx2"), Some(true));
        assert_eq!(p.detect("sse4.1"), Some(true));
        assert_eq!(p.detect("avx512f"), None);
        assert_eq!(p.detect("lzcnt"), Some(false));
        let p = FixedProbe::parse_list("avx2,?*").unwrap();
        assert_eq!(p.detect("avx2"), Some(true));
        assert_eq!(p.detect("lzcnt"), None);
        assert!(FixedProbe::parse_list("?").is_err());
    }
}
