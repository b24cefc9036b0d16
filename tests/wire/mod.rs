//! Reading MQTT packets off a socket, for the scripted fake brokers of the conformance tests.

use std::io::Read;
use std::net::TcpStream;

/// One MQTT packet from the stream: (first byte, body).
pub fn read_packet(s: &mut TcpStream) -> (u8, Vec<u8>) {
    let mut first = [0u8; 1];
    s.read_exact(&mut first).unwrap();
    let (mut len, mut shift) = (0usize, 0);
    loop {
        let mut b = [0u8; 1];
        s.read_exact(&mut b).unwrap();
        len |= ((b[0] & 0x7f) as usize) << shift;
        shift += 7;
        if b[0] & 0x80 == 0 {
            break;
        }
    }
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).unwrap();
    (first[0], body)
}
