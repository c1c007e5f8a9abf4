//! The thin binary: it reads the share link and fetches the gallery scenarios the address or the
//! saved session names (the default one is compiled in), then mounts the app into `<body>`.

fn main() {
    yew::platform::spawn_local(async {
        let props = mua_portal::app::prepare().await;
        yew::Renderer::<mua_portal::App>::with_props(props).render();
    });
}
