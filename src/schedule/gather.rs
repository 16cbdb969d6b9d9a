//! Streams shifts from the database for the rules, in two passes that run at once on two
//! connections: by employee and by store. Holds one employee's or one store's shifts at a
//! time. Also runs the same rules as one SQL statement, for the in-database function.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use futures_util::{TryStreamExt, pin_mut};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Row};

use super::employees::{self, Employee};
use super::stores::{self, Store};
use super::{Conflict, Filter, Kind, Rules, Shift, finish};
use crate::db::Session;
use crate::error::{Error, Result, describe_pg};

/// The rules as one statement; `detect_schedule_conflicts` wraps the same text.
pub const CONFLICTS_SQL: &str = include_str!("../../sql/schedule/conflicts.sql");
const EMPLOYEE_SHIFTS_SQL: &str = include_str!("../../sql/schedule/employee_shifts.sql");
const EMPLOYEE_INDEX_SQL: &str = include_str!("../../sql/schedule/employee_index.sql");
const STORE_SHIFTS_SQL: &str = include_str!("../../sql/schedule/store_shifts.sql");
const STORES_SQL: &str = include_str!("../../sql/schedule/stores.sql");
const EMPLOYEES_SQL: &str = include_str!("../../sql/schedule/employees.sql");
const DATE_RANGE_SQL: &str = include_str!("../../sql/schedule/date_range.sql");
const COLUMNS_SQL: &str = include_str!("../../sql/schedule/columns.sql");

/// Columns the rules read, by table.
const REQUIRED: &[(&str, &[&str])] = &[
    (
        "store_schedules",
        &[
            "id",
            "store_number",
            "employee_id",
            "date",
            "start_time",
            "end_time",
            "role",
        ],
    ),
    (
        "stores",
        &[
            "store_number",
            "is_active",
            "opens_at",
            "closes_at",
            "is_24_hours",
        ],
    ),
    ("contacts", &["employee_id", "employee_type", "status"]),
];

/// Columns the rules need that the database lacks, as `table.column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing(pub Vec<String>);

/// Lists the required columns missing from the `public` schema.
pub async fn required_columns(client: &Client) -> Result<Missing> {
    let rows = client
        .query(COLUMNS_SQL, &[])
        .await
        .map_err(|e| failed("columns", &e))?;
    let present: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let missing = REQUIRED
        .iter()
        .flat_map(|(table, columns)| columns.iter().map(move |column| (*table, *column)))
        .filter(|(table, column)| !present.iter().any(|(t, c)| t == table && c == column))
        .map(|(table, column)| format!("{table}.{column}"))
        .collect();
    Ok(Missing(missing))
}

/// Finds every conflict the filter keeps, streaming shifts over two connections; the two
/// passes run as tasks of their own, so that a multi-threaded runtime judges them in parallel.
pub async fn detect(
    by_employee: Session,
    by_store: Session,
    filter: &Filter,
    rules: &Rules,
) -> Result<Vec<Conflict>> {
    let (employee_filter, employee_rules) = (filter.clone(), rules.clone());
    let employees = tokio::spawn(async move {
        let started = std::time::Instant::now();
        let found = employee_pass(by_employee.client(), &employee_filter, &employee_rules).await;
        log::info!("employee pass took {} ms", started.elapsed().as_millis());
        found
    });
    let (store_filter, store_rules) = (filter.clone(), rules.clone());
    let stores = tokio::spawn(async move {
        let started = std::time::Instant::now();
        let found = store_pass(by_store.client(), &store_filter, &store_rules).await;
        log::info!("store pass took {} ms", started.elapsed().as_millis());
        found
    });

    let (employees, stores) = tokio::join!(employees, stores);
    let mut found = joined(employees)?;
    found.extend(joined(stores)?);
    Ok(finish(found, filter))
}

fn joined(
    result: std::result::Result<Result<Vec<Conflict>>, tokio::task::JoinError>,
) -> Result<Vec<Conflict>> {
    result.map_err(|e| Error::database(format!("a conflicts pass stopped: {e}")))?
}

async fn employee_pass(client: &Client, filter: &Filter, rules: &Rules) -> Result<Vec<Conflict>> {
    let mut employees = load_employees(client, filter).await?;
    let sql = employee_shifts_sql(client).await?;
    let params: [&(dyn ToSql + Sync); 4] = [
        &filter.from,
        &filter.to,
        &filter.employee_id,
        &filter.store_number,
    ];
    let rows = client
        .query_raw(&sql, params)
        .await
        .map_err(|e| failed("employee shifts", &e))?;
    pin_mut!(rows);

    let mut found = Vec::new();
    let mut shifts: Vec<Shift> = Vec::new();
    while let Some(row) = rows
        .try_next()
        .await
        .map_err(|e| failed("employee shifts", &e))?
    {
        let shift = employee_shift_from(&row)?;
        if let Some(last) = shifts
            .last()
            .filter(|last| last.employee_id != shift.employee_id)
        {
            let employee = employees.remove(&last.employee_id).unwrap_or_default();
            judge_employee(&mut shifts, &employee, rules, &mut found);
            shifts.clear();
        }
        shifts.push(shift);
    }
    if let Some(last) = shifts.last() {
        let employee = employees.remove(&last.employee_id).unwrap_or_default();
        judge_employee(&mut shifts, &employee, rules, &mut found);
    }
    Ok(found)
}

