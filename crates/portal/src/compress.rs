//! Share links' compression and the gallery's fetches, by the browser: deflate through its
//! `CompressionStream`/`DecompressionStream` and base64url through `btoa`/`atob` (no compressor in
//! the download), `fetch` for same-origin files. A few lines of the page's own JavaScript module
//! (wasm-bindgen ships it beside the glue, no inline script) keep the promise chains out of the wasm.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
const through = async (bytes, stream) =>
  new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
export async function pack(text) {
  const bytes = await through(new TextEncoder().encode(text), new CompressionStream("deflate-raw"));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}
export async function unpack(data) {
  const binary = atob(data.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(await through(bytes, new DecompressionStream("deflate-raw")));
}
export async function fetch_text(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error("HTTP " + response.status);
  return await response.text();
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = pack)]
    fn pack_promise(text: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = unpack)]
    fn unpack_promise(data: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = fetch_text)]
    fn fetch_promise(url: &str) -> js_sys::Promise;
}

/// The text a promise of text resolves to, or why it was rejected.
async fn text_of(promise: js_sys::Promise) -> Result<String, String> {
    match JsFuture::from(promise).await {
        Ok(value) => value.as_string().ok_or_else(|| "not text".to_owned()),
        Err(e) => Err(js_sys::Error::from(e).message().into()),
    }
}

/// `text` deflated (raw, RFC 1951) and written in base64url without padding (RFC 4648 §5).
pub async fn pack(text: &str) -> Result<String, String> {
    text_of(pack_promise(text)).await
}

/// The text [`pack`] packed; damaged or cut-short data is an error.
pub async fn unpack(data: &str) -> Result<String, String> {
    text_of(unpack_promise(data)).await
}

/// The text at a same-origin `url`; an HTTP error or a network failure says so.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    text_of(fetch_promise(url)).await
}
