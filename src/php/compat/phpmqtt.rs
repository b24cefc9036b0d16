//! `Bluerhinos\phpMQTT`, also known as `phpMQTT`: the class of the bluerhinos/phpMQTT library, over
//! our engine. Scripts keep their shape; QoS 1/2 work for real (publishes wait for PUBACK/PUBCOMP,
//! received messages are acknowledged after their callbacks and reach them without the packet id).
//!
//! The script-visible state lives in real PHP properties (`topics`, `debug`, `address`, ...), as
//! in the original: scripts read and write them, and the callables in `topics` are seen by the
//! cycle collector like any property. The Rust side only keeps the connection.
//!
//! Methods find their object through the executing frame's `$this` rather than a `&mut` receiver:
//! callbacks run from proc() call back into the same object (publish() from a message handler),
//! and two live `&mut` to one object would be undefined behaviour.

use std::cell::RefCell;
use std::ffi::c_int;
use std::ptr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ext_php_rs::builders::{ClassBuilder, ClassProperty};
use ext_php_rs::class::RegisteredClass;
use ext_php_rs::ffi::{self, zend_object};
use ext_php_rs::flags::PropertyFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ArrayKey, ZendCallable, ZendHashTable, ZendStr, Zval};

use super::super::callback::Callback;
use super::super::exceptions::to_php;
use super::super::ini;
use super::super::interrupt;
use crate::engine::value::Value;
use crate::engine::{features, topic, Connection, Error, Event, Options};

/// The pseudo-callback subscribeAndWaitForMessage() files its filter under (as the original does).
const DIRECT_RETURN: &[u8] = b"__direct_return_message__";

/// How long proc() waits for a message when idle (the original slept 100 ms).
const IDLE_WAIT: Duration = Duration::from_millis(100);

/// connect_auto()'s pause between attempts.
const RETRY_EVERY: Duration = Duration::from_secs(10);

#[php_class]
#[php(name = "Bluerhinos\\phpMQTT")]
#[php(modifier = declare_properties)]
pub struct PhpMqtt {
    conn: RefCell<Option<Arc<Connection>>>,
    /// The CONNACK connect() already reported is still queued as an event: proc() skips it.
    first_connack: std::cell::Cell<bool>,
    /// The password last given to connect(): kept here, not in `$password`, so that var_dump(),
    /// print_r(), var_export() and (array) of the object never show it.
    password: RefCell<Option<Vec<u8>>>,
}

/// The public properties of the original class, with its defaults.
fn declare_properties(builder: ClassBuilder) -> ClassBuilder {
    const NAMES: [&str; 11] = [
        "keepalive",
        "timesinceping",
        "topics",
        "debug",
        "address",
        "port",
        "clientid",
        "will",
        "cafile",
        "username",
        "password",
    ];
    NAMES.iter().fold(builder, |b, &name| {
        let default: Box<dyn FnOnce() -> ext_php_rs::error::Result<Zval>> = match name {
            "keepalive" => Box::new(|| {
                let mut z = Zval::new();
                z.set_long(10);
                Ok(z)
            }),
            "debug" => Box::new(|| {
                let mut z = Zval::new();
                z.set_bool(false);
                Ok(z)
            }),
            "topics" => Box::new(|| Ok(empty_array())),
            _ => Box::new(|| Ok(Zval::null())),
        };
        b.property(ClassProperty {
            name: name.into(),
            flags: PropertyFlags::Public,
            default: Some(default),
            docs: &[],
            ty: None,
            nullable: true,
            readonly: false,
            default_stub: None,
        })
    })
}

/// `[]` as the engine's immutable empty array (ZVAL_EMPTY_ARRAY): the default of a property of an
/// internal class must not be reference counted.
fn empty_array() -> Zval {
    let mut z = Zval::new();
    // zend_empty_array is the engine's static, immutable empty array; a zval of type IS_ARRAY
    // without the refcounted flag may point at it (that is ZVAL_EMPTY_ARRAY), and the engine
    // never writes through it.
    z.value.arr = ptr::addr_of!(ffi::zend_empty_array).cast_mut();
    z.u1.type_info = ffi::IS_ARRAY;
    z
}

extern "C" {
    fn zend_register_class_alias_ex(
        name: *const std::ffi::c_char,
        name_len: usize,
        ce: *mut ffi::zend_class_entry,
        persistent: bool,
    ) -> c_int;
}

