//! RSA key generation (`crypto/rsa.GenerateKey`, which Sprig's `genPrivateKey`, `genCA`,
//! `genSelfSignedCert` and `genSignedCert` call).
//!
//! Keys are random, so only their validity matters (Go must parse and use them), never their
//! bytes. Like Go 1.26 (`crypto/internal/fips140/rsa`): two primes of half the size with their
//! two top bits set (so `n` has exactly the requested size), `gcd(e, p-1) = 1`, `e = 65537`,
//! `d = e⁻¹ mod φ(n)`, and as many Miller-Rabin rounds with random bases as Go runs for the
//! prime's size (5 for the 1024-bit primes of a 2048-bit key, 4 for 2048-bit primes).
//!
//! Faster than the `rsa` crate's generator it replaces (20 rounds plus a Lucas test per prime,
//! a fresh random candidate each time): candidates are taken from a window after a random odd
//! start and sieved by the odd primes below 2¹⁵ first, so Miller-Rabin only sees candidates
//! without a small factor, and `p` and `q` are searched on two threads.

use num_bigint::BigUint;
use num_traits::One as _;
use rand::rngs::{OsRng, StdRng};
use rand::{RngCore as _, SeedableRng as _};

/// The public exponent Go uses.
const E: u32 = 65537;

/// Candidates per window: `start + 2k` for `k < WINDOW`. Primes near 2¹⁰²⁴ are about 710
/// apart, so a window almost always holds several.
const WINDOW: usize = 4096;

/// Sieving primes bound.
const SIEVE_LIMIT: u32 = 1 << 15;

/// The odd primes below [`SIEVE_LIMIT`].
fn small_primes() -> &'static [u32] {
    static PRIMES: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    PRIMES.get_or_init(|| {
        let limit = SIEVE_LIMIT as usize;
        let mut composite = vec![false; limit];
        let mut primes = Vec::new();
        for i in 3..limit {
            if i % 2 == 0 || composite[i] {
                continue;
            }
            primes.push(u32::try_from(i).unwrap_or(u32::MAX));
            let mut j = i * i;
            while j < limit {
                composite[j] = true;
                j += i;
            }
        }
        primes
    })
}

/// Go's Miller-Rabin round count for a prime of `bits` bits (`isPrime` in
/// `crypto/internal/fips140/rsa/keygen.go`, after `BoringSSL`'s table).
fn rounds(bits: u64) -> u32 {
    match bits {
        3747.. => 3,
        1345.. => 4,
        476.. => 5,
        400.. => 6,
        347.. => 7,
        308.. => 8,
        55.. => 27,
        _ => 34,
    }
}

/// A uniformly random number below `2^bits`.
fn random_bits(rng: &mut StdRng, bits: u64) -> BigUint {
    let mut bytes = vec![0u8; usize::try_from(bits.div_ceil(8)).unwrap_or(0)];
    rng.fill_bytes(&mut bytes);
    BigUint::from_bytes_be(&bytes) >> (bytes.len() as u64 * 8 - bits)
}

/// A random odd number of exactly `bits` bits with its two top bits set.
fn random_start(rng: &mut StdRng, bits: u64) -> BigUint {
    let mut n = random_bits(rng, bits);
    n.set_bit(bits - 1, true);
    n.set_bit(bits - 2, true);
    n.set_bit(0, true);
    n
}

/// Miller-Rabin with `rounds` random bases in `[2, w-2]`; `w` is odd and > 3.
fn miller_rabin(cand: &BigUint, rounds: u32, rng: &mut StdRng) -> bool {
    let one = BigUint::one();
    let w_minus_1 = cand - &one;
    let twos = w_minus_1.trailing_zeros().unwrap_or(0);
    let odd = &w_minus_1 >> twos;
    let w_minus_3 = cand - 3u32;
    let mut done = 0;
    while done < rounds {
        // A base in [2, w - 2] (the modulo's bias is irrelevant here).
        let base = random_bits(rng, cand.bits() + 64) % &w_minus_3 + 2u32;
        done += 1;
        let mut z = base.modpow(&odd, cand);
        if z == one || z == w_minus_1 {
            continue;
        }
        let mut possibly_prime = false;
        for _ in 1..twos {
            z = &z * &z % cand;
            if z == w_minus_1 {
                possibly_prime = true;
                break;
            }
            if z == one {
                break;
            }
        }
        if !possibly_prime {
            return false;
        }
    }
    true
}

