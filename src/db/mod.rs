//! Reaching PostgreSQL: connection parameters as libpq reads them, TLS, sessions, and the
//! throwaway cluster used by the demo and the tests. Knows nothing of checks or reports.

pub mod cluster;
pub mod connect;
pub mod functions;
pub mod ident;
pub mod params;
pub mod tls;

pub use connect::{Access, Session, SessionOptions};
pub use params::{ConnParams, SslMode};
