//! The portal's components: the chrome (top bar, navigation) and the blades.

pub mod blade;
pub mod nav;
pub mod topbar;
