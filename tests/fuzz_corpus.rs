//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the
//! same target functions the fuzzers run (`aotcompat::fuzzing`), without a
//! fuzzer, and the agreement corpus through wasmtime's own container steps
//! (`fuzz/oracle.rs`).

#[path = "../fuzz/oracle.rs"]
mod oracle;

use std::path::Path;

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn every_target_has_a_corpus_and_replays_it() {
    for (name, target) in aotcompat::fuzzing::TARGETS {
        let inputs = corpus(name);
        assert!(!inputs.is_empty(), "no corpus for {name}");
        for (path, data) in &inputs {
            let outcome = std::panic::catch_unwind(|| target(data));
            assert!(outcome.is_ok(), "{name} fails on {path}");
        }
        println!("{name}: {} inputs replayed", inputs.len());
    }
}

#[test]
fn the_agreement_corpus_agrees_with_wasmtime() {
    let engines = oracle::wasmtime_engines();
    for (path, data) in corpus("agreement") {
        let wrong = oracle::disagreements(&data, &engines);
        assert!(wrong.is_empty(), "{path}:\n{}", wrong.join("\n"));
    }
}