/// A random prime of exactly `bits` bits (two top bits set) with `p - 1` prime to `E`.
fn random_prime(bits: u64, rng: &mut StdRng) -> BigUint {
    let primes = small_primes();
    let rounds = rounds(bits);
    let mut composite = vec![false; WINDOW];
    loop {
        let start = random_start(rng, bits);
        composite.fill(false);
        for &p in primes {
            // Mark every k with start + 2k ≡ 0 (mod p), unless the candidate is p itself.
            let r = (&start % p).to_u32_digits().first().copied().unwrap_or(0);
            let neg = (p - r) % p;
            // k ≡ -r · 2⁻¹ (mod p), and 2⁻¹ = (p + 1) / 2.
            let first = u64::from(neg) * u64::from(p.div_ceil(2)) % u64::from(p);
            let mut k = usize::try_from(first).unwrap_or(usize::MAX);
            let step = p as usize;
            while k < WINDOW {
                composite[k] = true;
                k += step;
            }
        }
        let e_rem = (&start % E).to_u32_digits().first().copied().unwrap_or(0);
        for (k, &c) in composite.iter().enumerate() {
            if c {
                continue;
            }
            let delta = 2 * u32::try_from(k).unwrap_or(u32::MAX);
            // gcd(e, p - 1) = 1: p ≢ 1 (mod e), e being prime.
            if (u64::from(e_rem) + u64::from(delta)) % u64::from(E) == 1 {
                continue;
            }
            let candidate = &start + delta;
            if candidate.bits() != bits {
                break;
            }
            if miller_rabin(&candidate, rounds, rng) {
                return candidate;
            }
        }
    }
}

/// The two primes of an RSA key of `bits` bits (`bits` even, at least 64), searched on two
/// threads.
fn prime_pair(bits: usize) -> (BigUint, BigUint) {
    let half = (bits / 2) as u64;
    let mut seed = [0u8; 32];
    OsRng.fill_bytes(&mut seed);
    let mut rng_p = StdRng::from_seed(seed);
    OsRng.fill_bytes(&mut seed);
    let mut rng_q = StdRng::from_seed(seed);
    std::thread::scope(|s| {
        let q = s.spawn(move || random_prime(half, &mut rng_q));
        let p = random_prime(half, &mut rng_p);
        let q = q.join().unwrap_or_else(|_| {
            // The thread cannot panic short of memory exhaustion; search here instead.
            let mut rng = StdRng::from_rng(OsRng).unwrap_or_else(|_| StdRng::from_seed(seed));
            random_prime(half, &mut rng)
        });
        (p, q)
    })
}

/// An RSA private key of `bits` bits with `e = 65537`.
pub(crate) fn generate(bits: usize) -> Result<rsa::RsaPrivateKey, String> {
    if bits < 64 || bits % 2 == 1 {
        // Sizes Sprig never asks for: the `rsa` crate's own generator.
        return rsa::RsaPrivateKey::new(&mut OsRng, bits).map_err(|e| e.to_string());
    }
    loop {
        let (p, q) = prime_pair(bits);
        if p == q {
            continue;
        }
        let to_rsa = |n: &BigUint| rsa::BigUint::from_bytes_be(&n.to_bytes_be());
        match rsa::RsaPrivateKey::from_primes(vec![to_rsa(&p), to_rsa(&q)], rsa::BigUint::from(E)) {
            Ok(key) if rsa::traits::PublicKeyParts::n(&key).bits() == bits => return Ok(key),
            // n one bit short cannot happen with two top bits set; d not invertible neither
            // (p - 1 and q - 1 are prime to e). Try again rather than fail.
            Ok(_) | Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};

    #[test]
    fn small_primes_are_the_odd_primes_below_the_limit() {
        let p = small_primes();
        assert_eq!(&p[..6], &[3, 5, 7, 11, 13, 17]);
        assert_eq!(p.len(), 3511); // π(32768) = 3512, minus 2
        assert_eq!(*p.last().unwrap(), 32749);
    }

    #[test]
    fn go_round_counts() {
        assert_eq!(rounds(1024), 5);
        assert_eq!(rounds(2048), 4);
        assert_eq!(rounds(4096), 3);
        assert_eq!(rounds(64), 27);
    }

    #[test]
    fn miller_rabin_tells_primes_from_composites() {
        let mut rng = StdRng::seed_from_u64(1);
        // 2^127 - 1 is prime; 2^128 + 1 = 59649589127497217 × 5704689200685129054721.
        let m127 = (BigUint::one() << 127u32) - 1u32;
        assert!(miller_rabin(&m127, 5, &mut rng));
        let f7 = (BigUint::one() << 128u32) + 1u32;
        assert!(!miller_rabin(&f7, 5, &mut rng));
        // A Carmichael number: 561 = 3 · 11 · 17.
        assert!(!miller_rabin(&BigUint::from(561u32), 20, &mut rng));
        // Every odd number below 2000 against trial division.
        for n in (5u32..2000).step_by(2) {
            let prime = (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0);
            assert_eq!(miller_rabin(&BigUint::from(n), 20, &mut rng), prime, "{n}");
        }
    }

    #[test]
    fn generated_keys_are_valid() {
        for bits in [512, 1024, 2048] {
            let key = generate(bits).unwrap();
            assert_eq!(key.n().bits(), bits);
            assert_eq!(key.e(), &rsa::BigUint::from(E));
            let primes = key.primes();
            assert_eq!(primes.len(), 2);
            assert_ne!(primes[0], primes[1]);
            for p in primes {
                assert_eq!(p.bits(), bits / 2);
            }
            key.validate().unwrap();
            // d = e⁻¹ mod φ(n), as Go computes it.
            let one = rsa::BigUint::from(1u32);
            let phi = (&primes[0] - &one) * (&primes[1] - &one);
            assert_eq!((key.d() * key.e()) % &phi, one);
        }
    }
}