/// Registers the global name `phpMQTT` as an alias of `Bluerhinos\phpMQTT`, once the classes
/// are registered (see `post_startup.rs`).
pub fn register_alias() {
    let meta = PhpMqtt::get_metadata();
    if meta.has_ce() {
        let ce = meta.ce();
        let name = b"phpMQTT";
        // SAFETY: the class entry is registered and lives as long as the module; the engine
        // copies the name. A failure (the name is taken) leaves only the namespaced name.
        unsafe {
            zend_register_class_alias_ex(
                name.as_ptr().cast(),
                name.len(),
                ptr::from_ref(ce).cast_mut(),
                true,
            );
        }
    }
}

/// The object whose method is running: `$this` of the current frame.
#[derive(Clone, Copy)]
struct This(*mut zend_object);

impl This {
    fn get() -> PhpResult<This> {
        // SAFETY: during a method call (or the constructor) of this class, EG(current_execute_data)
        // is that call's frame and its `This` holds the object; both are only read.
        let obj = unsafe {
            let eg = ffi::ext_php_rs_executor_globals();
            let ex = eg.as_ref().map(|eg| eg.current_execute_data);
            match ex.and_then(|ex| ex.as_mut()) {
                Some(ex) => ex.This.object_mut().map(|o| ptr::from_mut(o)),
                None => None,
            }
        };
        let meta = PhpMqtt::get_metadata();
        let ce = meta.has_ce().then(|| meta.ce());
        match (obj, ce) {
            // SAFETY: a live object (the frame's $this); only its class entry is read.
            (Some(obj), Some(ce)) if unsafe { (*(*obj).ce).instance_of(ce) } => Ok(This(obj)),
            _ => Err(to_php(Error::invalid("phpMQTT: no object to work on"))),
        }
    }

    /// The value of a property (a counted copy; null when it is not there).
    fn prop(self, name: &str) -> Zval {
        let mut key = ZendStr::new(name, false);
        let mut rv = Zval::new();
        // SAFETY: a live object and a valid name; BP_VAR_IS (3) reads without a warning for an
        // unset property. The returned zval is either the property's slot or `rv`; it is copied
        // (its own reference counted) before `rv` goes.
        unsafe {
            let p =
                ffi::zend_std_read_property(self.0, &raw mut *key, 3, ptr::null_mut(), &raw mut rv);
            match p.as_ref() {
                Some(z) => z.dereference().shallow_clone(),
                None => Zval::null(),
            }
        }
    }

    fn set(self, name: &str, mut value: Zval) {
        let mut key = ZendStr::new(name, false);
        // SAFETY: a live object, a valid name; the engine takes its own reference to `value`
        // (and this function drops its own when it returns).
        unsafe {
            ffi::zend_std_write_property(self.0, &raw mut *key, &raw mut value, ptr::null_mut());
        }
    }

    fn set_long(self, name: &str, v: i64) {
        let mut z = Zval::new();
        z.set_long(v);
        self.set(name, z);
    }

    /// Echoes a trace line when `$this->debug === true`, as the original did.
    fn debug(self, message: &str) {
        if self.prop("debug").bool() != Some(true) {
            return;
        }
        let stamp = ZendCallable::try_from_name("date")
            .ok()
            .and_then(|date| date.try_call(vec![&"r: "]).ok())
            .and_then(|z| z.string())
            .unwrap_or_default();
        echo(format!("{stamp}{message}\n").as_bytes());
    }
}

/// Writes bytes to PHP's output (binary-safe).
fn echo(bytes: &[u8]) {
    // SAFETY: php_output_write copies `len` bytes from a valid buffer to the output layer.
    unsafe {
        ffi::php_output_write(bytes.as_ptr().cast(), bytes.len());
    }
}

