//! A stable hash (FNV-1a) for ids and fingerprints that must not change between runs or
//! Rust releases, as the standard hasher may.

/// FNV-1a over whatever bytes are fed to it.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn feed(&mut self, bytes: &[u8]) -> &mut Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_value() {
        // FNV-1a of "a", as published.
        assert_eq!(super::Fnv::default().feed(b"a").finish(), 0xaf63dc4c8601ec8c);
    }
}
