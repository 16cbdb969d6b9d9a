//! Rules judged per store, over one store's shifts: part of an open day with no pharmacist on
//! duty, more technicians per pharmacist than allowed, and shifts at an inactive store.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::{Conflict, Duty, Kind, Rules, Shift, hh_mm};

/// A store's opening hours and whether it trades.
#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    pub store_number: i32,
    pub is_active: bool,
    pub opens_at: Option<NaiveTime>,
    pub closes_at: Option<NaiveTime>,
    pub is_24_hours: bool,
}

impl Store {
    /// The opening hours of `date`; closing at or before opening means the next day.
    fn open_hours(&self, date: NaiveDate) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let midnight = date.and_time(NaiveTime::MIN);
        if self.is_24_hours {
            return Some((midnight, midnight + Duration::days(1)));
        }
        let (opens, closes) = (self.opens_at?, self.closes_at?);
        let mut end = date.and_time(closes);
        if closes <= opens {
            end += Duration::days(1);
        }
        Some((date.and_time(opens), end))
    }
}

/// Judges one store's shifts (`store` is `None` for a store number missing from `stores`).
/// `days` is the range of days whose pharmacist coverage is checked.
pub fn judge(
    store: Option<&Store>,
    shifts: &[Shift],
    days: Option<(NaiveDate, NaiveDate)>,
    rules: &Rules,
    out: &mut Vec<Conflict>,
) {
    if let Some(store) = store {
        if store.is_active {
            if let Some(days) = days {
                no_pharmacist(store, shifts, days, out);
            }
        } else {
            inactive_store(store, shifts, out);
        }
    }
    technician_ratio(shifts, rules, out);
}

fn inactive_store(store: &Store, shifts: &[Shift], out: &mut Vec<Conflict>) {
    for shift in shifts {
        out.push(Conflict {
            kind: Kind::InactiveStore,
            date: shift.date,
            last_date: shift.date,
            store_numbers: vec![shift.store_number],
            employee_ids: vec![shift.employee_id.clone()],
            shift_ids: vec![shift.id],
            detail: format!(
                "{}-{} at store {}, which is inactive",
                hh_mm(shift.starts),
                hh_mm(shift.ends),
                store.store_number
            ),
        });
    }
}

/// Each day's opening hours minus the union of the store's pharmacist shifts.
fn no_pharmacist(
    store: &Store,
    shifts: &[Shift],
    (first, last): (NaiveDate, NaiveDate),
    out: &mut Vec<Conflict>,
) {
    let covered = union(
        shifts
            .iter()
            .filter(|s| s.role == Duty::Pharmacist)
            .map(|s| (s.starts, s.ends)),
    );
    let mut date = first;
    while date <= last {
        if let Some(open) = store.open_hours(date) {
            let gaps = subtract(open, &covered);
            if !gaps.is_empty() {
                let next_midnight = (date + Duration::days(1)).and_time(NaiveTime::MIN);
                let text: Vec<String> = gaps
                    .iter()
                    .map(|&(from, to)| {
                        let end = if to == next_midnight {
                            "24:00".to_string()
                        } else {
                            hh_mm(to)
                        };
                        format!("{}-{end}", hh_mm(from))
                    })
                    .collect();
                out.push(Conflict {
                    kind: Kind::NoPharmacist,
                    date,
                    last_date: date,
                    store_numbers: vec![store.store_number],
                    employee_ids: Vec::new(),
                    shift_ids: Vec::new(),
                    detail: format!("no pharmacist on duty {}", text.join(", ")),
                });
            }
        }
        date += Duration::days(1);
    }
}

type Span = (NaiveDateTime, NaiveDateTime);

