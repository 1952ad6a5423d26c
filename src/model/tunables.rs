use serde::{Deserialize, Serialize};
use std::fmt;

/// The garbage collector an engine compiles for.
///
/// Variant order is the wire order; `Display` is wasmtime's wording, which
/// appears in the collector mismatch message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Collector {
    /// The deferred reference-counting collector (wasmtime's default).
    DeferredReferenceCounting,
    /// The null collector, which never frees.
    Null,
}

impl Collector {
    /// Parses the names accepted in every interface: the `Display` wording,
    /// the variant name, or the short forms `drc` and `null`.
    pub fn from_name(name: &str) -> Option<Collector> {
        match name {
            "drc" | "DeferredReferenceCounting" | "deferred reference-counting" => {
                Some(Collector::DeferredReferenceCounting)
            }
            "null" | "Null" => Some(Collector::Null),
            _ => None,
        }
    }
}

impl fmt::Display for Collector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Collector::DeferredReferenceCounting => "deferred reference-counting",
            Collector::Null => "null",
        })
    }
}

/// One tunable's value, for interfaces that address tunables by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TunableValue {
    /// A byte size or count.
    U64(u64),
    /// An on/off setting.
    Bool(bool),
    /// The collector: `None` when the engine compiles without GC.
    Collector(Option<Collector>),
}

impl fmt::Display for TunableValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TunableValue::U64(v) => write!(f, "{v}"),
            TunableValue::Bool(v) => write!(f, "{v}"),
            TunableValue::Collector(Some(c)) => write!(f, "{c}"),
            TunableValue::Collector(None) => f.write_str("none"),
        }
    }
}

/// Declares `Tunables` once: the struct in wire order, plus the name table
/// that the by-name accessors use, so the two can never drift apart.
macro_rules! define_tunables {
    (
        collector: $collector:ident,
        u64: [$($int:ident),*],
        bool: [$($flag:ident),*],
        order: [$($field:ident : $fkind:ident),*]
    ) => {
        /// Engine-wide code generation settings (wasmtime-31 `Tunables`).
        ///
        /// Field order is the postcard wire order; do not reorder.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub struct Tunables {
            $(#[allow(missing_docs)] pub $field: define_tunables!(@ty $fkind),)*
        }

        impl Tunables {
            /// Every tunable name, in wire order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The value of the tunable called `name`, if there is one.
            pub fn get(&self, name: &str) -> Option<TunableValue> {
                match name {
                    stringify!($collector) => Some(TunableValue::Collector(self.$collector)),
                    $(stringify!($int) => Some(TunableValue::U64(self.$int)),)*
                    $(stringify!($flag) => Some(TunableValue::Bool(self.$flag)),)*
                    _ => None,
                }
            }

            /// Sets the tunable called `name`; fails on an unknown name or a
            /// value of the wrong type.
            pub fn set(&mut self, name: &str, value: TunableValue) -> anyhow::Result<()> {
                match (name, value) {
                    (stringify!($collector), TunableValue::Collector(v)) => self.$collector = v,
                    $((stringify!($int), TunableValue::U64(v)) => self.$int = v,)*
                    $((stringify!($flag), TunableValue::Bool(v)) => self.$flag = v,)*
                    (name, value) => match self.get(name) {
                        None => anyhow::bail!("unknown tunable `{name}`"),
                        Some(current) => anyhow::bail!(
                            "tunable `{name}` takes a value like `{current}`, not `{value}`"
                        ),
                    },
                }
                Ok(())
            }

            /// Every tunable with its value, in wire order.
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, TunableValue)> + '_ {
                Self::NAMES.iter().map(move |n| (*n, self.get(n).expect("name table is complete")))
            }
        }
    };
    (@ty collector) => { Option<Collector> };
    (@ty u64) => { u64 };
    (@ty bool) => { bool };
}

define_tunables! {
    collector: collector,
    u64: [memory_reservation, memory_guard_size, memory_reservation_for_growth],
    bool: [
        generate_native_debuginfo, parse_wasm_debuginfo, consume_fuel, epoch_interruption,
        memory_may_move, guard_before_linear_memory, table_lazy_init, generate_address_map,
        debug_adapter_modules, relaxed_simd_deterministic, winch_callable, signals_based_traps,
        memory_init_cow
    ],
    order: [
        collector: collector,
        memory_reservation: u64,
        memory_guard_size: u64,
        memory_reservation_for_growth: u64,
        generate_native_debuginfo: bool,
        parse_wasm_debuginfo: bool,
        consume_fuel: bool,
        epoch_interruption: bool,
        memory_may_move: bool,
        guard_before_linear_memory: bool,
        table_lazy_init: bool,
        generate_address_map: bool,
        debug_adapter_modules: bool,
        relaxed_simd_deterministic: bool,
        winch_callable: bool,
        signals_based_traps: bool,
        memory_init_cow: bool
    ]
}

impl Tunables {
    /// What a default wasmtime 31 `Config` compiles with on a 64-bit host,
    /// as a real default artifact records it (tests/fixtures/wasmtime-31,
    /// `default-module`): the environ defaults for 64 bits, with
    /// `parse_wasm_debuginfo` off (the `Config` default), and the
    /// deferred reference-counting collector when GC support is built in.
    pub fn wasmtime31_default_u64(gc_support: bool) -> Tunables {
        Tunables {
            collector: gc_support.then_some(Collector::DeferredReferenceCounting),
            memory_reservation: 1 << 32,
            memory_guard_size: 32 << 20,
            memory_reservation_for_growth: 2 << 30,
            generate_native_debuginfo: false,
            parse_wasm_debuginfo: false,
            consume_fuel: false,
            epoch_interruption: false,
            memory_may_move: true,
            guard_before_linear_memory: true,
            table_lazy_init: true,
            generate_address_map: true,
            debug_adapter_modules: false,
            relaxed_simd_deterministic: false,
            winch_callable: false,
            signals_based_traps: true,
            memory_init_cow: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_name_access_covers_every_field() {
        let mut t = Tunables::wasmtime31_default_u64(true);
        assert_eq!(Tunables::NAMES.len(), 17);
        assert_eq!(t.iter().count(), 17);
        t.set("epoch_interruption", TunableValue::Bool(true))
            .unwrap();
        assert!(t.epoch_interruption);
        t.set("memory_guard_size", TunableValue::U64(0)).unwrap();
        assert_eq!(t.memory_guard_size, 0);
        t.set("collector", TunableValue::Collector(Some(Collector::Null)))
            .unwrap();
        assert_eq!(t.collector, Some(Collector::Null));
        let e = t
            .set("epoch_interruption", TunableValue::U64(1))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "tunable `epoch_interruption` takes a value like `true`, not `1`"
        );
        let e = t.set("nope", TunableValue::U64(1)).unwrap_err();
        assert_eq!(e.to_string(), "unknown tunable `nope`");
    }
}
