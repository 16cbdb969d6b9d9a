//! Comparing the migration files with the history: applied, baselined, pending, failed,
//! interrupted, drifted (edited after applying) or missing (applied, file gone).

use super::files::Migration;
use super::history::{HistoryRow, RunState};

/// Where one migration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Applied, and the file is unchanged.
    Applied,
    /// Recorded by `baseline` without running, the file unchanged.
    Baselined,
    /// Not applied yet.
    Pending,
    /// The last attempt failed; `up` tries it again.
    Failed,
    /// A run started and did not finish (it is running now, or was killed); `up` resumes it.
    Running,
    /// Applied, but the file changed since.
    Drifted,
    /// Applied, but no file has this version any more.
    Missing,
}

impl State {
    /// The lowercase word shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Baselined => "baselined",
            State::Pending => "pending",
            State::Failed => "failed",
            State::Running => "running",
            State::Drifted => "drifted",
            State::Missing => "missing",
        }
    }

    /// Whether `up` has work to do on it.
    pub fn is_pending(self) -> bool {
        matches!(self, State::Pending | State::Failed | State::Running)
    }
}

/// One line of `migrate status`.
#[derive(Debug, Clone)]
pub struct Entry {
    pub version: i32,
    pub name: String,
    pub state: State,
    /// The file, when there is one.
    pub file: Option<Migration>,
    /// The history row, when there is one.
    pub row: Option<HistoryRow>,
}

/// Lines up files and history by version.
pub fn compare(files: &[Migration], rows: &[HistoryRow]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = files
        .iter()
        .map(|file| {
            let row = rows.iter().find(|r| r.version == file.version).cloned();
            Entry {
                version: file.version,
                name: file.name.clone(),
                state: state_of(file, row.as_ref()),
                file: Some(file.clone()),
                row,
            }
        })
        .collect();

    let orphans = rows
        .iter()
        .filter(|r| !files.iter().any(|f| f.version == r.version));
    entries.extend(orphans.map(|row| Entry {
        version: row.version,
        name: row.name.clone(),
        state: State::Missing,
        file: None,
        row: Some(row.clone()),
    }));
    entries.sort_by_key(|e| e.version);
    entries
}

fn state_of(file: &Migration, row: Option<&HistoryRow>) -> State {
    let Some(row) = row else {
        return State::Pending;
    };
    match row.state {
        RunState::Running => State::Running,
        RunState::Failed => State::Failed,
        RunState::Applied if row.checksum != file.checksum => State::Drifted,
        RunState::Applied if row.baselined => State::Baselined,
        RunState::Applied => State::Applied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::files::parse;

    fn row(version: i32, checksum: &str, state: RunState) -> HistoryRow {
        HistoryRow {
            version,
            name: format!("m{version}"),
            checksum: checksum.to_string(),
            state,
            statements_done: 1,
            statements_total: 1,
            baselined: false,
            applied_by: "postgres".into(),
            started_at: String::new(),
            duration_ms: Some(1),
            pharmctl_version: "0.1.0".into(),
            error: None,
        }
    }

    #[test]
    fn every_state_is_told_apart() {
        let files: Vec<Migration> = (1..=5)
            .map(|v| parse(&format!("{v:04}_m{v}.sql"), format!("SELECT {v};")).unwrap())
            .collect();
        let rows = vec![
            row(1, &files[0].checksum, RunState::Applied),
            row(2, "edited", RunState::Applied),
            row(3, &files[2].checksum, RunState::Failed),
            row(4, &files[3].checksum, RunState::Running),
            row(9, "gone", RunState::Applied),
        ];
        let states: Vec<State> = compare(&files, &rows).iter().map(|e| e.state).collect();
        assert_eq!(
            states,
            [
                State::Applied,
                State::Drifted,
                State::Failed,
                State::Running,
                State::Pending,
                State::Missing
            ]
        );
    }
}
