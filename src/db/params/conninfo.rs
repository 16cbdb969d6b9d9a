//! Parsing a connection string: a `postgres://` URL or libpq `keyword=value` pairs, into
//! validated keyword/value pairs. Error messages name the bad part only, never a value that
//! could be a password.

use percent_encoding::percent_decode_str;

use super::{KEYWORDS, UNSUPPORTED};

/// Splits a URL or keyword=value string into validated keyword/value pairs. Error messages
/// name the bad part only, never a value that could be a password.
pub(super) fn parse_conninfo(
    text: &str,
) -> std::result::Result<Vec<(&'static str, String)>, String> {
    let url_rest = text
        .strip_prefix("postgresql://")
        .or_else(|| text.strip_prefix("postgres://"));
    match url_rest {
        Some(rest) => parse_url(rest),
        None => parse_pairs(text),
    }
}

/// The keyword's canonical name, `None` for keywords accepted and ignored, or why it is refused.
fn keyword(word: &str, after_password: bool) -> std::result::Result<Option<&'static str>, String> {
    if let Some((name, _)) = KEYWORDS.iter().find(|(name, _)| *name == word) {
        return Ok(Some(name));
    }
    match word {
        "fallback_application_name" => Ok(None),
        "options" => Err(
            "the options keyword is not supported (poolers such as pgbouncer \
                          reject it); set server parameters in pharmctl.toml instead"
                .to_string(),
        ),
        "sslcert" | "sslkey" => Err(format!("{word}: client certificates are not supported")),
        _ if after_password => Err(
            "a word after the password is not a keyword; put a password \
                                    containing spaces in single quotes"
                .to_string(),
        ),
        _ if UNSUPPORTED.contains(&word) => Err(format!("keyword \"{word}\" is not supported")),
        _ => Err(format!("unknown keyword \"{word}\"")),
    }
}

/// Parses `keyword = value` pairs; values may be single-quoted, `\` escapes the next character.
fn parse_pairs(text: &str) -> std::result::Result<Vec<(&'static str, String)>, String> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    let mut after_password = false;
    loop {
        skip_spaces(&mut chars);
        if chars.peek().is_none() {
            return Ok(pairs);
        }

        let word: String = take_until(&mut chars, |c| c == '=' || c.is_whitespace());
        skip_spaces(&mut chars);
        if chars.next() != Some('=') {
            return Err("expected keyword=value pairs (a word is missing its \"=\")".to_string());
        }
        skip_spaces(&mut chars);

        let value = read_value(&mut chars)?;
        let name = keyword(&word, after_password)?;
        after_password = word == "password";
        if let Some(name) = name {
            pairs.push((name, value));
        }
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_spaces(chars: &mut Chars<'_>) {
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
}

fn take_until(chars: &mut Chars<'_>, stop: impl Fn(char) -> bool) -> String {
    let mut word = String::new();
    while let Some(c) = chars.next_if(|c| !stop(*c)) {
        word.push(c);
    }
    word
}

/// One value: quoted (up to the closing quote) or bare (up to white space).
fn read_value(chars: &mut Chars<'_>) -> std::result::Result<String, String> {
    let quoted = chars.next_if_eq(&'\'').is_some();
    let mut value = String::new();
    loop {
        let Some(c) = chars.next() else {
            return if quoted {
                Err("a quoted value is missing its closing quote".into())
            } else {
                Ok(value)
            };
        };
        match c {
            '\\' => value.extend(chars.next()),
            '\'' if quoted => return Ok(value),
            c if c.is_whitespace() && !quoted => return Ok(value),
            c => value.push(c),
        }
    }
}

/// Parses what follows `postgres://`: `[user[:password]@][host[:port]][,...][/dbname][?k=v&...]`.
fn parse_url(rest: &str) -> std::result::Result<Vec<(&'static str, String)>, String> {
    let mut pairs = Vec::new();
    let (userinfo, rest) = split_userinfo(rest);
    if let Some(userinfo) = userinfo {
        let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
        pairs.push(("user", decode(user, "user name")?));
        pairs.push(("password", decode(password, "password")?));
    }

    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (hostlist, rest) = rest.split_at(host_end);
    parse_url_hosts(hostlist, &mut pairs)?;

    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if let Some(dbname) = path.strip_prefix('/') {
        pairs.push(("dbname", decode(dbname, "database name")?));
    }
    parse_url_query(query, &mut pairs)?;
    Ok(pairs)
}

/// Splits off `user:password@` when the `@` comes before the path and the query.
fn split_userinfo(rest: &str) -> (Option<&str>, &str) {
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    match authority.rfind('@') {
        Some(at) if !authority[..at].contains('?') => (Some(&rest[..at]), &rest[at + 1..]),
        _ => (None, rest),
    }
}

/// Reads `host[:port]` entries; `[...]` holds an IPv6 address, `%2F` encodes a socket path.
fn parse_url_hosts(
    list: &str,
    pairs: &mut Vec<(&'static str, String)>,
) -> std::result::Result<(), String> {
    if list.is_empty() {
        return Ok(());
    }
    let mut hosts = Vec::new();
    let mut ports = Vec::new();
    for entry in list.split(',') {
        let (host, port) = split_host_port(entry)?;
        hosts.push(decode(host, "host")?);
        ports.push(port.to_string());
    }

    if hosts.iter().any(|host| !host.is_empty()) {
        pairs.push(("host", hosts.join(",")));
    }
    if ports.iter().any(|port| !port.is_empty()) {
        pairs.push(("port", ports.join(",")));
    }
    Ok(())
}

fn split_host_port(entry: &str) -> std::result::Result<(&str, &str), String> {
    if let Some(bracketed) = entry.strip_prefix('[') {
        let Some((address, after)) = bracketed.split_once(']') else {
            return Err("an IPv6 host is missing its closing \"]\"".to_string());
        };
        return match after.strip_prefix(':') {
            Some(port) => Ok((address, port)),
            None if after.is_empty() => Ok((address, "")),
            None => Err(format!("unexpected text after IPv6 host \"{address}\"")),
        };
    }
    Ok(entry.split_once(':').unwrap_or((entry, "")))
}

fn parse_url_query(
    query: &str,
    pairs: &mut Vec<(&'static str, String)>,
) -> std::result::Result<(), String> {
    for param in query.split('&').filter(|param| !param.is_empty()) {
        let Some((key, value)) = param.split_once('=') else {
            return Err("a query parameter is missing its \"=\"".to_string());
        };
        let key = decode(key, "query parameter name")?;
        let value = decode(value, "query parameter value")?;
        if key == "ssl" && value == "true" {
            pairs.push(("sslmode", "require".to_string()));
            continue;
        }
        if let Some(name) = keyword(&key, false)? {
            pairs.push((name, value));
        }
    }
    Ok(())
}

fn decode(text: &str, what: &str) -> std::result::Result<String, String> {
    let decoded = percent_decode_str(text).decode_utf8();
    decoded
        .map(|text| text.into_owned())
        .map_err(|_| format!("the {what} is not valid UTF-8"))
}
