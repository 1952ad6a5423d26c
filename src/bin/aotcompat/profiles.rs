use crate::output::{self, Outcome};
use std::process::ExitCode;

/// One line per built-in profile: its name and what it stands for, newest
/// first (the order detection prefers).
pub fn run() -> Outcome {
    let mut text = String::new();
    for p in aotcompat::profiles::ALL {
        text.push_str(&format!("{:<14} {}\n", p.name, p.about));
    }
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
