# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pharmctl_global_optspecs
    string join \n database-url= database= config= no-config format= color= v/verbose q/quiet h/help V/version
end

function __fish_pharmctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pharmctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pharmctl_using_subcommand
    set -l cmd (__fish_pharmctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pharmctl -n "__fish_pharmctl_needs_command" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -s V -l version -d 'Print version'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "audit" -d 'Run every health, performance and security check and print one report'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "stats" -d 'Show data volumes, index usage, cache hit ratio, connections and the top statements'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "fixtures" -d 'Create the base schema and load production-shaped data'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "migrate" -d 'Apply, check and lint versioned SQL migrations'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "bench" -d 'Measure a query suite, compare it with a baseline, or measure around migrations'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "demo" -d 'Start a throwaway PostgreSQL, load fixtures and report on it'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "conflicts" -d 'Find overlapping shifts and staffing-rule breaches'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "doctor" -d 'Check the connection, server settings, privileges, a pooler and a Supabase .env file'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "refresh" -d 'Refresh the analytics views, one run at a time (for cron)'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "summary" -d 'Summarise one employee\'s or one store\'s schedule over a date range'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l only -d 'Run only these checks (ids from --list-checks; repeatable or comma-separated)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l skip -d 'Leave these checks out (repeatable or comma-separated)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l fail-on -d 'Exit with code 1 when a finding at this level or above remains' -r -f -a "info\t'Any finding'
warn\t'Warnings and errors'
error\t'Errors only'
never\t'Never exit 1 for findings'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l ignore-file -d 'Findings to ignore: a TOML file of check id, object, reason and expiry date' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l list-checks -d 'Print the checks (id, level, category, what) and exit without connecting'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l all-databases -d 'Audit every database the config file names in [databases.NAME] sections, four at a time: one report each, then a summary'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l schema -d 'Only report tables in this schema (repeatable; default: every user schema)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -f -a "load" -d 'Create the schema and load the data in one transaction'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l scale -d 'Multiply stores, employees and shifts by N (1 = 97 stores, 1,027 employees, 9,793 shifts)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l seed -d 'Seed of the deterministic generator' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l replace -d 'Delete the rows already in the nine tables and load again'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from help" -f -a "load" -d 'Create the schema and load the data in one transaction'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -l dir -d 'Read NNNN_name.sql files from this folder instead of the set built into pharmctl' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -f -a "status" -d 'Show applied, pending, failed and drifted migrations'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -f -a "plan" -d 'Show what `up` would run: files, transaction mode, locks, lint findings'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -f -a "up" -d 'Apply the pending migrations in order, one runner at a time'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -f -a "verify" -d 'Exit 1 when an applied migration was edited afterwards'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -f -a "baseline" -d 'Record pending migrations whose objects already exist, without running them'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -f -a "lint" -d 'Check migration files with squawk\'s rules; exit 1 on findings'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and not __fish_seen_subcommand_from status plan up verify baseline lint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l dir -d 'Read NNNN_name.sql files from this folder instead of the set built into pharmctl' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -l to -d 'Consider migrations up to this version only' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -l dir -d 'Read NNNN_name.sql files from this folder instead of the set built into pharmctl' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l to -d 'Apply migrations up to this version only' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l lock-wait -d 'How long to wait for another runner\'s lock before giving up (exit 3)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l lock-timeout -d 'lock_timeout of each try of a transactional migration' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l index-lock-timeout -d 'lock_timeout of no-transaction files (concurrent index builds block no reads or writes)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l retries -d 'Tries after the first when lock_timeout fires, with backoff from 0.5 s to 10 s' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l dir -d 'Read NNNN_name.sql files from this folder instead of the set built into pharmctl' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l dry-run -d 'Print the plan and apply nothing'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l dir -d 'Read NNNN_name.sql files from this folder instead of the set built into pharmctl' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l to -d 'Also record files other than index builds, up to this version (you vouch for them)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l lock-wait -d 'How long to wait for another runner\'s lock' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l dir -d 'Read NNNN_name.sql files from this folder instead of the set built into pharmctl' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from baseline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -l dir -d 'Read NNNN_name.sql files from this folder instead of the set built into pharmctl' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show applied, pending, failed and drifted migrations'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Show what `up` would run: files, transaction mode, locks, lint findings'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "up" -d 'Apply the pending migrations in order, one runner at a time'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Exit 1 when an applied migration was edited afterwards'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "baseline" -d 'Record pending migrations whose objects already exist, without running them'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check migration files with squawk\'s rules; exit 1 on findings'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -f -a "run" -d 'Measure the suite: median, p95 and spread per query; --save writes a baseline'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -f -a "compare" -d 'Compare with a baseline; --gate exits 1 on a confirmed regression'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -f -a "before-after" -d 'Measure, apply the pending migrations, measure again, and show the change'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and not __fish_seen_subcommand_from run compare before-after help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l suite -d 'Read the query suite from this TOML file instead of the built-in one [config: bench.suite]' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l runs -d 'Measured runs of each query [default: 15; config: bench.runs]' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l warmup -d 'Unmeasured warm-up runs of each query first [default: 3; config: bench.warmup]' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l save -d 'Save the measurement as a baseline JSON file' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l suite -d 'Read the query suite from this TOML file instead of the built-in one [config: bench.suite]' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l runs -d 'Measured runs of each query [default: 15; config: bench.runs]' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l warmup -d 'Unmeasured warm-up runs of each query first [default: 3; config: bench.warmup]' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l baseline -d 'The baseline written by `bench run --save`' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l threshold -d 'Time change that counts, in percent of the baseline median [default: 20; config: bench.threshold]' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l floor-ms -d 'Time change that counts, in milliseconds of the median [default: 0.5; config: bench.floor_ms]' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l gate -d 'Exit 1 when a regression is confirmed by a rerun'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from compare" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l suite -d 'Read the query suite from this TOML file instead of the built-in one [config: bench.suite]' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l runs -d 'Measured runs of each query [default: 15; config: bench.runs]' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l warmup -d 'Unmeasured warm-up runs of each query first [default: 3; config: bench.warmup]' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l dir -d 'Apply the pending NNNN_name.sql files of this folder instead of the built-in set' -r -f -a "(__fish_complete_directories)"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l chart -d 'Write an SVG chart of the before and after times to this file' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l what-if -d 'Build the migrations inside a transaction, measure, and roll it all back'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from before-after" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "run" -d 'Measure the suite: median, p95 and spread per query; --save writes a baseline'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "compare" -d 'Compare with a baseline; --gate exits 1 on a confirmed regression'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "before-after" -d 'Measure, apply the pending migrations, measure again, and show the change'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l scale -d 'Multiply stores, employees and shifts by N (1 = 97 stores, 1,027 employees, 9,793 shifts)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l seed -d 'Seed of the deterministic generator' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l keep -d 'Keep the server running after the report, until Ctrl-C, and print its URL'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l from -d 'First shift date to report (YYYY-MM-DD)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l to -d 'Last shift date to report (YYYY-MM-DD)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l store -d 'Only conflicts involving this store number' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l employee -d 'Only conflicts involving this employee id' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l fail-on-conflict -d 'Exit with code 1 when any conflict is found'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l in-database -d 'Judge the rules inside the database with one SQL statement (through detect_schedule_conflicts when it is installed) instead of streaming shifts'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand conflicts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -l env-file -d 'Check a Supabase self-hosting .env file: JWT secret and API keys, vault key, pooler ports' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -l pooler-url -d 'Also connect through this pooler (a postgres:// URL) and report its pool mode and usage' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l view -d 'Refresh only this view (`name` or `schema.name`)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l if-older-than -d 'Skip views that pharmctl refreshed more recently than this (e.g. 30m, 1h)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l wait -d 'Wait for a refresh already running instead of skipping'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand refresh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -f -a "employee" -d 'Shifts, hours and stores of one employee'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -f -a "store" -d 'Shifts, hours and headcount per day and role at one store'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and not __fish_seen_subcommand_from employee store help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -l from -d 'First date (YYYY-MM-DD)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -l to -d 'Last date (YYYY-MM-DD)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from employee" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -l from -d 'First date (YYYY-MM-DD)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -l to -d 'Last date (YYYY-MM-DD)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from store" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from help" -f -a "employee" -d 'Shifts, hours and stores of one employee'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from help" -f -a "store" -d 'Shifts, hours and headcount per day and role at one store'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand summary; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l database -d 'Connect to the database a [databases.NAME] section of the config file names' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'
csv\t'Comma-separated values: the report\'s tables only'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "audit" -d 'Run every health, performance and security check and print one report'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "stats" -d 'Show data volumes, index usage, cache hit ratio, connections and the top statements'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "fixtures" -d 'Create the base schema and load production-shaped data'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "migrate" -d 'Apply, check and lint versioned SQL migrations'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "bench" -d 'Measure a query suite, compare it with a baseline, or measure around migrations'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "demo" -d 'Start a throwaway PostgreSQL, load fixtures and report on it'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "conflicts" -d 'Find overlapping shifts and staffing-rule breaches'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "doctor" -d 'Check the connection, server settings, privileges, a pooler and a Supabase .env file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "refresh" -d 'Refresh the analytics views, one run at a time (for cron)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "summary" -d 'Summarise one employee\'s or one store\'s schedule over a date range'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures migrate bench demo conflicts doctor refresh summary completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from fixtures" -f -a "load" -d 'Create the schema and load the data in one transaction'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "status" -d 'Show applied, pending, failed and drifted migrations'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "plan" -d 'Show what `up` would run: files, transaction mode, locks, lint findings'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "up" -d 'Apply the pending migrations in order, one runner at a time'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "verify" -d 'Exit 1 when an applied migration was edited afterwards'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "baseline" -d 'Record pending migrations whose objects already exist, without running them'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "lint" -d 'Check migration files with squawk\'s rules; exit 1 on findings'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "run" -d 'Measure the suite: median, p95 and spread per query; --save writes a baseline'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "compare" -d 'Compare with a baseline; --gate exits 1 on a confirmed regression'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "before-after" -d 'Measure, apply the pending migrations, measure again, and show the change'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from summary" -f -a "employee" -d 'Shifts, hours and stores of one employee'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from summary" -f -a "store" -d 'Shifts, hours and headcount per day and role at one store'
