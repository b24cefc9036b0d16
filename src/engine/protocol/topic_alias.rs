//! MQTT 5 topic aliases for outgoing messages: the first publish to a topic names the topic and
//! an alias, later ones only the alias, up to the number of aliases the broker's CONNACK allows.
//! Aliases belong to one connection: a publish sent again on the next one gets its topic back.

use std::collections::HashMap;

use bytes::Bytes;
use rumqttc::v5::mqttbytes::v5::{Publish, PublishProperties};

#[derive(Default)]
pub struct TopicAliases {
    by_topic: HashMap<Bytes, u16>,
    /// This connection's aliases, to give a publish its topic back after a reconnect.
    topics: HashMap<u16, Bytes>,
    /// The last connection's, for the publishes it left unacknowledged.
    previous: HashMap<u16, Bytes>,
    max: u16,
}

impl TopicAliases {
    /// A new connection, whose broker allows `max` aliases (0: none).
    pub fn start(&mut self, max: u16) {
        self.previous = std::mem::take(&mut self.topics);
        self.by_topic.clear();
        self.max = max;
    }

    /// Gives `p` an alias: a known topic is sent as its alias alone.
    pub fn apply(&mut self, p: &mut Publish) {
        if self.max == 0 || p.topic.is_empty() {
            return;
        }
        let alias = match self.by_topic.get(&p.topic) {
            Some(alias) => {
                let alias = *alias;
                p.topic = Bytes::new();
                alias
            }
            None if self.by_topic.len() < self.max as usize => {
                let alias = self.by_topic.len() as u16 + 1;
                self.by_topic.insert(p.topic.clone(), alias);
                self.topics.insert(alias, p.topic.clone());
                alias
            }
            None => return,
        };
        p.properties
            .get_or_insert_with(PublishProperties::default)
            .topic_alias = Some(alias);
    }

    /// A publish of the last connection, to be sent on this one: its topic in full, no alias.
    pub fn restore(&self, p: &mut Publish) {
        let Some(props) = p.properties.as_mut() else {
            return;
        };
        if let Some(alias) = props.topic_alias.take() {
            if p.topic.is_empty() {
                if let Some(topic) = self.previous.get(&alias) {
                    p.topic = topic.clone();
                }
            }
        }
        if *props == PublishProperties::default() {
            p.properties = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rumqttc::v5::mqttbytes::QoS;

    fn publish(topic: &str) -> Publish {
        Publish::new(topic, QoS::AtLeastOnce, "x", None)
    }

    #[test]
    fn repeated_topics_go_as_aliases_within_the_brokers_maximum() {
        let mut a = TopicAliases::default();
        a.start(1);
        let (mut first, mut again, mut other) = (publish("a/b"), publish("a/b"), publish("c"));
        a.apply(&mut first);
        a.apply(&mut again);
        a.apply(&mut other);
        assert_eq!(
            (&first.topic[..], first.properties.unwrap().topic_alias),
            (&b"a/b"[..], Some(1))
        );
        assert_eq!(
            (&again.topic[..], again.properties.unwrap().topic_alias),
            (&b""[..], Some(1))
        );
        assert_eq!((&other.topic[..], other.properties), (&b"c"[..], None));
    }

    #[test]
    fn a_publish_of_the_last_connection_gets_its_topic_back() {
        let mut a = TopicAliases::default();
        a.start(5);
        let (mut first, mut again) = (publish("a/b"), publish("a/b"));
        a.apply(&mut first);
        a.apply(&mut again);
        a.start(5);
        a.restore(&mut again);
        assert_eq!((&again.topic[..], again.properties), (&b"a/b"[..], None));
        let mut fresh = publish("a/b");
        a.apply(&mut fresh);
        assert_eq!(
            &fresh.topic[..],
            b"a/b",
            "the new connection names the topic again"
        );
    }

    #[test]
    fn no_aliases_when_the_broker_allows_none() {
        let mut a = TopicAliases::default();
        a.start(0);
        let mut p = publish("a");
        a.apply(&mut p);
        a.apply(&mut p);
        assert_eq!((&p.topic[..], p.properties), (&b"a"[..], None));
    }
}