/// The employee shifts query, ordered from an index on employee_id when there is one, else by
/// a sort in the C collation.
async fn employee_shifts_sql(client: &Client) -> Result<String> {
    let indexed: bool = get(
        &client
            .query_one(EMPLOYEE_INDEX_SQL, &[])
            .await
            .map_err(|e| failed("employee index", &e))?,
        0,
    )?;
    let sql = EMPLOYEE_SHIFTS_SQL.trim_end();
    log::info!(
        "employee pass: shifts grouped by {}",
        if indexed {
            "an index on employee_id"
        } else {
            "a sort in the C collation"
        }
    );
    Ok(if indexed {
        sql.to_string()
    } else {
        format!("{sql} COLLATE \"C\"")
    })
}

/// The rules want an employee's shifts in start order; the server only groups them.
fn judge_employee(
    shifts: &mut [Shift],
    employee: &Employee,
    rules: &Rules,
    out: &mut Vec<Conflict>,
) {
    shifts.sort_unstable_by_key(|s| (s.starts, s.id));
    employees::judge(shifts, employee, rules, out);
}

/// Type and status of every employee (a small table next to the shifts), streamed into a map
/// whose few distinct type and status values are shared.
async fn load_employees(client: &Client, filter: &Filter) -> Result<HashMap<String, Employee>> {
    let params: [&(dyn ToSql + Sync); 2] = [&filter.employee_id, &filter.store_number];
    let rows = client
        .query_raw(EMPLOYEES_SQL, params)
        .await
        .map_err(|e| failed("employees", &e))?;
    pin_mut!(rows);
    let mut values: HashSet<Arc<str>> = HashSet::new();
    let mut shared = |value: Option<&str>| {
        value.map(|text| match values.get(text) {
            Some(known) => Arc::clone(known),
            None => {
                let new: Arc<str> = Arc::from(text);
                values.insert(Arc::clone(&new));
                new
            }
        })
    };
    let mut employees = HashMap::new();
    while let Some(row) = rows.try_next().await.map_err(|e| failed("employees", &e))? {
        let employee = Employee {
            employee_type: shared(get(&row, 1)?),
            status: shared(get(&row, 2)?),
        };
        employees.insert(get::<String>(&row, 0)?, employee);
    }
    Ok(employees)
}

/// The store rules, store by store. With an employee filter only that employee's shifts are
/// read: pharmacist coverage and the technician ratio name no employee and are not judged, but
/// the employee's shifts at inactive stores still are.
async fn store_pass(client: &Client, filter: &Filter, rules: &Rules) -> Result<Vec<Conflict>> {
    let days = if filter.employee_id.is_some() {
        None
    } else {
        let range = client
            .query_one(DATE_RANGE_SQL, &[&filter.from, &filter.to])
            .await
            .map_err(|e| failed("date range", &e))?;
        let first: Option<NaiveDate> = filter.from.or(get(&range, 0)?);
        let last: Option<NaiveDate> = filter.to.or(get(&range, 1)?);
        first.zip(last)
    };
    let mut stores = load_stores(client, filter.store_number).await?;

    let params: [&(dyn ToSql + Sync); 4] = [
        &filter.from,
        &filter.to,
        &filter.store_number,
        &filter.employee_id,
    ];
    let rows = client
        .query_raw(STORE_SHIFTS_SQL, params)
        .await
        .map_err(|e| failed("store shifts", &e))?;
    pin_mut!(rows);

    let mut found = Vec::new();
    let mut shifts: Vec<Shift> = Vec::new();
    while let Some(row) = rows
        .try_next()
        .await
        .map_err(|e| failed("store shifts", &e))?
    {
        let shift = shift_from(&row)?;
        if let Some(last) = shifts
            .last()
            .filter(|last| last.store_number != shift.store_number)
        {
            let store = stores.remove(&last.store_number);
            judge_store(store.as_ref(), &mut shifts, days, rules, &mut found);
            shifts.clear();
        }
        shifts.push(shift);
    }
    if let Some(last) = shifts.last() {
        let store = stores.remove(&last.store_number);
        judge_store(store.as_ref(), &mut shifts, days, rules, &mut found);
    }

    // Stores without a single shift still have days to cover.
    for store in stores.values() {
        stores::judge(Some(store), &[], days, rules, &mut found);
    }
    Ok(found)
}

