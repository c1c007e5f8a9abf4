//! Stable identifiers derived from handles.

/// A GUID derived from a handle, stable across runs (UUID v5 in a project namespace).
pub fn derived_guid(kind: &str, handle: &str) -> String {
    const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6d75_6170_6c61_7967_726f_756e_6400_0001);
    uuid::Uuid::new_v5(&NAMESPACE, format!("{kind}:{handle}").as_bytes()).to_string()
}
