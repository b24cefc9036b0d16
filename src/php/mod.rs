//! The PHP layer: classes over the engine, module hooks, php.ini and phpinfo.

pub mod callback;
pub mod client;
pub mod compat;
pub mod convert;
pub mod events;
pub mod exceptions;
pub mod handlers;
pub mod ini;
pub mod interrupt;
pub mod logger;
pub mod message;
pub mod persistent;
pub mod post_startup;
pub mod properties;
pub mod sensitive;
