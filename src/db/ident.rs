//! Quoting identifiers that must be spliced into SQL text (table names in `count(*)`).

/// Quotes one identifier as PostgreSQL's `quote_ident` would, always adding quotes.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes a schema-qualified name.
pub fn quote_qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", quote_ident(schema), quote_ident(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_doubled() {
        assert_eq!(quote_ident("stores"), "\"stores\"");
        assert_eq!(quote_ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(
            quote_qualified("public", "Shift Log"),
            "\"public\".\"Shift Log\""
        );
    }
}
