use serde::{Deserialize, Serialize};

/// Declares `Features` once: the struct in wire order and its name table.
macro_rules! define_features {
    ($($name:ident),* $(,)?) => {
        /// The WebAssembly proposals an engine accepts (wasmtime-31's
        /// 19-bool `WasmFeatures`). Field order is the wire order.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub struct Features {
            $(#[allow(missing_docs)] pub $name: bool,)*
        }

        impl Features {
            /// Every feature name, in wire order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// Whether the feature called `name` is on; `None` for an
            /// unknown name.
            pub fn get(&self, name: &str) -> Option<bool> {
                match name {
                    $(stringify!($name) => Some(self.$name),)*
                    _ => None,
                }
            }

            /// Turns the feature called `name` on or off.
            pub fn set(&mut self, name: &str, on: bool) -> anyhow::Result<()> {
                match name {
                    $(stringify!($name) => self.$name = on,)*
                    _ => anyhow::bail!("unknown WebAssembly feature `{name}`"),
                }
                Ok(())
            }

            /// Every feature with its state, in wire order.
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, bool)> + '_ {
                Self::NAMES.iter().map(move |n| (*n, self.get(n).expect("name table is complete")))
            }
        }
    };
}

define_features! {
    reference_types,
    multi_value,
    bulk_memory,
    component_model,
    simd,
    tail_call,
    threads,
    multi_memory,
    exceptions,
    memory64,
    relaxed_simd,
    extended_const,
    function_references,
    gc,
    custom_page_sizes,
    component_model_async,
    gc_types,
    wide_arithmetic,
    stack_switching,
}

impl Features {
    /// The feature set of a default wasmtime 31.0.0 engine (read from a
    /// real default artifact: see tests/fixtures/wasmtime-31).
    pub fn wasmtime31_default() -> Features {
        Features {
            reference_types: true,
            multi_value: true,
            bulk_memory: true,
            component_model: true,
            simd: true,
            tail_call: true,
            threads: true,
            multi_memory: true,
            exceptions: false,
            memory64: true,
            relaxed_simd: true,
            extended_const: true,
            function_references: false,
            gc: false,
            custom_page_sizes: false,
            component_model_async: false,
            gc_types: true,
            wide_arithmetic: false,
            stack_switching: false,
        }
    }
}
