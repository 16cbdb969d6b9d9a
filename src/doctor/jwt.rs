//! Reading and verifying the HS256 JSON Web Tokens a Supabase `.env` carries as API keys.
//!
//! Only what the doctor needs: split the three parts, check the algorithm, verify the
//! HMAC-SHA256 signature in constant time, and read the `role` and `exp` claims. Nothing here
//! keeps, formats or returns any part of the token or the secret.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The claims the doctor judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The `role` claim, when it is a string.
    pub role: Option<String>,
    /// The `exp` claim in seconds since the epoch, when present.
    pub expires_at: Option<i64>,
}

/// Why a token was rejected; every variant describes the token without quoting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Not three dot-separated Base64url parts holding JSON objects.
    Malformed,
    /// Signed with another algorithm than HS256 (its name, from the header).
    Algorithm(String),
    /// The signature does not verify with the secret.
    Signature,
}

/// Verifies `token` as an HS256 JWT signed with `secret` and returns its claims.
pub fn verify(token: &str, secret: &[u8]) -> Result<Claims, Rejection> {
    let token = token.trim();
    let Some((signed, signature)) = token.rsplit_once('.') else {
        return Err(Rejection::Malformed);
    };
    let Some((header, payload)) = signed.split_once('.') else {
        return Err(Rejection::Malformed);
    };
    if payload.contains('.') {
        return Err(Rejection::Malformed);
    }

    let header = decode_object(header)?;
    let claims = decode_object(payload)?;
    let signature = decode(signature)?;
    let algorithm = header
        .get("alg")
        .and_then(|alg| alg.as_str())
        .unwrap_or("none");
    if algorithm != "HS256" {
        return Err(Rejection::Algorithm(short_name(algorithm)));
    }

    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret) else {
        return Err(Rejection::Signature);
    };
    mac.update(signed.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| Rejection::Signature)?;

    Ok(Claims {
        role: claims
            .get("role")
            .and_then(|r| r.as_str())
            .map(str::to_string),
        expires_at: claims
            .get("exp")
            .and_then(serde_json::Value::as_f64)
            .map(|exp| exp as i64),
    })
}

/// Base64url without padding, as JWTs use; padding is tolerated.
fn decode(part: &str) -> Result<Vec<u8>, Rejection> {
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| Rejection::Malformed)
}

fn decode_object(part: &str) -> Result<serde_json::Map<String, serde_json::Value>, Rejection> {
    let bytes = decode(part)?;
    match serde_json::from_slice(&bytes) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Err(Rejection::Malformed),
    }
}

/// An algorithm name fit to print: the registered names are short and alphanumeric; anything
/// else is replaced rather than echoed.
fn short_name(algorithm: &str) -> String {
    let printable = algorithm.len() <= 10 && algorithm.chars().all(|c| c.is_ascii_alphanumeric());
    if printable {
        algorithm.to_string()
    } else {
        "an unknown algorithm".to_string()
    }
}

/// Signs `claims` (a JSON object) with HS256, for tests here and in the integration crate's
/// fixtures. Not used outside tests.
#[cfg(test)]
pub fn sign(claims: &serde_json::Value, secret: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signed = format!("{header}.{payload}");
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).unwrap();
    mac.update(signed.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signed}.{signature}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SECRET: &[u8] = b"a-test-secret-that-is-long-enough-0123";

    #[test]
    fn verifies_and_reads_claims() {
        let token = sign(&json!({"role": "anon", "exp": 1_900_000_000}), SECRET);
        let claims = verify(&token, SECRET).unwrap();
        assert_eq!(claims.role.as_deref(), Some("anon"));
        assert_eq!(claims.expires_at, Some(1_900_000_000));
    }

    #[test]
    fn another_secret_fails_the_signature() {
        let token = sign(&json!({"role": "anon"}), SECRET);
        assert_eq!(verify(&token, b"another-secret"), Err(Rejection::Signature));
    }

    #[test]
    fn tampered_payload_fails_the_signature() {
        let token = sign(&json!({"role": "anon"}), SECRET);
        let forged_payload = URL_SAFE_NO_PAD.encode(br#"{"role":"service_role"}"#);
        let parts: Vec<&str> = token.split('.').collect();
        let forged = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
        assert_eq!(verify(&forged, SECRET), Err(Rejection::Signature));
    }

    #[test]
    fn other_algorithms_are_named_and_none_is_refused() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
        let payload = URL_SAFE_NO_PAD.encode(br#"{"role":"anon"}"#);
        let token = format!("{header}.{payload}.");
        assert_eq!(
            verify(&token, SECRET),
            Err(Rejection::Algorithm("none".into()))
        );

        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"<script>secret"}"#);
        let token = format!("{header}.{payload}.AAAA");
        assert_eq!(
            verify(&token, SECRET),
            Err(Rejection::Algorithm("an unknown algorithm".into()))
        );
    }

    #[test]
    fn malformed_tokens() {
        for token in [
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            "!!.??.**",
            "e30.bm90IGpzb24.AAAA",
        ] {
            assert_eq!(verify(token, SECRET), Err(Rejection::Malformed), "{token}");
        }
    }
}
