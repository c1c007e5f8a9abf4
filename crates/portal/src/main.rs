//! The thin binary: it fetches the gallery scenarios the address or the saved session names (the
//! default one is compiled in), then mounts the app into `<body>`.

fn main() {
    yew::platform::spawn_local(async {
        mua_portal::app::fetch_linked_gallery().await;
        yew::Renderer::<mua_portal::App>::new().render();
    });
}
