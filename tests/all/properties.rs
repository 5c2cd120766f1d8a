//! Property-based tests (proptest): event parsing, the event builder, the metadata diff and the
//! report's JSON never panic, and diff(before, after) applied to before gives after.
//! A longer run: `PROPTEST_CASES=20000 cargo test --test all properties` (README, "Fuzzing").

use action_studio::engine::diff::{apply, diff};
use action_studio::engine::event::{self, Preset, Signal};
use action_studio::engine::{RunReport, Trigger};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-z0-9 .$\\-]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-c.$]{1,3}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn object() -> impl Strategy<Value = Value> {
    prop::collection::btree_map("[a-e]{1,2}", json_value(), 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
}

proptest! {
    #[test]
    fn diff_then_apply_gives_after(before in object(), after in object()) {
        let changes = diff(&before, &after);
        prop_assert_eq!(apply(&before, &changes), after.clone());
        prop_assert!(changes.windows(2).all(|w| w[0].path <= w[1].path), "sorted by path");
        prop_assert!(diff(&after, &after).is_empty());
    }

    #[test]
    fn event_parsing_never_panics(text in ".{0,200}") {
        let _ = event::parse(&text);
    }

    #[test]
    fn parsing_valid_json_objects_round_trips(v in object()) {
        prop_assert_eq!(event::parse(&v.to_string()).ok(), Some(v));
    }

    #[test]
    fn the_event_builder_never_panics_and_keeps_an_object(
        trigger in prop::sample::select(Trigger::ALL.to_vec()),
        ops in prop::collection::vec((0u8..6, any::<bool>(), -1e6f64..1e6, json_value()), 0..12),
    ) {
        let mut e = trigger.default_event();
        for (op, flag, n, v) in ops {
            let which = if flag { Signal::Bot } else { Signal::UserRisk };
            match op {
                0 => event::set_score(&mut e, which, n),
                1 => event::set_signal_present(&mut e, which, flag),
                2 => event::set_akamai_present(&mut e, flag),
                3 => event::set_signal_field(&mut e, which, "type", if flag { Some(v) } else { None }),
                4 => Preset::ALL[(n.abs() as usize) % Preset::ALL.len()].apply(&mut e),
                _ => { let _ = event::check(trigger, &e); }
            }
            prop_assert!(e.is_object());
        }
        if let Some(s) = event::score(&e, Signal::Bot) {
            prop_assert!(s.is_finite());
        }
    }

    #[test]
    fn odd_events_run_and_reports_serialize_round_trip(patch in object()) {
        let mut ev = Trigger::PostLogin.default_event();
        if let (Some(obj), Some(p)) = (ev.as_object_mut(), patch.as_object()) {
            for (k, v) in p { obj.insert(k.clone(), v.clone()); }
        }
        let code = "exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('seen', JSON.stringify(event).length > 0); console.log(Object.keys(event).join(',')); };";
        let report = crate::util::run_event(Trigger::PostLogin, ev, code);
        let text = report.to_json();
        let back: RunReport = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, report);
    }
}
