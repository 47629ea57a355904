//! The hashing floor of a signature, for the benchmark (bench/sign.mjs).
//!
//! WebAssembly has no SHA instructions, so the SHA-256 compressions a
//! signature cannot avoid take longer in the engine than natively with
//! SHA-NI. Timing them alone, on the block counts of a real signature,
//! shows how much of the gap to the native core no glue can close. Nothing
//! in the signing path calls this; it runs `sha2`'s block function, the
//! one the core's hashing runs.

#[allow(unused_imports)]
use crate::prelude::*;

use sha2::digest::generic_array::GenericArray;
use wasm_bindgen::prelude::*;

/// SHA-256's initial state.
const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The most blocks one chain may have (a canonical request of 4 KiB).
const MAX_BLOCKS: u32 = 64;

/// Runs `rounds` times one compression chain per entry of `chains` (each
/// entry a block count, such as the canonical request's, the string to
/// sign's after the cached inner pad and the outer hash's), each from the
/// initial state, and returns a word of the last states so that no round
/// can be optimized away. Chains longer than 64 blocks are cut to 64.
#[wasm_bindgen(js_name = hashingFloor)]
pub fn hashing_floor(chains: &[u32], rounds: u32) -> u32 {
    let blocks: Vec<GenericArray<u8, _>> = (0..MAX_BLOCKS)
        .map(|i| GenericArray::clone_from_slice(&[i as u8; 64]))
        .collect();
    let mut seen = 0u32;
    for round in 0..rounds {
        for &count in chains {
            let mut state = IV;
            // Varies per round, so the compressions cannot be hoisted.
            state[0] ^= round;
            let count = count.min(MAX_BLOCKS) as usize;
            sha2::compress256(&mut state, &blocks[..count]);
            seen ^= state[0];
        }
    }
    seen
}
