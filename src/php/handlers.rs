//! Object handlers that ext-php-rs gives a class no way to choose:
//!
//! - `Mqtt\Client`'s get_gc reports the callbacks the client holds. ext-php-rs's own reports
//!   only PHP-visible properties, so a callback capturing its client (`function () use
//!   ($client)`) made a cycle the collector could not see: the client, its connection and its
//!   socket stayed until the end of the script.
//! - `Mqtt\Message`'s properties fail like PHP's readonly properties (\Error "Cannot modify
//!   readonly property Mqtt\Message::$topic"), where ext-php-rs throws a plain \Exception ("No
//!   setter available for this property.") or only raises a notice.
//!
//! ext-php-rs builds one handler table per class, once, inside the class's metadata (a
//! `static`), and recognises its objects by the address of that table; a table of our own would
//! make every object unrecognisable. So the table is changed in place, at module startup, before
//! any object exists; each handler replaced here hands what it does not handle to the one it
//! replaced.

use std::ffi::{c_char, c_int, c_void, CString};
use std::mem::size_of;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::OnceLock;

use ext_php_rs::class::{ClassMetadata, RegisteredClass};
use ext_php_rs::ffi::{self, zend_get_gc_buffer, zend_object, zend_string, zval, HashTable};
use ext_php_rs::types::{ZendClassObject, Zval};
use ext_php_rs::zend::ZendObjectHandlers;

use super::client::Client;
use super::compat::mosquitto::client::Client as MosquittoClient;
use super::message::Message;

/// A class whose objects hold callbacks the cycle collector must see.
pub trait HoldsCallbacks: RegisteredClass {
    /// Passes the zval of each callback the object holds, one per reference it owns.
    fn gc_callbacks(&self, each: &mut dyn FnMut(&Zval));
}

impl HoldsCallbacks for Client {
    fn gc_callbacks(&self, each: &mut dyn FnMut(&Zval)) {
        Client::gc_callbacks(self, each)
    }
}

impl HoldsCallbacks for MosquittoClient {
    fn gc_callbacks(&self, each: &mut dyn FnMut(&Zval)) {
        MosquittoClient::gc_callbacks(self, each)
    }
}

extern "C" {
    // The engine's scratch buffer for get_gc handlers (Zend/zend_gc.c): emptied by create(),
    // grown by grow(), valid until the next create().
    fn zend_get_gc_buffer_create() -> *mut zend_get_gc_buffer;
    fn zend_get_gc_buffer_grow(buffer: *mut zend_get_gc_buffer);
}

/// `BP_VAR_*` fetch modes of read_property (Zend/zend_compile.h) that modify what they fetch.
const BP_VAR_W: c_int = 1;
const BP_VAR_RW: c_int = 2;
const BP_VAR_UNSET: c_int = 5;

type ReadProperty = unsafe extern "C" fn(
    *mut zend_object,
    *mut zend_string,
    c_int,
    *mut *mut c_void,
    *mut zval,
) -> *mut zval;
type WriteProperty = unsafe extern "C" fn(
    *mut zend_object,
    *mut zend_string,
    *mut zval,
    *mut *mut c_void,
) -> *mut zval;
type UnsetProperty = unsafe extern "C" fn(*mut zend_object, *mut zend_string, *mut *mut c_void);

/// Message's handlers as ext-php-rs built them, for everything that is not a readonly write.
struct MessageHandlers {
    read: ReadProperty,
    write: WriteProperty,
    unset: UnsetProperty,
}

static MESSAGE: OnceLock<MessageHandlers> = OnceLock::new();

/// `Mosquitto\Client`'s dtor_obj as ext-php-rs built it (runs a subclass's __destruct()).
static COMPAT_DTOR: OnceLock<unsafe extern "C" fn(*mut zend_object)> = OnceLock::new();

/// `Mosquitto\Client`'s dtor_obj: disconnects with onDisconnect(0) (only an object whose
/// constructor ran: a subclass that skipped it has nothing to close), then the usual destructor.
unsafe extern "C" fn compat_client_dtor(object: *mut zend_object) {
    // SAFETY: the engine calls this with a live object of the class, during a request, on the
    // PHP thread; it is only read here (the client's state sits behind RefCells). A panic does
    // not unwind into the engine.
    unsafe {
        if let Some(obj) = object.as_ref() {
            let _ = catch_unwind(AssertUnwindSafe(|| {
                if let Some(client) = ZendClassObject::<MosquittoClient>::from_zend_obj(obj) {
                    client.destroyed();
                }
            }));
        }
        if let Some(dtor) = COMPAT_DTOR.get() {
            dtor(object);
        }
    }
}

/// Installs the handlers; called from MINIT (again on a module restart, which keeps them).
/// Returns false when ext-php-rs does not keep its tables where expected: the classes then work
/// as ext-php-rs alone makes them (no cycle collection of clients, ext-php-rs's errors).
pub fn install() -> bool {
    let client = patch::<Client>(|h| h.get_gc = Some(client_get_gc::<Client>));
    let compat = patch::<MosquittoClient>(|h| {
        h.get_gc = Some(client_get_gc::<MosquittoClient>);
        // Not cloneable: the engine itself refuses `clone` ("Trying to clone an uncloneable
        // object"), where ext-php-rs's handler would hand PHP a half-made object to destroy.
        h.clone_obj = None;
        if let Some(dtor) = h.dtor_obj {
            COMPAT_DTOR.get_or_init(|| dtor);
            h.dtor_obj = Some(compat_client_dtor);
        }
    });
    let message = patch::<Message>(|h| {
        let (Some(read), Some(write), Some(unset)) =
            (h.read_property, h.write_property, h.unset_property)
        else {
            return;
        };
        // On a module restart the table already holds ours, and the originals are those kept at
        // the first start.
        MESSAGE.get_or_init(|| MessageHandlers { read, write, unset });
        h.read_property = Some(message_read_property);
        h.write_property = Some(message_write_property);
        h.unset_property = Some(message_unset_property);
    });
    client && compat && message
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
    // SAFETY: per this function's contract; the buffer is grown before `cur` reaches `end`, so
    // the copy goes to a slot inside it. The copy is not counted: the collector only reads it.
    unsafe {
        if (*zv).u1.type_info & (ffi::IS_TYPE_REFCOUNTED << ffi::Z_TYPE_FLAGS_SHIFT) == 0 {
            return;
        }
        if (*buffer).cur == (*buffer).end {
            zend_get_gc_buffer_grow(buffer);
        }
        ptr::copy_nonoverlapping(zv, (*buffer).cur, 1);
        (*buffer).cur = (*buffer).cur.add(1);
    }
}

