//! Rules judged per employee, over one employee's shifts in start order: overlapping shifts,
//! too short a rest, too many hours in an ISO week, and shifts for an inactive employee.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::{Conflict, Kind, Rules, Shift, duration_hh_mm, hh_mm};

/// What the rules need to know of an employee (absent when `contacts` has no row for them).
/// The few distinct types and statuses are shared between employees.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Employee {
    pub employee_type: Option<Arc<str>>,
    pub status: Option<Arc<str>>,
}

/// Judges one employee's shifts, sorted by start, then id.
pub fn judge(shifts: &[Shift], employee: &Employee, rules: &Rules, out: &mut Vec<Conflict>) {
    inactive_employee(shifts, employee, out);
    overlaps(shifts, out);
    short_rests(shifts, rules, out);
    weekly_hours(shifts, employee, rules, out);
}

fn inactive_employee(shifts: &[Shift], employee: &Employee, out: &mut Vec<Conflict>) {
    let Some(status) = employee.status.as_deref().filter(|s| *s != "active") else {
        return;
    };
    for shift in shifts {
        out.push(Conflict {
            kind: Kind::InactiveEmployee,
            date: shift.date,
            last_date: shift.date,
            store_numbers: vec![shift.store_number],
            employee_ids: vec![shift.employee_id.clone()],
            shift_ids: vec![shift.id],
            detail: format!(
                "{}-{} for an employee whose status is {status}",
                hh_mm(shift.starts),
                hh_mm(shift.ends)
            ),
        });
    }
}

/// Every pair of shifts where the later one starts before the earlier one ends.
fn overlaps(shifts: &[Shift], out: &mut Vec<Conflict>) {
    for (index, later) in shifts.iter().enumerate() {
        for earlier in shifts[..index].iter().filter(|e| later.starts < e.ends) {
            let same_store = earlier.store_number == later.store_number;
            out.push(Conflict {
                kind: if same_store {
                    Kind::DoubleBooking
                } else {
                    Kind::TwoStoreOverlap
                },
                date: earlier.date,
                last_date: earlier.date,
                store_numbers: stores_of(earlier, later),
                employee_ids: vec![earlier.employee_id.clone()],
                shift_ids: vec![earlier.id, later.id],
                detail: format!(
                    "{} {}-{} and {} {}-{} overlap for {}",
                    earlier.date,
                    hh_mm(earlier.starts),
                    hh_mm(earlier.ends),
                    later.date,
                    hh_mm(later.starts),
                    hh_mm(later.ends),
                    duration_hh_mm(earlier.ends.min(later.ends) - later.starts)
                ),
            });
        }
    }
}

/// Rest from the latest end among all earlier shifts to the next start, when they do not
/// overlap.
fn short_rests(shifts: &[Shift], rules: &Rules, out: &mut Vec<Conflict>) {
    let Ok(min_rest) = chrono::Duration::from_std(rules.min_rest) else {
        return;
    };
    let mut previous_end: Option<NaiveDateTime> = None;
    for (index, shift) in shifts.iter().enumerate() {
        if let (Some(end), Some(previous)) =
            (previous_end, index.checked_sub(1).map(|i| &shifts[i]))
        {
            let rest = shift.starts - end;
            if shift.starts >= end && rest < min_rest {
                out.push(Conflict {
                    kind: Kind::ShortRest,
                    date: previous.date,
                    last_date: previous.date,
                    store_numbers: stores_of(previous, shift),
                    employee_ids: vec![shift.employee_id.clone()],
                    shift_ids: vec![previous.id, shift.id],
                    detail: format!(
                        "{} of rest between {} {} and {} {}, under the {} minimum",
                        duration_hh_mm(rest),
                        end.date(),
                        hh_mm(end),
                        shift.date,
                        hh_mm(shift.starts),
                        duration_hh_mm(min_rest)
                    ),
                });
            }
        }
        previous_end = Some(previous_end.map_or(shift.ends, |end| end.max(shift.ends)));
    }
}

/// Hours per ISO week (a shift counts in the week of its start date) against the limit for
/// the employee's type.
fn weekly_hours(shifts: &[Shift], employee: &Employee, rules: &Rules, out: &mut Vec<Conflict>) {
    let Some(employee_type) = employee.employee_type.as_deref() else {
        return;
    };
    let Some(limit) = rules.max_weekly_hours.for_type(employee_type) else {
        return;
    };
    let mut start = 0;
    while start < shifts.len() {
        let week = monday_of(shifts[start].date);
        let end = start
            + shifts[start..]
                .iter()
                .take_while(|s| monday_of(s.date) == week)
                .count();
        let in_week = &shifts[start..end];
        let minutes: i64 = in_week
            .iter()
            .map(|s| (s.ends - s.starts).num_minutes())
            .sum();
        if minutes as f64 / 60.0 > limit {
            let mut stores: Vec<i32> = in_week.iter().map(|s| s.store_number).collect();
            stores.sort_unstable();
            stores.dedup();
            out.push(Conflict {
                kind: Kind::WeeklyHours,
                date: week,
                last_date: week + chrono::Duration::days(6),
                store_numbers: stores,
                employee_ids: vec![in_week[0].employee_id.clone()],
                shift_ids: in_week.iter().map(|s| s.id).collect(),
                detail: format!(
                    "{} h in the week of {week}, over the {limit} h limit for {employee_type} \
                     employees",
                    tenths(minutes)
                ),
            });
        }
        start = end;
    }
}

