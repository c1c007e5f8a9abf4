//! Lighthouse ARM parameters files: any JSON is refused with `lighthouse-invalid-template` or reads.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mua_core::lighthouse::parse_parameters;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    if let Err(r) = parse_parameters(&json) {
        assert_eq!(r.code, mua_core::ErrorCode::LighthouseInvalidTemplate, "{}", r.message);
    }
});
