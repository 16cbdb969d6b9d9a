//! The scheduling domain: shift conflicts and staffing-rule breaches. The rules are judged in
//! plain Rust over shifts streamed from the database in two ordered passes (by employee, then
//! by store), holding one employee's or one store's shifts at a time; `sql/schedule/
//! conflicts.sql` states the same rules as one query, which the `detect_schedule_conflicts`
//! function runs inside the database.

mod employees;
mod gather;
pub mod refresh;
mod stores;

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use gather::{CONFLICTS_SQL, Missing, detect, detect_in_database, required_columns};

/// One shift, with its end moved to the next day when it crosses midnight.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub id: i64,
    pub store_number: i32,
    pub employee_id: String,
    pub date: NaiveDate,
    pub role: Duty,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
}

impl Shift {
    /// Builds a shift from its row values; `end <= start` means it ends the next day.
    pub fn new(
        id: i64,
        store_number: i32,
        employee_id: String,
        date: NaiveDate,
        times: (NaiveTime, NaiveTime),
        role: &str,
    ) -> Self {
        let (start, end) = times;
        let starts = date.and_time(start);
        let mut ends = date.and_time(end);
        if end <= start {
            ends += chrono::Duration::days(1);
        }
        Self {
            id,
            store_number,
            employee_id,
            date,
            role: Duty::of(role),
            starts,
            ends,
        }
    }
}

/// What a shift's role means to the staffing rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// A pharmacist: needed whenever a store is open.
    Pharmacist,
    /// A technician: limited per pharmacist on duty.
    Technician,
    /// Anyone else (cashiers), or a role the rules do not name.
    Other,
}

impl Duty {
    /// The duty of a `role` value.
    pub fn of(role: &str) -> Self {
        match role {
            "pharmacist" => Duty::Pharmacist,
            "technician" => Duty::Technician,
            _ => Duty::Other,
        }
    }
}

/// The kinds of problem, with the ids used in output and in `--only`-style filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Two overlapping shifts of one employee at one store.
    DoubleBooking,
    /// Too little rest between two shifts of one employee.
    ShortRest,
    /// Technicians on duty over the allowed number per pharmacist.
    TechnicianRatio,
    /// Two overlapping shifts of one employee at two stores.
    TwoStoreOverlap,
    /// An employee's hours in one ISO week over the limit for their type.
    WeeklyHours,
    /// A shift at a store that is not active.
    InactiveStore,
    /// A shift for an employee whose status is not active.
    InactiveEmployee,
    /// Part of an open store's day with no pharmacist on duty.
    NoPharmacist,
}

impl Kind {
    /// The stable id shown in every format.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DoubleBooking => "double-booking",
            Kind::TwoStoreOverlap => "two-store-overlap",
            Kind::ShortRest => "short-rest",
            Kind::WeeklyHours => "weekly-hours",
            Kind::InactiveStore => "inactive-store",
            Kind::InactiveEmployee => "inactive-employee",
            Kind::NoPharmacist => "no-pharmacist",
            Kind::TechnicianRatio => "technician-ratio",
        }
    }

    /// Parses a stable id.
    pub fn parse(id: &str) -> Option<Kind> {
        ALL_KINDS.into_iter().find(|kind| kind.as_str() == id)
    }
}

/// Every kind, in the order of the README.
pub const ALL_KINDS: [Kind; 8] = [
    Kind::DoubleBooking,
    Kind::TwoStoreOverlap,
    Kind::NoPharmacist,
    Kind::ShortRest,
    Kind::WeeklyHours,
    Kind::TechnicianRatio,
    Kind::InactiveStore,
    Kind::InactiveEmployee,
];

/// One problem found. Names employee ids and store numbers only, never names or phones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub kind: Kind,
    /// The day it happens (for weekly hours, the Monday of the week).
    pub date: NaiveDate,
    /// The last day it concerns, for date-range filtering.
    pub last_date: NaiveDate,
    pub store_numbers: Vec<i32>,
    pub employee_ids: Vec<String>,
    pub shift_ids: Vec<i64>,
    pub detail: String,
}

