//! What the code generator needs to know about a schema beyond its text: which constructors
//! belong to which boxed type, which types borrow from the input (and so carry a lifetime),
//! which enum variants are boxed to keep enums small, and a terminating constructor per type for
//! generating arbitrary values.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Category, Declaration, ParamKind, TypeRef};
use crate::names;
use crate::{Config, Extern};

/// Estimated size above which a constructor is boxed inside its enum (keeps every enum at most
/// this plus a tag; PERF-ANCHORS: grammers' 5 KB `Update` enum is what makes its decoding slow).
const BOX_ABOVE_BYTES: usize = 32;
/// The estimated size of any generated enum (see [`BOX_ABOVE_BYTES`]).
const ENUM_BYTES: usize = BOX_ABOVE_BYTES + 8;

/// Analysed schema.
pub struct Analysis<'s> {
    /// The configuration.
    pub config: &'s Config<'s>,
    /// Every declaration.
    pub decls: &'s [Declaration],
    /// Boxed type name → indices of its (generated) constructors, sorted by type name.
    pub types: BTreeMap<String, Vec<usize>>,
    /// Constructor full name → index.
    by_name: HashMap<String, usize>,
    /// Per declaration: carries a lifetime.
    pub decl_lifetime: Vec<bool>,
    /// Per type: carries a lifetime.
    type_lifetime: HashMap<String, bool>,
    /// Per declaration: boxed inside its enum.
    pub boxed: Vec<bool>,
    /// Per type: the constructor with the smallest nesting rank (for arbitrary values).
    pub leaf: HashMap<String, usize>,
}

impl<'s> Analysis<'s> {
    /// Analyses `decls` under `config`.
    pub fn new(config: &'s Config<'s>, decls: &'s [Declaration]) -> Result<Self, String> {
        let mut types: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_name = HashMap::new();
        for (i, d) in decls.iter().enumerate() {
            if d.category != Category::Type || config.extern_of(&d.full_name()).is_some() {
                continue;
            }
            by_name.insert(d.full_name(), i);
            let TypeRef::Boxed(ty) = &d.result else {
                return Err(format!(
                    "constructor {} has result {:?}; expected a boxed type",
                    d.full_name(),
                    d.result
                ));
            };
            types.entry(ty.clone()).or_default().push(i);
        }
        let mut a = Analysis {
            config,
            decls,
            types,
            by_name,
            decl_lifetime: vec![false; decls.len()],
            type_lifetime: HashMap::new(),
            boxed: vec![false; decls.len()],
            leaf: HashMap::new(),
        };
        a.check_references()?;
        a.compute_lifetimes();
        a.compute_boxing();
        a.compute_leaves()?;
        Ok(a)
    }

    fn check_references(&self) -> Result<(), String> {
        for d in self.decls {
            for p in &d.params {
                if let ParamKind::Field { ty, .. } = &p.kind {
                    self.check_ref(ty)
                        .map_err(|e| format!("{}: parameter {}: {e}", d.full_name(), p.name))?;
                }
            }
            if d.category == Category::Function {
                self.check_ref(&d.result)
                    .map_err(|e| format!("{}: result: {e}", d.full_name()))?;
            }
        }
        Ok(())
    }