/// Hours with one decimal, rounded half away from zero as PostgreSQL's `round` does.
fn tenths(minutes: i64) -> String {
    let tenths = (minutes * 10 + 30).div_euclid(60);
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// One store number when both shifts are at the same store, else both in shift order.
pub(super) fn stores_of(first: &Shift, second: &Shift) -> Vec<i32> {
    if first.store_number == second.store_number {
        vec![first.store_number]
    } else {
        vec![first.store_number, second.store_number]
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;

    fn shift(id: i64, store: i32, day: u32, start: &str, end: &str) -> Shift {
        let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").unwrap();
        let date = NaiveDate::from_ymd_opt(2025, 7, 6 + day).unwrap();
        Shift::new(
            id,
            store,
            "E000001".into(),
            date,
            (time(start), time(end)),
            "cashier",
        )
    }

    fn judged(shifts: &[Shift], employee_type: &str, status: &str) -> Vec<Conflict> {
        let employee = Employee {
            employee_type: Some(employee_type.into()),
            status: Some(status.into()),
        };
        let mut out = Vec::new();
        judge(shifts, &employee, &Rules::default(), &mut out);
        out
    }

    #[test]
    fn overlap_across_midnight_is_found_once() {
        let shifts = [
            shift(1, 3, 1, "22:00", "06:00"),
            shift(2, 3, 2, "05:00", "13:00"),
        ];
        let found = judged(&shifts, "full-time", "active");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, Kind::DoubleBooking);
        assert_eq!(found[0].shift_ids, vec![1, 2]);
        assert!(
            found[0].detail.ends_with("overlap for 01:00"),
            "{}",
            found[0].detail
        );
    }

    #[test]
    fn contained_shift_overlaps_the_long_one() {
        let shifts = [
            shift(1, 3, 1, "08:00", "20:00"),
            shift(2, 4, 1, "09:00", "10:00"),
            shift(3, 3, 1, "11:00", "12:00"),
        ];
        let found = judged(&shifts, "full-time", "active");
        let pairs: Vec<_> = found
            .iter()
            .map(|c| (c.kind, c.shift_ids.clone()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                (Kind::TwoStoreOverlap, vec![1, 2]),
                (Kind::DoubleBooking, vec![1, 3])
            ]
        );
    }

    #[test]
    fn rest_is_measured_from_the_latest_end() {
        let shifts = [
            shift(1, 3, 1, "14:00", "22:00"),
            shift(2, 3, 2, "06:00", "12:00"),
        ];
        let found = judged(&shifts, "full-time", "active");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, Kind::ShortRest);
        assert!(
            found[0].detail.starts_with("08:00 of rest"),
            "{}",
            found[0].detail
        );

        let rested = [
            shift(1, 3, 1, "08:00", "16:00"),
            shift(2, 3, 2, "08:00", "16:00"),
        ];
        assert!(judged(&rested, "full-time", "active").is_empty());
    }

    #[test]
    fn weekly_limit_depends_on_the_employee_type() {
        let week: Vec<Shift> = (0..4)
            .map(|d| shift(d.into(), 3, 1 + d, "09:00", "17:00"))
            .collect();
        let part_time = judged(&week, "part-time", "active");
        assert_eq!(part_time.len(), 1);
        assert!(
            part_time[0]
                .detail
                .starts_with("32.0 h in the week of 2025-07-07")
        );
        assert!(judged(&week, "full-time", "active").is_empty());
    }

    #[test]
    fn inactive_employee_shifts_are_each_reported() {
        let shifts = [
            shift(1, 3, 1, "09:00", "15:00"),
            shift(2, 3, 3, "09:00", "15:00"),
        ];
        let found = judged(&shifts, "full-time", "on_leave");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|c| c.kind == Kind::InactiveEmployee));
    }

    #[test]
    fn tenths_round_half_away_from_zero() {
        assert_eq!(tenths(32 * 60), "32.0");
        assert_eq!(tenths(32 * 60 + 15), "32.3");
        assert_eq!(tenths(32 * 60 + 3), "32.1");
    }
}