/// The store rules want a store's shifts in start order; the server groups them only.
fn judge_store(
    store: Option<&Store>,
    shifts: &mut [Shift],
    days: Option<(NaiveDate, NaiveDate)>,
    rules: &Rules,
    out: &mut Vec<Conflict>,
) {
    shifts.sort_unstable_by_key(|s| (s.starts, s.id));
    stores::judge(store, shifts, days, rules, out);
}

async fn load_stores(client: &Client, store_number: Option<i32>) -> Result<HashMap<i32, Store>> {
    let rows = client
        .query(STORES_SQL, &[&store_number])
        .await
        .map_err(|e| failed("stores", &e))?;
    rows.iter()
        .map(|row| {
            let store = Store {
                store_number: get(row, 0)?,
                is_active: get(row, 1)?,
                opens_at: get(row, 2)?,
                closes_at: get(row, 3)?,
                is_24_hours: get::<Option<bool>>(row, 4)?.unwrap_or(false),
            };
            Ok((store.store_number, store))
        })
        .collect()
}

fn shift_from(row: &Row) -> Result<Shift> {
    let times: (NaiveTime, NaiveTime) = (get(row, 4)?, get(row, 5)?);
    Ok(Shift::new(
        get(row, 0)?,
        get(row, 1)?,
        get(row, 2)?,
        get(row, 3)?,
        times,
        get::<&str>(row, 6)?,
    ))
}

/// A shift of the employee pass, which needs no role.
fn employee_shift_from(row: &Row) -> Result<Shift> {
    let times: (NaiveTime, NaiveTime) = (get(row, 4)?, get(row, 5)?);
    Ok(Shift::new(
        get(row, 0)?,
        get(row, 1)?,
        get(row, 2)?,
        get(row, 3)?,
        times,
        "",
    ))
}

/// Runs the rules as one SQL statement inside the database: through the installed
/// `detect_schedule_conflicts` function when `function` names it, else the statement itself.
pub async fn detect_in_database(
    client: &Client,
    function: Option<&str>,
    filter: &Filter,
    rules: &Rules,
) -> Result<Vec<Conflict>> {
    let min_rest = (rules.min_rest.as_secs() / 60) as i32;
    let limits = &rules.max_weekly_hours;
    let ratio = rules.max_technicians_per_pharmacist as i32;
    let params: [&(dyn ToSql + Sync); 9] = [
        &filter.from,
        &filter.to,
        &filter.store_number,
        &filter.employee_id,
        &min_rest,
        &limits.full_time,
        &limits.part_time,
        &limits.floater,
        &ratio,
    ];
    let sql = match function {
        Some(name) => format!(
            "SELECT kind, date, store_numbers, employee_ids, shift_ids, detail \
             FROM {name}($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ),
        None => CONFLICTS_SQL.to_string(),
    };
    let rows = client
        .query(&sql, &params)
        .await
        .map_err(|e| failed("conflicts", &e))?;
    rows.iter()
        .map(|row| {
            let kind: String = get(row, 0)?;
            let date: NaiveDate = get(row, 1)?;
            Ok(Conflict {
                kind: Kind::parse(&kind).ok_or_else(|| {
                    Error::database(format!("unknown conflict kind `{kind}` from the database"))
                })?,
                date,
                last_date: date,
                store_numbers: get(row, 2)?,
                employee_ids: get(row, 3)?,
                shift_ids: get(row, 4)?,
                detail: get(row, 5)?,
            })
        })
        .collect()
}

fn get<'a, T: tokio_postgres::types::FromSql<'a>>(row: &'a Row, index: usize) -> Result<T> {
    row.try_get(index).map_err(|e| {
        Error::database(format!(
            "unexpected value in column {index}: {}",
            describe_pg(&e)
        ))
        .with_help("check that the schedule tables have the documented column types")
    })
}

fn failed(what: &str, err: &tokio_postgres::Error) -> Error {
    Error::database(format!("the {what} query failed: {}", describe_pg(err)))
        .with_help("run with -vv to see the SQL, and check the role's privileges")
}

#[cfg(test)]
mod tests {
    use super::CONFLICTS_SQL;

    #[test]
    fn the_employee_shifts_query_ends_with_the_order_a_collation_can_follow() {
        assert!(
            super::EMPLOYEE_SHIFTS_SQL
                .trim_end()
                .ends_with("ORDER BY s.employee_id")
        );
    }

    #[test]
    fn the_database_function_runs_the_same_statement() {
        let migration = include_str!("../../sql/migrations/0012_faster_conflict_detection.sql");
        let statement: String = CONFLICTS_SQL
            .lines()
            .skip_while(|line| line.starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            migration.contains(&format!("RETURN QUERY\n{statement};\nEND\n$body$;")),
            "detect_schedule_conflicts in 0012_faster_conflict_detection.sql must run \
             sql/schedule/conflicts.sql verbatim"
        );
    }
}