impl Conflict {
    /// The order of the report: date, kind, stores, employees.
    fn sort_key(&self) -> (NaiveDate, &'static str, &[i32], &[String], &[i64]) {
        (
            self.date,
            self.kind.as_str(),
            &self.store_numbers,
            &self.employee_ids,
            &self.shift_ids,
        )
    }
}

/// The staffing rules, from `[conflicts]` in the config file.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Minimum rest between two shifts of one employee.
    pub min_rest: Duration,
    /// Weekly hour limits for full-time, part-time and floater employees.
    pub max_weekly_hours: WeeklyLimits,
    /// Technicians allowed per pharmacist on duty.
    pub max_technicians_per_pharmacist: u32,
}

/// Hours per ISO week allowed for each employee type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeeklyLimits {
    pub full_time: f64,
    pub part_time: f64,
    pub floater: f64,
}

impl WeeklyLimits {
    /// The limit for an `employee_type` value; `None` for a type without one.
    pub fn for_type(&self, employee_type: &str) -> Option<f64> {
        match employee_type {
            "full-time" => Some(self.full_time),
            "part-time" => Some(self.part_time),
            "floater" => Some(self.floater),
            _ => None,
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            min_rest: Duration::from_secs(10 * 3600),
            max_weekly_hours: WeeklyLimits {
                full_time: 40.0,
                part_time: 30.0,
                floater: 40.0,
            },
            max_technicians_per_pharmacist: 4,
        }
    }
}

/// Which conflicts to report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub store_number: Option<i32>,
    pub employee_id: Option<String>,
}

impl Filter {
    /// Whether a conflict falls inside the filter.
    fn keeps(&self, conflict: &Conflict) -> bool {
        self.from.is_none_or(|from| conflict.last_date >= from)
            && self.to.is_none_or(|to| conflict.date <= to)
            && self
                .store_number
                .is_none_or(|store| conflict.store_numbers.contains(&store))
            && self
                .employee_id
                .as_ref()
                .is_none_or(|id| conflict.employee_ids.contains(id))
    }
}

/// Applies the filter and puts conflicts in report order.
fn finish(mut conflicts: Vec<Conflict>, filter: &Filter) -> Vec<Conflict> {
    conflicts.retain(|c| filter.keeps(c));
    conflicts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    conflicts
}

/// `HH:MM` of a time of day, as PostgreSQL's `to_char(..., 'HH24:MI')` writes it.
fn hh_mm(moment: NaiveDateTime) -> String {
    moment.format("%H:%M").to_string()
}

/// `HH:MM` of a duration, as `to_char(interval, 'HH24:MI')` writes it.
fn duration_hh_mm(duration: chrono::Duration) -> String {
    let minutes = duration.num_minutes();
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(text: &str) -> NaiveTime {
        NaiveTime::parse_from_str(text, "%H:%M").unwrap()
    }

    #[test]
    fn shifts_crossing_midnight_end_the_next_day() {
        let date = NaiveDate::from_ymd_opt(2025, 7, 7).unwrap();
        let night = Shift::new(1, 3, "E1".into(), date, (time("22:00"), time("06:00")), "x");
        assert_eq!(night.ends.date(), date.succ_opt().unwrap());
        let day = Shift::new(2, 3, "E1".into(), date, (time("08:00"), time("16:00")), "x");
        assert_eq!(day.ends.date(), date);
        let whole = Shift::new(3, 3, "E1".into(), date, (time("07:00"), time("07:00")), "x");
        assert_eq!(whole.ends - whole.starts, chrono::Duration::hours(24));
    }

    #[test]
    fn kinds_round_trip() {
        for kind in ALL_KINDS {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("overtime"), None);
    }

    #[test]
    fn durations_print_like_postgres() {
        assert_eq!(duration_hh_mm(chrono::Duration::minutes(8 * 60)), "08:00");
        assert_eq!(duration_hh_mm(chrono::Duration::minutes(90)), "01:30");
    }
}
