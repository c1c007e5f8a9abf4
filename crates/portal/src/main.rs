//! The thin binary: it reads the share link and fetches the gallery scenarios the address or the
//! saved session names (the default one is compiled in), then mounts the app into `<body>`.

/// Talc instead of the default dlmalloc: smaller in the download, and faster (measured: README Size).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    yew::platform::spawn_local(async {
        let props = mua_portal::app::prepare().await;
        yew::Renderer::<mua_portal::App>::with_props(props).render();
    });
}