/// Sorted, merged union of half-open intervals (touching ones merge, as ranges do).
fn union(spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut spans: Vec<Span> = spans.filter(|(from, to)| from < to).collect();
    spans.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The parts of `open` not inside any of the merged `covered` spans.
fn subtract(open: Span, covered: &[Span]) -> Vec<Span> {
    let mut gaps = Vec::new();
    let mut cursor = open.0;
    for &(from, to) in covered
        .iter()
        .filter(|(from, to)| *to > open.0 && *from < open.1)
    {
        if from > cursor {
            gaps.push((cursor, from));
        }
        cursor = cursor.max(to);
    }
    if cursor < open.1 {
        gaps.push((cursor, open.1));
    }
    gaps
}

/// On days with more technician shifts than the ratio allows for one pharmacist, counts who
/// is on duty at each technician start and each pharmacist end of that day.
fn technician_ratio(shifts: &[Shift], rules: &Rules, out: &mut Vec<Conflict>) {
    let ratio = i64::from(rules.max_technicians_per_pharmacist);
    let busy_days = busy_days(shifts, ratio);

    for day in busy_days {
        let near: Vec<&Shift> = shifts
            .iter()
            .filter(|s| s.role == Duty::Technician || s.role == Duty::Pharmacist)
            .filter(|s| s.date >= day - Duration::days(1) && s.date <= day + Duration::days(1))
            .collect();
        let mut worst: Option<(i64, i64, NaiveDateTime)> = None;
        for moment in near.iter().map(|s| {
            if s.role == Duty::Technician {
                s.starts
            } else {
                s.ends
            }
        }) {
            if moment.date() != day {
                continue;
            }
            let on_duty = |role: Duty| {
                near.iter()
                    .filter(|s| s.role == role && s.starts <= moment && s.ends > moment)
                    .count() as i64
            };
            let (technicians, pharmacists) = (on_duty(Duty::Technician), on_duty(Duty::Pharmacist));
            if pharmacists > 0 && technicians > ratio * pharmacists {
                worst = Some(match worst {
                    None => (technicians, pharmacists, moment),
                    Some((t, p, at)) => (t.max(technicians), p.min(pharmacists), at.min(moment)),
                });
            }
        }
        if let Some((technicians, pharmacists, at)) = worst {
            out.push(Conflict {
                kind: Kind::TechnicianRatio,
                date: day,
                last_date: day,
                store_numbers: vec![near[0].store_number],
                employee_ids: Vec::new(),
                shift_ids: Vec::new(),
                detail: format!(
                    "{technicians} technicians for {pharmacists} pharmacist(s) on duty from {}, \
                     over {ratio} per pharmacist",
                    hh_mm(at)
                ),
            });
        }
    }
}

/// Dates with more technician shifts than `ratio`; shifts come sorted by date.
fn busy_days(shifts: &[Shift], ratio: i64) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut current: Option<(NaiveDate, i64)> = None;
    for shift in shifts.iter().filter(|s| s.role == Duty::Technician) {
        current = match current {
            Some((date, count)) if date == shift.date => Some((date, count + 1)),
            _ => Some((shift.date, 1)),
        };
        if let Some((date, count)) = current
            && count == ratio + 1
        {
            days.push(date);
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, time: &str) -> NaiveDateTime {
        let date = NaiveDate::from_ymd_opt(2025, 7, 6 + day).unwrap();
        date.and_time(NaiveTime::parse_from_str(time, "%H:%M").unwrap())
    }

    fn shift(id: i64, role: &str, day: u32, start: &str, end: &str) -> Shift {
        let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").unwrap();
        let date = NaiveDate::from_ymd_opt(2025, 7, 6 + day).unwrap();
        Shift::new(
            id,
            7,
            format!("E{id}"),
            date,
            (time(start), time(end)),
            role,
        )
    }

    fn store(opens: &str, closes: &str) -> Store {
        let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
        Store {
            store_number: 7,
            is_active: true,
            opens_at: time(opens),
            closes_at: time(closes),
            is_24_hours: false,
        }
    }

    fn judged(store: &Store, shifts: &[Shift]) -> Vec<Conflict> {
        let day = at(1, "00:00").date();
        let mut out = Vec::new();
        judge(
            Some(store),
            shifts,
            Some((day, day)),
            &Rules::default(),
            &mut out,
        );
        out
    }

    #[test]
    fn union_merges_touching_spans_and_subtract_finds_gaps() {
        let merged = union(
            [
                (at(1, "08:00"), at(1, "12:00")),
                (at(1, "12:00"), at(1, "14:00")),
            ]
            .into_iter(),
        );
        assert_eq!(merged, vec![(at(1, "08:00"), at(1, "14:00"))]);
        let gaps = subtract((at(1, "07:00"), at(1, "21:00")), &merged);
        assert_eq!(
            gaps,
            vec![
                (at(1, "07:00"), at(1, "08:00")),
                (at(1, "14:00"), at(1, "21:00"))
            ]
        );
    }

    #[test]
    fn uncovered_hours_are_named() {
        let shifts = [
            shift(1, "pharmacist", 1, "08:00", "15:00"),
            shift(2, "cashier", 1, "15:00", "21:00"),
        ];
        let found = judged(&store("08:00", "21:00"), &shifts);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].detail, "no pharmacist on duty 15:00-21:00");
    }

    #[test]
    fn overnight_pharmacist_covers_the_next_morning() {
        let mut all_day = store("00:00", "00:00");
        all_day.is_24_hours = true;
        let shifts = [
            shift(1, "pharmacist", 0, "22:00", "06:00"),
            shift(2, "pharmacist", 1, "06:00", "14:00"),
            shift(3, "pharmacist", 1, "14:00", "22:00"),
        ];
        let found = judged(&all_day, &shifts);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].detail, "no pharmacist on duty 22:00-24:00");
    }

    #[test]
    fn five_technicians_with_one_pharmacist_breach_the_ratio() {
        let mut shifts = vec![shift(1, "pharmacist", 1, "08:00", "16:00")];
        shifts.extend((2..7).map(|id| shift(id, "technician", 1, "08:00", "12:00")));
        let found = judged(&store("08:00", "16:00"), &shifts);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, Kind::TechnicianRatio);
        assert!(
            found[0]
                .detail
                .starts_with("5 technicians for 1 pharmacist(s) on duty from 08:00")
        );

        shifts.push(shift(9, "pharmacist", 1, "08:00", "16:00"));
        assert!(judged(&store("08:00", "16:00"), &shifts).is_empty());
    }

    #[test]
    fn inactive_store_reports_every_shift() {
        let mut closed = store("08:00", "16:00");
        closed.is_active = false;
        let found = judged(&closed, &[shift(1, "cashier", 1, "08:00", "14:00")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].detail, "08:00-14:00 at store 7, which is inactive");
    }
}
