//! ISO 8601 durations: any text is refused with `invalid-input` or parses; what parses formats back
//! to text that parses to the same span.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mua_core::duration;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match duration::parse(text) {
        Ok(span) => {
            let written = duration::format(span);
            assert_eq!(duration::parse(&written).ok(), Some(span), "{text} → {written}");
        }
        Err(r) => assert_eq!(r.code, mua_core::ErrorCode::InvalidInput),
    }
});
