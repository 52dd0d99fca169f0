//! Arbitrary TL values for property tests (feature `proptest`): a small deterministic generator
//! with a nesting budget, the [`ArbitraryTl`] trait the generated code implements for every type,
//! and [`strategy`], a proptest strategy for any such type.

use std::borrow::Cow;

use proptest::strategy::{Strategy, ValueTree};

use crate::tl::RawObject;

/// How deep generated values nest before only terminating constructors are chosen.
const MAX_DEPTH: u32 = 4;

/// A deterministic source of arbitrary TL values (xorshift64*), with a nesting budget.
#[derive(Debug, Clone)]
pub struct Gen {
    state: u64,
    depth: u32,
}

impl Gen {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self {
            state: seed | 1,
            depth: 0,
        }
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Whether the nesting budget is used up.
    pub fn exhausted(&self) -> bool {
        self.depth >= MAX_DEPTH
    }

    /// Whether an optional field is present (never once the budget is used up).
    pub fn present(&mut self) -> bool {
        !self.exhausted() && self.next_u64() & 1 == 1
    }

    /// Runs `f` one nesting level deeper.
    pub fn descend<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }
}

/// A type whose arbitrary values the generator can make.
pub trait ArbitraryTl: Sized {
    /// One arbitrary value.
    fn arbitrary_tl(g: &mut Gen) -> Self;
}

impl ArbitraryTl for i32 {
    fn arbitrary_tl(g: &mut Gen) -> Self {
        match g.below(4) {
            0 => 0,
            1 => i32::MIN,
            _ => g.next_u64() as i32,
        }
    }
}

impl ArbitraryTl for i64 {
    fn arbitrary_tl(g: &mut Gen) -> Self {
        match g.below(4) {
            0 => -1,
            1 => i64::MAX,
            _ => g.next_u64() as i64,
        }
    }
}

impl ArbitraryTl for f64 {
    /// Finite values only, so that values compare equal after a round trip.
    fn arbitrary_tl(g: &mut Gen) -> Self {
        let v = f64::from_bits(g.next_u64());
        if v.is_finite() { v } else { -1.5 }
    }
}

impl ArbitraryTl for bool {
    fn arbitrary_tl(g: &mut Gen) -> Self {
        g.next_u64() & 1 == 1
    }
}

impl<const N: usize> ArbitraryTl for [u8; N] {
    fn arbitrary_tl(g: &mut Gen) -> Self {
        std::array::from_fn(|_| g.next_u64() as u8)
    }
}

/// Lengths that exercise both `bytes` length forms and every padding.
fn length(g: &mut Gen) -> usize {
    match g.below(8) {
        0 => 253 + g.below(4),
        1 => 300 + g.below(200),
        _ => g.below(12),
    }
}

impl ArbitraryTl for Cow<'static, [u8]> {
    fn arbitrary_tl(g: &mut Gen) -> Self {
        let n = length(g);
        Cow::Owned((0..n).map(|_| g.next_u64() as u8).collect())
    }
}

impl ArbitraryTl for Cow<'static, str> {
    fn arbitrary_tl(g: &mut Gen) -> Self {
        const CHARS: &[char] = &['a', 'Z', '0', ' ', 'é', 'к', '€', '😀', '\n'];
        let n = length(g);
        Cow::Owned((0..n).map(|_| CHARS[g.below(CHARS.len())]).collect())
    }
}

impl<T: ArbitraryTl> ArbitraryTl for Vec<T> {
    fn arbitrary_tl(g: &mut Gen) -> Self {
        let n = if g.exhausted() { 0 } else { g.below(4) };
        g.descend(|g| (0..n).map(|_| T::arbitrary_tl(g)).collect())
    }
}

impl<T: ArbitraryTl> ArbitraryTl for Box<T> {
    fn arbitrary_tl(g: &mut Gen) -> Self {
        Box::new(T::arbitrary_tl(g))
    }
}

impl ArbitraryTl for RawObject<'static> {
    /// A constructor id followed by 0..16 words.
    fn arbitrary_tl(g: &mut Gen) -> Self {
        let words = 1 + g.below(17);
        RawObject(Cow::Owned(
            (0..words * 4).map(|_| g.next_u64() as u8).collect(),
        ))
    }
}

/// A proptest strategy producing arbitrary values of `T` (shrinking works on the seed).
pub fn strategy<T: ArbitraryTl + std::fmt::Debug>() -> impl Strategy<Value = T> {
    proptest::prelude::any::<u64>().prop_map(|seed| T::arbitrary_tl(&mut Gen::new(seed)))
}

/// One value of `T` drawn through proptest's runner RNG (for benches and examples).
pub fn sample<T: ArbitraryTl + std::fmt::Debug>(
    runner: &mut proptest::test_runner::TestRunner,
) -> Option<T> {
    strategy::<T>().new_tree(runner).ok().map(|t| t.current())
}
