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
        let list = |key: &str| value.get(key).map(scalar_list).unwrap_or_default();
        return format!(
            "{}: {} (stores {}; employees {})",
            scalar(kind),
            scalar(detail),
            list("store_numbers"),
            list("employee_ids")
        );
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

/// A JSON array as a space-separated list; `none` when empty.
fn scalar_list(value: &serde_json::Value) -> String {
    match value.as_array() {
        Some(items) if items.is_empty() => "none".to_string(),
        Some(items) => items.iter().map(scalar).collect::<Vec<_>>().join(" "),
        None => scalar(value),
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
            "kind": "double-booking", "detail": "overlap for 02:00",
            "store_numbers": [79], "employee_ids": ["E000721"], "shift_ids": [990, 991]
        });
        assert_eq!(
            json_line(&conflict),
            "double-booking: overlap for 02:00 (stores 79; employees E000721)"
        );
    }
}
