//! Go's `reflect.Kind` and the widths of Go's numeric types.

use std::fmt;

/// A Go signed integer type. The value itself is always held as an `i64`; the kind says which
/// Go type it is, for `%T`, `typeOf` and the executor's conversion rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntKind {
    /// `int` (64 bits on every platform Helm ships for).
    Int,
    /// `int8`
    Int8,
    /// `int16`
    Int16,
    /// `int32` (also `rune`)
    Int32,
    /// `int64`
    Int64,
}

impl IntKind {
    /// Go's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Self::Int => "int",
            Self::Int8 => "int8",
            Self::Int16 => "int16",
            Self::Int32 => "int32",
            Self::Int64 => "int64",
        }
    }

    /// Width in bits.
    pub fn bits(self) -> u32 {
        match self {
            Self::Int | Self::Int64 => 64,
            Self::Int8 => 8,
            Self::Int16 => 16,
            Self::Int32 => 32,
        }
    }
}

/// A Go unsigned integer type, held as a `u64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UintKind {
    /// `uint`
    Uint,
    /// `uint8` (also `byte`)
    Uint8,
    /// `uint16`
    Uint16,
    /// `uint32`
    Uint32,
    /// `uint64`
    Uint64,
    /// `uintptr`
    Uintptr,
}

impl UintKind {
    /// Go's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Self::Uint => "uint",
            Self::Uint8 => "uint8",
            Self::Uint16 => "uint16",
            Self::Uint32 => "uint32",
            Self::Uint64 => "uint64",
            Self::Uintptr => "uintptr",
        }
    }

    /// Width in bits.
    pub fn bits(self) -> u32 {
        match self {
            Self::Uint | Self::Uint64 | Self::Uintptr => 64,
            Self::Uint8 => 8,
            Self::Uint16 => 16,
            Self::Uint32 => 32,
        }
    }
}

/// A Go floating-point type. A `float32` is held as the `f64` of the same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloatKind {
    /// `float32`
    F32,
    /// `float64`
    F64,
}

impl FloatKind {
    /// Go's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Self::F32 => "float32",
            Self::F64 => "float64",
        }
    }
}

/// Go's `reflect.Kind`, as `kindOf` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The kind of the zero `reflect.Value`: what `kindOf nil` reports.
    Invalid,
    /// `bool`
    Bool,
    /// A signed integer kind.
    Int(IntKind),
    /// An unsigned integer kind.
    Uint(UintKind),
    /// A float kind.
    Float(FloatKind),
    /// `complex64`
    Complex64,
    /// `complex128`
    Complex128,
    /// `string`
    String,
    /// `slice`
    Slice,
    /// `map`
    Map,
    /// `struct`
    Struct,
    /// `ptr`
    Ptr,
    /// `func`
    Func,
    /// `interface`
    Interface,
}

impl Kind {
    /// The name `reflect.Kind.String()` returns.
    pub fn name(self) -> &'static str {
        match self {
            Self::Invalid => "invalid",
            Self::Bool => "bool",
            Self::Int(k) => k.name(),
            Self::Uint(k) => k.name(),
            Self::Float(k) => k.name(),
            Self::Complex64 => "complex64",
            Self::Complex128 => "complex128",
            Self::String => "string",
            Self::Slice => "slice",
            Self::Map => "map",
            Self::Struct => "struct",
            Self::Ptr => "ptr",
            Self::Func => "func",
            Self::Interface => "interface",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