/// A warning, as PHP's functions raise them ("Bluerhinos\phpMQTT::publish(): ..."); none while an
/// exception is pending.
fn warn(message: &str) {
    if interrupt::exception_pending() {
        return;
    }
    let Ok(text) = std::ffi::CString::new(message.replace('\0', "\\0")) else {
        return;
    };
    // SAFETY: called during a request from a method of this class; "%s" takes the one C string.
    unsafe {
        ffi::php_error_docref(
            ptr::null(),
            ffi::E_WARNING as c_int,
            c"%s".as_ptr(),
            text.as_ptr(),
        );
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The bytes of a value used as a string (the original's parameters are untyped: PHP's own
/// string conversion; null is "").
fn bytes_of(zv: &Zval) -> Vec<u8> {
    let zv = zv.dereference();
    if let Some(s) = zv.zend_str() {
        return s.as_bytes().to_vec();
    }
    if zv.is_null() {
        return Vec::new();
    }
    zv.coerce_to_string().unwrap_or_default().into_bytes()
}

fn long_of(zv: &Zval) -> i64 {
    let zv = zv.dereference();
    zv.long().or_else(|| zv.coerce_to_long()).unwrap_or(0)
}

fn opt_arg(zv: Option<&Zval>) -> Zval {
    zv.map(|z| z.dereference().shallow_clone())
        .unwrap_or_default()
}

/// A user name or password property: none when null, false or "" (the original skipped empty
/// ones, so `connect(true, NULL, '', '')` connects anonymously).
fn credential(zv: &Zval) -> Option<Vec<u8>> {
    let zv = zv.dereference();
    if zv.is_null() || zv.is_false() {
        return None;
    }
    let b = bytes_of(zv);
    (!b.is_empty()).then_some(b)
}

fn key_string(k: &ArrayKey) -> String {
    match k {
        ArrayKey::Long(i) => i.to_string(),
        ArrayKey::String(s) => s.clone(),
        ArrayKey::Str(s) => (*s).to_string(),
        ArrayKey::ZendString(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
    }
}

fn insert(ht: &mut ZendHashTable, key: &ArrayKey, value: Zval) {
    let _ = match key {
        ArrayKey::Long(i) => ht.insert_at_index(*i, value),
        other => ht.insert(key_string(other).as_str(), value),
    };
}

/// What handling one message came to.
enum Handled {
    /// A subscribeAndWaitForMessage() filter matched: its payload.
    Return(Vec<u8>),
    /// Whether a filter matched.
    Found(bool),
}

/// What one turn of proc() came to.
enum Turn {
    Idle,
    Return(Vec<u8>),
}

impl PhpMqtt {
    fn connection(&self) -> Option<Arc<Connection>> {
        self.conn.borrow().clone()
    }

    /// connect() without its bool: why it failed.
    fn try_connect(
        &self,
        this: This,
        clean: bool,
        will: Zval,
        username: Zval,
        password: Zval,
    ) -> Result<(), String> {
        // As the original: arguments given replace the properties; empty ones leave them.
        if will.coerce_to_bool() {
            this.set("will", will);
        }
        if credential(&username).is_some() {
            this.set("username", username);
        }
        if let Some(p) = credential(&password) {
            *self.password.borrow_mut() = Some(p);
        }
        // A cafile means TLS, trusting that CA, as in the original.
        let cafile = this.prop("cafile");
        let tls = if cafile.coerce_to_bool() {
            if !features::TLS.built {
                return Err(format!(
                    "{}; not connecting in clear text",
                    features::TLS.missing("a cafile (TLS)").message
                ));
            }
            Some(Value::Array(vec![(
                "ca_file".to_string(),
                Value::Str(bytes_of(&cafile)),
            )]))
        } else {
            None
        };
        let address = String::from_utf8(bytes_of(&this.prop("address")))
            .map_err(|_| "the address must be valid UTF-8".to_string())?;
        let port = long_of(&this.prop("port"));
        let mut pairs: Vec<(String, Value)> = vec![
            (
                "client_id".into(),
                Value::Str(bytes_of(&this.prop("clientid"))),
            ),
            ("clean_session".into(), Value::Bool(clean)),
            (
                "keep_alive".into(),
                Value::Int(long_of(&this.prop("keepalive"))),
            ),
            // The engine reconnects by itself (and resubscribes) where the original's proc() had
            // to notice the dead socket and call connect_auto().
            ("reconnect".into(), Value::Bool(true)),
        ];
        if let Some(tls) = tls {
            pairs.push(("tls".into(), tls));
        }
        if let Some(u) = credential(&this.prop("username")) {
            pairs.push(("username".into(), Value::Str(u)));
        }
        // A password given to connect(), else one the script put in the property.
        let password = self.password.borrow().clone();
        if let Some(p) = password.or_else(|| credential(&this.prop("password"))) {
            pairs.push(("password".into(), Value::Str(p)));
        }
        let will = this.prop("will");
        if !will.is_null() {
            let Some(w) = will.array() else {
                return Err("the will must be an array with topic, content, qos and retain".into());
            };
            let field = |k: &str| w.get(k).map(|z| z.dereference().shallow_clone());
            let mut spec = vec![(
                "topic".to_string(),
                Value::Str(field("topic").map(|z| bytes_of(&z)).unwrap_or_default()),
            )];
            spec.push((
                "payload".into(),
                Value::Str(field("content").map(|z| bytes_of(&z)).unwrap_or_default()),
            ));
            spec.push((
                "qos".into(),
                Value::Int(field("qos").map(|z| long_of(&z)).unwrap_or(0)),
            ));
            spec.push((
                "retain".into(),
                Value::Bool(field("retain").is_some_and(|z| z.coerce_to_bool())),
            ));
            pairs.push(("will".into(), Value::Array(spec)));
        }
        let options =
            Options::parse(&address, port, &pairs, ini::defaults()).map_err(|e| e.message)?;
        // A second connect() replaces the first connection, as the original opened a new socket.
        let old = self.conn.borrow_mut().take();
        drop(old);
        let conn = Connection::connect(options, &mut interrupt::check).map_err(|e| e.message)?;
        *self.conn.borrow_mut() = Some(Arc::new(conn));
        self.first_connack.set(true);
        this.set_long("timesinceping", now());
        this.debug("Connected to Broker");
        Ok(())
    }

    fn connect_with(
        &self,
        this: This,
        clean: Option<&Zval>,
        will: Option<&Zval>,
        username: Option<&Zval>,
        password: Option<&Zval>,
    ) -> bool {
        let clean = clean.is_none_or(|c| c.dereference().coerce_to_bool());
        match self.try_connect(
            this,
            clean,
            opt_arg(will),
            opt_arg(username),
            opt_arg(password),
        ) {
            Ok(()) => true,
            Err(why) => {
                this.debug(&format!("Connection failed! ({why})"));
                false
            }
        }
    }

    /// Subscribes to each filter of `topics` (`filter => ['qos' => n, 'function' => callable]`)
    /// and merges the entries into `$this->topics`.
    fn subscribe_all(&self, this: This, topics: &ZendHashTable) -> PhpResult<()> {
        let wanted: Vec<(ArrayKey<'static>, Zval)> = topics
            .iter()
            .map(|(k, v)| {
                let k = match k {
                    ArrayKey::Long(i) => ArrayKey::Long(i),
                    other => ArrayKey::String(key_string(&other)),
                };
                (k, v.dereference().shallow_clone())
            })
            .collect();
        // Merge: entries already there keep their place, as `$this->topics[$key] = $topic` does.
        let current = this.prop("topics");
        let mut merged = ZendHashTable::new();
        if let Some(ht) = current.array() {
            for (k, v) in ht.iter() {
                let replaced = wanted
                    .iter()
                    .find(|(wk, _)| key_string(wk) == key_string(&k));
                let v = match replaced {
                    Some((_, nv)) => nv.shallow_clone(),
                    None => v.shallow_clone(),
                };
                insert(&mut merged, &k, v);
            }
        }
        for (k, v) in &wanted {
            if merged.get(key_string(k).as_str()).is_none()
                && !matches!(k, ArrayKey::Long(i) if merged.get_index(*i).is_some())
            {
                insert(&mut merged, k, v.shallow_clone());
            }
        }
        let mut z = Zval::new();
        z.set_hashtable(merged);
        this.set("topics", z);

        let Some(conn) = self.connection() else {
            warn("not connected; call connect() first");
            return Ok(());
        };
        for (k, v) in &wanted {
            let filter = key_string(k);
            let qos = v
                .array()
                .and_then(|a| a.get("qos"))
                .map(long_of)
                .unwrap_or(0);
            match conn.subscribe(&filter, qos, conn.options().timeout, &mut interrupt::check) {
                Ok(granted) => this.debug(&format!(
                    "Subscribed to {filter} (QoS {qos} asked, {granted} granted)"
                )),
                Err(e) if interrupt::exception_pending() => return Err(to_php(e)),
                Err(e) => warn(&format!("cannot subscribe to \"{filter}\": {}", e.message)),
            }
        }
        Ok(())
    }

    /// Hands a message to every filter of `$this->topics` it matches, in their order, by MQTT
    /// rules. With `only`, a subscribeAndWaitForMessage() entry returns the message only when it is
    /// the one for that filter; without, any such entry does (as proc() did in the original).
    fn handle(
        &self,
        this: This,
        topic: &str,
        payload: &[u8],
        only: Option<&str>,
    ) -> PhpResult<Handled> {
        let topics = this.prop("topics");
        // Taken first: a callback may change $this->topics while the others wait.
        let entries: Vec<(String, Zval)> = match topics.array() {
            Some(ht) => ht
                .iter()
                .map(|(k, v)| {
                    let function = v
                        .dereference()
                        .array()
                        .and_then(|a| a.get("function"))
                        .map(|f| f.dereference().shallow_clone())
                        .unwrap_or_default();
                    (key_string(&k), function)
                })
                .collect(),
            None => Vec::new(),
        };
        drop(topics);
        let mut found = false;
        for (filter, function) in entries {
            if topic::validate_filter(&filter).is_err() || !topic::topic_matches(&filter, topic) {
                continue;
            }
            if function
                .zend_str()
                .is_some_and(|s| s.as_bytes() == DIRECT_RETURN)
            {
                match only {
                    Some(wanted) if wanted != filter => continue,
                    _ => return Ok(Handled::Return(payload.to_vec())),
                }
            }
            found = true;
            match Callback::new(&function) {
                Some(cb) => {
                    let mut t = Zval::new();
                    t.set_string(topic, false)
                        .map_err(|e| to_php(Error::invalid(e.to_string())))?;
                    let mut p = Zval::new();
                    p.set_binary(payload.to_vec());
                    cb.try_call(vec![&t, &p])?;
                    if interrupt::exception_pending() {
                        return Err(to_php(Error::interrupted()));
                    }
                }
                None => warn(&format!(
                    "Message received on topic {topic} but function is not callable."
                )),
            }
        }
        if !found {
            this.debug("msg received but no match in subscriptions");
        }
        Ok(Handled::Found(found))
    }

    /// One turn of proc(): handles the next event, waiting up to `wait` for one.
    fn turn(
        &self,
        this: This,
        conn: &Arc<Connection>,
        wait: Duration,
        only: Option<&str>,
    ) -> PhpResult<Turn> {
        let event = conn
            .next_event(Some(wait), &mut interrupt::check)
            .map_err(to_php)?;
        if conn.is_connected() {
            this.set_long("timesinceping", now());
        }
        match event {
            Some(Event::Message(m)) => {
                this.debug(&format!(
                    "Received CMD: 3 (PUBLISH) on {} (QoS {}, {} bytes)",
                    m.topic,
                    m.qos,
                    m.payload.len()
                ));
                match self.handle(this, &m.topic, &m.payload, only) {
                    Ok(handled) => {
                        // Acknowledged once its callbacks ran (PUBACK, or PUBREC for QoS 2).
                        conn.settle(&m, true).map_err(to_php)?;
                        Ok(match handled {
                            Handled::Return(p) => Turn::Return(p),
                            Handled::Found(_) => Turn::Idle,
                        })
                    }
                    Err(e) => {
                        // Not acknowledged: the broker redelivers it (persistent session).
                        let _ = conn.settle(&m, false);
                        Err(e)
                    }
                }
            }
            Some(Event::Connected { .. }) if self.first_connack.replace(false) => Ok(Turn::Idle),
            Some(Event::Connected { session_present }) => {
                this.debug(&format!(
                    "Connected to Broker again (session present: {})",
                    if session_present { "yes" } else { "no" }
                ));
                Ok(Turn::Idle)
            }
            Some(Event::Disconnected { error }) => {
                let why = error.map(|e| e.message).unwrap_or_else(|| "closed".into());
                this.debug(&format!("connection lost ({why}); reconnecting"));
                Ok(Turn::Idle)
            }
            _ => Ok(Turn::Idle),
        }
    }

    /// The connection for proc(): None (with a warning) when there is none to read from.
    fn live(&self) -> Option<Arc<Connection>> {
        match self.connection() {
            Some(c) if !c.is_closed() || c.has_events() => Some(c),
            Some(c) => {
                let why = c
                    .closed_reason()
                    .map(|e| e.message)
                    .unwrap_or_else(|| "the connection was closed".into());
                warn(&format!("{why}; call connect() again"));
                None
            }
            None => {
                warn("not connected; call connect() first");
                None
            }
        }
    }

    fn close_connection(&self, this: This) {
        let conn = self.conn.borrow_mut().take();
        if let Some(conn) = conn {
            if !conn.is_closed() {
                if let Err(e) = conn.disconnect(conn.options().timeout, &mut interrupt::check) {
                    this.debug(&format!("disconnect: {}", e.message));
                }
            }
        }
    }
}

fn string_zval(bytes: Vec<u8>) -> Zval {
    let mut z = Zval::new();
    z.set_binary(bytes);
    z
}

fn bool_zval(b: bool) -> Zval {
    let mut z = Zval::new();
    z.set_bool(b);
    z
}

#[php_impl]
impl PhpMqtt {
    /// Sets the broker's address, port, client id and CA file; connects nothing.
    pub fn __construct(
        address: &Zval,
        port: &Zval,
        clientid: &Zval,
        cafile: Option<&Zval>,
    ) -> PhpResult<Self> {
        let this = This::get()?;
        set_broker(this, address, port, clientid, cafile);
        Ok(PhpMqtt {
            conn: RefCell::new(None),
            first_connack: std::cell::Cell::new(false),
            password: RefCell::new(None),
        })
    }

    pub fn broker(
        &self,
        address: &Zval,
        port: &Zval,
        clientid: &Zval,
        cafile: Option<&Zval>,
    ) -> PhpResult<()> {
        set_broker(This::get()?, address, port, clientid, cafile);
        Ok(())
    }

    /// Connects and waits for the CONNACK: true once accepted, false otherwise (never throws).
    pub fn connect(
        &self,
        clean: Option<&Zval>,
        will: Option<&Zval>,
        username: Option<&Zval>,
        password: Option<&Zval>,
    ) -> bool {
        match This::get() {
            Ok(this) => self.connect_with(this, clean, will, username, password),
            Err(_) => false,
        }
    }

    /// connect() again every 10 seconds until it succeeds.
    #[php(name = "connect_auto")]
    pub fn connect_auto(
        &self,
        clean: Option<&Zval>,
        will: Option<&Zval>,
        username: Option<&Zval>,
        password: Option<&Zval>,
    ) -> PhpResult<bool> {
        let this = This::get()?;
        loop {
            if self.connect_with(this, clean, will, username, password) {
                return Ok(true);
            }
            this.debug("connect failed; trying again in 10 s");
            let until = Instant::now() + RETRY_EVERY;
            while Instant::now() < until {
                std::thread::sleep(Duration::from_millis(50));
                if let Err(e) = interrupt::check() {
                    return Err(to_php(e));
                }
            }
        }
    }

    /// Publishes; QoS 1 and 2 return once the broker acknowledged (PUBACK / PUBCOMP).
    pub fn publish(
        &self,
        topic: &Zval,
        content: &Zval,
        qos: Option<&Zval>,
        retain: Option<&Zval>,
    ) -> PhpResult<()> {
        let this = This::get()?;
        let topic = bytes_of(topic);
        let content = bytes_of(content);
        let qos = qos.map(long_of).unwrap_or(0);
        let retain = retain.is_some_and(|r| r.dereference().coerce_to_bool());
        let Some(conn) = self.connection() else {
            warn("not connected; call connect() first");
            return Ok(());
        };
        match conn.publish(
            &topic,
            bytes::Bytes::from(content),
            qos,
            retain,
            conn.options().timeout,
            &mut interrupt::check,
        ) {
            Ok(pkid) if qos > 0 => {
                this.debug(&format!("publish {pkid} acknowledged (QoS {qos})"));
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(e) if interrupt::exception_pending() => Err(to_php(e)),
            Err(e) => {
                warn(&format!("publish failed: {}", e.message));
                Ok(())
            }
        }
    }

    /// Subscribes to `['filter' => ['qos' => n, 'function' => callable], ...]` and merges it into
    /// `$this->topics`. (`$qos` is accepted and unused: each filter carries its own.)
    pub fn subscribe(&self, topics: &Zval, qos: Option<&Zval>) -> PhpResult<()> {
        let _ = qos;
        let this = This::get()?;
        match topics.dereference().array() {
            Some(ht) => self.subscribe_all(this, ht),
            None => {
                warn("$topics must be an array of filter => ['qos' => ..., 'function' => ...]");
                Ok(())
            }
        }
    }

    /// Subscribes to `$topic` and returns the payload of the first message on it.
    pub fn subscribe_and_wait_for_message(
        &self,
        topic: &Zval,
        qos: &Zval,
    ) -> PhpResult<ext_php_rs::binary::Binary<u8>> {
        let this = This::get()?;
        let filter = String::from_utf8_lossy(&bytes_of(topic)).into_owned();
        let mut entry = ZendHashTable::new();
        entry
            .insert("qos", qos.dereference().shallow_clone())
            .map_err(|e| to_php(Error::invalid(e.to_string())))?;
        entry
            .insert(
                "function",
                std::str::from_utf8(DIRECT_RETURN).unwrap_or_default(),
            )
            .map_err(|e| to_php(Error::invalid(e.to_string())))?;
        let mut ez = Zval::new();
        ez.set_hashtable(entry);
        let mut one = ZendHashTable::new();
        insert(&mut one, &ArrayKey::String(filter.clone()), ez);
        self.subscribe_all(this, &one)?;
        loop {
            let Some(conn) = self.live() else {
                return Ok(Vec::new().into());
            };
            if let Turn::Return(p) =
                self.turn(this, &conn, Duration::from_secs(1), Some(&filter))?
            {
                return Ok(p.into());
            }
        }
    }

    /// Handles what has arrived (one message per call); when nothing has and `$loop` is true,
    /// waits up to 100 ms for it. Returns true, a payload for a subscribeAndWaitForMessage()
    /// filter, or false when there is no connection.
    pub fn proc(&self, r#loop: Option<&Zval>) -> PhpResult<Zval> {
        let this = This::get()?;
        let wait = if r#loop.is_none_or(|l| l.dereference().coerce_to_bool()) {
            IDLE_WAIT
        } else {
            Duration::ZERO
        };
        let Some(conn) = self.live() else {
            return Ok(bool_zval(false));
        };
        Ok(match self.turn(this, &conn, wait, None)? {
            Turn::Return(p) => string_zval(p),
            Turn::Idle => bool_zval(true),
        })
    }

    /// The engine keeps the connection alive by itself; this records the time, as the original.
    pub fn ping(&self) -> PhpResult<()> {
        let this = This::get()?;
        this.set_long("timesinceping", now());
        this.debug("ping sent");
        Ok(())
    }

    /// Sends DISCONNECT (after what is queued) and closes.
    pub fn disconnect(&self) -> PhpResult<()> {
        self.close_connection(This::get()?);
        Ok(())
    }

    /// As disconnect().
    pub fn close(&self) -> PhpResult<()> {
        self.close_connection(This::get()?);
        Ok(())
    }

    /// Handles the body of a PUBLISH packet given by the script (topic length, topic, payload)
    /// as if it had arrived: the payload for a subscribeAndWaitForMessage() filter, else whether a
    /// filter matched.
    pub fn message(&self, msg: &Zval) -> PhpResult<Zval> {
        let this = This::get()?;
        let msg = bytes_of(msg);
        if msg.len() < 2 {
            return Ok(bool_zval(false));
        }
        let len = ((msg[0] as usize) << 8 | msg[1] as usize).min(msg.len() - 2);
        let topic = String::from_utf8_lossy(&msg[2..2 + len]).into_owned();
        Ok(match self.handle(this, &topic, &msg[2 + len..], None)? {
            Handled::Return(p) => string_zval(p),
            Handled::Found(f) => bool_zval(f),
        })
    }

    /// There is no socket to read from: always "".
    pub fn read(&self, int: Option<&Zval>, nb: Option<&Zval>) -> String {
        let _ = (int, nb);
        String::new()
    }

    /// Prints a string byte by byte (offset, bits, hex, character), as the original.
    pub fn printstr(&self, string: &Zval) {
        let mut out = String::new();
        for (j, &b) in bytes_of(string).iter().enumerate() {
            let c = if b > 31 && b < 127 { b as char } else { ' ' };
            out.push_str(&format!("{j:4}: {b:08b} : 0x{b:02x} : {c} \n"));
        }
        echo(out.as_bytes());
    }
}

fn set_broker(this: This, address: &Zval, port: &Zval, clientid: &Zval, cafile: Option<&Zval>) {
    this.set("address", address.dereference().shallow_clone());
    this.set("port", port.dereference().shallow_clone());
    this.set("clientid", clientid.dereference().shallow_clone());
    this.set("cafile", opt_arg(cafile));
}

impl Drop for PhpMqtt {
    fn drop(&mut self) {
        // Closes with DISCONNECT when this was the last reference.
        drop(self.conn.get_mut().take());
    }
}