    fn check_ref(&self, ty: &TypeRef) -> Result<(), String> {
        match ty {
            TypeRef::Vector { elem, .. } => self.check_ref(elem),
            TypeRef::Boxed(name) if name == "Bool" || self.config.extern_of(name).is_some() => {
                Ok(())
            }
            TypeRef::Boxed(name) if !self.types.contains_key(name) => {
                Err(format!("type {name} has no constructor"))
            }
            TypeRef::Bare(name) if self.config.extern_of(name).is_some() => Ok(()),
            TypeRef::Bare(name) => self.bare_constructor(name).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// The constructor a bare reference (`%Type` or `constructor`) stands for.
    pub fn bare_constructor(&self, name: &str) -> Result<usize, String> {
        if let Some(&i) = self.by_name.get(name) {
            return Ok(i);
        }
        match self.types.get(name).map(Vec::as_slice) {
            Some([only]) => Ok(*only),
            Some(_) => Err(format!("bare %{name} needs exactly one constructor")),
            None => Err(format!("bare type {name} is not declared")),
        }
    }

    fn compute_lifetimes(&mut self) {
        loop {
            let mut changed = false;
            let decls = self.decls;
            for (i, d) in decls.iter().enumerate() {
                if self.decl_lifetime[i] {
                    continue;
                }
                let needs = d.params.iter().any(|p| match &p.kind {
                    ParamKind::Field { ty, .. } => self.ref_lifetime(ty),
                    ParamKind::Flags => false,
                });
                if needs {
                    self.decl_lifetime[i] = true;
                    changed = true;
                }
            }
            for (ty, ctors) in &self.types {
                let needs = ctors.iter().any(|&c| self.decl_lifetime[c]);
                if needs && !self.type_lifetime.get(ty).copied().unwrap_or(false) {
                    self.type_lifetime.insert(ty.clone(), true);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Whether a reference to `ty` carries the input lifetime.
    pub fn ref_lifetime(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::Bytes => true,
            TypeRef::Vector { elem, .. } => self.ref_lifetime(elem),
            TypeRef::Boxed(name) => match self.config.extern_of(name) {
                Some(e) => e.lifetime,
                None => self.type_lifetime.get(name).copied().unwrap_or(false),
            },
            TypeRef::Bare(name) => match self.config.extern_of(name) {
                Some(e) => e.lifetime,
                None => self
                    .bare_constructor(name)
                    .is_ok_and(|i| self.decl_lifetime[i]),
            },
            _ => false,
        }
    }

    fn compute_boxing(&mut self) {
        for (i, d) in self.decls.iter().enumerate() {
            let size: usize = d
                .params
                .iter()
                .map(|p| match &p.kind {
                    ParamKind::Field { ty, cond } => estimate(ty, cond.is_some()),
                    ParamKind::Flags => 0,
                })
                .sum();
            self.boxed[i] = size > BOX_ABOVE_BYTES;
        }
    }

    /// Rank: how deep a value must nest at least; leaf = a constructor of minimal rank per type.
    fn compute_leaves(&mut self) -> Result<(), String> {
        let mut rank: HashMap<String, usize> = HashMap::new();
        loop {
            let mut changed = false;
            for (ty, ctors) in &self.types {
                for &c in ctors {
                    let Some(r) = self.ctor_rank(c, &rank) else {
                        continue;
                    };
                    if rank.get(ty).is_none_or(|&old| r < old) {
                        rank.insert(ty.clone(), r);
                        self.leaf.insert(ty.clone(), c);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        match self.types.keys().find(|t| !rank.contains_key(*t)) {
            Some(t) => Err(format!(
                "type {t} has no finite value (every constructor contains itself)"
            )),
            None => Ok(()),
        }
    }

    fn ctor_rank(&self, c: usize, rank: &HashMap<String, usize>) -> Option<usize> {
        let mut max = 0;
        for p in &self.decls[c].params {
            if let ParamKind::Field { ty, cond: None } = &p.kind {
                max = max.max(self.required_rank(ty, rank)?);
            }
        }
        Some(max + 1)
    }

    fn required_rank(&self, ty: &TypeRef, rank: &HashMap<String, usize>) -> Option<usize> {
        match ty {
            TypeRef::Vector { .. } => Some(0),
            TypeRef::Boxed(name) if name == "Bool" || self.config.extern_of(name).is_some() => {
                Some(0)
            }
            TypeRef::Boxed(name) => rank.get(name).copied(),
            TypeRef::Bare(name) if self.config.extern_of(name).is_some() => Some(0),
            TypeRef::Bare(name) => self.ctor_rank(self.bare_constructor(name).ok()?, rank),
            _ => Some(0),
        }
    }

    /// `<'a>` or nothing, for a declaration's struct.
    pub fn decl_generics(&self, i: usize) -> String {
        let d = &self.decls[i];
        let mut parts: Vec<String> = Vec::new();
        if self.decl_lifetime[i] {
            parts.push("'a".into());
        }
        parts.extend(d.generics.iter().cloned());
        if parts.is_empty() {
            String::new()
        } else {
            format!("<{}>", parts.join(", "))
        }
    }

    /// Path of a declaration's struct (`crate::tl::api::types::auth::SentCode`).
    pub fn decl_path(&self, i: usize) -> String {
        let d = &self.decls[i];
        let kind = if d.category == Category::Function {
            "functions"
        } else {
            "types"
        };
        match &d.namespace {
            Some(ns) => format!(
                "{}::{kind}::{}::{}",
                self.config.module,
                names::module(ns),
                names::pascal(&d.name)
            ),
            None => format!("{}::{kind}::{}", self.config.module, names::pascal(&d.name)),
        }
    }

    /// Path of a boxed type's enum.
    pub fn enum_path(&self, ty: &str) -> String {
        match ty.rsplit_once('.') {
            Some((ns, name)) => format!(
                "{}::enums::{}::{}",
                self.config.module,
                names::module(ns),
                names::pascal(name)
            ),
            None => format!("{}::enums::{}", self.config.module, names::pascal(ty)),
        }
    }

    /// The Rust type of a field or result, with `lt` as the lifetime.
    pub fn rust_type(&self, ty: &TypeRef, lt: &str) -> String {
        let with_lt = |path: String, has: bool| if has { format!("{path}<{lt}>") } else { path };
        match ty {
            TypeRef::Int => "i32".into(),
            TypeRef::Long => "i64".into(),
            TypeRef::Double => "f64".into(),
            TypeRef::Int128 => "[u8; 16]".into(),
            TypeRef::Int256 => "[u8; 32]".into(),
            TypeRef::String => format!("::std::borrow::Cow<{lt}, str>"),
            TypeRef::Bytes => format!("::std::borrow::Cow<{lt}, [u8]>"),
            TypeRef::True => "bool".into(),
            TypeRef::Vector { elem, .. } => {
                format!("::std::vec::Vec<{}>", self.rust_type(elem, lt))
            }
            TypeRef::Boxed(name) if name == "Bool" => "bool".into(),
            TypeRef::Boxed(name) | TypeRef::Bare(name) if self.config.extern_of(name).is_some() => {
                let e: &Extern<'_> = self.config.extern_of(name).expect("checked");
                with_lt(e.rust.to_owned(), e.lifetime)
            }
            TypeRef::Boxed(name) => with_lt(
                self.enum_path(name),
                self.ref_lifetime(ty) && self.types.contains_key(name),
            ),
            TypeRef::Bare(name) => {
                let i = self.bare_constructor(name).expect("checked");
                with_lt(self.decl_path(i), self.decl_lifetime[i])
            }
            TypeRef::Generic(g) | TypeRef::Query(g) => g.clone(),
        }
    }

    /// Whether values of `ty` are written bare (no constructor id of their own).
    pub fn is_bare(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Bare(_))
    }

    /// Whether a type carries a lifetime (by name).
    pub fn type_has_lifetime(&self, ty: &str) -> bool {
        self.type_lifetime.get(ty).copied().unwrap_or(false)
    }
}

/// A rough size in bytes of a field's Rust representation.
fn estimate(ty: &TypeRef, optional: bool) -> usize {
    let (size, niche) = match ty {
        TypeRef::Int => (4, false),
        TypeRef::Long | TypeRef::Double => (8, false),
        TypeRef::Int128 => (16, false),
        TypeRef::Int256 => (32, false),
        TypeRef::True => (1, true),
        TypeRef::String | TypeRef::Bytes | TypeRef::Vector { .. } => (24, true),
        TypeRef::Boxed(n) if n == "Bool" => (1, true),
        TypeRef::Boxed(_) | TypeRef::Bare(_) => (ENUM_BYTES, true),
        TypeRef::Generic(_) | TypeRef::Query(_) => (8, true),
    };
    if optional && !niche {
        size + size.min(8)
    } else {
        size
    }
}
