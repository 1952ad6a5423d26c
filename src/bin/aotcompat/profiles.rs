use crate::output::{self, Outcome};
use std::process::ExitCode;

/// One line per built-in profile: its name and what it stands for, newest
/// first (the order detection prefers); with `json`, one object per line.
pub fn run(json: bool) -> Outcome {
    let mut text = String::new();
    for p in aotcompat::profiles::ALL {
        if json {
            let line = serde_json::json!({ "name": p.name, "about": p.about });
            text.push_str(&format!("{line}\n"));
        } else {
            text.push_str(&format!("{:<14} {}\n", p.name, p.about));
        }
    }
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
