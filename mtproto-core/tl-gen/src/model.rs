//! The parsed form of a TL schema: declarations, parameters and type references.
//! Grammar: <https://core.telegram.org/mtproto/TL>, <https://core.telegram.org/mtproto/TL-combinators>.

/// Whether a declaration is a constructor (`---types---`) or a function (`---functions---`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// A constructor of a boxed type.
    Type,
    /// An RPC function.
    Function,
}

/// One TL declaration (`name#id params = Result;`).
#[derive(Debug, Clone)]
pub struct Declaration {
    /// The namespace (`auth` in `auth.sentCode`), if any.
    pub namespace: Option<String>,
    /// The name without namespace (`sentCode`).
    pub name: String,
    /// The constructor id (explicit, or inferred from the CRC32 when the schema omits it).
    pub id: u32,
    /// Type parameters from `{X:Type}`.
    pub generics: Vec<String>,
    /// Parameters in declaration order.
    pub params: Vec<Param>,
    /// The result type.
    pub result: TypeRef,
    /// Constructor or function.
    pub category: Category,
    /// 1-based line in the schema file where the declaration starts.
    pub line: usize,
    /// The layer section (`// layer N`) the declaration appears under, if any.
    pub layer: Option<u32>,
    /// The normalised text whose CRC32 is the id (see [`crate::crc`]).
    pub normalised: String,
}

impl Declaration {
    /// `namespace.name` or `name`.
    pub fn full_name(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A parameter: a flags word or a field.
#[derive(Debug, Clone)]
pub struct Param {
    /// The parameter name as written.
    pub name: String,
    /// What it is.
    pub kind: ParamKind,
}

/// What a parameter is.
#[derive(Debug, Clone)]
pub enum ParamKind {
    /// `flags:#`: a 32-bit word of presence bits.
    Flags,
    /// A field, present only if `cond` says so.
    Field {
        /// The field type.
        ty: TypeRef,
        /// `flags.N?` condition.
        cond: Option<Flag>,
    },
}

/// `word.bit?` condition of a conditional field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The flags parameter holding the bit (`flags`, `flags2`).
    pub word: String,
    /// The bit number, 0..=31.
    pub bit: u32,
}

/// A reference to a type in a parameter or result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `int`: 32-bit LE.
    Int,
    /// `long`: 64-bit LE.
    Long,
    /// `double`: IEEE-754 binary64 LE.
    Double,
    /// `int128`: 16 raw bytes.
    Int128,
    /// `int256`: 32 raw bytes.
    Int256,
    /// `string`: TL bytes holding UTF-8.
    String,
    /// `bytes`.
    Bytes,
    /// `true`: only valid as `flags.N?true`.
    True,
    /// `Vector<T>` (boxed, with the 0x1cb5c415 prefix) or `vector<T>` (bare).
    Vector {
        /// Capital `Vector`.
        boxed: bool,
        /// Element type.
        elem: Box<TypeRef>,
    },
    /// A boxed type (capitalised, possibly namespaced): `User`, `auth.SentCode`, `Bool`.
    Boxed(String),
    /// A bare type: `%Type` or a lowercase constructor name (`future_salt`).
    Bare(String),
    /// A type parameter used as a result (`X`).
    Generic(String),
    /// `!X`: any function whose result is X, serialized boxed.
    Query(String),
}
