//! Object handlers that ext-php-rs gives a class no way to choose:
//!
//! - `Mqtt\Client`'s get_gc reports the callbacks the client holds. ext-php-rs's own reports
//!   only PHP-visible properties, so a callback capturing its client (`function () use
//!   ($client)`) made a cycle the collector could not see: the client, its connection and its
//!   socket stayed until the end of the script.
//!
//! ext-php-rs builds one handler table per class, once, inside the class's metadata (a
//! `static`), and recognises its objects by the address of that table; a table of our own would
//! make every object unrecognisable. So the table is changed in place, at module startup, before
//! any object exists.

use std::ffi::c_int;
use std::mem::size_of;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use ext_php_rs::class::{ClassMetadata, RegisteredClass};
use ext_php_rs::ffi::{self, zend_get_gc_buffer, zend_object, zval, HashTable};
use ext_php_rs::types::{ZendClassObject, Zval};
use ext_php_rs::zend::ZendObjectHandlers;

use super::client::Client;

extern "C" {
    // The engine's scratch buffer for get_gc handlers (Zend/zend_gc.c): emptied by create(),
    // grown by grow(), valid until the next create().
    fn zend_get_gc_buffer_create() -> *mut zend_get_gc_buffer;
    fn zend_get_gc_buffer_grow(buffer: *mut zend_get_gc_buffer);
}

/// Installs the handlers; called from MINIT (again on a module restart, which keeps them).
/// Returns false when ext-php-rs does not keep its tables where expected: the classes then work
/// as ext-php-rs alone makes them (no cycle collection of clients).
pub fn install() -> bool {
    patch::<Client>(|h| h.get_gc = Some(client_get_gc))
}
/// Runs `change` on the handler table shared by every object of `T`.
fn patch<T: RegisteredClass>(change: impl FnOnce(&mut ZendObjectHandlers)) -> bool {
    let meta: &'static ClassMetadata<T> = T::get_metadata();
    let base = ptr::from_ref(meta).cast::<u8>();
    // Built on first use; only its address is kept from this reference.
    let table = ptr::from_ref(meta.handlers()).cast::<u8>();
    let offset = (table as usize).wrapping_sub(base as usize);
    if (table as usize) < (base as usize)
        || offset + size_of::<ZendObjectHandlers>() > size_of::<ClassMetadata<T>>()
    {
        return false;
    }
    // SAFETY: the table lies inside `ClassMetadata<T>` (checked above), where ext-php-rs keeps it
    // in a `OnceCell`, so inside an `UnsafeCell`: writing it through a pointer derived from the
    // shared reference to the metadata is allowed, as for any interior mutability. No reference
    // to the table is alive now (ext-php-rs takes a new one each time it needs it), and nothing
    // reads it concurrently: this runs in MINIT, on the one thread PHP has then, before any
    // object of the class exists. The handlers written are `extern "C"` functions with the
    // engine's signatures, valid for the life of the module.
    unsafe {
        let table = base.add(offset).cast_mut().cast::<ZendObjectHandlers>();
        change(&mut *table);
    }
    true
}

/// Copies `zv` into the collector's buffer when it is refcounted (zend_get_gc_buffer_add_zval()).
///
/// # Safety
/// `buffer` comes from zend_get_gc_buffer_create() in this get_gc call, `zv` is a valid zval.
unsafe fn gc_add(buffer: *mut zend_get_gc_buffer, zv: *const zval) {
    if (*zv).u1.type_info & (ffi::IS_TYPE_REFCOUNTED << ffi::Z_TYPE_FLAGS_SHIFT) == 0 {
        return;
    }
    if (*buffer).cur == (*buffer).end {
        zend_get_gc_buffer_grow(buffer);
    }
    ptr::copy_nonoverlapping(zv, (*buffer).cur, 1);
    (*buffer).cur = (*buffer).cur.add(1);
}

/// `Mqtt\Client`'s get_gc: what zend_std_get_gc() reports (the properties), and the zval of each
/// callback the client holds, one per reference it owns.
unsafe extern "C" fn client_get_gc(
    object: *mut zend_object,
    table: *mut *mut zval,
    n: *mut c_int,
) -> *mut HashTable {
    // SAFETY: the engine calls this with a live object of this class and valid out-pointers; the
    // buffer is the engine's, for this call. The object is only read: fields through the raw
    // pointer, the client through a shared reference (its callbacks sit behind a RefCell, which
    // gc_callbacks() only tries to borrow). The zvals added are owned by the client and outlive
    // the collector's use of the buffer, which ends before any PHP code runs again.
    unsafe {
        let buffer = zend_get_gc_buffer_create();
        let properties = (*object).properties;
        if properties.is_null() {
            let slots = ptr::addr_of_mut!((*object).properties_table).cast::<zval>();
            let count = (*(*object).ce).default_properties_count.max(0) as usize;
            for i in 0..count {
                gc_add(buffer, slots.add(i));
            }
        }
        // A panic must not unwind into the engine: the callbacks reported until then are a
        // subset of the references the client owns, which the collector handles safely.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            if let Some(client) = ZendClassObject::<Client>::from_zend_obj(&*object) {
                client.gc_callbacks(&mut |zv: &Zval| gc_add(buffer, ptr::from_ref(zv).cast()));
            }
        }));
        *table = (*buffer).start;
        *n = (*buffer).cur.offset_from((*buffer).start) as c_int;
        properties
    }
}
