//! The `pharmctl` binary: parse, run, exit with the code the library decides.

fn main() {
    std::process::exit(pharmctl::run());
}
