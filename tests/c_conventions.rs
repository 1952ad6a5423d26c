//! Conventions of the C surface that a compiler cannot catch, read from
//! the committed header: every `_file` function takes the same arguments
//! as its in-memory sibling with `bytes, len` replaced by `path`; no
//! function takes a boolean mode flag beside a `_all` sibling; every
//! fallible function ends with `aotcompat_error **err`.

use std::collections::BTreeMap;

const HEADER: &str = include_str!("../include/aotcompat.h");

/// The header without comments and preprocessor lines.
fn code() -> String {
    let mut out = String::new();
    let mut rest = HEADER;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("*/").expect("comment ends") + at + 2;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Function name -> parameter list (type and name, whitespace collapsed).
fn functions() -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for statement in code().split(';') {
        let statement = statement.split_whitespace().collect::<Vec<_>>().join(" ");
        let statement = statement.trim_start_matches("extern \"C\" {").trim();
        if statement.starts_with("typedef") || statement.contains('{') || statement.contains('}') {
            continue;
        }
        let (Some(open), Some(close)) = (statement.find('('), statement.rfind(')')) else {
            continue;
        };
        let name = statement[..open]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default();
        if !name.starts_with("aotcompat_") {
            continue;
        }
        let params = statement[open + 1..close]
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty() && p != "void")
            .collect();
        out.insert(name.to_string(), params);
    }
    out
}

#[test]
fn file_siblings_take_the_same_arguments_with_a_path() {
    let fns = functions();
    let mut pairs = 0;
    for (name, params) in &fns {
        let Some(base) = name.strip_suffix("_file").or_else(|| {
            name.strip_suffix("_file_all")
                .map(|b| Box::leak(format!("{b}_all").into_boxed_str()) as &str)
        }) else {
            continue;
        };
        let sibling = fns
            .get(base)
            .unwrap_or_else(|| panic!("{name} has no in-memory sibling {base}"));
        let expected: Vec<String> = sibling
            .iter()
            .flat_map(|p| match p.as_str() {
                "const uint8_t *bytes" => vec!["const char *path".to_string()],
                "size_t len" => vec![],
                other => vec![other.to_string()],
            })
            .collect();
        assert_eq!(params, &expected, "{name} vs {base}");
        pairs += 1;
    }
    assert!(pairs >= 6, "only {pairs} _file functions found");
}

#[test]
fn no_boolean_mode_flags_and_err_comes_last() {
    let fns = functions();
    assert!(fns.len() > 80, "{} functions parsed", fns.len());
    for (name, params) in &fns {
        assert!(
            !params.iter().any(|p| p == "bool all"),
            "{name} takes a boolean `all`; add an `_all` sibling instead"
        );
        if let Some(i) = params.iter().position(|p| p == "aotcompat_error **err") {
            assert_eq!(i, params.len() - 1, "{name}: err is not last");
        }
    }
    for checker in [
        "aotcompat_check",
        "aotcompat_check_file",
        "aotcompat_engine_check_host",
    ] {
        assert!(fns.contains_key(&format!("{checker}_all")), "{checker}_all");
    }
}
