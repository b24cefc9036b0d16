//! Work that needs every class registered: ext-php-rs registers them after MINIT, so it runs from
//! the engine's post-startup callback, chained to whatever callback was there (opcache chains it
//! the same way). One hook for all such work.

use std::ffi::c_int;
use std::panic::catch_unwind;
use std::ptr;

extern "C" {
    /// Zend/zend.c: called once, after every module's MINIT.
    static mut zend_post_startup_cb: Option<unsafe extern "C" fn() -> c_int>;
}

static mut PREVIOUS_POST_STARTUP: Option<unsafe extern "C" fn() -> c_int> = None;

/// Called from MINIT.
pub fn install() {
    // SAFETY: MINIT runs on PHP's one startup thread; the engine reads the callback only after
    // every MINIT, and ours calls the one it replaces.
    unsafe {
        PREVIOUS_POST_STARTUP = zend_post_startup_cb;
        zend_post_startup_cb = Some(post_startup);
    }
}

unsafe extern "C" fn post_startup() -> c_int {
    let _ = catch_unwind(super::compat::phpmqtt::register_alias);
    let _ = catch_unwind(super::sensitive::mark);
    // SAFETY: as in install(); the previous callback is called once, as the engine would have.
    unsafe {
        match ptr::replace(ptr::addr_of_mut!(PREVIOUS_POST_STARTUP), None) {
            Some(previous) => previous(),
            None => 0,
        }
    }
}
