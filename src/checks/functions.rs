//! Finding functions by name in whichever schema holds them, and reading the rows of functions
//! whose columns pharmctl does not know in advance.

use tokio_postgres::Client;

use crate::error::Result;

use super::sql_name;

/// A function callable with no arguments.
pub(crate) struct Function {
    /// `schema.name()`, quoted where needed, ready to splice into SQL.
    pub call: String,
    /// `schema.name()` for people.
    pub shown: String,
    /// Whether this role may execute it.
    pub can_execute: bool,
}

/// The function named `name` in any schema, if one can be called without arguments.
pub(crate) async fn find(client: &Client, name: &str) -> Result<Option<Function>> {
    let found = crate::db::functions::find(client, name, None).await?;
    Ok(found.map(|f| Function {
        call: format!("{}()", sql_name(&f.schema, &f.name)),
        shown: format!("{}.{}()", f.schema, f.name),
        can_execute: f.can_execute,
    }))
}

/// One returned row as a line: `key: value` pairs for a record, the value itself otherwise.
pub(crate) fn json_line(value: &serde_json::Value) -> String {
    if let Some(text) = value.get("recommendation").and_then(|v| v.as_str()) {
        return text.to_string();
    }
    if let (Some(kind), Some(detail)) = (value.get("kind"), value.get("detail")) {
        return conflict_line(value, kind, detail);
    }
    match value {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(key, value)| format!("{key}: {}", scalar(value)))
            .collect::<Vec<_>>()
            .join(", "),
        other => scalar(other),
    }
}

/// A schedule conflict: its kind, day, stores and employees, then what happened.
fn conflict_line(
    value: &serde_json::Value,
    kind: &serde_json::Value,
    detail: &serde_json::Value,
) -> String {
    let mut line = scalar(kind);
    if let Some(date) = value.get("date").filter(|d| !d.is_null()) {
        line.push_str(&format!(" on {}", scalar(date)));
    }
    let places = [("store_numbers", "store"), ("employee_ids", "employee")]
        .into_iter()
        .filter_map(|(key, noun)| named_list(value.get(key)?, noun))
        .collect::<Vec<_>>();
    if !places.is_empty() {
        line.push_str(&format!(" ({})", places.join("; ")));
    }
    format!("{line}: {}", scalar(detail))
}

/// `store 3` or `stores 3, 7` from a JSON array; `None` when it is empty.
fn named_list(value: &serde_json::Value, noun: &str) -> Option<String> {
    let items: Vec<String> = match value.as_array() {
        Some(items) => items.iter().map(scalar).collect(),
        None => vec![scalar(value)],
    };
    match items.len() {
        0 => None,
        1 => Some(format!("{noun} {}", items[0])),
        _ => Some(format!("{noun}s {}", items.join(", "))),
    }
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_as_key_value_pairs() {
        let row = serde_json::json!({"employee_id": "E000001", "overlap_minutes": 90});
        assert_eq!(json_line(&row), "employee_id: E000001, overlap_minutes: 90");
        assert_eq!(
            json_line(&serde_json::json!("Add an index")),
            "Add an index"
        );
    }

    #[test]
    fn known_shapes_read_as_sentences() {
        let advice = serde_json::json!({"category": "vacuum", "recommendation": "VACUUM t"});
        assert_eq!(json_line(&advice), "VACUUM t");
        let conflict = serde_json::json!({
            "kind": "two-store-overlap", "date": "2025-07-09", "detail": "overlap for 02:00",
            "store_numbers": [79, 80], "employee_ids": ["E000721"], "shift_ids": [990, 991]
        });
        assert_eq!(
            json_line(&conflict),
            "two-store-overlap on 2025-07-09 (stores 79, 80; employee E000721): overlap for 02:00"
        );
        let uncovered = serde_json::json!({
            "kind": "no-pharmacist", "date": "2025-07-10", "detail": "no pharmacist on duty",
            "store_numbers": [46], "employee_ids": [], "shift_ids": []
        });
        assert_eq!(
            json_line(&uncovered),
            "no-pharmacist on 2025-07-10 (store 46): no pharmacist on duty"
        );
    }
}
