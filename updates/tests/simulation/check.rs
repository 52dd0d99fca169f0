//! What must hold after quiescence.

use updates::server::{Entry, LogRead, Owner};
use updates::{Pts, Sequence, UserId};

use crate::world::{Seen, World};

/// Every device delivered every event of its sequences exactly once, in pts order, except
/// ranges it was told were skipped (TooLong); returns how many events were skipped.
pub fn check(world: &World) -> Result<u64, String> {
    let mut skipped_events = 0;
    for (d, dev) in world.devices.iter().enumerate() {
        if !dev.engine.is_idle() || dev.engine.held() != 0 {
            return Err(format!(
                "device {d} did not quiesce: idle={} held={}",
                dev.engine.is_idle(),
                dev.engine.held()
            ));
        }
        let user = UserId(dev.account as i64);
        let mut owners = vec![Owner::Common(user), Owner::Secondary(user)];
        owners.extend(
            world.members[dev.account]
                .iter()
                .map(|c| Owner::Channel(*c)),
        );
        for owner in owners {
            let history = world.history.get(&owner).map_or(&[][..], Vec::as_slice);
            let seen = dev
                .seen
                .get(&owner.sequence())
                .map_or(&[][..], Vec::as_slice);
            skipped_events += walk(d, owner, history, seen)?;
            let head = world.server.log().head(owner).expect("head").pts;
            let local = dev.engine.local_pts(owner.sequence());
            if local != Some(head) {
                return Err(format!(
                    "device {d} {owner:?}: local pts {local:?}, server head {head}"
                ));
            }
        }
        if dev
            .seen
            .keys()
            .any(|s| matches!(s, Sequence::Channel(c) if !world.members[dev.account].contains(c)))
        {
            return Err(format!(
                "device {d} delivered updates of a channel it is not in"
            ));
        }
    }
    agree(world)?;
    Ok(skipped_events)
}

/// Walks one device's timeline of one sequence against the server's history.
fn walk(d: usize, owner: Owner, history: &[Entry<u64>], seen: &[Seen]) -> Result<u64, String> {
    let mut cursor = Pts(0);
    let mut skipped = 0;
    for item in seen {
        match *item {
            Seen::Delivered {
                pts,
                count,
                payload,
            } => {
                let Ok(i) = history.binary_search_by_key(&pts, |e| e.pts) else {
                    return Err(format!(
                        "device {d} {owner:?}: delivered pts {pts} the server never allocated"
                    ));
                };
                let entry = &history[i];
                if entry.start() != cursor || entry.pts_count != count || entry.payload != payload {
                    return Err(format!(
                        "device {d} {owner:?}: delivered pts {pts} (count {count:?}, payload {payload}) after {cursor}; server has {entry:?}"
                    ));
                }
                cursor = pts;
            }
            Seen::Skipped { after, up_to } => {
                if after != cursor || up_to <= after {
                    return Err(format!(
                        "device {d} {owner:?}: skip ({after}, {up_to}] at {cursor}"
                    ));
                }
                skipped += history
                    .iter()
                    .filter(|e| e.pts > after && e.pts <= up_to)
                    .count() as u64;
                cursor = up_to;
            }
        }
    }
    let head = history.last().map_or(Pts(0), |e| e.pts);
    if cursor != head {
        return Err(format!(
            "device {d} {owner:?}: stopped at {cursor}, head is {head}"
        ));
    }
    Ok(skipped)
}

/// Devices of one account delivered the same events in the same order wherever neither skipped.
fn agree(world: &World) -> Result<(), String> {
    for (a, dev_a) in world.devices.iter().enumerate() {
        for (b, dev_b) in world.devices.iter().enumerate().skip(a + 1) {
            if dev_a.account != dev_b.account {
                continue;
            }
            for (sequence, seen_a) in &dev_a.seen {
                let Some(seen_b) = dev_b.seen.get(sequence) else {
                    continue;
                };
                let delivered = |s: &[Seen]| -> Vec<(Pts, u64)> {
                    s.iter()
                        .filter_map(|x| match x {
                            Seen::Delivered { pts, payload, .. } => Some((*pts, *payload)),
                            Seen::Skipped { .. } => None,
                        })
                        .collect()
                };
                let (da, db) = (delivered(seen_a), delivered(seen_b));
                let common_b: std::collections::BTreeMap<Pts, u64> = db.iter().copied().collect();
                let mut last = Pts(0);
                for (pts, payload) in da {
                    if let Some(other) = common_b.get(&pts) {
                        if *other != payload || pts <= last {
                            return Err(format!(
                                "devices {a} and {b} disagree on {sequence:?} at pts {pts}"
                            ));
                        }
                        last = pts;
                    }
                }
            }
        }
    }
    Ok(())
}