/// The clients' get_gc (`Mqtt\Client`, `Mosquitto\Client`): what zend_std_get_gc() reports (the properties), and the zval of each
/// callback the client holds, one per reference it owns.
unsafe extern "C" fn client_get_gc<T: HoldsCallbacks>(
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
            if let Some(client) = ZendClassObject::<T>::from_zend_obj(&*object) {
                client.gc_callbacks(&mut |zv: &Zval| gc_add(buffer, ptr::from_ref(zv).cast()));
            }
        }));
        *table = (*buffer).start;
        *n = (*buffer).cur.offset_from((*buffer).start) as c_int;
        properties
    }
}

/// The name of the readonly `Mqtt\Message` property `member` names, if it names one.
///
/// # Safety
/// `member` is null or a valid zend_string.
unsafe fn readonly_property(member: *mut zend_string) -> Option<&'static str> {
    // SAFETY: per this function's contract.
    let name = unsafe { member.as_ref() }?.as_str().ok()?;
    let prop = Message::get_metadata().find_property(name)?;
    prop.set.is_none().then_some(prop.name)
}

/// Throws PHP's `\Error` with `message`.
fn throw_error(message: String) {
    let message =
        CString::new(message).unwrap_or_else(|_| c"Cannot modify readonly property".into());
    // SAFETY: called from a property handler, during a request; "%s" takes the one C string.
    unsafe {
        ffi::zend_throw_error(
            ptr::null_mut(),
            c"%s".as_ptr(),
            message.as_ptr().cast::<c_char>(),
        )
    };
}

/// Throws PHP's readonly error ("Cannot modify readonly property Mqtt\Message::$topic") when
/// `member` names a readonly property of Message; returns whether it did. Never unwinds: it runs
/// inside `extern "C"` handlers.
///
/// # Safety
/// `member` is null or a valid zend_string, and a request is running.
unsafe fn refuse(member: *mut zend_string, verb: &str) -> bool {
    catch_unwind(|| {
        // SAFETY: per this function's contract.
        let Some(name) = (unsafe { readonly_property(member) }) else {
            return false;
        };
        throw_error(format!(
            "Cannot {verb} readonly property {}::${name}",
            Message::CLASS_NAME
        ));
        true
    })
    .unwrap_or(false)
}

/// Writing `$message->topic = ...` (also `.=`, `++`): PHP's readonly error.
unsafe extern "C" fn message_write_property(
    object: *mut zend_object,
    member: *mut zend_string,
    value: *mut zval,
    cache_slot: *mut *mut c_void,
) -> *mut zval {
    // SAFETY: the engine passes a valid member name, during a request.
    if unsafe { refuse(member, "modify") } {
        return value; // as ext-php-rs's handler does after an error
    }
    let original = MESSAGE.get().map(|h| h.write);
    match original {
        // SAFETY: the handler this one replaced, with the arguments the engine gave.
        Some(write) => unsafe { write(object, member, value, cache_slot) },
        None => value,
    }
}

/// `unset($message->topic)`: PHP's readonly error.
unsafe extern "C" fn message_unset_property(
    object: *mut zend_object,
    member: *mut zend_string,
    cache_slot: *mut *mut c_void,
) {
    // SAFETY: as in message_write_property().
    if unsafe { refuse(member, "unset") } {
        return;
    }
    if let Some(unset) = MESSAGE.get().map(|h| h.unset) {
        // SAFETY: the handler this one replaced, with the arguments the engine gave.
        unsafe { unset(object, member, cache_slot) }
    }
}

/// A fetch for writing (`$message->properties['k'] = 1`, `$r = &$message->mid`): PHP's readonly
/// error, as zend_std_read_property() raises it, instead of ext-php-rs's notice "Indirect
/// modification of overloaded property"; reads go to ext-php-rs.
unsafe extern "C" fn message_read_property(
    object: *mut zend_object,
    member: *mut zend_string,
    type_: c_int,
    cache_slot: *mut *mut c_void,
    rv: *mut zval,
) -> *mut zval {
    if matches!(type_, BP_VAR_W | BP_VAR_RW | BP_VAR_UNSET) {
        // SAFETY: as in message_write_property().
        if unsafe { refuse(member, "modify") } {
            // SAFETY: the executor globals exist during a request; their uninitialized_zval is
            // what the engine itself returns here.
            return unsafe {
                match ffi::ext_php_rs_executor_globals().as_mut() {
                    Some(eg) => ptr::addr_of_mut!(eg.uninitialized_zval),
                    None => rv,
                }
            };
        }
    }
    match MESSAGE.get().map(|h| h.read) {
        // SAFETY: the handler this one replaced, with the arguments the engine gave.
        Some(read) => unsafe { read(object, member, type_, cache_slot, rv) },
        None => rv,
    }
}
