//! TLS for connections: a rustls connector that honours libpq's sslmode levels.

use crate::db::params::SslMode;

/// The driver's TLS policy for an sslmode; certificate checks live in the rustls verifier.
pub fn driver_ssl_mode(mode: SslMode) -> tokio_postgres::config::SslMode {
    use tokio_postgres::config::SslMode as Driver;

    match mode {
        SslMode::Disable => Driver::Disable,
        SslMode::Allow | SslMode::Prefer => Driver::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => Driver::Require,
    }
}
