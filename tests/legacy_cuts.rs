//! What the wasmtime 0.26 to 0.29 wheels said about every prefix of three
//! real artifacts each (two of the fixtures' and `rich-module`, which has
//! imports, segments, globals of every type, several traps and externref
//! stack maps), and about them with bytes appended
//! (`tests/fixtures/legacy-0.2*/cuts.json`, written by
//! `tools/wasmtime-wheels/cuts.py`): a check gives the same message, from
//! bytes and from a file. These releases decode the metadata and the
//! compiled module as one bincode value that must end the file, after the
//! version check and before any other, so where the value ends and how a
//! cut one fails is exactly what these verdicts pin down.

mod common;

use aotcompat::format::TrailerRule;
use aotcompat::model::Kind;
use aotcompat::rules::{self, Category, Mode};
use serde_json::Value as Json;

const DIRS: [&str; 4] = ["legacy-0.26", "legacy-0.27", "legacy-0.28", "legacy-0.29"];

#[test]
fn every_cut_and_appended_artifact_fails_in_the_wheel_s_words() {
    let scratch = std::env::temp_dir().join(format!("aotcompat-cuts-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut compared = 0;
    for dir in DIRS {
        let m = common::manifest_of(dir);
        let engine = m.host("x86-64-default").engine(m.profile);
        let rule: &TrailerRule = m.profile.container.trailer().unwrap();
        let path = common::fixtures_root().join(dir).join("cuts.json");
        let cuts: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(cuts["wasmtime_version"], m.wasmtime_version.as_str());
        for (name, recorded) in cuts["artifacts"].as_object().unwrap() {
            let file = common::fixtures_root()
                .join(dir)
                .join(recorded["file"].as_str().unwrap());
            let bytes = std::fs::read(file).unwrap();
            assert_eq!(recorded["size"], bytes.len());
            let messages: Vec<&str> = recorded["messages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            let mut expected: Vec<(Vec<u8>, String)> = Vec::new();
            let mut next = 0;
            for run in recorded["cuts"].as_array().unwrap() {
                let [first, last, message] = [0, 1, 2].map(|i| run[i].as_u64().unwrap() as usize);
                assert_eq!(first, next, "{dir}/{name}: runs leave a gap");
                next = last + 1;
                for cut in first..=last {
                    expected.push((bytes[..cut].to_vec(), messages[message].to_string()));
                }
            }
            assert_eq!(next, bytes.len(), "{dir}/{name}: every cut is recorded");
            for (variant, message) in recorded["variants"].as_object().unwrap() {
                let mut edited = bytes.clone();
                match variant.as_str() {
                    "appended-1" => edited.push(0),
                    "appended-2" => edited.extend_from_slice(&[1, 2]),
                    "appended-100" => edited.extend(0..100u8),
                    "version-edited-and-cut" => {
                        edited[13 + usize::from(bytes[13])] ^= 1;
                        edited.pop();
                    }
                    other => panic!("{dir}/{name}: unknown variant {other}"),
                }
                expected.push((edited, message.as_str().unwrap().to_string()));
            }
            for (i, (data, want)) in expected.iter().enumerate() {
                let mut want = want.as_str();
                // wasmtime 0.26 compiles bytes without the header as
                // WebAssembly; aotcompat says they are no artifact of it.
                if want.starts_with("WebAssembly failed to compile") {
                    assert!(
                        data.len() < 13 && dir == "legacy-0.26",
                        "{dir}/{name}: {want}"
                    );
                    want = rule.no_header;
                }
                let report = rules::check(&engine, data, Kind::Module, Mode::Parity);
                assert_eq!(
                    report.message(),
                    Some(want),
                    "{dir}/{name}: {} bytes, from memory",
                    data.len()
                );
                // From a file too, for a sample (every cut would be 10,000
                // files per artifact).
                if i % 29 == 0 || i + 8 >= expected.len() {
                    let file = scratch.join("cut.cwasm");
                    std::fs::write(&file, data).unwrap();
                    let report =
                        rules::check_file(&engine, &file, Kind::Module, Mode::All).unwrap();
                    assert_eq!(
                        report.message(),
                        Some(want),
                        "{dir}/{name}: {} bytes, from a file",
                        data.len()
                    );
                }
                compared += 1;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!("{compared} verdicts of cut or extended artifacts reproduced");
    // Whole, the rich modules walk to their end: whatever a host says of
    // their settings, nothing is wrong with their bytes.
    for dir in DIRS {
        let m = common::manifest_of(dir);
        let engine = m.host("x86-64-simd-on").engine(m.profile);
        let rich = common::fixtures_root().join(dir).join("rich-module.cwasm");
        let report = rules::check_file(&engine, &rich, Kind::Module, Mode::All).unwrap();
        assert!(
            report
                .mismatches()
                .iter()
                .all(|m| !matches!(m.category, Category::Decode | Category::Container)),
            "{dir}: {:?}",
            report.message()
        );
    }
    assert!(compared > 130_000, "{compared}");
}
