//! Records the rumqttc version from Cargo.lock for phpinfo().
fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut version = "unknown".to_string();
    let mut in_rumqttc = false;
    for line in lock.lines() {
        if line == "name = \"rumqttc\"" {
            in_rumqttc = true;
        } else if in_rumqttc {
            if let Some(v) = line.strip_prefix("version = \"") {
                version = v.trim_end_matches('"').to_string();
                break;
            }
        }
    }
    println!("cargo:rustc-env=MQTT_RUMQTTC_VERSION={version}");
}
