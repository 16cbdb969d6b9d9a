//! `pharmctl summary employee|store`: one employee's or one store's schedule over a date
//! range, through `get_employee_schedule_summary` and `get_store_staffing_summary`.

use tokio_postgres::Client;
use tokio_postgres::types::ToSql;

use crate::cli::{DateRangeArgs, SummaryCommand};
use crate::db::Access;
use crate::error::{Error, Result, describe_pg};
use crate::report::{Report, Section, Table, Value};

use super::{Context, Outcome};

/// Runs a `summary` subcommand.
pub async fn run(ctx: &Context, command: SummaryCommand) -> Result<Outcome> {
    let params = ctx.conn_params()?;
    let session = ctx.connect(&params, Access::ReadOnly).await?;
    let client = session.client();

    let report = match command {
        SummaryCommand::Employee(args) => {
            check_range(&args.range)?;
            let function = find(client, "get_employee_schedule_summary").await?;
            let (from, to) = (args.range.from, args.range.to);
            let columns = "employee_id, shift_count, total_hours::text, store_count, first_date, \
                           last_date";
            let rows = call(client, &function, columns, &[&args.employee_id, &from, &to]).await?;
            employee_report(&args.employee_id, &rows, params.target())?
        }
        SummaryCommand::Store(args) => {
            check_range(&args.range)?;
            let function = find(client, "get_store_staffing_summary").await?;
            let (from, to) = (args.range.from, args.range.to);
            let columns = "store_number, date, role, shift_count, total_hours::text, headcount";
            let rows = call(
                client,
                &function,
                columns,
                &[&args.store_number, &from, &to],
            )
            .await?;
            store_report(args.store_number, &rows, params.target())?
        }
    };

    ctx.emit(&report)?;
    Ok(Outcome::Done)
}

fn check_range(range: &DateRangeArgs) -> Result<()> {
    match (range.from, range.to) {
        (Some(from), Some(to)) if from > to => {
            Err(Error::usage(format!("--from {from} is after --to {to}"))
                .with_help("give the first date with --from and the last with --to"))
        }
        _ => Ok(()),
    }
}

async fn find(client: &Client, name: &str) -> Result<String> {
    let Some(function) = crate::db::functions::find(client, name, Some(3)).await? else {
        return Err(
            Error::usage(format!("the function `{name}` is not installed"))
                .with_help("run `pharmctl migrate up` to install the scheduling functions"),
        );
    };
    if !function.can_execute {
        return Err(
            Error::usage(format!("this role may not execute `{name}`")).with_help(format!(
                "GRANT EXECUTE ON FUNCTION {} TO the role",
                function.qualified()
            )),
        );
    }
    Ok(function.qualified())
}

async fn call(
    client: &Client,
    function: &str,
    columns: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<tokio_postgres::Row>> {
    let sql = format!("SELECT {columns} FROM {function}($1, $2, $3)");
    client
        .query(&sql, params)
        .await
        .map_err(|e| failed(function, &e))
}

fn employee_report(id: &str, rows: &[tokio_postgres::Row], subject: String) -> Result<Report> {
    let mut report = Report::new(
        "summary employee",
        format!("pharmctl summary employee {id}"),
    );
    report.subject = Some(subject);
    let mut section = Section::new("employee", "Employee schedule");
    section.fact("employee_id", "Employee", Value::Text(id.to_string()));
    match rows.first() {
        None => section
            .notes
            .push(format!("No shifts for employee {id} in this range.")),
        Some(row) => {
            section.fact("shifts", "Shifts", Value::Int(get(row, 1)?));
            section.fact("hours", "Hours", Value::Text(get::<String>(row, 2)?));
            section.fact("stores", "Stores", Value::Int(get(row, 3)?));
            let first: chrono::NaiveDate = get(row, 4)?;
            let last: chrono::NaiveDate = get(row, 5)?;
            section.fact("first_date", "First day", Value::Text(first.to_string()));
            section.fact("last_date", "Last day", Value::Text(last.to_string()));
        }
    }
    report.sections.push(section);
    Ok(report)
}

fn store_report(store: i32, rows: &[tokio_postgres::Row], subject: String) -> Result<Report> {
    let mut report = Report::new("summary store", format!("pharmctl summary store {store}"));
    report.subject = Some(subject);
    let mut table = Table::new(
        "days",
        &[
            ("date", "Date"),
            ("role", "Role"),
            ("shifts", "Shifts"),
            ("hours", "Hours"),
            ("headcount", "Headcount"),
        ],
    );
    for row in rows {
        let date: chrono::NaiveDate = get(row, 1)?;
        table.rows.push(vec![
            Value::Text(date.to_string()),
            Value::Text(get(row, 2)?),
            Value::Int(get(row, 3)?),
            Value::Text(get::<String>(row, 4)?),
            Value::Int(get(row, 5)?),
        ]);
    }
    let mut section = Section::new("store", format!("Store {store} staffing by day and role"));
    if rows.is_empty() {
        section
            .notes
            .push(format!("No shifts at store {store} in this range."));
    }
    section.tables.push(table);
    report.sections.push(section);
    Ok(report)
}

fn get<'a, T: tokio_postgres::types::FromSql<'a>>(
    row: &'a tokio_postgres::Row,
    i: usize,
) -> Result<T> {
    row.try_get(i).map_err(|e| {
        Error::database(format!(
            "unexpected value in column {i}: {}",
            describe_pg(&e)
        ))
    })
}

fn failed(what: &str, err: &tokio_postgres::Error) -> Error {
    Error::database(format!("calling `{what}` failed: {}", describe_pg(err)))
        .with_help("run with -vv to see the SQL, and check the role's privileges")
}
