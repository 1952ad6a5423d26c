//! Writes aarch64 artifacts of wasmtime 31.0.0 with Cranelift's `use_bti`
//! ISA flag on and off (module and component), into the directory named
//! by the first argument (tests/fixtures/bti): the only real artifacts
//! whose `.wasmtime.bti` byte is 1.

use anyhow::Result;
use std::path::Path;

const MODULE: &str = r#"(module
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func (export "call_add") (result i32)
    i32.const 2 i32.const 3 call $add))"#;

const COMPONENT: &str = r#"(component (core module (func (export "f"))))"#;

fn main() -> Result<()> {
    let out = std::env::args().nth(1).expect("usage: wasmtime-bti-fixture DIR");
    let out = Path::new(&out);
    std::fs::create_dir_all(out)?;
    for (name, bti) in [("aarch64-bti", true), ("aarch64-nobti", false)] {
        let mut config = wasmtime::Config::new();
        config.target("aarch64-unknown-linux-gnu")?;
        if bti {
            // SAFETY: a Cranelift setting the aarch64 backend knows; the
            // artifacts are only written, never run here.
            unsafe {
                config.cranelift_flag_enable("use_bti");
            }
        }
        let engine = wasmtime::Engine::new(&config)?;
        let module = engine.precompile_module(MODULE.as_bytes())?;
        std::fs::write(out.join(format!("{name}-module.cwasm")), module)?;
        let component = engine.precompile_component(COMPONENT.as_bytes())?;
        std::fs::write(out.join(format!("{name}-component.cwasm")), component)?;
    }
    Ok(())
}
