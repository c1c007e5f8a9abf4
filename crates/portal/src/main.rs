//! The thin binary: it only mounts the app into `<body>`.

fn main() {
    yew::Renderer::<mua_portal::App>::new().render();
}
